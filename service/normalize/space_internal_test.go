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

// TestKeyFormRunes: every rune keyForm lets through beyond ASCII is left
// as it is by NFKC and by lower-casing, alone and beside an ASCII letter.
func TestKeyFormRunes(t *testing.T) {
	for _, block := range [][2]rune{{0x4e00, 0x9fff}, {0xac00, 0xd7a3}} {
		for r := block[0]; r <= block[1]; r++ {
			s := "a" + string(r) + string(r)
			if !keyForm(s) {
				t.Fatalf("keyForm(%q) = false", s)
			}
			if got := categoryKeyDefinition(s); got != s {
				t.Fatalf("%U: CategoryKey's definition makes %q of %q, yet keyForm lets it through", r, got, s)
			}
		}
	}
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
