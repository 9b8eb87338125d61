package page_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"articleservice/service/page"
)

// FuzzExtract parses arbitrary bytes as a page, under the service's
// nesting limit, and extracts its article. Extraction must not panic, must
// leave the parsed page as it was, must only ever select from the page
// (every text of the article is a text of the page: it never invents
// any), must give an article exactly when the page has a body, must count
// every block it explains, and must decide the same with and without
// Explain.
func FuzzExtract(f *testing.F) {
	f.Add([]byte(story(slots{
		top:    `<nav><a href="/">Home</a></nav><div id="cookie-banner">We use cookies.</div>`,
		inside: `<div class="share">Share</div><figure><img src="a.jpg"><figcaption>Cap</figcaption></figure>`,
		beside: `<aside class="related"><ul><li><a href="/a">A</a></li></ul></aside>`,
		bottom: `<footer>© 2024</footer>`,
	})))
	f.Add([]byte(`<!DOCTYPE html><html lang="zh"><body><div class="box"><h1>长江中下游进入主汛期</h1>` +
		`<p>受持续强降雨影响，长江中下游干流水位全线上涨，武汉关水位昨日超过警戒线，防汛部门已启动四级应急响应。</p>` +
		`<p>沿江各地组织干部群众上堤巡查，重点排查管涌、渗漏等险情，确保大堤安全。</p></div>` +
		`<div class="box"><ul><li><a href="/1">国务院常务会议部署进一步做好防汛抗旱工作</a></li><li><a href="/2">多地发布暴雨橙色预警</a></li></ul></div></body></html>`))
	f.Add([]byte(`<!DOCTYPE html><html lang="ja"><body><article><h1>台風十号、九州に上陸</h1><p>大型で強い台風十号は、きょう午前、鹿児島県に上陸し、九州を北上しています。</p></article></body></html>`))
	f.Add([]byte(strings.Repeat("<div><p>", 120) + "deep, deep text" + strings.Repeat("<table><tr><td>", 3)))
	f.Add([]byte(strings.Repeat("<b><i><a href=x>", 40) + "<p>misnested, prose, text</b></i></a>" + strings.Repeat("</div>", 30)))
	f.Add([]byte(`<!DOCTYPE html><html><head><title>t</head><body><p>unclosed <div class="comment">x<table><p>in table</td><li>item<select><option>o</select><svg><p>svg p</svg><math><mi>x</mi></math>`))
	f.Add([]byte(`<html><body><template><p>in template</p></template><noscript><p>no script</p></noscript><div hidden>h</div><pre><code>&lt;!DOCTYPE html&gt;</code></pre>`))
	f.Add([]byte(`<frameset><frame src=a></frameset>`))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := page.Parse(data, page.Limits{MaxDepth: 256})
		if err != nil {
			var de *page.DepthError
			if !errors.As(err, &de) {
				t.Fatalf("parse: %v (%T), want only a *page.DepthError", err, err)
			}
			return
		}
		before := renderPage(t, doc)
		res := page.Extract(doc, page.Options{Explain: true})
		if after := renderPage(t, doc); after != before {
			t.Fatalf("Extract changed the page:\nbefore: %.500q\nafter:  %.500q", before, after)
		}
		if hasBody(doc) != (res.Article != nil) {
			t.Fatalf("page has a body: %v; article: %v", hasBody(doc), res.Article != nil)
		}
		if n := countsTotal(res.Counts); n != len(res.Dropped) {
			t.Fatalf("%d drops counted, %d explained", n, len(res.Dropped))
		}
		if res.Article == nil {
			return
		}
		var rendered bytes.Buffer
		if err := html.Render(&rendered, res.Article); err != nil {
			t.Fatalf("render the article: %v", err)
		}
		pageTexts := map[string]bool{}
		for _, s := range texts(doc) {
			pageTexts[s] = true
		}
		for _, s := range texts(res.Article) {
			if !pageTexts[s] {
				t.Fatalf("the article has text the page does not: %q", s)
			}
		}
		plain := page.Extract(doc, page.Options{})
		var again bytes.Buffer
		if err := html.Render(&again, plain.Article); err != nil {
			t.Fatalf("render the article: %v", err)
		}
		if again.String() != rendered.String() || fmt.Sprint(plain.Counts) != fmt.Sprint(res.Counts) {
			t.Fatalf("Explain changed the result:\nwith:    %.300q %v\nwithout: %.300q %v", rendered.String(), res.Counts, again.String(), plain.Counts)
		}
	})
}

// renderPage renders a parsed page, for comparing it before and after.
func renderPage(tb testing.TB, doc *html.Node) string {
	tb.Helper()
	var b bytes.Buffer
	// A parsed page can hold what Render refuses (a void element with
	// children, in MathML); the dump below does not depend on Render.
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		fmt.Fprintf(&b, "%d %d %q %q %v\n", depth, n.Type, n.Namespace, n.Data, n.Attr)
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(doc, 0)
	return b.String()
}

func hasBody(n *html.Node) bool {
	if n.Type == html.ElementNode && n.DataAtom == atom.Body {
		return true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if hasBody(c) {
			return true
		}
	}
	return false
}
