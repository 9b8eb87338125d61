package pagemeta

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// benchPage builds a news page of about 60 KiB: a head full of metas and
// JSON-LD, navigation, an article of 40 paragraphs with a byline and a
// date, a related list, comments and a footer.
func benchPage() string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8">
<title>Rain floods the valley as farmers count their losses | Weather | The Daily</title>
<meta name="description" content="Rain fell all week.">
<meta property="og:title" content="Rain floods the valley as farmers count their losses">
<meta property="og:site_name" content="The Daily"><meta property="og:image" content="/img/rain.jpg">
<meta property="article:published_time" content="2024-05-31T08:00:00Z">
<meta name="twitter:card" content="summary_large_image"><meta name="viewport" content="width=device-width">
<link rel="canonical" href="https://daily.example/2024/05/31/rain"><link rel="stylesheet" href="/a.css">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
{"@type":"NewsArticle","@id":"#article","headline":"Rain floods the valley as farmers count their losses",
"author":[{"@id":"#ann"}],"datePublished":"2024-05-31T08:00:00Z","dateModified":"2024-05-31T09:30:00Z",
"publisher":{"@id":"#org"},"image":{"@type":"ImageObject","url":"https://daily.example/img/rain.jpg"}},
{"@type":"Person","@id":"#ann","name":"Ann Lee"},{"@type":"Organization","@id":"#org","name":"The Daily"},
{"@type":"WebSite","@id":"#site","name":"The Daily"}]}</script>
<script>window.dataLayer = [];</script></head><body class="article-page">
<header class="site-header"><a class="logo" href="/"><h1>The Daily</h1></a><nav class="menu"><ul>`)
	for i := range 30 {
		fmt.Fprintf(&b, `<li class="menu-item menu-item-%d"><a href="/section/%d">Section %d</a></li>`, i, i, i)
	}
	b.WriteString(`</ul></nav></header><main id="content" class="container"><article class="post">
<h1 class="entry-title">Rain floods the valley as farmers count their losses</h1>
<div class="entry-meta"><span class="byline">By <a rel="author" href="/ann">Ann Lee</a></span>
<time class="entry-date published" datetime="2024-05-31T08:00:00Z">May 31, 2024</time></div>
<div class="entry-content">`)
	for i := range 40 {
		fmt.Fprintf(&b, `<p class="para">Paragraph %d: rain fell on the valley for the seventh day, and the river rose over its banks, `+
			`<a href="/x/%d">flooding</a> the fields that <em>farmers</em> had sown in April.</p>`, i, i)
	}
	b.WriteString(`</div></article><aside class="related"><ul>`)
	for i := range 10 {
		fmt.Fprintf(&b, `<li><a href="/r/%d">Related story %d</a> <span class="author">Bo Chen</span> <time datetime="2024-05-%02d">x</time></li>`, i, i, i+1)
	}
	b.WriteString(`</ul></aside><section id="comments" class="comments">`)
	for i := range 20 {
		fmt.Fprintf(&b, `<div class="comment"><span class="comment-author">Reader %d</span><p>I saw it too.</p></div>`, i)
	}
	b.WriteString(`</section></main><footer class="site-footer"><p>© 2024 The Daily</p></footer></body></html>`)
	return b.String()
}

func BenchmarkRead(b *testing.B) {
	root, err := html.Parse(strings.NewReader(benchPage()))
	if err != nil {
		b.Fatal(err)
	}
	pageURL, _ := url.Parse("https://daily.example/2024/05/31/rain")
	b.ReportAllocs()
	for b.Loop() {
		m := Read(root, pageURL)
		if m.Byline != "Ann Lee" {
			b.Fatalf("Byline = %q", m.Byline)
		}
	}
}

// BenchmarkParse is html.Parse of the same page, for scale: Read should
// cost a small fraction of it.
func BenchmarkParse(b *testing.B) {
	page := benchPage()
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := html.Parse(strings.NewReader(page)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCleanTitle(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		CleanTitle("Rain floods the valley as farmers count their losses | Weather | The Daily", "The Daily", "Rain floods the valley as farmers count their losses")
	}
}
