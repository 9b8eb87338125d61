package page

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// nodePath is a short CSS-like path to n, enough for an operator to write
// a remove rule for it: its last few ancestors with their ids and first
// classes.
func nodePath(n *html.Node) string {
	var parts []string
	for p := n; p != nil && p.Type == html.ElementNode && len(parts) < 4; p = p.Parent {
		parts = append(parts, step(p))
		if attr(p, "id") != "" {
			break
		}
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, ">")
}

func step(n *html.Node) string {
	s := n.Data
	if id := attr(n, "id"); id != "" && cssIdent(id) {
		s += "#" + id
	}
	for i, c := range strings.Fields(attr(n, "class")) {
		if i == 2 {
			break
		}
		if cssIdent(c) {
			s += "." + c
		}
	}
	return s
}

// cssIdent reports a name the policy's selectors can write as is.
func cssIdent(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// excerpt is the start of b, whitespace collapsed, at most n runes.
func excerpt(b []byte, n int) string {
	var sb strings.Builder
	space, runes := true, 0
	for len(b) > 0 && runes < n {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\u00a0' {
			if !space {
				sb.WriteByte(' ')
				runes++
			}
			space = true
			continue
		}
		space = false
		sb.WriteRune(r)
		runes++
	}
	s := strings.TrimSpace(sb.String())
	if len(b) > 0 {
		s += "…"
	}
	return s
}

// charCount counts the characters of b with runs of whitespace counted
// once, as a reader would count them.
func charCount(b []byte) int {
	n, space := 0, true
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\f' || r == '\u00a0' {
			if !space {
				n++
			}
			space = true
			continue
		}
		space = false
		n++
	}
	return n
}
