package page_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"golang.org/x/net/html"

	"articleservice/service/page"
)

func ExampleExtract() {
	src := `<!DOCTYPE html>
<html><head><title>Rain</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="story">
  <h1>Rain</h1>
  <p>It rained all day, and the rivers rose faster than anyone in the valley could remember.</p>
  <p>By the evening, the old bridge was closed, and the ferry, which had not run for years, was back.</p>
  <p>Forecasters say the rain will ease tomorrow, but the ground is full, so the rivers will stay high.</p>
</div>
<div class="related"><h2>Related</h2><a href="/sun">Sun returns</a> <a href="/dam">Dam opened</a></div>
</body></html>`
	doc, err := page.Parse([]byte(src), page.Limits{MaxDepth: 256})
	if err != nil {
		fmt.Println(err)
		return
	}
	res := page.Extract(doc, page.Options{})

	var text strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode && strings.TrimSpace(n.Data) != "" {
			fmt.Fprintln(&text, strings.TrimSpace(n.Data))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(res.Article)
	fmt.Print(text.String())

	for _, reason := range slices.Sorted(maps.Keys(res.Counts)) {
		fmt.Printf("dropped %s: %d\n", reason, res.Counts[reason])
	}
	// Output:
	// Rain
	// It rained all day, and the rivers rose faster than anyone in the valley could remember.
	// By the evening, the old bridge was closed, and the ferry, which had not run for years, was back.
	// Forecasters say the rain will ease tomorrow, but the ground is full, so the rivers will stay high.
	// dropped extract:chrome: 1
	// dropped extract:class-hint: 1
}
