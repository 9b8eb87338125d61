package extract

import (
	"bytes"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"articleservice/sanitize/htmlelem"
	"articleservice/sanitize/htmltok"
	"articleservice/service/article"
	"articleservice/service/normalize"
)

// Body is what Read derives from a sanitized body.
type Body struct {
	// HTML and Text share one allocation: the article keeps both.
	HTML   string
	Text   string
	Images []article.Image
	// Links are the absolute http(s) links with their text, in order,
	// de-duplicated by URL.
	Links []article.Link
	// Heading is the text of the first h1-h3, for a title of last resort.
	Heading string
	// Empty counts the elements dropped because nothing visible was left
	// in them.
	Empty int
}

// block reports whether name breaks text into paragraphs. Table parts
// do, since the shipped policies keep them; sectioning elements, which no
// shipped policy keeps, do not.
func block(name string) bool {
	return htmlelem.Block(name) || htmlelem.TablePart(name)
}

// droppable elements go when left empty (an icon link whose icon was
// removed, a paragraph that only held a script); list items and table
// cells stay, since removing them would change the structure around them.
var droppable = map[string]bool{"p": true, "div": true, "blockquote": true, "figure": true, "figcaption": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "pre": true,
	"a": true, "strong": true, "b": true, "em": true, "i": true, "u": true, "s": true, "del": true,
	"ins": true, "sub": true, "sup": true, "small": true, "mark": true, "q": true, "cite": true, "abbr": true, "code": true}

type frame struct {
	tag       string
	outStart  int // len(out) before the start tag
	paraStart int // len(paras) at the start tag
	visible   int // reader.visible at the start tag
	link      string
	linkStart int // len(linkText) at the start tag
	imgStart  int // len(images) at the start tag
	media     bool
	caption   string // of a figure: its figcaption's text
}

// span is where a paragraph is in reader.txt.
type span struct{ start, end int }

// firstRoom is the room the images and the links of a body get with the
// first one: most bodies have a few, which would grow the slice from one
// to two to four.
const firstRoom = 4

// curRoom is the most room the text of one block gets before it grows.
const curRoom = 1 << 10

type reader struct {
	out []byte
	// txt is the body's text so far: the paragraphs, a blank line
	// between two; paras are where each one is in it.
	txt   []byte
	paras []span
	cur   []byte // the text of the current block, reused from block to block
	stack []frame
	pre   int
	// visible counts the text tokens with something other than whitespace;
	// an element whose start and end see the same count holds no text.
	visible int
	images  []article.Image
	seen    urlSet // the URLs of images
	// linkText collects the text of the open <a> elements; it is never
	// reset, so that its buffer grows a few times per body, not per link.
	linkText  strings.Builder
	inLink    int
	seenLinks urlSet
	base      *url.URL
	valid     bool // the markup is known to be valid UTF-8
	body      Body
	// Room for the paragraphs and open elements of most bodies, so that
	// paras and stack do not grow from nothing in every one.
	parasBuf [16]span
	stackBuf [8]frame
	scan     canonical // Read's first try
}

// Read walks sanitized HTML once. base resolves relative image URLs.
// What bluemonday writes is read by a scanner of its canonical form; the
// full tokenizer reads anything else.
func Read(sanitized []byte, base *url.URL) Body {
	return ReadWith(nil, sanitized, base, false)
}

// Scratch is the memory Read works in, which a caller reading body after
// body keeps for the next: the reader with its room for paragraphs and
// open elements, and the buffer of the output and text. With it, a body
// allocates only what its Body keeps. The zero Scratch is ready to use;
// one Scratch serves one body at a time.
type Scratch struct {
	r   reader
	buf []byte
}

// Cap is the capacity of the buffer, which the largest body read in it so
// far has grown: a caller pooling Scratches drops one grown too large.
func (s *Scratch) Cap() int { return cap(s.buf) }

// ReadWith is Read in the memory of s, which may be nil. valid says that
// the caller knows sanitized to be valid UTF-8 (the pipeline decodes every
// body to it, and sanitizing keeps it so): its text is not checked again.
func ReadWith(s *Scratch, sanitized []byte, base *url.URL, valid bool) Body {
	if s == nil {
		s = new(Scratch)
	}
	// Every body starts from a zero reader and leaves one behind: nothing
	// of a body stays in the Scratch for the next, or keeps its Body alive.
	r := &s.r
	*r = reader{base: base, valid: valid, scan: canonical{src: sanitized}}
	b, ok := read(r, &r.scan, sanitized, &s.buf)
	if !ok {
		*r = reader{base: base, valid: valid}
		b, _ = read(r, htmltok.New(sanitized), sanitized, &s.buf)
	}
	*r = reader{}
	return b
}

// read walks the tokens of markup with a new reader r, its working memory
// in scratch, which it grows if it must; it reports false when z stopped
// before the end.
func read(r *reader, z tokens, markup []byte, scratch *[]byte) (Body, bool) {
	r.paras, r.stack = r.parasBuf[:0], r.stackBuf[:0]
	// The output is no longer than the markup, the text shorter, bar rare
	// entities, and a block of text shorter still: one buffer holds the
	// three, each capped so that it cannot grow into the next.
	n := len(markup)
	if need := 2*n + min(n, curRoom); cap(*scratch) < need {
		*scratch = make([]byte, 0, need)
	}
	buf := (*scratch)[:0]
	r.out, r.txt, r.cur = buf[:0:n], buf[n:n:2*n], buf[2*n:2*n:cap(buf)]
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if errors.Is(z.Err(), errNotCanonical) {
				return Body{}, false
			}
			break
		}
		raw := z.Raw()
		switch tt {
		case html.TextToken:
			r.writeText(raw)
			r.text(z.Text()) // unescaped, with CR LF and CR made LF
		case html.StartTagToken, html.SelfClosingTagToken:
			tag := z.Name()
			switch {
			case tag == "img":
				r.image(z)
				r.out = append(r.out, raw...)
				r.markMedia()
				continue
			case tag == "br":
				r.cur = append(r.cur, '\n')
				r.out = append(r.out, raw...)
				continue
			case tag == "hr":
				r.flush()
				r.out = append(r.out, raw...)
				r.markMedia()
				continue
			}
			if block(tag) {
				r.flush()
			}
			if tt == html.StartTagToken && !htmlelem.Void(tag) {
				f := frame{tag: tag, outStart: len(r.out), paraStart: len(r.paras), visible: r.visible, imgStart: len(r.images)}
				if tag == "a" {
					f.link = r.href(z)
					if f.link != "" {
						f.linkStart = r.linkText.Len()
						r.inLink++
					}
				}
				r.stack = append(r.stack, f)
				if tag == "pre" {
					r.pre++
				}
			}
			r.out = append(r.out, raw...)
		case html.EndTagToken:
			tag := z.Name()
			if block(tag) {
				r.flush()
			}
			r.out = append(r.out, raw...)
			r.end(tag)
		}
	}
	r.flush()
	// One copy out of the scratch buffer holds the HTML and the text.
	html := bytes.TrimSpace(r.out)
	var kept strings.Builder
	kept.Grow(len(html) + len(r.txt))
	kept.Write(html)
	kept.Write(r.txt)
	both := kept.String()
	r.body.HTML, r.body.Text = both[:len(html)], both[len(html):]
	r.body.Images = r.images
	return r.body, true
}

// href returns the absolute URL of a link's href, or "".
func (r *reader) href(z tokens) string {
	for {
		// A tag without attributes returns a nil key at once.
		k, v, more := z.TagAttr()
		if string(k) == "href" {
			return normalize.URL(string(v), r.base)
		}
		if !more {
			return ""
		}
	}
}

func (r *reader) closeLink(f frame) {
	r.inLink--
	text := normalize.Space(r.linkText.String()[f.linkStart:])
	if !r.seenLinks.add(f.link) {
		return
	}
	if r.body.Links == nil {
		r.body.Links = make([]article.Link, 0, firstRoom)
	}
	r.body.Links = append(r.body.Links, article.Link{URL: f.link, Text: text})
}

// writeText copies text to the output, squeezing the runs of blank lines
// and indentation that removed scripts, comments and chrome leave between
// tags; text with anything visible in it, and all text in <pre>, is kept
// as it is.
func (r *reader) writeText(raw []byte) {
	if r.pre > 0 || len(bytes.TrimLeft(raw, " \t\r\n\f")) > 0 {
		r.out = append(r.out, raw...)
		return
	}
	if bytes.IndexByte(raw, '\n') >= 0 {
		r.out = append(r.out, '\n')
	} else {
		r.out = append(r.out, ' ')
	}
}

// text collects text. Outside <pre> a line break in the source is just
// whitespace, as a browser renders it; only <br> (written as '\n') breaks a line.
func (r *reader) text(s []byte) {
	if r.inLink > 0 {
		r.linkText.Write(s)
	}
	if visible(s) {
		r.visible++
	}
	if r.pre > 0 {
		r.cur = append(r.cur, s...)
		return
	}
	// A line feed becomes a space, so that flush does not break the line
	// there. The other control whitespace is left to flush, which
	// collapses it with the spaces around it, as it does spaces.
	for {
		i := bytes.IndexByte(s, '\n')
		if i < 0 {
			r.cur = append(r.cur, s...)
			return
		}
		r.cur = append(r.cur, s[:i]...)
		r.cur = append(r.cur, ' ')
		s = s[i+1:]
	}
}

// visible reports whether s holds a rune other than whitespace, as
// normalize.Space sees it. ASCII is told apart without decoding, and the
// search stops at the first such rune.
func visible(s []byte) bool {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if asciiBlank[c] == 0 {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if !isBlank(r) {
			return true
		}
		i += size
	}
	return false
}

var asciiBlank = [utf8.RuneSelf]uint8{'\t': 1, '\n': 1, '\v': 1, '\f': 1, '\r': 1, ' ': 1}

func (r *reader) markMedia() {
	if n := len(r.stack); n > 0 {
		r.stack[n-1].media = true
	}
}

// flush ends the current block of text: whitespace inside a line
// collapses, full-width indentation goes, lines broken by <br> stay lines,
// and an empty line (two <br> in a row) starts a new paragraph.
func (r *reader) flush() {
	s := r.cur
	r.cur = r.cur[:0] // s is read before anything is written to cur again
	if r.pre > 0 {
		s = bytes.Trim(s, "\n")
		if len(bytes.TrimSpace(s)) > 0 {
			start := r.paraBreak()
			r.txt = appendSqueezed(r.txt, s)
			r.paras = append(r.paras, span{start, len(r.txt)})
		}
		return
	}
	// Each line is collapsed straight into text; a line left empty is
	// taken back, and ends the paragraph.
	open, start := false, 0
	for l := range bytes.SplitSeq(s, []byte("\n")) {
		before := len(r.txt)
		if open {
			r.txt = append(r.txt, '\n')
		} else {
			r.paraBreak()
		}
		at := len(r.txt)
		if r.valid {
			r.txt = normalize.AppendSpaceValid(r.txt, l)
		} else {
			r.txt = normalize.AppendSpace(r.txt, l)
		}
		switch {
		case len(r.txt) == at:
			r.txt = r.txt[:before]
			if open {
				r.paras = append(r.paras, span{start, before})
				open = false
			}
		case !open:
			open, start = true, at
		}
	}
	if open {
		r.paras = append(r.paras, span{start, len(r.txt)})
	}
}

// paraBreak writes the blank line that comes before a paragraph, unless
// it is the first, and returns where the paragraph starts.
func (r *reader) paraBreak() int {
	if len(r.paras) > 0 {
		r.txt = append(r.txt, "\n\n"...)
	}
	return len(r.txt)
}

// parasText returns the paragraphs from the i-th on, joined by spaces.
func (r *reader) parasText(i int) string {
	var b strings.Builder
	for j, p := range r.paras[i:] {
		if j > 0 {
			b.WriteByte(' ')
		}
		b.Write(r.txt[p.start:p.end])
	}
	return b.String()
}

// end closes the innermost open element named tag and decides whether the
// block stays: a block with nothing visible, or one that is a metadata
// line, is cut from the output.
func (r *reader) end(tag string) {
	i := len(r.stack) - 1
	for i >= 0 && r.stack[i].tag != tag {
		i--
	}
	if i < 0 {
		return
	}
	f := r.stack[i]
	for _, open := range r.stack[i:] {
		if open.link != "" {
			r.closeLink(open)
		}
	}
	if (tag == "h1" || tag == "h2" || tag == "h3") && r.body.Heading == "" && len(r.paras) > f.paraStart {
		r.body.Heading = r.parasText(f.paraStart)
	}
	// Elements left open inside it (an unclosed <font>, say) end with it:
	// their images keep it from being empty, and a <pre> among them ends.
	for _, inner := range r.stack[i+1:] {
		f.media = f.media || inner.media
		if inner.tag == "pre" && r.pre > 0 {
			r.pre--
		}
	}
	r.stack = r.stack[:i]
	if tag == "pre" && r.pre > 0 {
		r.pre--
	}
	if tag == "figure" && f.caption != "" {
		// A figcaption may come before the images it describes.
		r.captionImages(f.imgStart, f.caption)
	}
	if f.media && i > 0 {
		r.stack[i-1].media = true
	}
	switch {
	case tag == "figcaption":
		r.caption(f)
	case !droppable[tag]:
	case len(r.paras) == f.paraStart && !f.media && r.visible == f.visible:
		r.out = r.out[:f.outStart]
		r.body.Empty++
	}
}

// caption gives the figcaption's text to the images of its figure that
// have none: those before it now, those after it when the figure ends.
func (r *reader) caption(f frame) {
	text := r.parasText(f.paraStart)
	for i := len(r.stack) - 1; i >= 0; i-- {
		if r.stack[i].tag == "figure" {
			if r.stack[i].caption == "" {
				r.stack[i].caption = text
			}
			r.captionImages(r.stack[i].imgStart, text)
			return
		}
	}
}

func (r *reader) captionImages(from int, text string) {
	for j := from; j < len(r.images); j++ {
		if r.images[j].Caption == "" {
			r.images[j].Caption = text
		}
	}
}

// isBlank matches what normalize.Space removes.
func isBlank(c rune) bool { return unicode.IsSpace(c) || c == '\u200b' || c == '\ufeff' }

func setOnce(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

func (r *reader) image(z tokens) {
	var img article.Image
	for more := true; more; {
		// A tag without attributes returns a nil key at once.
		var k, v []byte
		k, v, more = z.TagAttr()
		switch string(k) {
		case "src":
			img.URL = normalize.URL(string(v), r.base)
		case "alt":
			img.Alt = normalize.Space(string(v))
		case "width":
			img.Width = dimension(v)
		case "height":
			img.Height = dimension(v)
		}
	}
	if img.URL == "" || !r.seen.add(img.URL) {
		return
	}
	if r.images == nil {
		r.images = make([]article.Image, 0, firstRoom)
	}
	r.images = append(r.images, img)
}

// dimension reads a width or height in pixels; 0, unknown, unless it is a
// whole number that fits the int32 the wire carries.
func dimension(v []byte) int {
	n, err := strconv.ParseInt(strings.TrimSpace(string(v)), 10, 32)
	if err != nil || n < 0 {
		return 0
	}
	return int(n)
}

// appendSqueezed appends preformatted text with every run of blank lines
// shortened to one: Text separates paragraphs by exactly one blank line.
func appendSqueezed(dst, s []byte) []byte {
	if !bytes.Contains(s, []byte("\n\n\n")) {
		return append(dst, s...)
	}
	newlines := 0
	for _, c := range s {
		if c == '\n' {
			if newlines++; newlines > 2 {
				continue
			}
		} else {
			newlines = 0
		}
		dst = append(dst, c)
	}
	return dst
}
