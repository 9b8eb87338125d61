package htmltok_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/net/html"

	"articleservice/sanitize/htmltok"
)

// testFiles returns the bodies of the project's corpus, pages and XSS
// vectors.
func testFiles(tb testing.TB) map[string][]byte {
	tb.Helper()
	out := map[string][]byte{}
	for _, pattern := range []string{"corpus/*.md", "pages/*.html"} {
		files, err := filepath.Glob(filepath.Join("..", "..", "testdata", pattern))
		if err != nil || len(files) == 0 {
			tb.Fatalf("no testdata/%s: %v", pattern, err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				tb.Fatal(err)
			}
			out[filepath.Base(f)] = b
		}
	}
	return out
}

// xssVectors returns the strings of the XSS suites' JSON files.
func xssVectors(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "xss", "*.json"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no testdata/xss/*.json: %v", err)
	}
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		out = appendStrings(out, v)
	}
	return out
}

func appendStrings(out []string, v any) []string {
	switch v := v.(type) {
	case string:
		out = append(out, v)
	case []any:
		for _, e := range v {
			out = appendStrings(out, e)
		}
	case map[string]any:
		for _, e := range v {
			out = appendStrings(out, e)
		}
	}
	return out
}

func TestRealBodiesAgreeWithXNetHTML(t *testing.T) {
	for _, b := range testFiles(t) {
		agree(t, b)
	}
}

func TestXSSVectorsAgreeWithXNetHTML(t *testing.T) {
	vectors := xssVectors(t)
	if len(vectors) < 1000 {
		t.Fatalf("%d vectors; the suites hold thousands", len(vectors))
	}
	for _, v := range vectors {
		agree(t, []byte(v))
	}
}

// The point of the package: real bodies are read without x/net/html,
// all but a sliver of them.
func TestRealBodiesAreReadFast(t *testing.T) {
	var total, slow int
	for _, b := range testFiles(t) {
		z := htmltok.New(b)
		for z.Next() != html.ErrorToken {
		}
		total += len(b)
		slow += htmltok.SlowBytes(z)
	}
	t.Logf("%d of %d bytes read by x/net/html (%.2f%%)", slow, total, 100*float64(slow)/float64(total))
	if slow*100 > total {
		t.Errorf("%d of %d bytes read by x/net/html; want at most 1%%", slow, total)
	}
}
