package extract

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// otherRuneReference is what count asked of every rune in no script
// before the table: the unicode package, rune by rune.
func otherRuneReference(r rune) (space, word bool) {
	return unicode.IsSpace(r), r < 0x80 && r >= '0' && r <= '9' || r >= 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func TestOtherRune(t *testing.T) {
	tests := []struct {
		r           rune
		space, word bool
		reason      string
	}{
		{' ', true, false, "ASCII space"},
		{'7', false, true, "an ASCII digit makes a word"},
		{'!', false, false, "ASCII punctuation"},
		{'\u3000', true, false, "the ideographic space, in the CJK punctuation table"},
		{'\u3002', false, false, "the ideographic full stop"},
		{'\u3005', false, true, "々 is a letter among the CJK punctuation"},
		{'\u2028', true, false, "the line separator, in the General Punctuation table"},
		{'\u201c', false, false, "a curly quote"},
		{'\uff0c', false, false, "the fullwidth comma"},
		{'\uff11', false, true, "a fullwidth digit"},
		{'\uff21', false, true, "a fullwidth letter"},
		{'\u00a0', true, false, "NBSP, beyond the tables"},
		{'\u0660', false, true, "an Arabic-Indic digit, beyond the tables"},
		{'\U0001F600', false, false, "an emoji"},
	}
	for _, tc := range tests {
		if space, word := otherRune(tc.r); space != tc.space || word != tc.word {
			t.Errorf("otherRune(%U) = %v, %v, want %v, %v (%s)", tc.r, space, word, tc.space, tc.word, tc.reason)
		}
	}
}

// Every rune the tables hold, and every other, answers as the unicode
// package does.
func TestOtherRuneAgreesWithUnicode(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if scriptOfRune(r) != otherScript || !utf8.ValidRune(r) {
			continue
		}
		space, word := otherRune(r)
		if wantSpace, wantWord := otherRuneReference(r); space != wantSpace || word != wantWord {
			t.Fatalf("otherRune(%U) = %v, %v, unicode says %v, %v", r, space, word, wantSpace, wantWord)
		}
	}
}

// FuzzStatsAgreesWithUnicode holds the counts over any text to the ones
// taken with the unicode package and scriptOfRune for every rune, the
// language counts over the first langRunes runes included.
func FuzzStatsAgreesWithUnicode(f *testing.F) {
	for _, s := range []string{"今年“五一”假期，国内旅游市场强势复苏。", "Ｒ＆Ｄ　１２３ 々", "a\u2028b\u00a0c 12", "\xff\xe3\x80",
		"這個東西 this 中文 한국어 かな", "ab中cd", strings.Repeat("这个", langRunes)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var ref counts
		var chars, words, n int
		inWord, inLatin := false, false
		for _, r := range text {
			sc := scriptOfRune(r)
			if n++; n <= langRunes {
				switch sc {
				case kanaScript:
					ref.kana++
				case hangulScript:
					ref.hangul++
				case hanScript:
					ref.han++
					if r >= 0x4e00 && r <= 0x9fff {
						switch {
						case strings.ContainsRune(simplifiedOnly, r):
							ref.simplified++
						case strings.ContainsRune(traditionalOnly, r):
							ref.traditional++
						}
					}
				case latinScript:
					ref.latin++
				}
				if sc == latinScript && !inLatin {
					ref.latinWords++
				}
				inLatin = sc == latinScript
			}
			if sc == hanScript || sc == kanaScript || sc == hangulScript {
				ref.cjk++
			}
			space, word := otherRuneReference(r)
			if sc != otherScript || !space {
				chars++
			}
			switch {
			case sc == hanScript || sc == kanaScript || sc == hangulScript:
				inWord = false
			case sc == latinScript || sc == otherScript && word:
				if !inWord {
					words++
				}
				inWord = true
			default:
				inWord = false
			}
		}
		lang := ref
		lang.cjk = 0
		if c := count(text, false); c != lang {
			t.Fatalf("count(%q) for the language: %+v; want %+v", text, c, lang)
		}
		ref.chars, ref.words = chars, words
		if c := count(text, true); c != ref {
			t.Fatalf("count(%q): %+v; want %+v", text, c, ref)
		}
	})
}
