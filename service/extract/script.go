package extract

import "unicode/utf8"

// tableScript is scriptOfRune by table for ASCII and for the runes of a
// 256-rune block of the Basic Multilingual Plane that are all in one
// script (CJK ideographs, Hangul syllables, most of Latin), or mixedBlock
// for the others, which scriptOfRune must tell: a body's text is mostly
// such runes, and the table answers them with one load. It is small
// enough to be inlined into count, which asks it of every rune.
func tableScript(r rune) int {
	if uint32(r) < utf8.RuneSelf {
		return int(asciiScript[r])
	}
	if uint32(r) < 0x10000 {
		return int(blockScript[r>>8])
	}
	return mixedBlock
}

// asciiScript holds scriptOfRune's answer for each ASCII rune; built once
// from scriptOfRune itself, read only.
var asciiScript = func() (t [utf8.RuneSelf]uint8) {
	for r := range t {
		t[r] = uint8(scriptOfRune(rune(r)))
	}
	return t
}()

// mixedBlock marks a block whose runes scriptOfRune puts in more than one
// script.
const mixedBlock = 0xff

// blockScript holds, for each block of the Basic Multilingual Plane, the
// script scriptOfRune gives all of its runes, or mixedBlock; built once
// from scriptOfRune itself, read only.
var blockScript = func() (t [0x100]uint8) {
	for b := range t {
		first := rune(b) << 8
		sc := scriptOfRune(first)
		for r := first + 1; r < first+0x100; r++ {
			if scriptOfRune(r) != sc {
				sc = mixedBlock
				break
			}
		}
		t[b] = uint8(sc)
	}
	return t
}()
