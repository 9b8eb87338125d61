package pagemeta

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// clean makes a metadata value presentable: HTML entities left escaped by
// the page (a double-escaped "&amp;#8217;") are decoded and every run of
// whitespace becomes one space, trimmed. A value that needs neither is
// returned as is, without allocating.
func clean(s string) string {
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return collapse(s)
}

// collapse turns every run of Unicode whitespace (NBSP, ideographic space
// and zero-width space included) into one ASCII space and trims the ends.
func collapse(s string) string {
	if !needsCollapse(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for _, r := range s {
		if isSpace(r) {
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

func needsCollapse(s string) bool {
	prevSpace := true // a leading space needs trimming
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			sp := c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
			if sp && (prevSpace || c != ' ') {
				return true
			}
			prevSpace = sp
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if isSpace(r) {
			return true
		}
		prevSpace = false
		i += size
	}
	return prevSpace && len(s) > 0
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
}

// attr returns the value of the attribute key of n, "" when absent.
func attr(n *nethtml.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

// textOf returns the visible text under n, whitespace collapsed, reading
// at most limit bytes of text (the caller only wants short strings).
func textOf(n *nethtml.Node, limit int) string {
	var b strings.Builder
	pending := false
	var walk func(*nethtml.Node, int)
	walk = func(n *nethtml.Node, depth int) {
		for c := n.FirstChild; c != nil && b.Len() < limit; c = c.NextSibling {
			switch c.Type {
			case nethtml.TextNode:
				for _, r := range c.Data {
					if isSpace(r) {
						pending = b.Len() > 0
						continue
					}
					if pending {
						b.WriteByte(' ')
						pending = false
					}
					b.WriteRune(r)
					if b.Len() >= limit {
						break
					}
				}
			case nethtml.ElementNode:
				if skipText(c) || depth > 64 {
					continue
				}
				if blockish(c.DataAtom) && b.Len() > 0 {
					pending = true
				}
				walk(c, depth+1)
				if blockish(c.DataAtom) && b.Len() > 0 {
					pending = true
				}
			}
		}
	}
	walk(n, 0)
	return b.String()
}

// skipText reports elements whose content is not visible text.
func skipText(n *nethtml.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Svg, atom.Math, atom.Button, atom.Select, atom.Iframe, atom.Object:
		return true
	}
	return false
}

// blockish reports elements that separate the text around them even when
// the markup has no whitespace between them.
func blockish(a atom.Atom) bool {
	switch a {
	case atom.Br, atom.P, atom.Div, atom.Li, atom.Ul, atom.Ol, atom.Tr, atom.Td, atom.Th, atom.Dt, atom.Dd,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Section, atom.Header, atom.Footer, atom.Time:
		return true
	}
	return false
}

// hasFold reports whether s contains the lower-case ASCII word sub, case
// insensitively, without allocating.
func hasFold(s, sub string) bool {
	n := len(sub)
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for ; j < n; j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != sub[j] {
				break
			}
		}
		if j == n {
			return true
		}
	}
	return false
}

// hasToken reports whether the space-separated list s holds tok, compared
// without regard to ASCII case.
func hasToken(s, tok string) bool {
	for len(s) > 0 {
		i := 0
		for i < len(s) && asciiSpace(s[i]) {
			i++
		}
		s = s[i:]
		j := 0
		for j < len(s) && !asciiSpace(s[j]) {
			j++
		}
		if j > 0 && strings.EqualFold(s[:j], tok) {
			return true
		}
		s = s[j:]
	}
	return false
}

func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// lowerASCII lower-cases ASCII letters, returning s itself when it has none.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// looksLikeURL reports a value that is an address, not a name.
func looksLikeURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "//") ||
		strings.HasPrefix(s, "www.") || strings.HasPrefix(s, "/")
}
