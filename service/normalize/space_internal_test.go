package normalize

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

var spaceSeeds = []string{"", " ", "a", "a b", "a  b", " a", "a ", "a\tb", "a\u00a0b", "a\u3000b",
	"a\u0085b", "a\u200bb", "\ufeffa", "正文 第一段。", "a\xffb", "a\vb", "a \u2028b"}

// The shortcut for text already spaced must never change what Space returns.
func FuzzSpaceShortcut(f *testing.F) {
	for _, s := range spaceSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if spaced(s) && collapse(s) != s {
			t.Errorf("spaced(%q), but collapsing makes it %q", s, collapse(s))
		}
		if !spaced(s) && collapse(s) == s {
			t.Errorf("!spaced(%q), though collapsing leaves it as it is", s)
		}
	})
}

func FuzzAppendSpace(f *testing.F) {
	for _, s := range spaceSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got := string(AppendSpace([]byte("x"), []byte(s))); got != "x"+Space(s) {
			t.Errorf("AppendSpace(%q) = %q, Space says %q", s, got[1:], Space(s))
		}
		if !utf8.ValidString(s) {
			return
		}
		if got := string(AppendSpaceValid([]byte("x"), []byte(s))); got != "x"+Space(s) {
			t.Errorf("AppendSpaceValid(%q) = %q, Space says %q", s, got[1:], Space(s))
		}
	})
}

// categoryKeyDefinition is CategoryKey without its shortcut.
func categoryKeyDefinition(c string) string {
	return strings.ToLower(Space(norm.NFKC.String(c)))
}

func FuzzCategoryKey(f *testing.F) {
	for _, s := range []string{"news", "News", "科技频道", "한국어", "IT 之家", "it 之家", " it", "it ", "it  之家", "新浪财经－国內", "\u200b科技", "가\u11a8", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, c string) {
		if got, want := CategoryKey(c), categoryKeyDefinition(c); got != want {
			t.Fatalf("CategoryKey(%q) = %q, its definition gives %q", c, got, want)
		}
	})
}
