package pipeline

import (
	"bytes"
	"context"
	"html"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// TestCorpus processes every corpus document and checks the article
// against the document's own front matter, read here independently with
// a plain yaml.v3 decode: title, categories, author and date must be the
// front matter's, and nothing executable may survive in the body.
func TestCorpus(t *testing.T) {
	p := newPipeline(t, Config{})
	for _, file := range corpusFiles(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			doc := readFile(t, file)
			a, err := p.Process(context.Background(), documentOf(doc))
			if err != nil {
				t.Fatalf("process: %v", err)
			}
			fm := independentFrontMatter(t, doc)
			if want := unwrapQuotes(strings.Join(strings.Fields(html.UnescapeString(str(fm["title"]))), " ")); a.Title != want {
				t.Errorf("title = %q, front matter says %q", a.Title, want)
			}
			if want := str(fm["author"]); a.Author != strings.TrimSpace(want) {
				t.Errorf("author = %q, front matter says %q", a.Author, want)
			}
			var cats []string
			for _, c := range flatten(fm["categories"]) {
				if c := strings.TrimSpace(c); !slices.Contains(cats, c) {
					cats = append(cats, c)
				}
			}
			if !slices.Equal(a.Categories, cats) {
				t.Errorf("categories = %q, front matter says %q", a.Categories, cats)
			}
			checkDate(t, str(fm["date"]), a.PublishedAt)
			if a.BodyText != "" && a.Summary == "" {
				t.Errorf("body text of %d bytes but no summary", len(a.BodyText))
			}
			checkSafe(t, a.BodyHTML)
		})
	}
}

func independentFrontMatter(tb testing.TB, doc []byte) map[string]any {
	tb.Helper()
	parts := bytes.SplitN(doc, []byte("\n---"), 3)
	if len(parts) < 3 {
		tb.Fatal("no front matter")
	}
	raw := parts[1][bytes.IndexByte(parts[1], '\n')+1:]
	var fm map[string]any
	if err := yaml.Unmarshal(raw, &fm); err != nil {
		tb.Fatalf("independent yaml decode: %v", err)
	}
	return fm
}

// flatten reads a category list the way a person reads it: a nested list
// (" -  - 图灵奖获得者" in 0164) holds categories too.
func flatten(v any) []string {
	list, ok := v.([]any)
	if !ok {
		return []string{str(v)}
	}
	var out []string
	for _, item := range list {
		out = append(out, flatten(item)...)
	}
	return out
}

func str(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case time.Time:
		return v.Format("2006-01-02 15:04:05")
	case nil:
		return ""
	}
	return strings.TrimSpace(strings.ReplaceAll(yamlString(v), "\n", ""))
}

func yamlString(v any) string {
	b, _ := yaml.Marshal(v)
	return string(b)
}

// checkDate parses the two date styles of the corpus on its own: RFC 1123
// in GMT, and zone-less times read as UTC (the default zone).
func checkDate(tb testing.TB, raw string, got time.Time) {
	tb.Helper()
	want, err := time.Parse(time.RFC1123, raw)
	if err != nil {
		want, err = time.ParseInLocation("2006-01-02 15:04:05", raw, time.UTC)
	}
	if err != nil {
		if !got.IsZero() {
			tb.Errorf("date %q is not a date, yet published_at = %v", raw, got)
		}
		return
	}
	if !got.Equal(want) || got.Location() != time.UTC {
		tb.Errorf("published_at = %v, front matter %q means %v", got, raw, want.UTC())
	}
}

// checkSafe parses body as a browser parses a fragment in <body> and fails
// on anything that can run or load script: a comment, a <script> or
// <style> element (in any namespace), an on* or style attribute, srcdoc,
// or a URL attribute a browser reads as javascript:, vbscript: or a data:
// URL other than a plain image.
func checkSafe(tb testing.TB, body string) {
	tb.Helper()
	nodes, err := xhtml.ParseFragment(strings.NewReader(body), &xhtml.Node{Type: xhtml.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		tb.Fatalf("parse body: %v", err)
	}
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		switch {
		case n.Type == xhtml.CommentNode:
			tb.Errorf("comment survived: %q", n.Data)
		case n.Type == xhtml.ElementNode && (n.Data == "script" || n.Data == "style"):
			tb.Errorf("<%s> survived", n.Data)
		}
		for _, a := range n.Attr {
			key := strings.ToLower(a.Key)
			switch {
			case strings.HasPrefix(key, "on"), key == "style", key == "srcdoc", key == "formaction":
				tb.Errorf("attribute %s=%q survived on <%s>", a.Key, a.Val, n.Data)
			case key == "srcset":
				for _, candidate := range strings.Split(a.Val, ",") {
					if f := strings.Fields(candidate); len(f) > 0 && scriptURL(f[0]) {
						tb.Errorf("srcset URL %q survived on <%s>", f[0], n.Data)
					}
				}
			case safeURLAttrs[key] && scriptURL(a.Val):
				tb.Errorf("URL %s=%q survived on <%s>", a.Key, a.Val, n.Data)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
}

// safeURLAttrs are the attributes whose value a browser follows as a URL.
var safeURLAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "poster": true, "background": true,
	"cite": true, "data": true, "longdesc": true, "lowsrc": true, "dynsrc": true, "codebase": true,
	"manifest": true, "ping": true, "xlink:href": true,
}

// plainImageData is the one data: URL an <img> may show without running
// anything.
var plainImageData = regexp.MustCompile(`^data:image/(png|gif|jpeg|webp)[;,]`)

// scriptURL reads a URL as a browser does (leading C0 controls and spaces
// ignored, tabs and line breaks removed anywhere) and says whether its
// scheme runs script or a document.
func scriptURL(v string) bool {
	v = strings.TrimLeft(v, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	v = strings.ToLower(strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(v))
	return strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") ||
		strings.HasPrefix(v, "data:") && !plainImageData.MatchString(v)
}

// unwrapQuotes is the title rule of docs/api.md, written out again: one pair of
// quotes around the whole title goes ('"Baseball player"' in 0023), a
// quoted phrase that merely starts it stays.
func unwrapQuotes(t string) string {
	for _, q := range [][2]string{{`"`, `"`}, {"'", "'"}, {"“", "”"}, {"「", "」"}, {"『", "』"}} {
		if len(t) > len(q[0])+len(q[1]) && strings.HasPrefix(t, q[0]) && strings.HasSuffix(t, q[1]) {
			inner := t[len(q[0]) : len(t)-len(q[1])]
			if !strings.Contains(inner, q[0]) && !strings.Contains(inner, q[1]) {
				return strings.TrimSpace(inner)
			}
		}
	}
	return t
}
