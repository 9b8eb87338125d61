package extract

import "unicode"

// otherRune tells of a rune scriptOfRune puts in no script whether it is
// whitespace, and whether it makes a word as a digit (ASCII) or a letter
// or digit (beyond ASCII). Punctuation is most of these runes in CJK text:
// the General Punctuation, CJK Symbols and Punctuation and Fullwidth
// Forms blocks are looked up in a table built from the unicode package's
// own answers; other runes ask it.
func otherRune(r rune) (space, word bool) {
	if r < 0x80 {
		return asciiSpaceOrWord(r)
	}
	var class uint8
	switch {
	case r >= punctFirst && r < punctFirst+rune(len(runeClass.punct)):
		class = runeClass.punct[r-punctFirst]
	case r >= cjkPunctFirst && r < cjkPunctFirst+rune(len(runeClass.cjkPunct)):
		class = runeClass.cjkPunct[r-cjkPunctFirst]
	case r >= fullwidthFirst && r < fullwidthFirst+rune(len(runeClass.fullwidth)):
		class = runeClass.fullwidth[r-fullwidthFirst]
	default:
		return unicode.IsSpace(r), unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	return class&spaceRune != 0, class&wordRune != 0
}

func asciiSpaceOrWord(r rune) (space, word bool) {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ':
		return true, false
	}
	return false, '0' <= r && r <= '9'
}

// The bits of a rune's class.
const (
	spaceRune = 1 << iota
	wordRune
)

const (
	punctFirst     = 0x2000 // General Punctuation
	cjkPunctFirst  = 0x3000 // CJK Symbols and Punctuation
	fullwidthFirst = 0xff00 // Halfwidth and Fullwidth Forms
)

// runeClass holds the class of every rune of the three blocks; built
// once, read only.
var runeClass = func() *struct{ punct, cjkPunct, fullwidth [0x70]uint8 } {
	t := new(struct{ punct, cjkPunct, fullwidth [0x70]uint8 })
	fill := func(dst []uint8, first rune) {
		for i := range dst {
			r := first + rune(i)
			if unicode.IsSpace(r) {
				dst[i] |= spaceRune
			}
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				dst[i] |= wordRune
			}
		}
	}
	fill(t.punct[:], punctFirst)
	fill(t.cjkPunct[:], cjkPunctFirst)
	fill(t.fullwidth[:], fullwidthFirst)
	return t
}()
