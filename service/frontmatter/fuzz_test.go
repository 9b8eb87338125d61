package frontmatter_test

import (
	"bytes"
	"errors"
	"slices"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"articleservice/service/frontmatter"
)

// FuzzSplitParse splits and parses arbitrary documents. Split must return
// pieces of its input consistent with what it reports; Parse must fail
// only with its documented errors and, when it succeeds, agree with a
// plain yaml.v3 decode on every string field the decode sees.
func FuzzSplitParse(f *testing.F) {
	docs := corpusDocs(f)
	names := make([]string, 0, len(docs))
	for n := range docs {
		names = append(names, n)
	}
	sort.Strings(names)
	for i, n := range names {
		if i%8 == 0 || n == "0007.md" || n == "0190.md" {
			f.Add(docs[n], uint16(60000))
		}
	}
	f.Add([]byte("\n---\n"+billionLaughs()+"---\nbody"), uint16(0))
	f.Add([]byte("---\r\ntitle: a\r\n...\r\n"), uint16(16))
	f.Add([]byte("---\ncategories:\n - - a\n   - b\n - '- c'\ntitle:\n  a: b\n---\n"), uint16(0))
	f.Add([]byte("---\n- a\n- b\n---\n"), uint16(0))
	f.Add([]byte("---\ntitle: [a\n---\n"), uint16(0))
	f.Add([]byte("---\ntitle: 'a\n"), uint16(3))
	f.Fuzz(func(t *testing.T, doc []byte, maxBytes uint16) {
		fm, body, line, found, closed := frontmatter.Split(doc, int(maxBytes))
		checkSplit(t, doc, int(maxBytes), fm, body, line, found, closed)
		if !found || !closed {
			return
		}
		got, err := frontmatter.Parse(fm, frontmatter.Limits{MaxNodes: 2000})
		if err != nil {
			var se *frontmatter.SyntaxError
			switch {
			case errors.As(err, &se):
				if se.Line < 0 || se.Msg == "" {
					t.Fatalf("SyntaxError %+v: want a line ≥ 0 and a message", se)
				}
			case errors.Is(err, frontmatter.ErrAlias):
				if !bytes.ContainsAny(fm, "&*") {
					t.Fatalf("ErrAlias without & or * in %q", fm)
				}
			case errors.Is(err, frontmatter.ErrTooManyNodes), errors.Is(err, frontmatter.ErrNotMapping):
			default:
				t.Fatalf("Parse: undocumented error %v (%T)", err, err)
			}
			return
		}
		for _, is := range got.Issues {
			if is.Key == "" || is.Message == "" {
				t.Fatalf("issue %+v lacks a key or message", is)
			}
		}
		compareWithYAML(t, fm, got)
	})
}

func checkSplit(tb testing.TB, doc []byte, maxBytes int, fm, body []byte, line int, found, closed bool) {
	tb.Helper()
	if !found {
		if fm != nil || closed || line != 0 || !bytes.Equal(body, doc) {
			tb.Fatalf("no front matter: got fm=%q body=%q line=%d closed=%v, want nil, the document, 0, false", fm, body, line, closed)
		}
		return
	}
	lines := strings.Split(string(doc), "\n")
	if line < 2 || line-2 >= len(lines) || strings.TrimRight(lines[line-2], " \t\r") != "---" {
		tb.Fatalf("line %d does not follow a --- line in %q", line, doc)
	}
	for _, l := range lines[:line-2] {
		if strings.TrimSpace(l) != "" {
			tb.Fatalf("non-blank line %q before the opening ---", l)
		}
	}
	if !closed {
		if fm != nil || body != nil {
			tb.Fatalf("unclosed: fm=%q body=%q, want nil, nil", fm, body)
		}
		return
	}
	if !bytes.HasSuffix(doc, body) {
		tb.Fatalf("body %q is not the end of the document", body)
	}
	start := len(strings.Join(lines[:line-1], "\n")) + 1
	if start > len(doc) || !bytes.HasPrefix(doc[start:], fm) {
		tb.Fatalf("fm %q does not start at line %d", fm, line)
	}
	if start+len(fm) > len(doc)-len(body) {
		tb.Fatalf("fm %q and body %q overlap", fm, body)
	}
	if len(fm) > 0 && fm[len(fm)-1] != '\n' {
		tb.Fatalf("fm %q does not end with a newline", fm)
	}
	for l := range strings.SplitSeq(strings.TrimSuffix(string(fm), "\n"), "\n") {
		if tl := strings.TrimRight(l, " \t\r"); len(fm) > 0 && (tl == "---" || tl == "...") {
			tb.Fatalf("fm %q holds a closing line", fm)
		}
	}
	if maxBytes > 0 {
		last := bytes.LastIndexByte(fm[:max(len(fm)-1, 0)], '\n') + 1 // start of fm's last line
		if len(fm) > 0 && last > maxBytes {
			tb.Fatalf("fm of %d bytes has a line starting at %d, past maxBytes %d", len(fm), last, maxBytes)
		}
	}
}

// compareWithYAML decodes src into a map with yaml.v3 and checks that each
// of title, author, date, headimg and thumbnail that yaml.v3 reads as a
// string is what Parse returned.
func compareWithYAML(tb testing.TB, src []byte, got frontmatter.FrontMatter) {
	tb.Helper()
	var m map[string]any
	if err := yaml.Unmarshal(src, &m); err != nil {
		return // e.g. duplicate keys, which yaml.v3 refuses for maps
	}
	fields := map[string]string{"title": got.Title, "author": got.Author, "date": got.Date, "headimg": got.HeadImg, "thumbnail": got.Thumbnail}
	for key, value := range fields {
		var match []string
		for k := range m {
			if strings.ToLower(strings.TrimSpace(k)) == key {
				match = append(match, k)
			}
		}
		if len(match) != 1 {
			continue
		}
		if s, ok := m[match[0]].(string); ok && s != value {
			tb.Fatalf("%s = %q, yaml.v3 reads %q from %q", key, value, s, src)
		}
	}
	var cats []string
	switch v := m["categories"].(type) {
	case string:
		cats = []string{v}
	case []any:
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return
			}
			cats = append(cats, s)
		}
	default:
		return
	}
	for k := range m {
		if k != "categories" && slices.Contains([]string{"categories", "category", "tags"}, strings.ToLower(strings.TrimSpace(k))) {
			return
		}
	}
	if !slices.Equal(got.Categories, cats) {
		tb.Fatalf("Categories = %q, yaml.v3 reads %q from %q", got.Categories, cats, src)
	}
}
