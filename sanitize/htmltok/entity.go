package htmltok

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// simpleEntities are the named references crawled attributes carry,
// with the values x/net/html's table gives them; any other name sends the
// value to x/net/html.
var simpleEntities = map[string]string{
	"amp;": "&", "amp": "&", "lt;": "<", "lt": "<", "gt;": ">", "gt": ">", "quot;": `"`, "quot": `"`,
	"apos;": "'", "nbsp;": "\u00a0", "nbsp": "\u00a0", "copy;": "\u00a9", "copy": "\u00a9",
	"reg;": "\u00ae", "reg": "\u00ae", "middot;": "\u00b7", "middot": "\u00b7",
}

// decodeAttr appends the decoded value of an attribute to dst, as
// x/net/html decodes it: newlines normalized, then character references
// decoded by the attribute rules.
func decodeAttr(dst, val []byte) []byte {
	if bytes.IndexByte(val, '\r') >= 0 {
		val = convertNewlines(bytes.Clone(val))
	}
	if out, ok := decodeSimple(dst, val); ok {
		return out
	}
	return append(dst, decodeByXNet(val)...)
}

// decodeByXNet decodes a value by giving x/net/html a tag that carries it
// between quotes it does not contain (readAttr made sure there are).
func decodeByXNet(val []byte) []byte {
	q := byte('"')
	if bytes.IndexByte(val, q) >= 0 {
		q = '\''
	}
	tag := make([]byte, 0, len(val)+8)
	tag = append(append(append(append(tag, "<a x="...), q), val...), q, '>')
	z := html.NewTokenizer(bytes.NewReader(tag))
	z.Next()
	_, v, _ := z.TagAttr()
	return v
}

// decodeSimple decodes the references of an attribute value that are
// numeric, named in simpleEntities, or not references at all; false when
// one is none of these.
func decodeSimple(dst, val []byte) ([]byte, bool) {
	for {
		amp := bytes.IndexByte(val, '&')
		if amp < 0 {
			return append(dst, val...), true
		}
		dst = append(dst, val[:amp]...)
		val = val[amp:]
		r, n, ok := reference(val)
		if !ok {
			return dst, false
		}
		if n == 0 {
			dst = append(dst, '&')
			val = val[1:]
			continue
		}
		dst = utf8.AppendRune(dst, r)
		val = val[n:]
	}
}

// simple reports whether decodeSimple decodes val.
func simple(val []byte) bool {
	for {
		amp := bytes.IndexByte(val, '&')
		if amp < 0 {
			return true
		}
		_, n, ok := reference(val[amp:])
		if !ok {
			return false
		}
		val = val[amp+max(n, 1):]
	}
}

// reference reads the character reference val starts with ('&'
// included): the rune and its length, 0 when the '&' is literal, false
// when only x/net/html's table can tell.
func reference(val []byte) (rune, int, bool) {
	if len(val) < 2 {
		return 0, 0, true
	}
	if val[1] == '#' {
		return numericReference(val)
	}
	i := 1
	for i < len(val) && alnum(val[i]) {
		i++
	}
	if i == 1 {
		return 0, 0, true
	}
	name := val[1:i]
	if i < len(val) && val[i] == ';' {
		i++
		name = val[1:i]
	} else if i < len(val) && val[i] == '=' {
		return 0, 0, true // "&b=2" in a query string stays as written
	}
	s, ok := simpleEntities[string(name)]
	if !ok {
		if notEntity(name) {
			return 0, 0, true // "&high_quality=1"
		}
		return 0, 0, false
	}
	r, _ := utf8.DecodeRuneInString(s)
	return r, i, true
}

// notEntity reports whether no entity x/net/html knows is name or, when
// name has no ';', a prefix of it: x/net/html's text decoding then leaves
// "&"+name as it is, and its attribute decoding, which only takes whole
// names, does too.
func notEntity(name []byte) bool {
	var buf [40]byte
	if len(name) >= len(buf) {
		return false
	}
	ref := string(append(append(buf[:0], '&'), name...))
	return html.UnescapeString(ref) == ref
}

// numericReference reads "&#123;" or "&#x7b;", the ';' optional.
func numericReference(val []byte) (rune, int, bool) {
	i := 2
	hex := i < len(val) && (val[i] == 'x' || val[i] == 'X')
	if hex {
		i++
	}
	start := i
	var x rune
	for ; i < len(val); i++ {
		d := digit(val[i], hex)
		if d < 0 {
			break
		}
		if x <= utf8.MaxRune {
			if hex {
				x = 16*x + d
			} else {
				x = 10*x + d
			}
		}
	}
	if i == start {
		return 0, 0, true
	}
	if i < len(val) && val[i] == ';' {
		i++
	}
	switch {
	case 0x80 <= x && x <= 0x9f:
		return 0, 0, false // windows-1252's table, which x/net/html has
	case x == 0 || 0xd800 <= x && x <= 0xdfff || x > utf8.MaxRune:
		x = utf8.RuneError
	}
	return x, i, true
}

func digit(c byte, hex bool) rune {
	switch {
	case '0' <= c && c <= '9':
		return rune(c - '0')
	case hex && 'a' <= c && c <= 'f':
		return rune(c-'a') + 10
	case hex && 'A' <= c && c <= 'F':
		return rune(c-'A') + 10
	}
	return -1
}

func alnum(c byte) bool {
	return letter(c) || '0' <= c && c <= '9'
}
