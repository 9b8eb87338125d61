package sanitize

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"articleservice/sanitize/htmlelem"
	"articleservice/sanitize/htmltok"
)

// Options are the per-call inputs of Sanitize.
type Options struct {
	// BaseURL resolves relative URLs when the policy says "resolve"; a
	// <base href> in the fragment is never trusted over it.
	BaseURL *url.URL
	// MaxDepth limits the nesting depth of elements; 0 means no limit.
	MaxDepth int
	// Explain lists the removed items in the Report (at most MaxItems).
	Explain bool
	// Dst, when not nil, is the buffer the HTML is written into while it
	// has room: Result.HTML then shares its array. A caller that reads
	// the HTML and lets it go passes the same buffer call after call, and
	// no body allocates an output of its own.
	Dst []byte
}

// Result is what Sanitize returns.
type Result struct {
	HTML   []byte
	Report Report
	// Fields holds the values extract rules took out of the body, by field
	// name; the first match of a field wins. Nil when none matched.
	Fields map[string]string
}

// DepthError reports markup nested deeper than Options.MaxDepth.
type DepthError struct {
	Limit int
}

func (e *DepthError) Error() string {
	return fmt.Sprintf("elements nested deeper than %d", e.Limit)
}

// skipContent returns the reason an element is removed together with
// everything inside it, false when it is not: its content is code, chrome
// or a second copy of what is already there. A switch, as it is asked of
// every start tag.
func skipContent(name string) (Reason, bool) {
	switch name {
	case "script":
		return ReasonScript, true
	case "style":
		return ReasonStyle, true
	case "template", "iframe", "frame", "frameset", "object", "embed", "applet", "noembed",
		"noframes", "noscript", "svg", "math", "title", "textarea", "select", "button",
		"xmp", "plaintext", "head", "audio", "video", "canvas", "map":
		return ReasonSubtree, true
	}
	return 0, false
}

// impliedEnd returns, for an element whose end tag may be omitted, the
// open elements its start tag closes when on top of the stack, as the HTML
// parser does; without this a page of unclosed <p>, <li><p> or <tr><td>
// would look infinitely deep.
func impliedEnd(name string) []string {
	switch name {
	case "p":
		return paraEnd
	case "li":
		return itemEnd
	case "dt", "dd":
		return defEnd
	case "tr":
		return rowEnd
	case "td", "th":
		return cellEnd
	case "thead", "tbody", "tfoot":
		return sectionEnd
	case "option":
		return optionEnd
	}
	return nil
}

var (
	paraEnd    = []string{"p"}
	itemEnd    = []string{"li", "p"}
	defEnd     = []string{"dt", "dd", "p"}
	optionEnd  = []string{"option"}
	cellEnd    = []string{"td", "th", "p"}
	rowEnd     = []string{"tr", "td", "th", "p"}
	sectionEnd = []string{"thead", "tbody", "tfoot", "tr", "td", "th", "p"}
)

// headContent reports whether an element is allowed in <head>; any other
// start tag ends an unclosed head, as the HTML parser does, so a page that
// omits </head> keeps its body.
func headContent(name string) bool {
	switch name {
	case "base", "link", "meta", "title", "style", "script", "noscript", "template":
		return true
	}
	return false
}

// opens reports whether a tag opens an element with content the way a
// browser parses it: the "/" of <div/> or <script/> is ignored on HTML
// elements, but honoured in foreign content (<svg/>, <math/>).
func opens(tt html.TokenType, name string) bool {
	if htmlelem.Void(name) {
		return false
	}
	return tt == html.StartTagToken || (name != "svg" && name != "math")
}

// rawTagName returns the lower-cased name of the start tag raw, without
// consuming the tokenizer's copy of it. An ASCII name is lower-cased in
// place of strings.ToLower, and one HTML knows costs no allocation.
func rawTagName(raw []byte) string {
	raw = bytes.TrimPrefix(raw, []byte("<"))
	if i := bytes.IndexAny(raw, " \t\n\f\r/>"); i >= 0 {
		raw = raw[:i]
	}
	var buf [32]byte
	if len(raw) > len(buf) {
		return strings.ToLower(string(raw))
	}
	for i, c := range raw {
		if c >= utf8.RuneSelf {
			return strings.ToLower(string(raw))
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return htmlelem.Intern(buf[:len(raw)])
}

// urlAttr reports whether an attribute's value is a URL; ping's is a
// list of them.
func urlAttr(key string) bool {
	switch key {
	case "href", "src", "cite", "poster", "action", "formaction", "background", "longdesc",
		"usemap", "data", "xlink:href", "ping":
		return true
	}
	return false
}

// Sanitize cleans an HTML fragment. A tokenizer pre-pass applies the
// policy's content rules (remove, unwrap, extract), drops what the
// allowlist does not allow and counts it by reason, promotes lazy-loaded
// image sources, checks and rewrites URLs and strips indentation;
// bluemonday then enforces the same allowlist on the result, so the report
// is ours and the safety guarantee is bluemonday's.
func (p *Policy) Sanitize(src []byte, opt Options) (Result, error) {
	st := p.getCleaner(opt)
	defer p.putCleaner(st)
	st.rep.ruleNames = p.ruleNames
	st.rep.explain = opt.Explain
	st.w.Grow(len(src))
	if err := st.run(src); err != nil {
		return Result{}, err
	}
	return Result{HTML: st.enforce(), Report: st.rep, Fields: st.fields}, nil
}

// getCleaner takes a cleaner from the policy's pool, with the buffers an
// earlier call grew: a body's output buffer, stack and lists cost nothing
// to allocate and nothing to collect when the last body needed as much.
func (p *Policy) getCleaner(opt Options) *cleaner {
	c, _ := p.cleaners.Get().(*cleaner)
	if c == nil {
		c = new(cleaner)
	}
	*c = cleaner{p: p, opt: opt, w: c.w, stack: c.stack[:0], attrs: c.attrs[:0], kept: c.kept[:0],
		extracts: c.extracts[:0], text: c.text[:0], z: c.z}
	c.w.Reset()
	return c
}

// putCleaner returns c to the pool. What the result took (the HTML
// bluemonday wrote, the report, the fields) is let go; a buffer an
// unusually large body grew is dropped rather than kept for every call.
func (p *Policy) putCleaner(c *cleaner) {
	if c.w.Cap() > maxPooledOutput {
		c.w = bytes.Buffer{}
	}
	if cap(c.stack) > maxPooledList || cap(c.kept) > maxPooledList || cap(c.attrs) > maxPooledList ||
		cap(c.extracts) > maxPooledList || cap(c.text) > maxPooledText {
		c.stack, c.kept, c.attrs, c.extracts, c.text = nil, nil, nil, nil, nil
	}
	c.in.Reset(nil)
	c.z.Reset(nil) // lets go of the body
	c.out = bytes.Buffer{}
	c.rep, c.fields, c.opt = Report{}, nil, Options{}
	p.cleaners.Put(c)
}

// Bounds on what a pooled cleaner keeps: a few times what a large article
// needs.
const (
	maxPooledOutput = 256 << 10
	maxPooledList   = 256
	maxPooledText   = 16 << 10
)

// enforce runs bluemonday over the pre-pass's output, as SanitizeBytes
// does, into a buffer sized once: bluemonday's own starts empty and
// doubles as it fills. Its output is about as long as its input (links
// gain rel and target attributes); a longer one still grows. The reader
// and the buffer are the cleaner's, allocated with it.
func (c *cleaner) enforce() []byte {
	in := c.w.Bytes()
	if len(bytes.TrimSpace(in)) == 0 {
		return bytes.Clone(in) // SanitizeBytes returns blank input as it is
	}
	c.in.Reset(in)
	if c.opt.Dst != nil {
		c.out = *bytes.NewBuffer(c.opt.Dst[:0])
	}
	c.out.Grow(len(in) + len(in)/8)
	if err := c.p.bm.SanitizeReaderToWriter(&c.in, &c.out); err != nil {
		return nil // SanitizeBytes's result when bluemonday fails
	}
	return c.out.Bytes()
}

// elem is an open element on the pre-pass's stack. Its lists are ranges
// of the cleaner's shared ones, not slices of them: an element pushed with
// one pointer (its tag) costs one write barrier while the garbage
// collector marks, not four.
type elem struct {
	tag string
	// attrs as written, kept only for rule selectors: cleaner.kept[attrsStart:attrsEnd].
	attrsStart, attrsEnd int
	emitted              bool // its start tag was written
	renamed              int  // 1 + the rename rule that renamed it, or 0
	outStart             int  // output length before its start tag
	// Extraction: the rules to try when it closes
	// (cleaner.extracts[extractFrom:extractTo]), and where its text starts.
	extractFrom, extractTo int
	textStart              int
	media                  int // cleaner.media when it opened
}

type cleaner struct {
	p        *Policy
	opt      Options
	w        bytes.Buffer
	rep      Report
	stack    []elem
	skip     string // element being dropped with its content
	depth    int    // nesting of skip inside itself
	base     int    // len(stack) when the skip began
	lead     bool   // at the start of a block or line: indentation to trim
	text     []byte // unescaped text of open extraction candidates
	cands    int    // open extraction candidates
	media    int    // images written so far
	fields   map[string]string
	extracts []int            // backs the elems' extract lists
	attrs    []html.Attribute // reused by token for every tag
	kept     []html.Attribute // backs the elems' attrs
	in       bytes.Reader     // w, for bluemonday
	out      bytes.Buffer     // bluemonday's output
	z        htmltok.Tokenizer
}

func (c *cleaner) run(src []byte) error {
	z := &c.z
	z.Reset(src)
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() == io.EOF {
				for len(c.stack) > 0 {
					c.pop()
				}
				return nil
			}
			return z.Err()
		}
		if c.skip != "" && c.skipping(tt, z.Raw()) {
			continue
		}
		switch tt {
		case html.TextToken:
			c.writeText(z.Raw())
		case html.CommentToken:
			text := ""
			if c.rep.explain { // only an explained report keeps the text
				text = string(z.Text())
			}
			c.rep.note(ReasonComment, "#comment", "", text)
		case html.DoctypeToken:
		case html.StartTagToken, html.SelfClosingTagToken:
			t, allowedAttrs, allowed := c.token(z, tt)
			if err := c.start(tt, t, allowedAttrs, allowed); err != nil {
				return err
			}
		case html.EndTagToken:
			c.end(z.Name(), z.Raw())
		}
	}
}

// skipping handles a token inside an element dropped with its content and
// reports whether it was consumed. The drop ends at the element's end tag,
// or where a browser would end the element anyway: when an ancestor
// closes, when the body of a page without </head> begins, or when a start
// tag implies the element's end.
func (c *cleaner) skipping(tt html.TokenType, raw []byte) bool {
	switch tt {
	case html.StartTagToken, html.SelfClosingTagToken:
		name := rawTagName(raw)
		switch {
		case c.skip == "head" && !headContent(name):
			c.skip = ""
			return false
		case name == c.skip && opens(tt, name):
			c.depth++
		case c.depth == 1 && slices.Contains(impliedEnd(name), c.skip):
			c.skip = ""
			return false
		}
	case html.EndTagToken:
		name := rawTagName(bytes.TrimPrefix(raw, []byte("</")))
		switch {
		case name == c.skip:
			if c.depth--; c.depth == 0 {
				c.skip = ""
			}
		case c.indexOf(name) >= 0 && c.indexOf(name) < c.base:
			c.skip = ""
			return false
		}
	}
	return true
}

// token reads a start tag, and looks up the policy's entry for its name.
// Attributes are read only when something will
// look at them: the element is allowed, it is an iframe, or the policy's
// selectors read attributes; a dropped <span style=…> costs no allocation.
func (c *cleaner) token(z *htmltok.Tokenizer, tt html.TokenType) (t html.Token, allowedAttrs []string, allowed bool) {
	t = html.Token{Type: tt, Data: z.Name()}
	allowedAttrs, allowed = c.p.allowed[t.Data]
	if !allowed && !c.p.needAttrs && t.Data != "iframe" {
		return t, allowedAttrs, allowed
	}
	// The attributes live until start returns (it keeps a clone), so
	// every tag reads them into the same buffer.
	attrs := c.attrs[:0]
	// An attribute filterAttrs would drop and count without looking at its
	// value (cms-style, data-pid, ...) is counted here, unread, when the
	// report keeps no details; an event handler is left to filterAttrs,
	// which counts it apart.
	_, skipped := skipContent(t.Data)
	countOnly := c.p.readKeys != nil && !c.rep.explain && allowed && !skipped && t.Data != "iframe"
	for {
		// A tag without attributes returns a nil key at once; the
		// tokenizer never keeps an attribute with an empty key.
		k, v, more := z.TagAttr()
		if k == nil {
			break
		}
		if countOnly && !c.p.readKeys[string(k)] && !bytes.HasPrefix(k, []byte("on")) {
			c.rep.note(ReasonAttribute, t.Data, "", "") // the report keeps no details
		} else {
			attrs = append(attrs, html.Attribute{Key: htmlelem.Intern(k), Val: string(v)})
		}
		if !more {
			break
		}
	}
	c.attrs = attrs[:0]
	if len(attrs) > 0 {
		t.Attr = attrs
	}
	return t, allowedAttrs, allowed
}

// writeStartTag writes a start tag whose attributes are already clean.
func writeStartTag(w *bytes.Buffer, t html.Token) {
	w.WriteByte('<')
	w.WriteString(t.Data)
	for _, a := range t.Attr {
		w.WriteByte(' ')
		w.WriteString(a.Key)
		w.WriteString(`="`)
		writeEscaped(w, a.Val)
		w.WriteByte('"')
	}
	w.WriteByte('>')
}

// writeEscaped writes s escaped as html.EscapeString escapes it, straight
// into w: an escaped value needs no string of its own.
func writeEscaped(w *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '\'':
			esc = "&#39;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&#34;"
		case '\r':
			esc = "&#13;"
		default:
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(esc)
		last = i + 1
	}
	w.WriteString(s[last:])
}

// keepAttrs gives e, the top of the stack, its own copy of attrs for the
// rules' selectors. The copies of all open elements share one list, laid
// out in stack order: e's starts where its parent's ends, over those of
// elements already closed.
func (c *cleaner) keepAttrs(e *elem, attrs []html.Attribute) {
	from := 0
	if n := len(c.stack); n > 1 {
		from = c.stack[n-2].attrsEnd
	}
	c.kept = append(c.kept[:from], attrs...)
	e.attrsStart, e.attrsEnd = from, len(c.kept)
}

func (c *cleaner) startSkip(tag string) {
	c.skip, c.depth, c.base = tag, 1, len(c.stack)
}

// start handles a start tag; allowedAttrs and allowed are the policy's
// entry for its name, which token looked up.
func (c *cleaner) start(tt html.TokenType, t html.Token, allowedAttrs []string, allowed bool) error {
	p := c.p
	for closes := impliedEnd(t.Data); len(c.stack) > 0 && slices.Contains(closes, c.stack[len(c.stack)-1].tag); {
		c.pop()
	}
	opensEl := opens(tt, t.Data)
	if t.Data == "iframe" && p.iframeHosts != nil {
		if c.iframe(t) && opensEl {
			c.startSkip("iframe")
		}
		return nil
	}
	if r, ok := skipContent(t.Data); ok {
		c.rep.note(r, t.Data, "", "")
		if opensEl {
			c.startSkip(t.Data)
		}
		return nil
	}
	// The element goes on the stack at once, where the rules' selectors
	// see it as the innermost; it comes off again unless it opens.
	c.stack = append(c.stack, elem{tag: t.Data, outStart: c.w.Len()})
	e := &c.stack[len(c.stack)-1]
	if p.needAttrs {
		c.keepAttrs(e, t.Attr)
	}
	unwrap, renamed := false, false
	if len(p.rules) > 0 {
		chain := func(i int) node {
			e := &c.stack[i]
			return node{e.tag, c.kept[e.attrsStart:e.attrsEnd]}
		}
		extractFrom := len(c.extracts)
		for i := range p.rules {
			r := &p.rules[i] // not copied: a rule is asked of every start tag
			switch {
			case r.kind == ruleExtract:
				if opensEl && (r.sel == nil && extractBlock(t.Data) || r.sel != nil && r.sel.match(len(c.stack), chain)) {
					c.extracts = append(c.extracts, i)
				}
			case !r.sel.match(len(c.stack), chain):
			case r.kind == ruleRemove:
				c.rep.noteRule(i, t.Data)
				c.stack = c.stack[:len(c.stack)-1]
				if opensEl {
					c.startSkip(t.Data)
				}
				return nil
			case r.kind == ruleRename && !renamed && !unwrap:
				c.rep.noteRule(i, t.Data)
				renamed, t.Data, t.Attr, e.renamed = true, r.to, nil, i+1
			case r.kind == ruleUnwrap && !unwrap && !renamed:
				c.rep.noteRule(i, t.Data)
				unwrap = true
			}
		}
		// Its own range of the shared list, which only grows while it is open.
		e.extractFrom, e.extractTo = extractFrom, len(c.extracts)
	}
	if renamed {
		allowedAttrs, allowed = p.allowed[t.Data]
	}
	switch {
	case unwrap:
	case !allowed:
		c.rep.note(ReasonElement, t.Data, "", "")
	default:
		t.Attr = c.filterAttrs(t.Data, t.Attr, allowedAttrs)
		writeStartTag(&c.w, t)
		e.emitted = true
		if t.Data == "img" {
			c.media++
		}
	}
	if t.Data == "br" || blockElement(t.Data) {
		c.lead = true
		if c.cands > 0 {
			c.text = append(c.text, '\n')
		}
	}
	if !opensEl {
		c.stack = c.stack[:len(c.stack)-1]
		return nil
	}
	if e.extractTo > e.extractFrom {
		e.textStart, e.media = len(c.text), c.media
		c.cands++
	}
	if c.opt.MaxDepth > 0 && len(c.stack) > c.opt.MaxDepth {
		return &DepthError{Limit: c.opt.MaxDepth}
	}
	return nil
}

func (c *cleaner) end(name string, raw []byte) {
	i := c.indexOf(name)
	if i < 0 {
		// A stray end tag: keep it only where the allowlist does, as
		// the sanitizer downstream would.
		if _, ok := c.p.allowed[name]; ok {
			c.w.Write(raw)
		}
		return
	}
	for len(c.stack)-1 > i {
		c.pop()
	}
	switch e := c.stack[i]; {
	case e.emitted && e.renamed != 0:
		c.w.WriteString("</" + c.p.rules[e.renamed-1].to + ">")
	case e.emitted:
		c.w.Write(raw)
	}
	c.pop()
}

func (c *cleaner) indexOf(name string) int {
	for i := len(c.stack) - 1; i >= 0; i-- {
		if c.stack[i].tag == name {
			return i
		}
	}
	return -1
}

// pop closes the innermost open element. A closing extraction candidate
// whose text matches one of its rules is cut from the output and its value
// kept as a field.
func (c *cleaner) pop() {
	e := c.stack[len(c.stack)-1]
	c.stack = c.stack[:len(c.stack)-1]
	if blockElement(e.tag) {
		c.lead = true
	}
	extract := c.extracts[e.extractFrom:e.extractTo]
	if len(extract) == 0 {
		return
	}
	c.cands--
	defer func() {
		if c.cands == 0 {
			c.text = c.text[:0]
		}
		// Its extract list is the last on the shared list: whatever
		// opened after it has closed already.
		c.extracts = c.extracts[:e.extractFrom]
	}()
	if c.media > e.media {
		return // a block holding an image is content, whatever its text says
	}
	// Every line (lines are broken by <br>) must be a metadata line for the
	// block to go: "来源：新浪<br>责任编辑：王翔" is two, "来源：新浪<br>正文…"
	// is a paragraph that happens to start with one.
	type hit struct {
		rule  int
		value string
	}
	// A block far longer than any rule's limit is prose: skip it before
	// splitting and collapsing its text (a rune is at most 4 bytes, and
	// generous room is left for whitespace that collapses).
	longest := 0
	for _, i := range extract {
		longest = max(longest, c.p.rules[i].maxLen)
	}
	if len(c.text)-e.textStart > 8*longest+64 {
		return
	}
	var hits []hit
	for line := range bytes.SplitSeq(c.text[e.textStart:], []byte("\n")) {
		line = bytes.TrimFunc(line, isSpace)
		if len(line) == 0 {
			continue
		}
		matched := false
		runes := -1 // counted once a rule needs it
		for _, i := range extract {
			r := c.p.rules[i]
			if len(line) > 4*r.maxLen || r.first != nil && !r.first.has(line) {
				continue
			}
			if len(line) > r.maxLen && runes < 0 {
				runes = utf8.RuneCount(line)
			}
			if len(line) > r.maxLen && runes > r.maxLen {
				continue
			}
			if m := r.re.FindSubmatch(line); m != nil {
				value := ""
				if len(m) > 1 {
					value = collapseSpace(string(m[1]))
				}
				hits = append(hits, hit{i, value})
				matched = true
				break
			}
		}
		if !matched {
			return
		}
	}
	if len(hits) == 0 {
		return
	}
	for _, h := range hits {
		r := c.p.rules[h.rule]
		if h.value != "" && r.field != "" {
			if c.fields == nil {
				c.fields = map[string]string{}
			}
			if _, ok := c.fields[r.field]; !ok {
				c.fields[r.field] = h.value
			}
		}
		c.rep.noteRule(h.rule, e.tag)
	}
	c.w.Truncate(e.outStart)
	c.text = c.text[:e.textStart]
}

// writeText copies a text token. What the tokenizer read as text stays
// text when the tags around it are dropped: '<' is escaped, so "<<x>img"
// cannot become "<img". At the start of a block or line, indentation
// (spaces, U+3000, NBSP) is trimmed when the policy says so.
func (c *cleaner) writeText(raw []byte) {
	if c.lead && c.p.trimIndent {
		raw = trimIndent(raw)
		if len(raw) == 0 {
			return
		}
	}
	if c.lead && !blank(raw) {
		c.lead = false
	}
	if c.cands > 0 {
		if bytes.IndexByte(raw, '&') < 0 {
			c.text = append(c.text, raw...) // nothing to unescape
		} else {
			c.text = append(c.text, html.UnescapeString(string(raw))...)
		}
	}
	for i := bytes.IndexByte(raw, '<'); i >= 0; i = bytes.IndexByte(raw, '<') {
		c.w.Write(raw[:i])
		c.w.WriteString("&lt;")
		raw = raw[i+1:]
	}
	c.w.Write(raw)
}

// blank reports whether b is only ASCII whitespace.
func blank(b []byte) bool {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n', '\f':
		default:
			return false
		}
	}
	return true
}

// indents are the raw forms indentation takes in crawled text: the
// multi-byte ones, then the ASCII whitespace bytes.
var indents = [][]byte{[]byte("\u3000"), []byte("\u00a0"), []byte("&nbsp;"), []byte("&#12288;"),
	[]byte("&#x3000;"), []byte("&emsp;"), []byte("&ensp;"), []byte("&#160;")}

// trimIndent trims every indent off the start of b. No indent is a
// prefix of another, so at most one of them is there at a time.
func trimIndent(b []byte) []byte {
	for len(b) > 0 {
		switch b[0] {
		case ' ', '\t', '\n', '\r', '\f':
			b = b[1:]
			continue
		case 0xc2, 0xe3, '&':
			n := 0
			for _, in := range indents {
				if bytes.HasPrefix(b, in) {
					n = len(in)
					break
				}
			}
			if n == 0 {
				return b
			}
			b = b[n:]
			continue
		}
		return b
	}
	return b
}

// collapseSpace collapses runs of whitespace (U+3000 and NBSP included) to
// one space and trims the ends.
func collapseSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, isSpace), " ")
}

func isSpace(r rune) bool { return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' }

// blockElement reports whether name starts a new line of text;
// indentation after it is trimmed. The raw pages read here wrap lines in
// sectioning elements too; table parts are not counted, as trimming after
// them would change the whitespace of every table kept.
func blockElement(name string) bool {
	return htmlelem.Block(name) || htmlelem.Sectioning(name)
}

// extractBlock reports whether extract rules without a selector try an
// element: the blocks that hold one line of text. Wrappers (div, section)
// are not, or a box around a whole short story could be taken for a
// metadata line.
func extractBlock(name string) bool {
	switch name {
	case "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote":
		return true
	}
	return false
}

// iframe writes an embed from an allowed host, with only its size and a
// forced sandbox, and reports whether it was kept; any other iframe is
// dropped with its content.
func (c *cleaner) iframe(t html.Token) bool {
	src := attrValue(t.Attr, "src")
	v, ok := c.p.cleanURL(src, c.opt.BaseURL)
	u, err := url.Parse(v)
	if !ok || err != nil || u.Scheme != "https" || !slices.Contains(c.p.iframeHosts, strings.ToLower(u.Hostname())) {
		c.rep.note(ReasonSubtree, "iframe", "src", src)
		return true
	}
	out := html.Token{Type: html.StartTagToken, Data: "iframe", Attr: []html.Attribute{{Key: "src", Val: u.String()}}}
	for _, k := range []string{"width", "height"} {
		if v := attrValue(t.Attr, k); numeric.MatchString(v) {
			out.Attr = append(out.Attr, html.Attribute{Key: k, Val: v})
		}
	}
	if _, ok := attrLookup(t.Attr, "allowfullscreen"); ok {
		out.Attr = append(out.Attr, html.Attribute{Key: "allowfullscreen"})
	}
	out.Attr = append(out.Attr, html.Attribute{Key: "sandbox", Val: c.p.sandbox})
	c.w.WriteString(out.String())
	c.w.WriteString("</iframe>")
	return true
}

func attrLookup(attrs []html.Attribute, key string) (string, bool) {
	for _, a := range attrs {
		if strings.EqualFold(a.Key, key) {
			return a.Val, true
		}
	}
	return "", false
}

func attrValue(attrs []html.Attribute, key string) string {
	v, _ := attrLookup(attrs, key)
	return v
}

func (c *cleaner) filterAttrs(el string, attrs []html.Attribute, allowed []string) []html.Attribute {
	p := c.p
	if el == "img" {
		attrs = p.promoteLazy(attrs)
	}
	out := attrs[:0]
	for _, a := range attrs {
		key := strings.ToLower(a.Key)
		switch {
		case strings.HasPrefix(key, "on"):
			c.rep.note(ReasonEventHandler, el, key, a.Val)
			continue
		case key == "class" && len(p.classes) > 0:
			if v := keepClasses(a.Val, p.classes); v != "" {
				out = append(out, html.Attribute{Key: key, Val: v})
			}
			continue
		case strings.HasPrefix(key, "data-") && slices.Contains(p.dataAttrs, key):
			out = append(out, html.Attribute{Key: key, Val: a.Val})
			continue
		case el == "img" && key == "srcset" && p.srcset:
			if v := c.cleanSrcset(a.Val); v != "" {
				out = append(out, html.Attribute{Key: key, Val: v})
			} else {
				c.rep.note(ReasonUnsafeURL, el, key, a.Val)
			}
			continue
		case el == "img" && key == "referrerpolicy" && p.referrer != "":
			continue // forced below
		case !slices.Contains(allowed, key):
			if el != "img" || !slices.Contains(p.lazyAttrs, key) {
				c.rep.note(ReasonAttribute, el, key, a.Val)
			}
			continue
		}
		if key == "ping" {
			v, ok := c.cleanPing(a.Val)
			if !ok {
				c.rep.note(ReasonUnsafeURL, el, key, a.Val)
			}
			if v != "" {
				out = append(out, html.Attribute{Key: key, Val: v})
			}
			continue
		}
		if urlAttr(key) {
			v, ok := c.imageURL(el, key, a.Val)
			if !ok {
				c.rep.note(ReasonUnsafeURL, el, key, a.Val)
				continue
			}
			a.Val = v
		}
		a.Key, a.Namespace = key, ""
		out = append(out, a)
	}
	if el == "img" && p.referrer != "" {
		out = append(out, html.Attribute{Key: "referrerpolicy", Val: p.referrer})
	}
	return out
}

// imageURL cleans a URL attribute; image sources also get the policy's
// https upgrade and, when enabled, data:image URLs.
func (c *cleaner) imageURL(el, key, raw string) (string, bool) {
	p := c.p
	if el == "img" && key == "src" && p.dataImages && dataImageRe.MatchString(strings.TrimSpace(raw)) {
		return strings.TrimSpace(raw), true
	}
	v, ok := p.cleanURL(raw, c.opt.BaseURL)
	if ok && el == "img" && len(p.httpsHosts) > 0 && strings.HasPrefix(v, "http://") {
		if u, err := url.Parse(v); err == nil && hostListed(p.httpsHosts, u.Hostname()) {
			u.Scheme = "https"
			v = u.String()
		}
	}
	return v, ok
}

// cleanPing checks each URL of a ping attribute as href is checked and
// returns the list, resolved; false when one of them must go, and then
// the attribute goes whole.
func (c *cleaner) cleanPing(v string) (string, bool) {
	var out []string
	for _, u := range strings.Fields(v) {
		clean, ok := c.p.cleanURL(u, c.opt.BaseURL)
		if !ok {
			return "", false
		}
		out = append(out, clean)
	}
	return strings.Join(out, " "), true
}

var dataImageRe = regexp.MustCompile(`^data:image/(png|gif|jpeg|webp);base64,[A-Za-z0-9+/=\s]+$`)

// cleanSrcset checks every candidate of a srcset and returns the list of
// those kept, absolute; "" when none is.
func (c *cleaner) cleanSrcset(v string) string {
	var out []string
	for _, cand := range strings.Split(v, ",") {
		f := strings.Fields(cand)
		if len(f) == 0 || len(f) > 2 {
			continue
		}
		u, ok := c.imageURL("img", "src", f[0])
		if !ok || !(strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")) || strings.ContainsAny(u, " ,") {
			continue
		}
		if len(f) == 2 {
			u += " " + f[1]
		}
		out = append(out, u)
	}
	return strings.Join(out, ", ")
}

func hostListed(hosts []string, host string) bool {
	host = strings.ToLower(host)
	for _, h := range hosts {
		if suffix, ok := strings.CutPrefix(h, "*."); ok {
			if host == suffix || strings.HasSuffix(host, "."+suffix) {
				return true
			}
		} else if h == host {
			return true
		}
	}
	return false
}

func keepClasses(v string, allowed []string) string {
	var out []string
	for _, c := range strings.Fields(v) {
		if slices.Contains(allowed, c) {
			out = append(out, c)
		}
	}
	return strings.Join(out, " ")
}

// promoteLazy moves the real source of a lazy-loaded image into src: the
// src of such an image is a placeholder that means nothing without the
// page's scripts.
func (p *Policy) promoteLazy(attrs []html.Attribute) []html.Attribute {
	lazy := ""
	for _, name := range p.lazyAttrs {
		for _, a := range attrs {
			if strings.EqualFold(a.Key, name) && strings.TrimSpace(a.Val) != "" {
				lazy = a.Val
				break
			}
		}
		if lazy != "" {
			break
		}
	}
	if lazy == "" {
		return attrs
	}
	for i, a := range attrs {
		if strings.EqualFold(a.Key, "src") {
			attrs[i].Val = lazy
			return attrs
		}
	}
	return append(attrs, html.Attribute{Key: "src", Val: lazy})
}

// cleanURL returns the URL to keep, or false when it must go: a scheme the
// policy does not allow, or a relative URL the policy drops. Browsers ignore
// ASCII whitespace and control characters inside a scheme ("java\tscript:"),
// so they are stripped before the scheme is read.
func (p *Policy) cleanURL(raw string, base *url.URL) (string, bool) {
	if scheme, ok := plainHTTPURL(raw); ok {
		return raw, p.allowsScheme(scheme)
	}
	return p.cleanURLGeneral(raw, base)
}

// cleanURLGeneral is cleanURL without its fast path, for any URL; the
// fuzz test holds the fast path to it.
func (p *Policy) cleanURLGeneral(raw string, base *url.URL) (string, bool) {
	v := strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.TrimSpace(raw))
	if strings.HasPrefix(v, "//") {
		v = "https:" + v
	}
	u, err := url.Parse(v)
	if err != nil {
		return "", false
	}
	if u.Scheme != "" {
		return v, p.allowsScheme(u.Scheme)
	}
	if strings.HasPrefix(v, "#") {
		return v, true
	}
	switch p.relativeURLs {
	case "drop":
		return "", false
	case "resolve":
		if base != nil {
			// The base decides the scheme of the result; it must be one
			// the policy allows too.
			r := base.ResolveReference(u)
			return r.String(), r.Scheme == "" || p.allowsScheme(r.Scheme)
		}
	}
	return v, true
}

// allowsScheme says whether a URL of scheme may stay: the policy allows it
// and it is one of the schemes known to be safe (which loading a policy
// already checked; a URL never passes on a policy's word alone).
func (p *Policy) allowsScheme(scheme string) bool {
	s := strings.ToLower(scheme)
	return slices.Contains(safeSchemes, s) && slices.Contains(p.schemes, s)
}
