package extract

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// joinFieldsReference is appendFields as it was, rune by rune, into a
// strings.Builder.
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

// summaryReference is Summary as it was: the flattened text a string, its
// runes a []rune, the cut trimmed as a string.
func summaryReference(text string) string {
	if len(text) > 1200 {
		cut := 1200
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	flat := joinFieldsReference(text)
	if utf8.RuneCountInString(flat) <= summaryLen {
		return flat
	}
	limit, n := len(flat), 0
	for i, r := range flat {
		if n >= 152 && !strings.ContainsRune(closers, r) {
			limit = i
			break
		}
		n++
	}
	runes := []rune(flat[:limit])
	if cut := lastSentenceEnd(runes, 60, summaryLen); cut > 0 {
		return string(runes[:withClosers(runes, cut)])
	}
	if cut := firstSentenceEnd(runes, summaryLen, min(len(runes), 150)); cut > 0 {
		return string(runes[:withClosers(runes, cut)])
	}
	end := summaryLen
	for i := summaryLen; i > summaryLen/2; i-- {
		if runes[i] == ' ' {
			end = i
			break
		}
		if !isSpaced(runes[i-1]) {
			break
		}
	}
	return strings.TrimSpace(string(runes[:end])) + "…"
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
		if got := string(appendFields([]byte("x"), tc.in)[1:]); got != tc.want {
			t.Errorf("appendFields(%q) = %q, want %q (%s)", tc.in, got, tc.want, tc.reason)
		}
		if ref := strings.Join(strings.Fields(tc.in), " "); ref != tc.want {
			t.Errorf("strings.Fields joins %q to %q, the table says %q", tc.in, ref, tc.want)
		}
	}
}

// FuzzSummaryAgreesWithReference holds appendFields to the rune-by-rune
// reference and to strings.Fields, and Summary to the way it was before it
// kept its work on the stack.
func FuzzSummaryAgreesWithReference(f *testing.F) {
	for _, s := range []string{"a  b", " 第一段。\n\n第二段。 ", "a\u00a0b\u0085c\u1680d\u205fe", "\xe2\x80", "x\xc2\xa0",
		// Long enough to be cut: at a sentence end, after one, at a space, inside a word.
		strings.Repeat("今年假期，国内旅游市场强势复苏。", 12), strings.Repeat("word ", 60) + "end. More",
		strings.Repeat("長", 200) + "。”」）", strings.Repeat("x", 130) + " y", strings.Repeat("\xff ", 200),
		// Not settled by the first 640 bytes: whitespace, closers or the
		// end of the text there.
		strings.Repeat(" \n", 300) + strings.Repeat("今年假期，国内旅游市场。", 12), strings.Repeat("長", 150) + strings.Repeat("”", 100) + "後",
		strings.Repeat("長", 100) + strings.Repeat("  ", 150) + "。下一句。",
		strings.Repeat("長      ", 71) + "長長長。後後後" + strings.Repeat("後", 50)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := string(appendFields(nil, s))
		if want := joinFieldsReference(s); got != want {
			t.Fatalf("appendFields(%q) = %q, the reference says %q", s, got, want)
		}
		if want := strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("appendFields(%q) = %q, strings.Fields says %q", s, got, want)
		}
		if got, want := Summary(s), summaryReference(s); got != want {
			t.Fatalf("Summary(%q) = %q, the reference says %q", s, got, want)
		}
	})
}
