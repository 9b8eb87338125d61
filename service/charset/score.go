package charset

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Very common characters of each script: a right decoding is full of them,
// a wrong one (the same bytes read as another charset) almost never.
const (
	commonSimplified  = "的一是不了在人有我他这个们中来上大为和国地到以说时要就出也得里后自会年发经对同学部现进"
	commonTraditional = "的一是不了在人有我他這個們中來上大為和國地到以說時要就出也得裡後自會年發經對同學部現進"
)

// score rates a candidate decoding: replacement characters and controls
// count against it, common characters and kana for it.
func score(text []byte, name string) float64 {
	var total, good, bad int
	for len(text) > 0 {
		r, n := utf8.DecodeRune(text)
		text = text[n:]
		if r < 0x80 {
			continue
		}
		total++
		switch {
		case r == utf8.RuneError:
			bad += 10
		case r >= 0xFF61 && r <= 0xFF9F:
			// Half-width katakana: what GBK or Big5 bytes look like read as Shift_JIS.
			bad += 2
		case unicode.IsControl(r) || unicode.Is(unicode.Co, r):
			bad += 5
		case name == "gbk" && strings.ContainsRune(commonSimplified, r):
			good += 3
		case name == "big5" && strings.ContainsRune(commonTraditional, r):
			good += 3
		case name == "shift_jis" && (unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)):
			good += 2
		case unicode.Is(unicode.Han, r):
			good++
		case unicode.IsPunct(r) || unicode.IsSpace(r):
		default:
			bad++
		}
	}
	if total == 0 {
		return 0
	}
	return float64(good-bad) / float64(total)
}
