package extract

import (
	"bytes"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/net/html"

	"articleservice/sanitize/htmlelem"
	"articleservice/service/article"
	"articleservice/service/normalize"
)

// Body is what Read derives from a sanitized body.
type Body struct {
	HTML   []byte
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

type reader struct {
	out   bytes.Buffer
	paras []string
	cur   strings.Builder
	stack []frame
	pre   int
	// visible counts the text tokens with something other than whitespace;
	// an element whose start and end see the same count holds no text.
	visible int
	images  []article.Image
	seen    map[string]bool
	// linkText collects the text of the open <a> elements.
	linkText  strings.Builder
	inLink    int
	seenLinks map[string]bool
	base      *url.URL
	body      Body
}

// Read walks sanitized HTML once. base resolves relative image URLs.
func Read(sanitized []byte, base *url.URL) Body {
	r := &reader{base: base, seen: map[string]bool{}}
	r.out.Grow(len(sanitized))
	z := html.NewTokenizer(bytes.NewReader(sanitized))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		switch tt {
		case html.TextToken:
			r.writeText(raw)
			r.text(z.Text()) // unescaped, with CR LF and CR made LF
		case html.StartTagToken, html.SelfClosingTagToken:
			tag := htmlelem.TagName(z)
			switch {
			case tag == "img":
				r.image(z)
				r.out.Write(raw)
				r.markMedia()
				continue
			case tag == "br":
				r.cur.WriteByte('\n')
				r.out.Write(raw)
				continue
			case tag == "hr":
				r.flush()
				r.out.Write(raw)
				r.markMedia()
				continue
			}
			if block(tag) {
				r.flush()
			}
			if tt == html.StartTagToken && !htmlelem.Void(tag) {
				f := frame{tag: tag, outStart: r.out.Len(), paraStart: len(r.paras), visible: r.visible, imgStart: len(r.images)}
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
			r.out.Write(raw)
		case html.EndTagToken:
			tag := htmlelem.TagName(z)
			if block(tag) {
				r.flush()
			}
			r.out.Write(raw)
			r.end(tag)
		}
	}
	r.flush()
	r.body.HTML = bytes.TrimSpace(r.out.Bytes())
	r.body.Text = strings.Join(r.paras, "\n\n")
	r.body.Images = r.images
	return r.body
}

// href returns the absolute URL of a link's href, or "".
func (r *reader) href(z *html.Tokenizer) string {
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
	if r.inLink == 0 {
		r.linkText.Reset()
	}
	if r.seenLinks == nil {
		r.seenLinks = map[string]bool{}
	}
	if r.seenLinks[f.link] {
		return
	}
	r.seenLinks[f.link] = true
	r.body.Links = append(r.body.Links, article.Link{URL: f.link, Text: text})
}

// writeText copies text to the output, squeezing the runs of blank lines
// and indentation that removed scripts, comments and chrome leave between
// tags; text with anything visible in it, and all text in <pre>, is kept
// as it is.
func (r *reader) writeText(raw []byte) {
	if r.pre > 0 || len(bytes.TrimLeft(raw, " \t\r\n\f")) > 0 {
		r.out.Write(raw)
		return
	}
	if bytes.IndexByte(raw, '\n') >= 0 {
		r.out.WriteByte('\n')
	} else {
		r.out.WriteByte(' ')
	}
}

// text collects text. Outside <pre> a line break in the source is just
// whitespace, as a browser renders it; only <br> (written as '\n') breaks a line.
func (r *reader) text(s []byte) {
	if r.inLink > 0 {
		r.linkText.Write(s)
	}
	if len(bytes.TrimFunc(s, isBlank)) > 0 {
		r.visible++
	}
	if r.pre > 0 {
		r.cur.Write(s)
		return
	}
	// Control whitespace is ASCII, so bytes can be scanned and copied in
	// runs without decoding runes.
	for len(s) > 0 {
		i := bytes.IndexAny(s, "\n\r\t\f")
		if i < 0 {
			r.cur.Write(s)
			return
		}
		r.cur.Write(s[:i])
		r.cur.WriteByte(' ')
		s = s[i+1:]
	}
}

func (r *reader) markMedia() {
	if n := len(r.stack); n > 0 {
		r.stack[n-1].media = true
	}
}

// flush ends the current block of text: whitespace inside a line
// collapses, full-width indentation goes, lines broken by <br> stay lines,
// and an empty line (two <br> in a row) starts a new paragraph.
func (r *reader) flush() {
	s := r.cur.String()
	r.cur.Reset()
	if r.pre > 0 {
		s = strings.Trim(s, "\n")
		if strings.TrimSpace(s) != "" {
			r.paras = append(r.paras, squeezeBlankLines(s))
		}
		return
	}
	var lines []string
	for l := range strings.SplitSeq(s, "\n") {
		l = normalize.Space(l)
		if l != "" {
			lines = append(lines, l)
			continue
		}
		if len(lines) > 0 {
			r.paras = append(r.paras, strings.Join(lines, "\n"))
			lines = lines[:0]
		}
	}
	if len(lines) > 0 {
		r.paras = append(r.paras, strings.Join(lines, "\n"))
	}
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
		r.body.Heading = strings.Join(r.paras[f.paraStart:], " ")
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
		r.out.Truncate(f.outStart)
		r.body.Empty++
	}
}

// caption gives the figcaption's text to the images of its figure that
// have none: those before it now, those after it when the figure ends.
func (r *reader) caption(f frame) {
	text := strings.Join(r.paras[f.paraStart:], " ")
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

func (r *reader) image(z *html.Tokenizer) {
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
	if img.URL == "" || r.seen[img.URL] {
		return
	}
	r.seen[img.URL] = true
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

// squeezeBlankLines shortens every run of blank lines in preformatted text
// to one: Text separates paragraphs by exactly one blank line.
func squeezeBlankLines(s string) string {
	if !strings.Contains(s, "\n\n\n") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	newlines := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			if newlines++; newlines > 2 {
				continue
			}
		} else {
			newlines = 0
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
