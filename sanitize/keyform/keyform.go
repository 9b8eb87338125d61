package keyform

import "unicode/utf8"

// Is reports whether NFKC, lower-casing and collapsing whitespace to
// single spaces between words would each leave s as it is, for a reason
// seen at a glance: its runes are ASCII other than capitals and controls,
// CJK unified ideographs (U+4E00-U+9FFF) or Hangul syllables, which NFKC
// leaves alone and composes with none of the others and which have no
// case, and its spaces are single and between words. Is(s) false says
// nothing: the folds may leave s as it is all the same.
func Is(s string) bool {
	prevSpace := true // a leading space is trimmed
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b < ' ' || b == 0x7f || 'A' <= b && b <= 'Z' || b == ' ' && prevSpace {
				return false
			}
			prevSpace = b == ' '
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !(r >= 0x4e00 && r <= 0x9fff || r >= 0xac00 && r <= 0xd7a3) {
			return false
		}
		prevSpace = false
		i += size
	}
	return !prevSpace || s == ""
}
