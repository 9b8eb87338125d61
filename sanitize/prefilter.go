package sanitize

import (
	"regexp/syntax"
	"unicode/utf8"
)

// firstBytes returns the bytes a match of pattern can start with, for a
// pattern that only matches at the start of the text: a line starting
// with any other byte cannot match, and the regexp need not run. It
// returns nil when that cannot be told: the pattern is not anchored at
// the start, can match empty text, folds case, or can match U+FFFD
// (which invalid bytes read as).
func firstBytes(pattern string) *[256]bool {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	re = re.Simplify()
	prog, err := syntax.Compile(re)
	if err != nil || prog.StartCond()&syntax.EmptyBeginText == 0 {
		return nil
	}
	var set [256]bool
	if nullable, ok := addFirst(re, &set); !ok || nullable {
		return nil
	}
	return &set
}

// addFirst adds to set the first bytes of the texts re matches; nullable
// is whether re can match empty text, ok false when the bytes cannot be
// told.
func addFirst(re *syntax.Regexp, set *[256]bool) (nullable, ok bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true, true
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return false, false
		}
		if len(re.Rune) == 0 {
			return true, true
		}
		return false, addRange(set, re.Rune[0], re.Rune[0])
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if !addRange(set, re.Rune[i], re.Rune[i+1]) {
				return false, false
			}
		}
		return false, true
	case syntax.OpCapture, syntax.OpPlus:
		return addFirst(re.Sub[0], set)
	case syntax.OpStar, syntax.OpQuest:
		_, ok := addFirst(re.Sub[0], set)
		return true, ok
	case syntax.OpRepeat:
		nullable, ok := addFirst(re.Sub[0], set)
		return nullable || re.Min == 0, ok
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			nullable, ok := addFirst(sub, set)
			if !ok || !nullable {
				return false, ok
			}
		}
		return true, true
	case syntax.OpAlternate:
		any := false
		for _, sub := range re.Sub {
			nullable, ok := addFirst(sub, set)
			if !ok {
				return false, false
			}
			any = any || nullable
		}
		return any, true
	}
	return false, false
}

// addRange adds the first bytes of the UTF-8 forms of the runes lo to hi:
// the first byte grows with the code point, so they are those from lo's
// to hi's. False for a range holding U+FFFD.
func addRange(set *[256]bool, lo, hi rune) bool {
	if lo <= utf8.RuneError && utf8.RuneError <= hi {
		return false
	}
	for b := leadByte(lo); b <= leadByte(hi); b++ {
		set[b] = true
	}
	return true
}

func leadByte(r rune) int {
	switch {
	case r < 0x80:
		return int(r)
	case r < 0x800:
		return 0xc0 | int(r>>6)
	case r < 0x10000:
		return 0xe0 | int(r>>12)
	}
	return 0xf0 | int(min(r, utf8.MaxRune)>>18)
}
