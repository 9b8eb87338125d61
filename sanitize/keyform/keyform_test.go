package keyform_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"articleservice/sanitize/keyform"
)

// folded applies the three folds Is vouches for, each as its reference
// implementation does it.
func folded(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(norm.NFKC.String(s)), " "))
}

// TestRunes: every rune Is lets through beyond ASCII is left as it is by
// the folds, alone and between ASCII letters, which it must not compose
// with.
func TestRunes(t *testing.T) {
	for _, block := range [][2]rune{{0x4e00, 0x9fff}, {0xac00, 0xd7a3}} {
		for r := block[0]; r <= block[1]; r++ {
			s := "a" + string(r) + string(r) + "b"
			if !keyform.Is(s) {
				t.Fatalf("Is(%q) = false", s)
			}
			if got := folded(s); got != s {
				t.Fatalf("%U: the folds make %q of %q, yet Is lets it through", r, got, s)
			}
		}
	}
}

func TestCases(t *testing.T) {
	for _, tc := range []struct {
		s      string
		want   bool
		reason string
	}{
		{"", true, "nothing to fold"},
		{"news", true, "lower-case ASCII"},
		{"科技 news", true, "ideographs and ASCII, one space between words"},
		{"한국어", true, "Hangul syllables"},
		{"News", false, "a capital"},
		{" news", false, "a leading space goes"},
		{"news ", false, "a trailing space goes"},
		{"it  之家", false, "two spaces become one"},
		{"a\tb", false, "a tab becomes a space"},
		{"新浪财经－国內", false, "NFKC turns the full-width dash into '-'"},
		{"カタカナ", false, "kana: not among the blocks Is knows"},
		{"\xff", false, "not UTF-8"},
	} {
		if got := keyform.Is(tc.s); got != tc.want {
			t.Errorf("Is(%q) = %v, want %v (%s)", tc.s, got, tc.want, tc.reason)
		}
	}
}

func FuzzIsFolded(f *testing.F) {
	for _, s := range []string{"news", "News", "科技频道", "한국어", "IT 之家", "it 之家", " it", "it ", "it  之家", "新浪财经－国內", "\u200b科技", "가\u11a8", "\xff", "a\x7fb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if keyform.Is(s) && folded(s) != s {
			t.Fatalf("Is(%q), but the folds make it %q", s, folded(s))
		}
	})
}

func ExampleIs() {
	for _, name := range []string{"科技 news", "IT之家", "财经－国內"} {
		fmt.Println(name, keyform.Is(name))
	}
	// Output:
	// 科技 news true
	// IT之家 false
	// 财经－国內 false
}
