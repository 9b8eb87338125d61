package sanitize

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// foldKeyRef is foldKey without its shortcuts.
func foldKeyRef(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(norm.NFKC.String(s)), " "))
}

func TestFoldKeyMatchesItsDefinition(t *testing.T) {
	for _, tc := range []struct{ in, reason string }{
		{"", "empty"},
		{"news", "folded already: returned as it is"},
		{"科技频道", "CJK, folded already"},
		{"Tech News", "upper case"},
		{" tech", "leading space"},
		{"tech ", "trailing space"},
		{"tech  news", "two spaces"},
		{"tech\tnews", "tab"},
		{"tech\u00a0news", "no-break space, two bytes"},
		{"tech\u3000news", "ideographic space, three bytes"},
		{"tech\u2003news", "em space"},
		{"\u00e9\u00a9", "two-byte runes whose lead is C2/C3 but are not spaces"},
		{"ＡＢＣ", "full width: NFKC folds to ASCII, then lower case"},
		{"ÉCOLE", "upper case beyond ASCII"},
		{"\xc2", "a lone lead byte"},
	} {
		if got, want := foldKey(tc.in), foldKeyRef(tc.in); got != want {
			t.Errorf("foldKey(%q) = %q, want %q (%s)", tc.in, got, want, tc.reason)
		}
	}
}

func FuzzFoldKey(f *testing.F) {
	for _, s := range []string{"news", "Tech  News", "科技\u3000频道", "ＡＢＣ", "a\u0085b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := foldKey(s), foldKeyRef(s); got != want {
			t.Fatalf("foldKey(%q) = %q, want %q", s, got, want)
		}
	})
}

func TestFoldKeyOfAFoldedKeyAllocatesNothing(t *testing.T) {
	for _, s := range []string{"news", "科技频道", "tech news"} {
		if n := testing.AllocsPerRun(100, func() { _ = foldKey(s) }); n != 0 {
			t.Errorf("foldKey(%q) allocates %v times; a folded key is returned as it is", s, n)
		}
	}
}
