package htmltok

import (
	"bytes"

	"golang.org/x/net/html"
)

// readStartTag reads "<name attr=value ...>" at start, or reports false
// for a form left to x/net/html: a tag the body ends in, a key starting
// with '=', a '/' not followed by '>', an attribute value whose decoding
// needs x/net/html and cannot be handed to it alone, or a raw-text element
// whose content does not end plainly.
func (t *Tokenizer) readStartTag(start int) bool {
	src := t.src
	i := start + 1
	for i < len(src) && !space(src[i]) && src[i] != '/' && src[i] != '>' {
		i++
	}
	name := span{start + 1, i, true}
	t.attrs = t.attrs[:0]
	for {
		for i < len(src) && space(src[i]) {
			i++
		}
		if i >= len(src) {
			return false
		}
		switch src[i] {
		case '>':
			i++
			t.token(html.StartTagToken, start, i)
			t.data = name
			// x/net/html's test: the byte before '>' is a '/' that is not
			// the last byte of the last attribute's value (<a href=x/>).
			if src[i-2] == '/' && (len(t.attrs) == 0 || i-2 != t.attrs[len(t.attrs)-1].end-1) {
				t.tt = html.SelfClosingTagToken
			}
			return t.rawText(src[name.start:name.end])
		case '/':
			i++ // x/net/html reads a lone '/' as an empty key, and drops it
			continue
		case '=':
			return false
		}
		a, next, ok := readAttr(src, i)
		if !ok {
			return false
		}
		i = next
		if !t.seen(src[a.key.start:a.key.end]) {
			if len(t.attrs) == maxAttrs {
				return false
			}
			t.attrs = append(t.attrs, a)
		}
	}
}

// maxAttrs bounds the attributes of a tag read here: each new key is
// compared with those before it, and x/net/html, which keeps a set of
// them, reads a tag with more.
const maxAttrs = 32

// readAttr reads an attribute at i, which is neither space, '/', '>' nor
// '=', and returns the offset after it.
func readAttr(src []byte, i int) (attr, int, bool) {
	ks := i
	for i < len(src) && !space(src[i]) && src[i] != '/' && src[i] != '>' && src[i] != '=' {
		i++
	}
	// Where x/net/html puts the end of a value that is not written: at
	// the end of the key.
	a := attr{key: span{ks, i, true}, end: i}
	j := i
	for j < len(src) && space(src[j]) {
		j++
	}
	if j >= len(src) {
		return a, 0, false
	}
	if src[j] != '=' {
		// A key without a value; a '/' after it is read by the caller.
		return a, j, true
	}
	j++
	for j < len(src) && space(src[j]) {
		j++
	}
	if j >= len(src) {
		return a, 0, false
	}
	switch q := src[j]; q {
	case '>':
		return a, j, true
	case '"', '\'':
		end := bytes.IndexByte(src[j+1:], q)
		if end < 0 {
			return a, 0, false
		}
		a.val, a.end = span{j + 1, j + 1 + end, true}, j+1+end
		return a, j + 2 + end, decodable(src[j+1 : j+1+end])
	}
	vs := j
	for j < len(src) && !space(src[j]) && src[j] != '>' {
		j++
	}
	if j >= len(src) {
		return a, 0, false
	}
	a.val, a.end = span{vs, j, true}, j
	return a, j, decodable(src[vs:j])
}

// decodable reports whether the attribute's value can be decoded: by us,
// or by x/net/html given it between quotes.
func decodable(val []byte) bool {
	if bytes.IndexByte(val, '&') < 0 {
		return true
	}
	if simple(val) {
		return true
	}
	return bytes.IndexByte(val, '"') < 0 || bytes.IndexByte(val, '\'') < 0
}

// seen reports whether the tag already has an attribute of this key, as
// x/net/html compares them: ASCII case folded.
func (t *Tokenizer) seen(key []byte) bool {
	for _, a := range t.attrs {
		if asciiEqualFold(t.src[a.key.start:a.key.end], key) {
			return true
		}
	}
	return false
}

func asciiEqualFold(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// rawTextElement returns the lower-cased name of a raw-text element
// (whose content is one text token up to its end tag) or "".
func rawTextElement(name []byte) string {
	if len(name) < 3 || len(name) > 9 {
		return ""
	}
	for _, s := range [...]string{"iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style",
		"textarea", "title", "xmp"} {
		if asciiEqualFold(name, []byte(s)) {
			return s
		}
	}
	return ""
}

// rawText checks, after the start tag just read, that the content of a
// raw-text element ends plainly at its end tag, and leaves that content
// to be the next token. Plaintext runs to the end of the body, and
// "<!--" in a script starts the escaping rules: both are left to
// x/net/html.
func (t *Tokenizer) rawText(name []byte) bool {
	el := rawTextElement(name)
	switch el {
	case "":
		return true
	case "plaintext":
		return false
	}
	end := rawEnd(t.src[t.pos:], el)
	if end < 0 || el == "script" && bytes.Contains(t.src[t.pos:t.pos+end], []byte("<!--")) {
		return false
	}
	t.rawContent, t.rawEnd = el, t.pos+end
	return true
}

// rawEnd returns the offset in b of the end tag of el: "</", el in any
// case, then space, '/' or '>'; -1 when there is none.
func rawEnd(b []byte, el string) int {
	for off := 0; ; {
		i := bytes.Index(b[off:], []byte("</"))
		if i < 0 {
			return -1
		}
		i += off
		j := i + 2 + len(el)
		if j < len(b) && asciiEqualFold(b[i+2:j], []byte(el)) {
			if c := b[j]; space(c) || c == '/' || c == '>' {
				return i
			}
		}
		off = i + 1
	}
}

// readRawContent returns the content of the raw-text element whose start
// tag was the last token, when there is any.
func (t *Tokenizer) readRawContent() html.TokenType {
	el := t.rawContent
	t.rawContent = ""
	end := t.rawEnd
	if end == t.pos {
		return t.Next()
	}
	t.token(html.TextToken, t.pos, end)
	// Only a title's or a textarea's content has character references.
	t.data, t.unescape = t.raw, el == "title" || el == "textarea"
	return t.tt
}

// readEndTag reads "</name>", with spaces before '>', "</>" and the bogus
// comment "</" followed by neither a letter nor '>' makes.
func (t *Tokenizer) readEndTag(start int) bool {
	src := t.src
	i := start + 2
	if i >= len(src) {
		return false
	}
	switch c := src[i]; {
	case c == '>':
		t.token(html.CommentToken, start, i+1)
		return true
	case !letter(c):
		return t.readBogus(start, i)
	}
	for i < len(src) && !space(src[i]) && src[i] != '/' && src[i] != '>' {
		i++
	}
	name := span{start + 2, i, true}
	for i < len(src) && space(src[i]) {
		i++
	}
	if i >= len(src) || src[i] != '>' {
		return false
	}
	t.token(html.EndTagToken, start, i+1)
	t.data = name
	return true
}

// readBogus reads a bogus comment whose data starts at from and ends at
// the next '>'.
func (t *Tokenizer) readBogus(start, from int) bool {
	gt := bytes.IndexByte(t.src[from:], '>')
	if gt < 0 {
		return false
	}
	t.token(html.CommentToken, start, from+gt+1)
	t.data, t.unescape = span{from, from + gt, true}, true
	return true
}

// readMarkup reads what starts with "<!": a comment, a doctype or a bogus
// comment.
func (t *Tokenizer) readMarkup(start int) bool {
	src := t.src
	body := src[start+2:]
	switch {
	case len(body) < 2:
		return false
	case body[0] == '-' && body[1] == '-':
		return t.readComment(start)
	case len(body) >= 7 && asciiEqualFold(body[:7], []byte("doctype")):
		i := start + 2 + 7
		for i < len(src) && space(src[i]) {
			i++
		}
		gt := bytes.IndexByte(src[i:], '>')
		if gt < 0 {
			return false
		}
		t.token(html.DoctypeToken, start, i+gt+1)
		t.data, t.unescape = span{i, i + gt, true}, true
		return true
	case len(body) < 7 && asciiEqualFold(body, []byte("doctype")[:len(body)]):
		return false // a doctype cut short by the end of the body
	}
	return t.readBogus(start, start+2)
}

// readComment reads "<!--...-->" (or "--!>"); dashes right before the
// first '>' end it too (<!-->, <!---->). A comment the body ends in is left
// to x/net/html.
func (t *Tokenizer) readComment(start int) bool {
	from := start + 4
	body := t.src[from:]
	k := 0
	for k < len(body) && body[k] == '-' {
		k++
	}
	if k < len(body) && body[k] == '>' {
		t.token(html.CommentToken, start, from+k+1)
		t.data, t.unescape = span{from, from + max(0, k-2), true}, true
		return true
	}
	// "--!>" is looked for only before the first "-->": looking to the
	// end for every comment would make a page of comments quadratic.
	end, tail := bytes.Index(body, []byte("-->")), 3
	within := body
	if end >= 0 {
		within = body[:end+2]
	}
	if bang := bytes.Index(within, []byte("--!>")); bang >= 0 {
		end, tail = bang, 4
	}
	if end < 0 {
		return false
	}
	t.token(html.CommentToken, start, from+end+tail)
	t.data, t.unescape = span{from, from + end, true}, true
	return true
}
