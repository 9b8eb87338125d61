package page_test

import (
	"fmt"
	"strings"
	"testing"

	"articleservice/service/page"
)

// benchPage is a news page of about 60 KB as crawled: a head with styles
// and scripts, a header, navigation and breadcrumbs, an article of some
// fifty paragraphs with subheadings, figures, a list, a table and a share
// bar, then related and most-read lists, a comments section, a newsletter
// box and a footer.
func benchPage() []byte {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>River floods the lower town | The Valley Courier</title>`)
	b.WriteString(`<style>` + strings.Repeat(".a{color:#333;margin:0 auto}", 250) + `</style>`)
	b.WriteString(`<script>` + strings.Repeat("window.dataLayer=window.dataLayer||[];", 200) + `</script>`)
	b.WriteString(`<script type="application/ld+json">{"@type":"NewsArticle","headline":"River floods the lower town"}</script></head><body>`)
	b.WriteString(`<div id="cookie-banner"><p>We use cookies to improve your experience.</p><button>Accept</button></div>`)
	b.WriteString(`<header class="site-header" role="banner"><a href="/"><img src="/logo.svg" alt="The Valley Courier"></a>`)
	b.WriteString(`<nav class="menu"><ul>`)
	for i := range 60 {
		fmt.Fprintf(&b, `<li><a href="/section/%d">Section %d</a></li>`, i, i)
	}
	b.WriteString(`</ul></nav></header>`)
	b.WriteString(`<ol class="breadcrumb"><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li>Floods</li></ol>`)
	b.WriteString(`<main><div class="layout"><article class="story"><header><h1>River floods the lower town</h1><p class="standfirst">Hundreds leave their homes as the water rises.</p><p class="byline">By A. Reporter</p></header>`)
	b.WriteString(`<div class="share-bar"><a href="/s/fb">Share on Facebook</a> <a href="/s/x">Share on X</a></div><div class="story-body">`)
	for i := range 135 {
		if i%10 == 5 {
			fmt.Fprintf(&b, `<h2>Part %d of the story</h2>`, i/10+1)
		}
		if i%15 == 7 {
			fmt.Fprintf(&b, `<figure><img src="/img/%d.jpg" alt="Photo %d"><figcaption>Photo %d: the water at noon.</figcaption></figure>`, i, i, i)
		}
		if i == 20 {
			b.WriteString(`<div class="ad-slot"><span>Advertisement</span></div><ul><li>Schools closed: four</li><li>Homes evacuated: one hundred and twenty</li></ul>`)
			b.WriteString(`<table><tr><th>Gauge</th><th>Level</th></tr><tr><td>Bridge</td><td>4.1 m</td></tr><tr><td>Mill</td><td>3.8 m</td></tr></table>`)
		}
		fmt.Fprintf(&b, "<p>%s <a href=\"/ref/%d\">More</a> on this, paragraph %d.</p>\n", prose[i%len(prose)], i, i)
	}
	b.WriteString(`</div><div class="tags"><a href="/t/flood">flood</a> <a href="/t/weather">weather</a></div></article>`)
	b.WriteString(`<aside class="sidebar"><div class="most-read"><h2>Most read</h2><ol>`)
	for i := range 10 {
		fmt.Fprintf(&b, `<li><a href="/story/%d">Most read story number %d, with a headline of some length</a></li>`, i, i)
	}
	b.WriteString(`</ol></div></aside></div>`)
	b.WriteString(`<section class="related"><h2>Related</h2>`)
	for i := range 8 {
		fmt.Fprintf(&b, `<div class="teaser"><a href="/rel/%d"><img src="/t/%d.jpg" alt=""><h3>Related story %d</h3><p>A short teaser for the related story.</p></a></div>`, i, i, i)
	}
	b.WriteString(`</section><section id="comments"><h2>Comments</h2>`)
	for i := range 30 {
		fmt.Fprintf(&b, `<div class="comment"><p class="author">Reader %d</p><p>%s</p></div>`, i, prose[(i+2)%len(prose)])
	}
	b.WriteString(`</section></main>`)
	b.WriteString(`<div class="newsletter"><h3>Get the morning briefing</h3><form><input type="email"><button>Sign up</button></form></div>`)
	b.WriteString(`<footer><ul>`)
	for i := range 20 {
		fmt.Fprintf(&b, `<li><a href="/about/%d">About link %d</a></li>`, i, i)
	}
	b.WriteString(`</ul><p>© 2024 The Valley Courier. All rights reserved.</p></footer></body></html>`)
	return []byte(b.String())
}

func BenchmarkExtract(b *testing.B) {
	src := benchPage()
	// The page must be what it claims: the article found, its chrome not.
	doc, err := page.Parse(src, page.Limits{MaxDepth: 256})
	if err != nil {
		b.Fatal(err)
	}
	res := page.Extract(doc, page.Options{})
	got := textOf(res.Article)
	if !strings.Contains(got, "paragraph 134.") || strings.Contains(got, "Most read story") || strings.Contains(got, "Reader 3") {
		b.Fatalf("benchmark page mis-extracted: %.400s", got)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		doc, err := page.Parse(src, page.Limits{MaxDepth: 256})
		if err != nil {
			b.Fatal(err)
		}
		page.Extract(doc, page.Options{})
	}
}

// BenchmarkExtractOnly leaves parsing out: the cost of extraction alone.
func BenchmarkExtractOnly(b *testing.B) {
	src := benchPage()
	doc, err := page.Parse(src, page.Limits{MaxDepth: 256})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		page.Extract(doc, page.Options{})
	}
}

// BenchmarkExtractNestedWrappers is the page extraction finds costliest
// for its size: towers of 250 nested <div>s around a few characters each,
// 256 KB of them. Every wrapper is judged and left out on its own, and
// each leaving walks its ancestors, so a byte of such a page costs far more
// than a byte of BenchmarkExtract's.
func BenchmarkExtractNestedWrappers(b *testing.B) {
	tower := strings.Repeat("<div>", 250) + "x, y" + strings.Repeat("</div>", 250)
	src := []byte("<!DOCTYPE html><html><body>" + strings.Repeat(tower, (256<<10)/len(tower)) + "</body></html>")
	doc, err := page.Parse(src, page.Limits{MaxDepth: 256})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		page.Extract(doc, page.Options{})
	}
}
