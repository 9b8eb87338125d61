package pipeline

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"articleservice/sanitize"
	"articleservice/service/article"
)

// pagePolicies are the shipped policies with three more: one that
// forces extraction, one that forbids it, and one whose remove rule names
// a site's promo box.
var pagePolicies = fstest.MapFS{
	"always-page.yaml":     {Data: []byte("name: always-page\nextends: article\nmetadata:\n  extraction: page\n")},
	"never-page.yaml":      {Data: []byte("name: never-page\nextends: article\nmetadata:\n  extraction: fragment\n")},
	"promo-site.yaml":      {Data: []byte("name: promo-site\nextends: article\nrules:\n  - name: promo\n    remove: div.promo\n")},
	"auto-extraction.yaml": {Data: []byte("name: auto-extraction\nextends: article\nmetadata:\n  extraction: auto\n")},
}

// newPagePipeline is a pipeline with the shipped policies and pagePolicies.
func newPagePipeline(tb testing.TB) *Pipeline {
	tb.Helper()
	set, err := sanitize.Load(pagePolicies)
	if err != nil {
		tb.Fatalf("load policies: %v", err)
	}
	return New(Config{Limits: DefaultLimits()}, set)
}

// storyProse are the paragraphs of the story in the test pages.
var storyProse = []string{
	"The river rose three metres overnight, flooding the lower town, and the council opened the school hall to the families who had to leave their homes before dawn.",
	"By noon the water had reached the market square, where traders carried their stock to the upper floors, and volunteers filled sandbags along the old stone bridge.",
	"Engineers said the new flood wall, finished only last spring, had held along most of its length, though a section near the railway station gave way shortly after ten.",
	"Forecasters expect the rain to ease by Thursday, but they warned that the ground is saturated, so even a light shower could send the river over its banks again.",
}

// pageChrome is the text of the test pages' chrome, none of which is the
// article's.
var pageChrome = []string{"Front page", "World desk", "Share on Facebook", "Sun returns to the valley", "All rights reserved"}

// storyBody is a page's body without its doctype or head: navigation, an
// article with a share bar in it, a related list and a footer. extra goes
// inside the article, after its second paragraph.
func storyBody(extra string) string {
	var b strings.Builder
	b.WriteString(`<nav><a href="/">Front page</a> <a href="/world">World desk</a></nav>`)
	b.WriteString("\n<div class=\"wrap\"><article><h1>River floods the lower town</h1>\n")
	for i, p := range storyProse {
		b.WriteString("<p>" + p + "</p>\n")
		if i == 1 {
			b.WriteString(extra)
			b.WriteString(`<div class="share-bar"><a href="/s/fb">Share on Facebook</a></div>` + "\n")
		}
	}
	b.WriteString("</article>\n")
	b.WriteString(`<aside class="related"><a href="/sun">Sun returns to the valley after a week of storms</a></aside></div>` + "\n")
	b.WriteString(`<footer><p>© 2024 The Valley Courier. All rights reserved.</p></footer>`)
	return b.String()
}

// storyPage is storyBody as a whole page.
func storyPage(extra string) string {
	return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>River floods the lower town</title></head>\n<body>\n" +
		storyBody(extra) + "\n</body></html>\n"
}

func hasRemoval(a *article.Article, prefix string) bool {
	for _, r := range a.Removals {
		if strings.HasPrefix(r.Reason, prefix) && r.Count > 0 {
			return true
		}
	}
	return false
}

// TestProcessPages: whole pages go through main-content extraction before
// the sanitizer; fragments do not; a policy's metadata.extraction forces
// either way; the article says which happened and, on request, what was
// dropped.
func TestProcessPages(t *testing.T) {
	t.Parallel()
	p := newPagePipeline(t)
	corpusDoc := readFile(t, corpusDir+"/0102.md")
	tests := []struct {
		name       string
		doc        article.Document
		extraction string
		// chrome: whether the page's chrome text is in body_text.
		chrome bool
		check  func(testing.TB, *article.Article)
	}{
		{
			name:       "whole page is extracted without its chrome",
			doc:        article.Document{Content: []byte(storyPage(""))},
			extraction: article.ExtractionPage,
			check: func(tb testing.TB, a *article.Article) {
				if !hasRemoval(a, "extract:") {
					tb.Errorf("removals %v hold no extract: reason", a.Removals)
				}
				for _, r := range []string{"extract:chrome", "extract:class-hint"} {
					if !hasRemoval(a, r) {
						tb.Errorf("removals %v lack %s", a.Removals, r)
					}
				}
			},
		},
		{
			name:       "whole page behind front matter is extracted",
			doc:        article.Document{Content: []byte("---\ntitle: River floods\nauthor: A. Reporter\n---\n" + storyPage(""))},
			extraction: article.ExtractionPage,
			check: func(tb testing.TB, a *article.Article) {
				want(tb, "title", a.Title, "River floods")
			},
		},
		{
			name:       "corpus fragment stays a fragment",
			doc:        article.Document{Content: corpusDoc, Explain: true},
			extraction: article.ExtractionFragment,
			check: func(tb testing.TB, a *article.Article) {
				if len(a.Dropped) != 0 || hasRemoval(a, "extract:") {
					tb.Errorf("a fragment went through extraction: dropped %v, removals %v", a.Dropped, a.Removals)
				}
			},
		},
		{
			name:       "page without a doctype or html element is a fragment by default",
			doc:        article.Document{Content: []byte(storyBody(""))},
			extraction: article.ExtractionFragment,
			chrome:     true,
		},
		{
			name:       "policy with extraction fragment keeps a page's chrome",
			doc:        article.Document{Content: []byte(storyPage("")), Policy: "never-page", Explain: true},
			extraction: article.ExtractionFragment,
			chrome:     true,
			check: func(tb testing.TB, a *article.Article) {
				if len(a.Dropped) != 0 {
					tb.Errorf("dropped %v, want none", a.Dropped)
				}
			},
		},
		{
			name:       "policy with extraction page extracts a page without a doctype",
			doc:        article.Document{Content: []byte(storyBody("")), Policy: "always-page"},
			extraction: article.ExtractionPage,
		},
		{
			name:       "policy with extraction auto extracts a whole page",
			doc:        article.Document{Content: []byte(storyPage("")), Policy: "auto-extraction"},
			extraction: article.ExtractionPage,
		},
		{
			name:       "policy with extraction auto leaves a fragment",
			doc:        article.Document{Content: []byte(storyBody("")), Policy: "auto-extraction"},
			extraction: article.ExtractionFragment,
			chrome:     true,
		},
		{
			name:       "explain lists the dropped blocks with reason, path and text",
			doc:        article.Document{Content: []byte(storyPage("")), Explain: true},
			extraction: article.ExtractionPage,
			check: func(tb testing.TB, a *article.Article) {
				if len(a.Dropped) == 0 {
					tb.Fatal("no dropped blocks listed")
				}
				found := map[string]bool{}
				for _, d := range a.Dropped {
					if d.Reason == "" || d.Path == "" || d.Text == "" {
						tb.Errorf("incomplete drop %+v", d)
					}
					for _, c := range pageChrome {
						if strings.Contains(d.Text, c) {
							found[c] = true
						}
					}
				}
				for _, c := range pageChrome {
					if !found[c] {
						tb.Errorf("no drop lists %q: %+v", c, a.Dropped)
					}
				}
				// Every block dropped is counted in the removals.
				total := 0
				for _, r := range a.Removals {
					if strings.HasPrefix(r.Reason, "extract:") {
						total += r.Count
					}
				}
				if total != len(a.Dropped) {
					tb.Errorf("%d extract: removals counted, %d blocks listed", total, len(a.Dropped))
				}
			},
		},
		{
			name:       "without explain no dropped blocks are listed",
			doc:        article.Document{Content: []byte(storyPage(""))},
			extraction: article.ExtractionPage,
			check: func(tb testing.TB, a *article.Article) {
				if len(a.Dropped) != 0 {
					tb.Errorf("dropped %v, want none without Explain", a.Dropped)
				}
				if !hasRemoval(a, "extract:") {
					tb.Errorf("removals %v: counts must not depend on Explain", a.Removals)
				}
			},
		},
		{
			name:       "remove rule of the policy acts on the page before extraction",
			doc:        article.Document{Content: []byte(storyPage(`<div class="promo"><p>Win a boat, a sailing boat, by entering our prize draw today, it is free.</p></div>`)), Policy: "promo-site", Explain: true},
			extraction: article.ExtractionPage,
			check: func(tb testing.TB, a *article.Article) {
				if strings.Contains(a.BodyText, "Win a boat") {
					tb.Errorf("promo kept: %q", a.BodyText)
				}
				if !hasRemoval(a, "rule:promo") {
					tb.Errorf("removals %v lack rule:promo", a.Removals)
				}
				ok := false
				for _, d := range a.Dropped {
					ok = ok || d.Reason == "rule:promo" && strings.Contains(d.Path, "div.promo")
				}
				if !ok {
					tb.Errorf("no drop explains the rule: %+v", a.Dropped)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, err := p.Process(context.Background(), tt.doc)
			if err != nil {
				t.Fatalf("process: %v", err)
			}
			want(t, "extraction", a.Extraction, tt.extraction)
			for _, para := range storyProse {
				if bytesOf(tt.doc.Content, para) && !strings.Contains(a.BodyText, para) {
					t.Errorf("body_text lost %q", para)
				}
			}
			for _, c := range pageChrome {
				if !bytesOf(tt.doc.Content, c) {
					continue
				}
				if got := strings.Contains(a.BodyText, c); got != tt.chrome {
					t.Errorf("chrome %q in body_text: %v, want %v", c, got, tt.chrome)
				}
			}
			if tt.check != nil {
				tt.check(t, a)
			}
		})
	}
}

func bytesOf(content []byte, s string) bool { return strings.Contains(string(content), s) }

// TestProcessPageErrors: a page the extraction cannot take is a typed
// field error, as it is for a fragment.
func TestProcessPageErrors(t *testing.T) {
	t.Parallel()
	p := newPagePipeline(t)
	deep := func(n int) []byte {
		return []byte("<!DOCTYPE html><html><body>" + strings.Repeat("<div>", n) + "<p>deep</p>" + strings.Repeat("</div>", n) + "</body></html>")
	}
	t.Run("page nested deeper than the limit is too large", func(t *testing.T) {
		t.Parallel()
		_, err := p.Process(context.Background(), article.Document{Content: deep(300)})
		var fe *article.FieldError
		if !errors.As(err, &fe) || !errors.Is(err, article.ErrTooLarge) {
			t.Fatalf("err = %v, want an ErrTooLarge field error", err)
		}
		want(t, "field", fe.Field, "document.content")
		if !strings.Contains(fe.Description, "256") {
			t.Errorf("description %q does not name the limit", fe.Description)
		}
	})
	t.Run("page nested deeper than the HTML parser takes is too large", func(t *testing.T) {
		t.Parallel()
		_, err := p.Process(context.Background(), article.Document{Content: []byte("<!DOCTYPE html><html><body>" + strings.Repeat("<div>", 600) + "x")})
		var fe *article.FieldError
		if !errors.As(err, &fe) || !errors.Is(err, article.ErrTooLarge) || fe.Field != "document.content" {
			t.Fatalf("err = %v, want an ErrTooLarge field error for document.content", err)
		}
	})
	t.Run("page of more elements than the limit is too large", func(t *testing.T) {
		t.Parallel()
		flat := []byte("<!DOCTYPE html><html><body>" + strings.Repeat("<p><b>a</b></p>", DefaultLimits().MaxPageElements/2+1) + "</body></html>")
		_, err := p.Process(context.Background(), article.Document{Content: flat})
		var fe *article.FieldError
		if !errors.As(err, &fe) || !errors.Is(err, article.ErrTooLarge) || fe.Field != "document.content" {
			t.Fatalf("err = %v, want an ErrTooLarge field error for document.content", err)
		}
		if !strings.Contains(fe.Description, strconv.Itoa(DefaultLimits().MaxPageElements)) {
			t.Errorf("description %q does not name the limit", fe.Description)
		}
	})
	t.Run("fragment policy sends a deep page to the sanitizer's own limit", func(t *testing.T) {
		t.Parallel()
		_, err := p.Process(context.Background(), article.Document{Content: deep(300), Policy: "never-page"})
		if !errors.Is(err, article.ErrTooLarge) {
			t.Fatalf("err = %v, want ErrTooLarge", err)
		}
	})
	t.Run("page nested within the limit is processed", func(t *testing.T) {
		t.Parallel()
		a, err := p.Process(context.Background(), article.Document{Content: deep(200)})
		if err != nil {
			t.Fatal(err)
		}
		want(t, "extraction", a.Extraction, article.ExtractionPage)
	})
	// A page can hold markup the HTML renderer refuses: in MathML, a <wbr>
	// (a void element in HTML) parses with children. Whatever extraction
	// keeps of it, Process must answer with an article or a field error,
	// never an untyped error (the server's Internal).
	t.Run("page with a void element holding children in MathML gives an article or a field error", func(t *testing.T) {
		t.Parallel()
		for _, src := range []string{
			"<!DOCTYPE html><html><body><p>" + storyProse[0] + "</p><math><wbr>x</wbr></math></body></html>",
			"<!DOCTYPE html><html><body><article>" + paraList(storyProse) + "<math><mi>x</mi><source>y</source></math></article></body></html>",
		} {
			_, err := p.Process(context.Background(), article.Document{Content: []byte(src)})
			var fe *article.FieldError
			if err != nil && !errors.As(err, &fe) {
				t.Errorf("untyped error %q for %q", err, src)
			}
		}
	})
}

func paraList(ps []string) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("<p>" + p + "</p>")
	}
	return b.String()
}
