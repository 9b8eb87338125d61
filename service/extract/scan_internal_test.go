package extract

import (
	"bytes"
	"testing"
)

// plainTextReference is plainText as it was: one IndexAny over the three
// characters that matter.
func plainTextReference(s []byte) bool {
	for {
		i := bytes.IndexAny(s, "&\r\x00")
		if i < 0 {
			return true
		}
		if s[i] != '&' {
			return false
		}
		if _, n := entity(s[i:]); n == 0 {
			return false
		}
		s = s[i+1:]
	}
}

// textReference is what reader.text appended outside <pre> before: the
// text in runs between control whitespace, each made a space.
func textReference(cur, s []byte) []byte {
	for len(s) > 0 {
		i := bytes.IndexAny(s, "\n\r\t\f")
		if i < 0 {
			return append(cur, s...)
		}
		cur = append(cur, s[:i]...)
		cur = append(cur, ' ')
		s = s[i+1:]
	}
	return cur
}

func TestScanShortcuts(t *testing.T) {
	tests := []struct {
		in     string
		plain  bool
		text   string
		reason string
	}{
		{"a &amp; b", true, "a &amp; b", "an entity bluemonday writes"},
		{"a &nbsp; b", false, "a &nbsp; b", "an entity it does not write"},
		{"a\r\nb", false, "a  b", "a carriage return, after the entity check would pass"},
		{"&amp;\x00", false, "&amp;\x00", "a NUL after a good entity"},
		{"a\tb\fc\nd", true, "a b c d", "control whitespace becomes spaces"},
		{"第一行\n第二行", true, "第一行 第二行", "multi-byte text is copied as it is"},
		{"", true, "", "nothing"},
	}
	for _, tc := range tests {
		if got := plainText([]byte(tc.in)); got != tc.plain {
			t.Errorf("plainText(%q) = %v, want %v (%s)", tc.in, got, tc.plain, tc.reason)
		}
		r := &reader{}
		r.text([]byte(tc.in))
		if string(r.cur) != tc.text {
			t.Errorf("text(%q) = %q, want %q (%s)", tc.in, r.cur, tc.text, tc.reason)
		}
	}
}

// FuzzScanShortcutsAgreeWithIndexAny holds plainText and reader.text to
// the IndexAny loops they replaced.
func FuzzScanShortcutsAgreeWithIndexAny(f *testing.F) {
	for _, s := range []string{"a &amp; b &#39;", "a &nbsp;", "x\r\ny\tz\f", "&\x00", "&#13;&#34;&lt;&gt;"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, s []byte) {
		if got, want := plainText(s), plainTextReference(s); got != want {
			t.Fatalf("plainText(%q) = %v, the reference says %v", s, got, want)
		}
		r := &reader{cur: []byte("x")}
		r.text(s)
		if want := textReference([]byte("x"), s); !bytes.Equal(r.cur, want) {
			t.Fatalf("text(%q) appended %q, the reference %q", s, r.cur[1:], want[1:])
		}
	})
}
