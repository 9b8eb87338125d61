package htmltok

import (
	"bytes"
	"io"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"articleservice/sanitize/htmlelem"
)

// maxScratch bounds the buffer for decoded values that Reset keeps.
const maxScratch = 16 << 10

// maxHandOvers bounds how often one body goes back to x/net/html after a
// hand-over: each one starts a Tokenizer that buffers ahead, so a body
// made of nothing but unusual tokens stays with x/net/html instead.
const maxHandOvers = 64

// Tokenizer returns the tokens of one body. The zero value is not ready;
// use New or Reset.
type Tokenizer struct {
	src []byte
	pos int // where the next token starts, when reading ourselves
	tt  html.TokenType
	err error

	// The current token, when we read it: its raw bytes, its data (the
	// text of a text, comment or doctype token; the name of a tag) and
	// whether its text is unescaped. They and the attributes are spans
	// of src, not slices: a token then stores no pointer, and costs no
	// write barrier while the garbage collector marks.
	raw        span
	data       span
	unescape   bool
	attrs      []attr
	nextAttr   int
	rawContent string // the raw-text element whose content comes next
	rawEnd     int    // and where its end tag is

	// slow is the x/net/html Tokenizer the body was handed to; base is the
	// offset of its next token in src, and resume says the current token
	// was its last.
	slow      *html.Tokenizer
	base      int
	resume    bool
	handOvers int
	noResume  bool
	slowBytes int // read by x/net/html; tests hold it low on real bodies

	scratch []byte // lower-cased keys and decoded values
}

type attr struct {
	key, val span // as written; val is unset when the key has no value
	end      int  // offset of the value's end in the body
}

// span is the bytes of src from start to end, when set.
type span struct {
	start, end int
	set        bool
}

func (t *Tokenizer) slice(s span) []byte {
	if !s.set {
		return nil
	}
	return t.src[s.start:s.end]
}

// New returns a Tokenizer over src.
func New(src []byte) *Tokenizer {
	t := &Tokenizer{}
	t.Reset(src)
	return t
}

// Reset makes t tokenize src from the start, keeping its buffers unless
// an unusual tag grew them.
func (t *Tokenizer) Reset(src []byte) {
	attrs, scratch := t.attrs[:0], t.scratch[:0]
	if cap(attrs) > maxAttrs || cap(scratch) > maxScratch {
		attrs, scratch = nil, nil
	}
	*t = Tokenizer{src: src, attrs: attrs, scratch: scratch}
	// x/net/html turns NUL into U+FFFD in some places and not in others;
	// a body with one is left to it whole.
	if bytes.IndexByte(src, 0) >= 0 {
		t.noResume = true
		t.handOver(0)
	}
}

// Err returns the error of the last ErrorToken: io.EOF at the end of the
// body.
func (t *Tokenizer) Err() error {
	return t.err
}

// Next reads the next token and returns its type.
func (t *Tokenizer) Next() html.TokenType {
	if t.slow != nil {
		if !t.resume {
			return t.nextSlow()
		}
		t.slow, t.resume, t.pos = nil, false, t.base
	}
	t.raw, t.data, t.unescape, t.nextAttr = span{}, span{}, false, 0
	t.attrs = t.attrs[:0]
	if t.err != nil {
		t.tt = html.ErrorToken
		return t.tt
	}
	if t.rawContent != "" {
		return t.readRawContent()
	}
	if t.pos >= len(t.src) {
		t.err, t.tt = io.EOF, html.ErrorToken
		return t.tt
	}
	start := t.pos
	if t.src[start] != '<' || start+1 == len(t.src) || !tagStart(t.src[start+1]) {
		return t.readText(start)
	}
	var ok bool
	switch c := t.src[start+1]; {
	case c == '/':
		ok = t.readEndTag(start)
	case c == '!':
		ok = t.readMarkup(start)
	case c == '?':
		ok = t.readBogus(start, start+1)
	default:
		ok = t.readStartTag(start)
	}
	if !ok {
		t.handOver(start)
		return t.nextSlow()
	}
	return t.tt
}

// tagStart reports whether a '<' followed by c starts a token other than
// text.
func tagStart(c byte) bool {
	return letter(c) || c == '/' || c == '!' || c == '?'
}

func letter(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func space(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
}

// readText reads text up to the next '<' that starts a token, or the end.
func (t *Tokenizer) readText(start int) html.TokenType {
	i := start + 1
	for {
		j := bytes.IndexByte(t.src[i:], '<')
		if j < 0 {
			i = len(t.src)
			break
		}
		i += j
		if i+1 < len(t.src) && tagStart(t.src[i+1]) {
			break
		}
		i++
	}
	t.token(html.TextToken, start, i)
	t.data, t.unescape = t.raw, true
	return t.tt
}

func (t *Tokenizer) token(tt html.TokenType, start, end int) {
	t.tt, t.raw, t.pos = tt, span{start, end, true}, end
}

// handOver gives the body from offset pos on to x/net/html.
func (t *Tokenizer) handOver(pos int) {
	t.slow = html.NewTokenizer(bytes.NewReader(t.src[pos:]))
	t.base = pos
	t.handOvers++
	if t.handOvers >= maxHandOvers {
		t.noResume = true
	}
}

// nextSlow reads a token with x/net/html, and takes the body back after
// it when x/net/html's state there is the one a new Tokenizer starts in:
// anywhere but after the start tag of a raw-text element.
func (t *Tokenizer) nextSlow() html.TokenType {
	t.tt = t.slow.Next()
	if t.tt == html.ErrorToken {
		t.err = t.slow.Err()
		return t.tt
	}
	raw := t.slow.Raw()
	t.base += len(raw)
	t.slowBytes += len(raw)
	if !t.noResume {
		switch t.tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			t.resume = rawTextElement(tagNameOf(raw[1:])) == ""
		default:
			t.resume = true
		}
	}
	return t.tt
}

// tagNameOf returns the name a tag's bytes (after "<") start with, as
// written.
func tagNameOf(b []byte) []byte {
	for i, c := range b {
		if space(c) || c == '/' || c == '>' {
			return b[:i]
		}
	}
	return b
}

// Raw returns the bytes of the current token as written; the raw bytes of
// the tokens partition the body up to the end or the first error.
func (t *Tokenizer) Raw() []byte {
	if t.slow != nil {
		return t.slow.Raw()
	}
	return t.slice(t.raw)
}

// Text returns the text of a text, comment or doctype token: newlines
// normalized and, except in raw-text elements, character references
// decoded. Like x/net/html's, a second call returns nothing.
func (t *Tokenizer) Text() []byte {
	if t.slow != nil {
		return t.slow.Text()
	}
	switch t.tt {
	case html.TextToken, html.CommentToken, html.DoctypeToken:
	default:
		return nil
	}
	s := t.slice(t.data)
	t.data = span{}
	if s == nil {
		return nil
	}
	if bytes.IndexByte(s, '\r') >= 0 {
		s = convertNewlines(append(t.scratch[:0], s...))
	}
	if t.unescape && bytes.IndexByte(s, '&') >= 0 {
		return []byte(html.UnescapeString(string(s)))
	}
	return s
}

// Name returns the ASCII-lower-cased name of the current tag, interned:
// a name HTML knows costs no allocation. Unlike x/net/html's TagName it
// may be called any number of times, before or after TagAttr.
func (t *Tokenizer) Name() string {
	if t.slow != nil {
		return htmlelem.TagName(t.slow)
	}
	switch t.tt {
	case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
		return internLower(t.slice(t.data))
	}
	return ""
}

// TagAttr returns the next attribute of the current start tag: its key
// ASCII-lower-cased, its value with newlines normalized and character
// references decoded, and whether more follow. A repeated key is
// dropped, the first one kept.
func (t *Tokenizer) TagAttr() (key, val []byte, more bool) {
	if t.slow != nil {
		return t.slow.TagAttr()
	}
	if t.nextAttr >= len(t.attrs) {
		return nil, nil, false
	}
	a := t.attrs[t.nextAttr]
	t.nextAttr++
	t.scratch = t.scratch[:0]
	key = t.slice(a.key)
	if hasUpper(key) {
		t.scratch = appendLower(t.scratch, key)
		key = t.scratch
	}
	val = t.slice(a.val)
	if bytes.IndexByte(val, '\r') >= 0 || bytes.IndexByte(val, '&') >= 0 {
		mark := len(t.scratch)
		t.scratch = decodeAttr(t.scratch, val)
		val = t.scratch[mark:]
		if hasUpper(key) {
			key = t.scratch[:a.key.end-a.key.start] // the append may have moved it
		}
	}
	return key, val, t.nextAttr < len(t.attrs)
}

// convertNewlines turns "\r\n" and "\r" into "\n" in place.
func convertNewlines(s []byte) []byte {
	out := s[:0]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\r' {
			c = '\n'
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		}
		out = append(out, c)
	}
	return out
}

func hasUpper(b []byte) bool {
	for _, c := range b {
		if 'A' <= c && c <= 'Z' {
			return true
		}
	}
	return false
}

func appendLower(dst, b []byte) []byte {
	for _, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// internLower returns b ASCII-lower-cased as a string, interned.
func internLower(b []byte) string {
	var buf [32]byte
	if len(b) > len(buf) {
		return string(appendLower(nil, b))
	}
	return htmlelem.Intern(appendLower(buf[:0], b))
}

// Token returns the current token as x/net/html's Token does: its data
// and attributes copied, to keep after Next.
func (t *Tokenizer) Token() html.Token {
	if t.slow != nil {
		return t.slow.Token()
	}
	tok := html.Token{Type: t.tt}
	switch t.tt {
	case html.TextToken, html.CommentToken, html.DoctypeToken:
		tok.Data = string(t.Text())
	case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
		tok.Data = t.Name()
		tok.DataAtom = atom.Lookup([]byte(tok.Data))
		for more := t.nextAttr < len(t.attrs); more; {
			var k, v []byte
			k, v, more = t.TagAttr()
			tok.Attr = append(tok.Attr, html.Attribute{Key: htmlelem.Intern(k), Val: string(v)})
		}
	}
	return tok
}
