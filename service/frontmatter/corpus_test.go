package frontmatter_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"articleservice/service/frontmatter"
)

// corpusDocs returns the crawled documents of testdata/corpus by file name.
func corpusDocs(tb testing.TB) map[string][]byte {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", "corpus", "*.md"))
	if err != nil {
		tb.Fatal(err)
	}
	if len(paths) < 100 {
		tb.Fatalf("found %d corpus documents, want the full corpus", len(paths))
	}
	docs := make(map[string][]byte, len(paths))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		docs[filepath.Base(p)] = b
	}
	return docs
}

// oracle is an independent reading of front matter: a plain yaml.v3 decode
// into a map, as any YAML consumer would do it.
type oracle map[string]any

func decodeOracle(tb testing.TB, src []byte) oracle {
	tb.Helper()
	var m oracle
	if err := yaml.Unmarshal(src, &m); err != nil {
		tb.Fatalf("yaml.v3 decode: %v", err)
	}
	return m
}

// text returns the string value of key, "" when absent or null.
func (m oracle) text(tb testing.TB, key string) string {
	tb.Helper()
	switch v := m[key].(type) {
	case nil:
		return ""
	case string:
		return v
	default:
		tb.Fatalf("yaml.v3 read %s as %T %v, want a string", key, v, v)
		return ""
	}
}

// checkDate compares a raw date with the oracle's. yaml.v3 reads a
// zone-less "2021-04-11 00:30:33" as a UTC time.Time, which is why Parse
// keeps the text as written: then the raw text must denote that instant.
func (m oracle) checkDate(tb testing.TB, raw string) {
	tb.Helper()
	v, ok := m["date"].(time.Time)
	if !ok {
		if w := m.text(tb, "date"); raw != w {
			tb.Errorf("Date = %q, want %q", raw, w)
		}
		return
	}
	for _, layout := range []string{"2006-1-2 15:4:5.999999999", "2006-1-2T15:4:5.999999999Z07:00", "2006-1-2"} {
		if t, err := time.Parse(layout, raw); err == nil {
			if !t.Equal(v) {
				tb.Errorf("Date = %q (%v), want the instant yaml.v3 reads, %v", raw, t, v)
			}
			return
		}
	}
	tb.Errorf("Date = %q is not the timestamp yaml.v3 reads, %v", raw, v)
}

// list flattens the value of key into strings.
func (m oracle) list(tb testing.TB, key string) []string {
	tb.Helper()
	var out []string
	var flatten func(v any)
	flatten = func(v any) {
		switch v := v.(type) {
		case nil:
		case string:
			out = append(out, v)
		case []any:
			for _, e := range v {
				flatten(e)
			}
		default:
			tb.Fatalf("yaml.v3 read an item of %s as %T %v, want a string", key, v, v)
		}
	}
	flatten(m[key])
	return out
}

func TestCorpusSplitsAndParses(t *testing.T) {
	for name, doc := range corpusDocs(t) {
		t.Run(name+" parses as yaml.v3 reads it", func(t *testing.T) {
			raw, body, line, found, closed := frontmatter.Split(doc, 64<<10)
			if !found || !closed {
				t.Fatalf("Split: found=%v closed=%v, want a closed front matter", found, closed)
			}
			if line != 3 {
				t.Errorf("line = %d, want 3 (a blank line, then ---)", line)
			}
			if len(body) == 0 {
				t.Errorf("empty body")
			}
			fm, err := frontmatter.Parse(raw, defaultLimits)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if len(fm.Issues) > 0 {
				t.Errorf("Issues = %v, want none", fm.Issues)
			}
			want := decodeOracle(t, raw)
			if got, w := fm.Title, want.text(t, "title"); got != w {
				t.Errorf("Title = %q, want %q", got, w)
			}
			if got, w := fm.Author, want.text(t, "author"); got != w {
				t.Errorf("Author = %q, want %q", got, w)
			}
			want.checkDate(t, fm.Date)
			if got, w := fm.HeadImg, want.text(t, "headimg"); got != w {
				t.Errorf("HeadImg = %q, want %q", got, w)
			}
			if got, w := fm.Thumbnail, want.text(t, "thumbnail"); got != w {
				t.Errorf("Thumbnail = %q, want %q", got, w)
			}
			if got, w := fm.Categories, want.list(t, "categories"); !slices.Equal(got, w) {
				t.Errorf("Categories = %q, want %q", got, w)
			}
			if fm.Title == "" || len(fm.Categories) == 0 || fm.Date == "" {
				t.Errorf("Title %q, Categories %q, Date %q: every corpus document has all three", fm.Title, fm.Categories, fm.Date)
			}
		})
	}
}
