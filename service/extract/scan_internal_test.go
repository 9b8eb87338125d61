package extract

import (
	"bytes"
	"slices"
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

// flushedText is the body text a block of text makes, through text
// unless cur is given, then flush.
func flushedText(s []byte, cur []byte) (string, []span) {
	r := &reader{}
	if cur == nil {
		r.text(s)
	} else {
		r.cur = cur
	}
	r.flush()
	return string(r.txt), r.paras
}

func TestScanShortcuts(t *testing.T) {
	tests := []struct {
		in      string
		plain   bool
		text    string
		visible bool
		reason  string
	}{
		{"a &amp; b", true, "a &amp; b", true, "an entity bluemonday writes"},
		{"a &nbsp; b", false, "a &nbsp; b", true, "an entity it does not write"},
		{"a\r\nb", false, "a b", true, "a carriage return, after the entity check would pass"},
		{"&amp;\x00", false, "&amp;\x00", true, "a NUL after a good entity"},
		{"a\tb\fc\nd", true, "a b c d", true, "control whitespace collapses to spaces"},
		{"第一行\n第二行", true, "第一行 第二行", true, "multi-byte text is copied as it is"},
		{" \t\u00a0\u3000\u200b\n", true, "", false, "whitespace of every kind is not visible"},
		{"\xff", true, "\ufffd", true, "an invalid byte is"},
		{"", true, "", false, "nothing"},
	}
	for _, tc := range tests {
		if got := plainText([]byte(tc.in)); got != tc.plain {
			t.Errorf("plainText(%q) = %v, want %v (%s)", tc.in, got, tc.plain, tc.reason)
		}
		if got, _ := flushedText([]byte(tc.in), nil); got != tc.text {
			t.Errorf("text(%q) then flush = %q, want %q (%s)", tc.in, got, tc.text, tc.reason)
		}
		if got := visible([]byte(tc.in)); got != tc.visible {
			t.Errorf("visible(%q) = %v, want %v (%s)", tc.in, got, tc.visible, tc.reason)
		}
	}
}

// FuzzScanShortcutsAgreeWithIndexAny holds plainText, and the text that
// text and flush make, to the IndexAny loops they replaced, and visible
// to bytes.TrimFunc.
func FuzzScanShortcutsAgreeWithIndexAny(f *testing.F) {
	for _, s := range []string{"a &amp; b &#39;", "a &nbsp;", "x\r\ny\tz\f", "&\x00", "&#13;&#34;&lt;&gt;", " \u00a0\n\u3000x\v"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, s []byte) {
		if got, want := plainText(s), plainTextReference(s); got != want {
			t.Fatalf("plainText(%q) = %v, the reference says %v", s, got, want)
		}
		if got, want := visible(s), len(bytes.TrimFunc(s, isBlank)) > 0; got != want {
			t.Fatalf("visible(%q) = %v, bytes.TrimFunc says %v", s, got, want)
		}
		gotText, gotParas := flushedText(s, nil)
		wantText, wantParas := flushedText(s, textReference(nil, s))
		if gotText != wantText || !slices.Equal(gotParas, wantParas) {
			t.Fatalf("text(%q) then flush = %q %v, the reference %q %v", s, gotText, gotParas, wantText, wantParas)
		}
	})
}
