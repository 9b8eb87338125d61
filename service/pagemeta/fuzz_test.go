package pagemeta

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

var fuzzSeeds = []string{
	`<html lang="en"><head><title>Rain | The Daily</title><meta property="og:site_name" content="The Daily">` +
		`<link rel="canonical" href="/2024/05/31/rain"><base href="https://example.com/">` +
		`<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","headline":"Rain","author":{"@id":"#p"},` +
		`"image":[{"@id":"#i"}],"publisher":{"@id":"#o"}},{"@id":"#p","name":"Ann"},{"@id":"#i","url":"a.jpg"},{"@id":"#o","name":"O"}]}</script>` +
		`</head><body><header><h1 class="logo">The Daily</h1></header><article><h1>Rain</h1>` +
		`<div class="byline">By <a rel="author">Ann Lee</a> | <time pubdate datetime="2024-05-31">May 31</time></div>` +
		`<span itemprop="author" itemscope><meta itemprop="name" content="Ann"></span></article>` +
		`<div class="comments"><span class="author">x</span></div></body></html>`,
	`<script type="application/ld+json">[[[[{"@type":["Article"],"headline":{"@value":"x"}}]]]]</script>`,
	"<script type=\"application/ld+json\">{\"@type\":\"Article\",\"headline\":\"a\x00\nb\"}</script>",
	`<meta property="og:title og:description article:published_time" content="&amp;amp;#x26;">`,
	`<svg><title>x</title><time datetime="1">y</time></svg><math><h1>m</h1></math>`,
	`<time itemprop="datePublished"></time><span itemprop="dateModified">12</span>`,
	`<title>标题_网站名 - 新浪 :: ｜</title><meta property="og:site_name" content="新浪">`,
}

func FuzzRead(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, "https://example.com/2019/05/31/page.html")
	}
	f.Add("<title> | - | </title>", "")
	f.Fuzz(func(t *testing.T, page, pageURL string) {
		root, err := html.Parse(strings.NewReader(page))
		if err != nil {
			return
		}
		var u *url.URL
		if pageURL != "" {
			if u, err = url.Parse(pageURL); err != nil {
				u = nil
			}
		}
		m := Read(root, u)
		if m.Canonical != "" && !strings.HasPrefix(m.Canonical, "http://") && !strings.HasPrefix(m.Canonical, "https://") {
			t.Errorf("Canonical %q is not an http(s) URL", m.Canonical)
		}
		for _, v := range []string{m.Title, m.Headline, m.Byline, m.SiteName, m.Description} {
			if v != strings.TrimSpace(v) || strings.Contains(v, "  ") {
				t.Errorf("%q is not trimmed and collapsed", v)
			}
		}
		ct := CleanTitle(m.Title, m.SiteName, m.Headline)
		if utf8.ValidString(m.Title) && !utf8.ValidString(ct) {
			t.Errorf("CleanTitle(%q) = %q is not valid UTF-8", m.Title, ct)
		}
		if m.Title != "" && ct == "" {
			t.Errorf("CleanTitle(%q, %q, %q) is empty", m.Title, m.SiteName, m.Headline)
		}
		// CleanTitle is also called on raw strings.
		CleanTitle(page, pageURL, m.Byline)
	})
}
