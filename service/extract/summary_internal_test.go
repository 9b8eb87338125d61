package extract

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// joinFieldsReference is joinFields as it was, rune by rune.
func joinFieldsReference(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for i := 0; i < len(s); {
		c := s[i]
		size := 1
		space := c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == ' '
		if c >= utf8.RuneSelf {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
		}
		if space {
			pending = b.Len() > 0
		} else {
			if pending {
				b.WriteByte(' ')
				pending = false
			}
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func TestJoinFields(t *testing.T) {
	tests := []struct {
		in, want, reason string
	}{
		{"  a \t b\n\nc  ", "a b c", "ASCII whitespace collapses and the ends go"},
		{"第一段。\n\n第二段。", "第一段。 第二段。", "CJK runs are copied whole"},
		{"a\u00a0\u3000b\u2028c", "a b c", "whitespace beyond ASCII is whitespace"},
		{"a\u200bb\ufeffc", "a\u200bb\ufeffc", "zero-width space and BOM are not unicode.IsSpace"},
		{"\u00e9\u2019\u3001", "\u00e9\u2019\u3001", "runes with a candidate lead byte that are not spaces are kept"},
		{"a\xc2 b\xe3", "a\xc2 b\xe3", "invalid bytes are copied as they are"},
		{"", "", "nothing"},
	}
	for _, tc := range tests {
		if got := joinFields(tc.in); got != tc.want {
			t.Errorf("joinFields(%q) = %q, want %q (%s)", tc.in, got, tc.want, tc.reason)
		}
		if ref := strings.Join(strings.Fields(tc.in), " "); ref != tc.want {
			t.Errorf("strings.Fields joins %q to %q, the table says %q", tc.in, ref, tc.want)
		}
	}
}

// FuzzJoinFieldsAgreesWithRunes holds joinFields to the rune-by-rune
// reference and to strings.Fields.
func FuzzJoinFieldsAgreesWithRunes(f *testing.F) {
	for _, s := range []string{"a  b", " 第一段。\n\n第二段。 ", "a\u00a0b\u0085c\u1680d\u205fe", "\xe2\x80", "x\xc2\xa0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := joinFields(s)
		if want := joinFieldsReference(s); got != want {
			t.Fatalf("joinFields(%q) = %q, the reference says %q", s, got, want)
		}
		if want := strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("joinFields(%q) = %q, strings.Fields says %q", s, got, want)
		}
	})
}
