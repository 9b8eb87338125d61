package normalize

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"articleservice/sanitize/keyform"

	"golang.org/x/text/unicode/norm"
)

// Title decodes HTML entities, collapses whitespace (line breaks of
// multi-line YAML titles included), trims, and removes one pair of quotes
// wrapping the whole title ("…", '…', “…”, 「…」, 『…』) — a title that only
// starts with a quoted phrase keeps it.
func Title(raw string) string {
	t := Space(html.UnescapeString(raw))
	for _, q := range wrappingQuotes {
		inner, ok := strings.CutPrefix(t, q[0])
		if !ok {
			continue
		}
		inner, ok = strings.CutSuffix(inner, q[1])
		if ok && inner != "" && !strings.Contains(inner, q[0]) && !strings.Contains(inner, q[1]) {
			return strings.TrimSpace(inner)
		}
	}
	return t
}

var wrappingQuotes = [][2]string{{`"`, `"`}, {"'", "'"}, {"“", "”"}, {"「", "」"}, {"『", "』"}}

// StripSuffix removes a trailing " _ Site" (separator _, |, -, –, —, ｜ or
// 丨, spaces optional) when the text after the separator is one of names:
// "1-7月财政收入 _新浪财经" → "1-7月财政收入". A title that is only the suffix
// is kept.
func StripSuffix(title string, names []string) string {
	for _, name := range names {
		if name == "" {
			continue
		}
		rest, ok := strings.CutSuffix(title, name)
		if !ok {
			continue
		}
		rest = strings.TrimRight(rest, " \u3000")
		for _, sep := range []string{"_", "|", "-", "–", "—", "｜", "丨"} {
			if head, ok := strings.CutSuffix(rest, sep); ok {
				if head = strings.TrimSpace(head); head != "" {
					return head
				}
			}
		}
	}
	return title
}

// Space collapses every run of Unicode whitespace (ideographic space and
// NBSP included) to one ASCII space and trims the ends.
func Space(s string) string {
	if spaced(s) {
		return s
	}
	return collapse(s)
}

func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' {
			pending = b.Len() > 0
			continue
		}
		if pending {
			b.WriteByte(' ')
			pending = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// AppendSpace appends Space(string(s)) to dst, without the string.
func AppendSpace(dst, s []byte) []byte {
	if !utf8.Valid(s) {
		return appendSpaceRunes(dst, s)
	}
	return AppendSpaceValid(dst, s)
}

// AppendSpaceValid is AppendSpace for s its caller knows to be valid
// UTF-8, which it does not check again. (Invalid bytes are copied as they
// are, where AppendSpace writes U+FFFD.)
func AppendSpaceValid(dst, s []byte) []byte {
	// Valid UTF-8 is copied in runs between whitespace; only the runes
	// whose lead byte can start whitespace are decoded.
	start := len(dst)
	pending := false
	run := -1 // start of the run of non-space bytes being read
	for i := 0; i < len(s); {
		class := spaceClass[s[i]]
		if class == plainByte {
			if run < 0 {
				if pending {
					dst = append(dst, ' ')
					pending = false
				}
				run = i
			}
			for i++; i < len(s) && spaceClass[s[i]] == plainByte; i++ {
			}
			continue
		}
		size, space := 1, true
		if class == mayBeSpace {
			var r rune
			r, size = utf8.DecodeRune(s[i:])
			space = unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
		}
		if space {
			if run >= 0 {
				dst = append(dst, s[run:i]...)
				run = -1
			}
			pending = len(dst) > start
		} else if run < 0 {
			if pending {
				dst = append(dst, ' ')
				pending = false
			}
			run = i
		}
		i += size
	}
	if run >= 0 {
		dst = append(dst, s[run:]...)
	}
	return dst
}

// The classes of bytes in valid UTF-8 for Space: an ASCII space, the lead
// byte of a rune that may be whitespace (U+0085, NBSP, U+1680,
// U+2000-U+205F, U+3000, U+FEFF), or a byte of a rune that is not.
const (
	plainByte = iota
	asciiSpace
	mayBeSpace
)

var spaceClass = [256]uint8{' ': asciiSpace, '\t': asciiSpace, '\n': asciiSpace, '\v': asciiSpace, '\f': asciiSpace,
	'\r': asciiSpace, 0xc2: mayBeSpace, 0xe1: mayBeSpace, 0xe2: mayBeSpace, 0xe3: mayBeSpace, 0xef: mayBeSpace}

// appendSpaceRunes is AppendSpace rune by rune, which replaces invalid
// bytes by U+FFFD as Space does.
func appendSpaceRunes(dst, s []byte) []byte {
	start := len(dst)
	pending := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRune(s[i:])
		i += size
		if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' {
			pending = len(dst) > start
			continue
		}
		if pending {
			dst = append(dst, ' ')
			pending = false
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

// spaced reports whether Space would return s as it is: valid UTF-8
// whose only whitespace is single ASCII spaces between other characters.
// Most text already is, and then costs no copy. Only the runes whose
// first byte can start whitespace (U+0085, NBSP, U+1680, U+2000-U+205F,
// U+3000, U+FEFF) are decoded: CJK text is skipped byte by byte.
func spaced(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	prevSpace := true // a leading space is trimmed
	for i := 0; i < len(s); i++ {
		switch spaceClass[s[i]] {
		case plainByte:
			prevSpace = false
		case asciiSpace:
			if prevSpace || s[i] != ' ' {
				return false
			}
			prevSpace = true
		case mayBeSpace:
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' {
				return false
			}
			i += size - 1
			prevSpace = false
		}
	}
	return !prevSpace || s == ""
}

// Categories trims each category (a leading "- " left by a badly nested
// YAML list included), drops empty ones and duplicates, and keeps the order.
func Categories(raw []string) []string {
	out := make([]string, 0, len(raw))
	seen := make(map[string]bool, len(raw))
	for _, c := range raw {
		c = Space(html.UnescapeString(c))
		for strings.HasPrefix(c, "- ") || c == "-" {
			c = strings.TrimSpace(strings.TrimPrefix(c, "-"))
		}
		if c == "" || seen[c] {
			continue
		}
		seen[c] = true
		out = append(out, c)
	}
	return out
}

// CategoryKey is the form of a category to filter on: Unicode NFKC (so
// full-width "－" and "Ａ" fold to "-" and "A"), whitespace collapsed, Latin
// lower-cased.
func CategoryKey(c string) string {
	if keyform.Is(c) {
		return c // most names are keys already: no NFKC pass, no copy
	}
	return strings.ToLower(Space(norm.NFKC.String(c)))
}

// CategoryKeys maps CategoryKey over categories, dropping duplicate keys.
func CategoryKeys(categories []string) []string {
	out := make([]string, 0, len(categories))
	seen := make(map[string]bool, len(categories))
	for _, c := range categories {
		k := CategoryKey(c)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, k)
	}
	return out
}

// SiteSection derives the site and section from the categories. Crawled
// category paths run from broad to narrow: [group, site, feed] or
// [site, feed]. With three or more the second is the site and the last the
// section; with two, the first and the second; with one, that is the site.
func SiteSection(categories []string) (site, section string) {
	switch n := len(categories); {
	case n >= 3:
		return categories[1], categories[n-1]
	case n == 2:
		return categories[0], categories[1]
	case n == 1:
		return categories[0], ""
	}
	return "", ""
}
