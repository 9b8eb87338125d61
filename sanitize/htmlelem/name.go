package htmlelem

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxName is the longest tag name read without the tokenizer's help;
// every name HTML knows is shorter.
const maxName = 32

// TagName returns the name of the start, self-closing or end tag z is on,
// as z.TagName returns it (ASCII lower-cased, NUL bytes replaced by
// U+FFFD), without the copy z.TagName allocates for every tag: the name is
// read from z.Raw, and a name HTML knows comes from the atom table. Like
// z.TagName, it reads no attribute; call it once per token, before
// z.TagAttr.
func TagName(z *html.Tokenizer) string {
	raw := z.Raw()
	skip := 1 // "<"
	if len(raw) > 1 && raw[1] == '/' {
		skip = 2 // "</"
	}
	if len(raw) <= skip {
		return tagNameSlow(z)
	}
	var buf [maxName]byte
	n := 0
	for _, c := range raw[skip:] {
		if c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '/' || c == '>' {
			break
		}
		if c == 0 || n == len(buf) {
			return tagNameSlow(z)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	if n == 0 {
		return tagNameSlow(z)
	}
	return Intern(buf[:n])
}

func tagNameSlow(z *html.Tokenizer) string {
	name, _ := z.TagName()
	return Intern(name)
}

// Intern returns b as a string, without allocating when it is a name
// HTML knows (an element or an attribute). The names article bodies are
// mostly made of are told by one compiled switch, a few comparisons,
// before the atom table, which hashes every name.
func Intern(b []byte) string {
	switch string(b) {
	case "p":
		return "p"
	case "div":
		return "div"
	case "span":
		return "span"
	case "a":
		return "a"
	case "img":
		return "img"
	case "br":
		return "br"
	case "td":
		return "td"
	case "tr":
		return "tr"
	case "li":
		return "li"
	case "strong":
		return "strong"
	case "font":
		return "font"
	case "b":
		return "b"
	case "class":
		return "class"
	case "src":
		return "src"
	case "href":
		return "href"
	case "alt":
		return "alt"
	case "style":
		return "style"
	}
	if a := atom.Lookup(b); a != 0 {
		return a.String()
	}
	return string(b)
}
