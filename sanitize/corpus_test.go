package sanitize_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"articleservice/sanitize"
)

// corpusDoc is one crawled page of testdata/corpus.
type corpusDoc struct {
	name string
	body []byte // the HTML after the front matter
}

// loadCorpus reads every testdata/corpus/*.md file and returns its body,
// the text after the second "---" line.
func loadCorpus(tb testing.TB) []corpusDoc {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("..", "testdata", "corpus", "*.md"))
	if err != nil {
		tb.Fatal(err)
	}
	if len(files) == 0 {
		tb.Fatal("no testdata/corpus/*.md files")
	}
	docs := make([]corpusDoc, 0, len(files))
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		body, ok := afterFrontMatter(src)
		if !ok {
			tb.Fatalf("%s: no front matter between two --- lines", f)
		}
		docs = append(docs, corpusDoc{name: filepath.Base(f), body: body})
	}
	return docs
}

// afterFrontMatter returns what follows the second line that is "---".
func afterFrontMatter(src []byte) ([]byte, bool) {
	seen := 0
	for rest := src; len(rest) > 0; {
		line, next, _ := bytes.Cut(rest, []byte("\n"))
		if string(bytes.TrimRight(line, " \t\r")) == "---" {
			if seen++; seen == 2 {
				return next, true
			}
		}
		rest = next
	}
	return nil, false
}

// TestCorpus sanitizes every real page under every builtin policy, with the
// service's default depth limit: real pages must pass the limit, come out
// safe and keep text when they have any.
func TestCorpus(t *testing.T) {
	const serviceMaxDepth = 256 // pipeline.DefaultConfig's MaxNestingDepth
	base := mustURL(t, article)
	for _, p := range builtin(t).List() {
		t.Run(p.Name(), func(t *testing.T) {
			for _, d := range loadCorpus(t) {
				res, err := p.Sanitize(d.body, sanitize.Options{BaseURL: base, MaxDepth: serviceMaxDepth})
				if err != nil {
					t.Errorf("%s: %v", d.name, err)
					continue
				}
				if bad := unsafeMarkup(res.HTML); len(bad) > 0 {
					t.Errorf("%s: unsafe output: %s", d.name, strings.Join(bad, "; "))
				}
				// A page whose only text is metadata lines and promos (0126 under
				// sina: an infographic) keeps its image.
				if visibleText(d.body) != "" && visibleText(res.HTML) == "" && !bytes.Contains(res.HTML, []byte("<img")) {
					t.Errorf("%s: no text left of a %d-byte body", d.name, len(d.body))
				}
			}
		})
	}
}

// hiddenText lists elements whose text a reader never sees.
var hiddenText = map[string]bool{"head": true, "script": true, "style": true, "template": true,
	"noscript": true, "iframe": true, "textarea": true, "select": true, "svg": true, "math": true}

// visibleText returns the non-blank text a browser would show for doc.
func visibleText(doc []byte) string {
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil {
		return ""
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && hiddenText[n.Data] {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(strings.TrimSpace(n.Data))
		}
		for c := range n.ChildNodes() {
			walk(c)
		}
	}
	walk(root)
	return b.String()
}
