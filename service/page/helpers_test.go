package page_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"articleservice/service/page"
)

// prose are the paragraphs of a story: long, with commas and without
// links, as an article's paragraphs are. Together they weigh well over the
// length below which Extract retries with fewer heuristics.
var prose = []string{
	"The river rose three metres overnight, flooding the lower town, and the council opened the school hall to the families who had to leave their homes before dawn.",
	"By noon the water had reached the market square, where traders carried their stock to the upper floors, and volunteers filled sandbags along the old stone bridge.",
	"Engineers said the new flood wall, finished only last spring, had held along most of its length, though a section near the railway station gave way shortly after ten.",
	"Forecasters expect the rain to ease by Thursday, but they warned that the ground is saturated, so even a light shower could send the river over its banks again.",
	"The mayor thanked the emergency services, the volunteers and the neighbours who took in strangers, and promised a full review of the town's defences within a month.",
}

// paras writes ps as <p> elements.
func paras(ps ...string) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("<p>" + p + "</p>\n")
	}
	return b.String()
}

// slots are the places around and inside a story where a test puts the
// page chrome it checks.
type slots struct {
	top    string // first in <body>, before the page's wrapper
	inside string // inside the <article>, after its second paragraph
	end    string // inside the <article>, after its last paragraph
	beside string // after the <article>, in the same wrapper
	bottom string // last in <body>
}

// story is a whole page: a doctype, a head, and in a wrapper an <article>
// with a headline and the prose, with the slots filled in.
func story(s slots) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>River floods the lower town</title></head>\n<body>\n")
	b.WriteString(s.top)
	b.WriteString("\n<div class=\"wrap\">\n<article>\n<h1>River floods the lower town</h1>\n")
	for i, p := range prose {
		b.WriteString("<p>" + p + "</p>\n")
		if i == 1 {
			b.WriteString(s.inside + "\n")
		}
	}
	b.WriteString(s.end)
	b.WriteString("\n</article>\n")
	b.WriteString(s.beside)
	b.WriteString("\n</div>\n")
	b.WriteString(s.bottom)
	b.WriteString("\n</body></html>\n")
	return b.String()
}

// extract parses src as a page, under the nesting limit the service uses,
// and extracts its article.
func extract(tb testing.TB, src string, opt page.Options) page.Result {
	tb.Helper()
	doc, err := page.Parse([]byte(src), page.Limits{MaxDepth: 256})
	if err != nil {
		tb.Fatalf("parse: %v", err)
	}
	return page.Extract(doc, opt)
}

// render renders n as HTML; nil renders as "".
func render(tb testing.TB, n *html.Node) string {
	tb.Helper()
	if n == nil {
		return ""
	}
	var b bytes.Buffer
	if err := html.Render(&b, n); err != nil {
		tb.Fatalf("render: %v", err)
	}
	return b.String()
}

// textOf is the text of n's subtree, runs of whitespace collapsed to one
// space, with a space between text nodes.
func textOf(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	for _, t := range texts(n) {
		b.WriteString(t)
		b.WriteByte(' ')
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// texts lists the text nodes under n, in order.
func texts(n *html.Node) []string {
	var out []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			out = append(out, n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

// elements lists the tags of the elements under n (n included), in order.
func elements(n *html.Node) []string {
	var out []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			out = append(out, n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

// wantText checks that the article's text holds every one of want.
func wantText(tb testing.TB, res page.Result, want ...string) {
	tb.Helper()
	got := textOf(res.Article)
	for _, w := range want {
		if !strings.Contains(got, w) {
			tb.Errorf("article lost %q\narticle: %s", w, render(tb, res.Article))
		}
	}
}

// wantNoText checks that the article's text holds none of absent.
func wantNoText(tb testing.TB, res page.Result, absent ...string) {
	tb.Helper()
	got := textOf(res.Article)
	for _, a := range absent {
		if strings.Contains(got, a) {
			tb.Errorf("article kept %q\narticle: %s", a, render(tb, res.Article))
		}
	}
}

// wantProse checks that the article kept every paragraph of the story.
func wantProse(tb testing.TB, res page.Result) {
	tb.Helper()
	wantText(tb, res, prose...)
}

// wantInOrder checks that the article's text holds each of want, in
// that order.
func wantInOrder(tb testing.TB, res page.Result, want ...string) {
	tb.Helper()
	got := textOf(res.Article)
	at := 0
	for _, w := range want {
		i := strings.Index(got[at:], w)
		if i < 0 {
			tb.Errorf("%q is missing or out of order\narticle text: %s", w, got)
			return
		}
		at += i + len(w)
	}
}

// wantCount checks that at least one element was dropped for reason.
func wantCount(tb testing.TB, res page.Result, reason string) {
	tb.Helper()
	if res.Counts[reason] == 0 {
		tb.Errorf("no drop counted under %q; counts %v", reason, res.Counts)
	}
}

// dropOf returns the first explained drop whose text holds text.
func dropOf(res page.Result, text string) (page.Drop, bool) {
	i := slices.IndexFunc(res.Dropped, func(d page.Drop) bool { return strings.Contains(d.Text, text) })
	if i < 0 {
		return page.Drop{}, false
	}
	return res.Dropped[i], true
}

// countsTotal is the number of drops counted, over every reason.
// countsTotal adds up the counts of blocks, which Dropped lists one by
// one; scripts, styles, comments and other markup ("script", "style",
// "comment", "subtree") are counted but not listed.
func countsTotal(counts map[string]int) int {
	n := 0
	for reason, c := range counts {
		if strings.HasPrefix(reason, "extract:") || strings.HasPrefix(reason, "rule:") {
			n += c
		}
	}
	return n
}
