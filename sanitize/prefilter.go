package sanitize

import (
	"regexp/syntax"
	"unicode/utf8"
)

// firstRunes holds the runes a match of an anchored pattern can start
// with, as ranges: a line starting with any other rune cannot
// match, and the regexp need not run.
type firstRunes []rune // lo, hi pairs

// has reports whether a line starting with b may match. An invalid byte
// reads as U+FFFD, as the regexp reads it, which no set holds.
func (f firstRunes) has(b []byte) bool {
	r, _ := utf8.DecodeRune(b)
	for i := 0; i+1 < len(f); i += 2 {
		if f[i] <= r && r <= f[i+1] {
			return true
		}
	}
	return false
}

// firstRunesOf returns the runes a match of pattern can start with, for
// a pattern that only matches at the start of the text. It returns nil
// when that cannot be told: the pattern is not anchored at the start,
// can match empty text, folds case, or can match U+FFFD (which invalid
// bytes read as).
func firstRunesOf(pattern string) firstRunes {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	re = re.Simplify()
	prog, err := syntax.Compile(re)
	if err != nil || prog.StartCond()&syntax.EmptyBeginText == 0 {
		return nil
	}
	var set firstRunes
	if nullable, ok := addFirst(re, &set); !ok || nullable || len(set) == 0 {
		return nil
	}
	return set
}

// addFirst adds to set the first runes of the texts re matches; nullable
// is whether re can match empty text, ok false when the bytes cannot be
// told.
func addFirst(re *syntax.Regexp, set *firstRunes) (nullable, ok bool) {
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

// addRange adds the runes lo to hi; false for a range holding U+FFFD.
func addRange(set *firstRunes, lo, hi rune) bool {
	if lo <= utf8.RuneError && utf8.RuneError <= hi {
		return false
	}
	*set = append(*set, lo, hi)
	return true
}
