package extract

import (
	"testing"
	"unicode"
)

// scriptOf is what count does for every rune: the tables, then
// scriptOfRune for what they cannot answer.
func scriptOf(r rune) int {
	if sc := tableScript(r); sc != mixedBlock {
		return sc
	}
	return scriptOfRune(r)
}

func TestScriptOf(t *testing.T) {
	tests := []struct {
		r      rune
		want   int
		reason string
	}{
		{'a', latinScript, "ASCII letters: a block that is not all Latin"},
		{'中', hanScript, "CJK ideographs fill whole blocks"},
		{'한', hangulScript, "so do Hangul syllables"},
		{'あ', kanaScript, "kana share a block with CJK punctuation"},
		{'。', otherScript, "CJK punctuation"},
		{'\U00020000', hanScript, "beyond the table: Extension B"},
	}
	for _, tc := range tests {
		if got := scriptOf(tc.r); got != tc.want {
			t.Errorf("scriptOf(%U) = %d, want %d (%s)", tc.r, got, tc.want, tc.reason)
		}
	}
}

// Every rune, not only those the fuzzer reaches, gets the script
// scriptOfRune gives it.
func TestScriptOfAgreesWithScriptOfRune(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := scriptOf(r), scriptOfRune(r); got != want {
			t.Fatalf("scriptOf(%U) = %d, scriptOfRune says %d", r, got, want)
		}
	}
}

func FuzzScriptOfAgreesWithScriptOfRune(f *testing.F) {
	for _, r := range []rune{'a', '中', '한', 'あ', '。', -1, unicode.MaxRune + 1} {
		f.Add(int32(r))
	}
	f.Fuzz(func(t *testing.T, r int32) {
		if got, want := scriptOf(r), scriptOfRune(r); got != want {
			t.Fatalf("scriptOf(%U) = %d, scriptOfRune says %d", r, got, want)
		}
	})
}
