package pagemeta

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// CleanTitle removes the site's name, and a section name next to it, from
// either end of a page title: "Rain floods the valley - The Daily" →
// "Rain floods the valley". headline is the article's own heading
// (Meta.Headline) and siteName the site's (Meta.SiteName); either may be
// empty.
//
// In order:
//   - a title equal to the headline, or with the headline as one side of a
//     separator, yields the headline's side;
//   - a side matching siteName (case, spaces and punctuation aside, "Le
//     Monde" for "Le Monde.fr") is cut with its separator, and a section
//     joined by "|", "_" or "»" next to it after it;
//   - else, as Readability does, the last part after a separator (" - ",
//     " | ", " – ", " — ", " :: ", " · ", " / ", " » ", "_" and "｜" next to
//     CJK text…) is cut when it reads as a site name — at most four words
//     (two CJK characters count as one), a capital letter or a dot in it,
//     no sentence end — and what is left is longer and has at least three
//     words; failing that, a first part before a "|", "»", "/" or "::".
//
// A colon is never cut on length alone: "Foo: Bar" is a title with a
// subtitle. A title that would be left empty is returned as is, and so
// is one over 2 KiB or with more than 24 separators.
func CleanTitle(title, siteName, headline string) string {
	t := clean(title)
	if t == "" || len(t) > maxTitleBytes {
		return t
	}
	h := clean(headline)
	site := clean(siteName)
	seps := findSeps(t)
	// A separator with nothing after it ("Title | Site ::") is dropped.
	for len(seps) > 0 && seps[len(seps)-1].end == len(t) && seps[len(seps)-1].start > 0 {
		t = t[:seps[len(seps)-1].start]
		seps = seps[:len(seps)-1]
	}
	if len(seps) == 0 || len(seps) > maxSeps {
		return t
	}

	if site != "" && sameText(t, site) {
		return t
	}
	if h != "" && sameText(t, h) {
		// The headline confirms the whole title: only a known site name
		// is cut.
		if site != "" {
			if out, ok := stripSite(t, seps, site); ok {
				return out
			}
		}
		return t
	}
	if h != "" && !(site != "" && sameText(h, site)) {
		for _, s := range seps {
			if sameText(t[:s.start], h) {
				return t[:s.start]
			}
		}
		for i := len(seps) - 1; i >= 0; i-- {
			s := seps[i]
			head, tail := t[:s.start], t[s.end:]
			if !sameText(tail, h) {
				continue
			}
			// A short name after a long title is the site's, even when the
			// page's only h1 is its logo: cut it and go on.
			if s.strong && siteLike(tail) && weight(head) >= 3 && weight(head) > weight(tail) {
				t, seps = head, seps[:i]
				break
			}
			return tail
		}
	}

	if site != "" {
		if out, ok := stripSite(t, seps, site); ok {
			return out
		}
	}
	return stripHeuristic(t, seps)
}

// A longer text, or one with more separators, is not a title to cut:
// it is returned whitespace-collapsed, and the work stays bounded.
const (
	maxTitleBytes = 2048
	maxSeps       = 24
)

// sep is a separator in a title, with the spaces around it.
type sep struct {
	start, end int  // byte offsets in the title
	strong     bool // cut on length alone; a colon or "@" is not
	lead       bool // may follow a leading site or section name: | » > / \ › ::
	chain      bool // joins a section to a site: | _ ｜ 丨 » ::
}

// findSeps finds the separators of a title whose whitespace is collapsed.
func findSeps(t string) []sep {
	var out []sep
	add := func(s sep) {
		if s.start <= 0 && s.end >= len(t) {
			return
		}
		if k := len(out); k > 0 && s.start <= out[k-1].end {
			if s.end > out[k-1].end {
				out[k-1].end = s.end
			}
			return
		}
		out = append(out, s)
	}
	for i := 0; i < len(t); {
		r, size := utf8.DecodeRuneInString(t[i:])
		switch {
		case r == ' ' && i > 0:
			// " X " with X one to three separator characters.
			j := i + 1
			n, colons, at := 0, 0, 0
			var firstRune rune
			for j < len(t) && n < 4 {
				c, cs := utf8.DecodeRuneInString(t[j:])
				if c == ':' {
					colons++
				} else if c == '@' {
					at++
				} else if !sepRune(c) {
					break
				}
				if n == 0 {
					firstRune = c
				}
				n++
				j += cs
			}
			if n >= 1 && n <= 3 && (j == len(t) || t[j] == ' ') {
				end := j
				if end < len(t) {
					end++
				}
				s := sep{start: i, end: end}
				switch {
				case colons == n && n == 1, at > 0:
					// " : " is French typography for a subtitle; " @ "
					// a blog on a platform: cut only for a known name.
				case colons == n:
					s.strong, s.lead, s.chain = true, true, true
				default:
					s.strong = true
					switch firstRune {
					case '|', '»', '>', '/', '\\', '›':
						s.lead = true
					}
					switch firstRune {
					case '|', '»', '_', '｜', '丨':
						s.chain = true
					}
				}
				add(s)
				i = j
				continue
			}
		case r == '｜' || r == '丨' || r == '︱':
			add(spaced(t, i, i+size, sep{strong: true, lead: true, chain: true}))
		case r == '_':
			if cjkNear(t, i, i+size) {
				add(spaced(t, i, i+size, sep{strong: true, chain: true}))
			}
		case r == '—' || r == '–' || r == '-':
			j := i + size
			for j < len(t) {
				c, cs := utf8.DecodeRuneInString(t[j:])
				if c != r {
					break
				}
				j += cs
			}
			before, _ := utf8.DecodeLastRuneInString(t[:i])
			after, _ := utf8.DecodeRuneInString(t[j:])
			if isCJK(before) && isCJK(after) {
				add(sep{start: i, end: j, strong: true})
			}
			i = j
			continue
		case r == '：':
			add(spaced(t, i, i+size, sep{}))
		case r == ':' && i+1 < len(t) && t[i+1] == ' ' && i > 0 && t[i-1] != ' ':
			add(sep{start: i, end: i + 2})
		}
		i += size
	}
	return out
}

// spaced widens the separator t[i:j] over the spaces around it.
func spaced(t string, i, j int, s sep) sep {
	for i > 0 && t[i-1] == ' ' {
		i--
	}
	for j < len(t) && t[j] == ' ' {
		j++
	}
	s.start, s.end = i, j
	return s
}

// cjkNear reports whether the nearest letters around t[i:j], spaces
// skipped, include CJK or another non-ASCII script: "标题_网站" and
// "标题 _网站" separate, "file_name" does not.
func cjkNear(t string, i, j int) bool {
	before := strings.TrimRight(t[:i], " ")
	after := strings.TrimLeft(t[j:], " ")
	b, _ := utf8.DecodeLastRuneInString(before)
	a, _ := utf8.DecodeRuneInString(after)
	if len(before) < i || len(after) < len(t)-j { // spaced: " _ "
		return before != "" && after != ""
	}
	return b >= utf8.RuneSelf || a >= utf8.RuneSelf
}

// sepRune reports a character that separates a title's parts when spaces
// surround it.
func sepRune(r rune) bool {
	switch r {
	case '-', '–', '—', '|', '/', '\\', '»', '«', '>', '<', '·', '•', '~', '‹', '›', '⋅', '∙',
		'✩', '★', '☆', '◆', '●', '▪', '►', '▸', '¦', '‖', '｜', '丨', '_', '*', '#':
		return true
	}
	return false
}

func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r)
}

// stripSite cuts the site's name, found as a whole side of a separator or
// as the text right after (before) one, and everything after (before) it.
func stripSite(t string, seps []sep, site string) (string, bool) {
	lsite := strings.ToLower(site)
	lt := strings.ToLower(t)
	if len(lt) != len(t) { // lower-casing changed byte lengths: compare sides only
		lt = ""
	}
	for i := len(seps) - 1; i >= 0; i-- {
		s := seps[i]
		rest := t[s.end:]
		match := siteMatch(rest, site)
		if !match && lt != "" && strings.HasPrefix(lt[s.end:], lsite) {
			// "Title @ Site :: Platform": the site, then another separator.
			after := s.end + len(lsite)
			for _, o := range seps[i+1:] {
				if o.start == after {
					match = true
				}
			}
		}
		if match && strings.TrimSpace(t[:s.start]) != "" {
			return stripSection(t[:s.start], seps[:i]), true
		}
	}
	for i, s := range seps {
		head := t[:s.start]
		match := siteMatch(head, site)
		if !match && lt != "" && strings.HasSuffix(lt[:s.start], lsite) {
			before := s.start - len(lsite)
			for _, o := range seps[:i] {
				if o.end == before {
					match = true
				}
			}
		}
		if match && strings.TrimSpace(t[s.end:]) != "" {
			return t[s.end:], true
		}
	}
	return "", false
}

// stripSection cuts a section name left next to a cut site name when "|",
// "_" or "»" joined them: "Story_Tech" (from "Story_Tech_Site") → "Story".
func stripSection(t string, seps []sep) string {
	if len(seps) == 0 {
		return t
	}
	s := seps[len(seps)-1]
	if !s.chain || !s.strong {
		return t
	}
	head, tail := t[:s.start], t[s.end:]
	if siteLike(tail) && weight(head) > weight(tail) && weight(head) >= 3 {
		return head
	}
	return t
}

// stripHeuristic cuts up to two trailing parts that read as a site or
// section name, else one leading part.
func stripHeuristic(t string, seps []sep) string {
	cut := false
	for range 2 {
		k := lastStrong(seps)
		if k < 0 {
			break
		}
		s := seps[k]
		head, tail := t[:s.start], t[s.end:]
		if !siteLike(tail) || weight(head) < 3 || weight(head) <= weight(tail) {
			break
		}
		t, seps, cut = head, seps[:k], true
	}
	if cut {
		return t
	}
	for _, s := range seps {
		if !s.strong {
			continue
		}
		if s.lead {
			head, tail := t[:s.start], t[s.end:]
			if siteLike(head) && weight(tail) >= 3 && weight(tail) > weight(head) {
				return tail
			}
		}
		break
	}
	return t
}

func lastStrong(seps []sep) int {
	for i := len(seps) - 1; i >= 0; i-- {
		if seps[i].strong {
			return i
		}
	}
	return -1
}

// siteLike reports a part of a title that may be a site's or a section's
// name: at most four words (two CJK characters count as one), with a
// capital letter, a dot ("example.com") or CJK text in it, not ending a
// sentence, and not a numbered part ("Part 2").
func siteLike(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || weight(s) > 4 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	switch last {
	case '?', '!', '.', '…', '？', '！', '。', '"', '”', '\'', '’':
		return false
	}
	marked := false
	for _, r := range s {
		if unicode.IsUpper(r) || r == '.' || isCJK(r) || (unicode.IsLetter(r) && !unicode.In(r, unicode.Latin)) {
			marked = true
			break
		}
	}
	if !marked {
		return false
	}
	words := strings.Fields(s)
	if w := words[len(words)-1]; len(words) > 1 && allDigits(w) {
		return false
	}
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// weight counts words, two CJK characters counting as one word.
func weight(s string) int {
	w := 0
	for _, word := range strings.Fields(s) {
		cjk, other := 0, false
		for _, r := range word {
			switch {
			case isCJK(r):
				cjk++
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				other = true
			}
		}
		w += (cjk + 1) / 2
		if other {
			w++
		}
	}
	return w
}

// key folds a text for comparison: letters and digits only, lower-cased.
func key(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// sameText compares texts without regard to case, spaces, punctuation and
// quote styles.
func sameText(a, b string) bool {
	ka := key(a)
	return ka != "" && ka == key(b)
}

// siteMatch reports whether a part of a title names the site: the same
// text, or one containing the other ("Le Monde" in "Le Monde.fr") when the
// shorter is at least half as long (a leading part at least 40%: "BBC" for
// "BBC News").
func siteMatch(part, site string) bool {
	kp, ks := key(part), key(site)
	if kp == "" || ks == "" {
		return false
	}
	if kp == ks {
		return true
	}
	short, long := kp, ks
	if len(short) > len(long) {
		short, long = long, short
	}
	ns, nl := utf8.RuneCountInString(short), utf8.RuneCountInString(long)
	if ns < 3 {
		return false
	}
	if strings.HasPrefix(long, short) && 5*ns >= 2*nl {
		return true
	}
	return ns >= 4 && 2*ns >= nl && strings.Contains(long, short)
}
