package extract

import (
	"bytes"
	"errors"
	"io"

	"golang.org/x/net/html"

	"articleservice/sanitize/htmlelem"
)

// tokens is what Read needs of a tokenizer. The full HTML tokenizer
// (htmltok, which returns x/net/html's tokens) reads anything; canonical
// reads only the one form bluemonday writes, faster still, and gives up on
// anything else.
type tokens interface {
	Next() html.TokenType
	Err() error
	Raw() []byte
	// Text is a text token's text, unescaped; CR LF and CR are LF.
	Text() []byte
	// Name is a tag token's lower-cased name.
	Name() string
	// TagAttr returns the next attribute of a start tag, its value
	// unescaped, and whether another follows.
	TagAttr() (key, val []byte, more bool)
}

// errNotCanonical stops canonical at markup it does not read as the
// full tokenizer would.
var errNotCanonical = errors.New("not in bluemonday's canonical form")

// canonical tokenizes markup written the way bluemonday writes every
// token: lower-case names, attributes as key="value", text and values
// escaped with &amp; &lt; &gt; &#34; &#39; &#13; and nothing else, no
// comments, doctypes or raw-text elements. On that markup it returns what
// the full tokenizer returns; on anything else Next stops with
// errNotCanonical and the caller starts over with the full tokenizer.
type canonical struct {
	src []byte
	pos int
	tt  html.TokenType
	// The token and a tag's name are offsets into src, as are the
	// attributes: storing ints, not slices, costs a token no write
	// barrier while the garbage collector marks.
	raw, name [2]int
	attrs     [][4]int  // key and value of each attribute
	attrBuf   [8][4]int // room for the attributes of most tags
	nextAttr  int
	scratch   []byte // unescaped text or value; valid until the next call
	err       error
}

func (c *canonical) Err() error   { return c.err }
func (c *canonical) Raw() []byte  { return c.src[c.raw[0]:c.raw[1]] }
func (c *canonical) Name() string { return htmlelem.Intern(c.src[c.name[0]:c.name[1]]) }

func (c *canonical) Next() html.TokenType {
	if c.attrs == nil {
		c.attrs = c.attrBuf[:0]
	}
	c.tt, c.raw, c.name, c.nextAttr = html.ErrorToken, [2]int{}, [2]int{}, 0
	c.attrs = c.attrs[:0]
	if c.err != nil {
		return html.ErrorToken
	}
	if c.pos >= len(c.src) {
		c.err = io.EOF
		return html.ErrorToken
	}
	start := c.pos
	if c.src[start] != '<' {
		end := len(c.src)
		if i := bytes.IndexByte(c.src[start:], '<'); i >= 0 {
			end = start + i
		}
		if !plainText(c.src[start:end]) {
			return c.stop()
		}
		c.tt, c.raw, c.pos = html.TextToken, [2]int{start, end}, end
		return c.tt
	}
	i := start + 1
	end := i < len(c.src) && c.src[i] == '/'
	if end {
		i++
	}
	n := nameEnd(c.src, i)
	if n == i {
		return c.stop()
	}
	c.name = [2]int{i, n}
	i = n
	if end {
		if i >= len(c.src) || c.src[i] != '>' {
			return c.stop()
		}
		c.tt, c.raw, c.pos = html.EndTagToken, [2]int{start, i + 1}, i+1
		return c.tt
	}
	if rawText(c.src[c.name[0]:c.name[1]]) {
		return c.stop() // the full tokenizer reads its content differently
	}
	for i < len(c.src) && c.src[i] == ' ' {
		k := i + 1
		ke := attrKeyEnd(c.src, k)
		if ke == k || ke+1 >= len(c.src) || c.src[ke] != '=' || c.src[ke+1] != '"' {
			return c.stop()
		}
		v := ke + 2
		q := bytes.IndexByte(c.src[v:], '"')
		if q < 0 || !plainText(c.src[v:v+q]) {
			return c.stop()
		}
		if c.repeats(k, ke) {
			return c.stop() // the full tokenizer keeps the first of the two
		}
		c.attrs = append(c.attrs, [4]int{k, ke, v, v + q})
		i = v + q + 1
	}
	switch {
	case i < len(c.src) && c.src[i] == '>':
		c.tt, c.raw, c.pos = html.StartTagToken, [2]int{start, i + 1}, i+1
	case i+1 < len(c.src) && c.src[i] == '/' && c.src[i+1] == '>':
		c.tt, c.raw, c.pos = html.SelfClosingTagToken, [2]int{start, i + 2}, i+2
	default:
		return c.stop()
	}
	return c.tt
}

// repeats reports whether the tag has an attribute of the key at
// src[k:ke] already. bluemonday never writes one twice; markup that does
// is left to the full tokenizer.
func (c *canonical) repeats(k, ke int) bool {
	key := c.src[k:ke]
	for _, a := range c.attrs {
		if bytes.Equal(c.src[a[0]:a[1]], key) {
			return true
		}
	}
	return false
}

func (c *canonical) stop() html.TokenType {
	c.err, c.tt = errNotCanonical, html.ErrorToken
	return c.tt
}

func (c *canonical) Text() []byte {
	if c.tt != html.TextToken {
		return nil
	}
	return c.unescape(c.Raw())
}

func (c *canonical) TagAttr() (key, val []byte, more bool) {
	if c.nextAttr >= len(c.attrs) {
		return nil, nil, false
	}
	a := c.attrs[c.nextAttr]
	c.nextAttr++
	return c.src[a[0]:a[1]], c.unescape(c.src[a[2]:a[3]]), c.nextAttr < len(c.attrs)
}

// unescape decodes the entities plainText let through.
func (c *canonical) unescape(s []byte) []byte {
	if bytes.IndexByte(s, '&') < 0 {
		return s
	}
	c.scratch = c.scratch[:0]
	for {
		i := bytes.IndexByte(s, '&')
		if i < 0 {
			return append(c.scratch, s...)
		}
		c.scratch = append(c.scratch, s[:i]...)
		e, n := entity(s[i:])
		c.scratch = append(c.scratch, e)
		s = s[i+n:]
	}
}

// entities are the ones bluemonday's escaping writes.
var entities = [...]struct {
	name string
	char byte
}{{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&#34;", '"'}, {"&#39;", '\''}, {"&#13;", '\r'}}

// entity returns the character an entity at the start of s stands for and
// its length, or 0, 0.
func entity(s []byte) (byte, int) {
	for _, e := range entities {
		if bytes.HasPrefix(s, []byte(e.name)) {
			return e.char, len(e.name)
		}
	}
	return 0, 0
}

// plainText reports whether the full tokenizer would return s as it is,
// bar the entities above: no other entity, no carriage return (turned
// into a line feed) and no NUL (replaced in some contexts).
func plainText(s []byte) bool {
	// One IndexByte per character is several times faster than IndexAny
	// over the three: it skips many bytes at once.
	if bytes.IndexByte(s, '\r') >= 0 || bytes.IndexByte(s, 0) >= 0 {
		return false
	}
	for {
		i := bytes.IndexByte(s, '&')
		if i < 0 {
			return true
		}
		if _, n := entity(s[i:]); n == 0 {
			return false
		}
		s = s[i+1:]
	}
}

// nameEnd returns where a lower-case tag name starting at i ends.
func nameEnd(s []byte, i int) int {
	if i >= len(s) || s[i] < 'a' || s[i] > 'z' {
		return i
	}
	for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= '0' && s[i] <= '9' || s[i] == '-') {
		i++
	}
	return i
}

// attrKeyEnd returns where a lower-case attribute key starting at i ends.
func attrKeyEnd(s []byte, i int) int {
	for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= '0' && s[i] <= '9' || s[i] == '-' || s[i] == '_' || s[i] == ':') {
		i++
	}
	return i
}

// rawText reports whether the full tokenizer reads the content after the
// start tag name as raw text or RCDATA rather than markup.
func rawText(name []byte) bool {
	switch string(name) {
	case "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext":
		return true
	}
	return false
}
