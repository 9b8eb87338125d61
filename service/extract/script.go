package extract

// scriptOf is scriptOfRune by table for the runes of a 256-rune block of
// the Basic Multilingual Plane that are all in one script (CJK
// ideographs, Hangul syllables, most of Latin and ASCII): a body's text
// is mostly such runes, and the table answers them with one load. The
// others ask scriptOfRune.
func scriptOf(r rune) int {
	if uint32(r) < 0x10000 {
		if sc := blockScript[r>>8]; sc != mixedBlock {
			return int(sc)
		}
	}
	return scriptOfRune(r)
}

// mixedBlock marks a block whose runes scriptOfRune puts in more than one
// script.
const mixedBlock = 0xff

// blockScript holds, for each block of the Basic Multilingual Plane, the
// script scriptOfRune gives all of its runes, or mixedBlock; built once
// from scriptOfRune itself, read only.
var blockScript = func() *[0x100]uint8 {
	var t [0x100]uint8
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
	return &t
}()
