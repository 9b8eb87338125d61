package sanitize

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// Options are the per-call inputs of Sanitize.
type Options struct {
	// BaseURL resolves relative URLs when the policy says "resolve"; a
	// <base href> in the fragment is never trusted over it.
	BaseURL *url.URL
	// MaxDepth limits the nesting depth of elements; 0 means no limit.
	MaxDepth int
}

// Result is what Sanitize returns.
type Result struct {
	HTML   []byte
	Report Report
}

// DepthError reports markup nested deeper than Options.MaxDepth.
type DepthError struct {
	Limit int
}

func (e *DepthError) Error() string {
	return fmt.Sprintf("elements nested deeper than %d", e.Limit)
}

// skipContent lists elements removed together with everything inside them:
// their content is code, chrome or a second copy of what is already there.
var skipContent = map[string]Reason{
	"script": ReasonScript, "style": ReasonStyle,
	"template": ReasonSubtree, "iframe": ReasonSubtree, "frame": ReasonSubtree, "frameset": ReasonSubtree,
	"object": ReasonSubtree, "embed": ReasonSubtree, "applet": ReasonSubtree, "noembed": ReasonSubtree,
	"noframes": ReasonSubtree, "noscript": ReasonSubtree, "svg": ReasonSubtree, "math": ReasonSubtree,
	"title": ReasonSubtree, "textarea": ReasonSubtree, "select": ReasonSubtree, "button": ReasonSubtree,
	"xmp": ReasonSubtree, "plaintext": ReasonSubtree, "head": ReasonSubtree, "audio": ReasonSubtree,
	"video": ReasonSubtree, "canvas": ReasonSubtree, "map": ReasonSubtree,
}

// voidElements never have content or an end tag, so they never nest.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true,
	"hr": true, "img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
	"param": true, "keygen": true}

// impliedEnd lists, for elements whose end tag may be omitted, the open
// elements their start tag closes when on top of the stack, as the HTML
// parser does; without this a page of unclosed <p>, <li><p> or <tr><td>
// would look infinitely deep.
var impliedEnd = map[string][]string{"p": {"p"}, "li": {"li", "p"}, "dt": {"dt", "dd", "p"},
	"dd": {"dt", "dd", "p"}, "tr": rowEnd, "td": cellEnd, "th": cellEnd,
	"thead": sectionEnd, "tbody": sectionEnd, "tfoot": sectionEnd, "option": {"option"}}

var (
	cellEnd    = []string{"td", "th", "p"}
	rowEnd     = []string{"tr", "td", "th", "p"}
	sectionEnd = []string{"thead", "tbody", "tfoot", "tr", "td", "th", "p"}
)

// headContent lists the elements allowed in <head>; any other start tag
// ends an unclosed head, as the HTML parser does, so a page that omits
// </head> keeps its body.
var headContent = map[string]bool{"base": true, "link": true, "meta": true, "title": true, "style": true,
	"script": true, "noscript": true, "template": true}

// opens reports whether a tag opens an element with content the way a
// browser parses it: the "/" of <div/> or <script/> is ignored on HTML
// elements, but honoured in foreign content (<svg/>, <math/>).
func opens(tt html.TokenType, name string) bool {
	if voidElements[name] {
		return false
	}
	return tt == html.StartTagToken || (name != "svg" && name != "math")
}

// rawTagName returns the lower-cased name of the start tag raw, without
// consuming the tokenizer's copy of it.
func rawTagName(raw []byte) string {
	raw = bytes.TrimPrefix(raw, []byte("<"))
	if i := bytes.IndexAny(raw, " \t\n\f\r/>"); i >= 0 {
		raw = raw[:i]
	}
	return strings.ToLower(string(raw))
}

// urlAttrs are the attributes whose value is a URL.
var urlAttrs = map[string]bool{"href": true, "src": true, "cite": true, "poster": true, "action": true,
	"formaction": true, "background": true, "longdesc": true, "usemap": true, "data": true, "xlink:href": true}

// Sanitize cleans an HTML fragment: the pre-pass drops what the policy does
// not allow and counts it by reason, promotes lazy-loaded image sources and
// rewrites URLs; bluemonday then enforces the same allowlist on the result,
// so the report is ours and the safety guarantee is bluemonday's.
func (p *Policy) Sanitize(src []byte, opt Options) (Result, error) {
	var res Result
	var pre bytes.Buffer
	pre.Grow(len(src))
	if err := p.prepass(&pre, src, opt, &res.Report); err != nil {
		return Result{}, err
	}
	res.HTML = p.bm.SanitizeBytes(pre.Bytes())
	return res, nil
}

func (p *Policy) prepass(w *bytes.Buffer, src []byte, opt Options, rep *Report) error {
	z := html.NewTokenizer(bytes.NewReader(src))
	var stack []string
	skip, skipDepth := "", 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() == io.EOF {
				return nil
			}
			return z.Err()
		}
		if skip == "head" && (tt == html.StartTagToken || tt == html.SelfClosingTagToken) &&
			!headContent[rawTagName(z.Raw())] {
			skip = "" // the body began without a </head>
		}
		if skip != "" {
			// Inside an element dropped with its content: track only its
			// own nesting until its end tag.
			switch tt {
			case html.StartTagToken, html.SelfClosingTagToken:
				if name, _ := z.TagName(); string(name) == skip && opens(tt, skip) {
					skipDepth++
				}
			case html.EndTagToken:
				if name, _ := z.TagName(); string(name) == skip {
					if skipDepth--; skipDepth == 0 {
						skip = ""
					}
				}
			}
			continue
		}
		switch tt {
		case html.TextToken:
			// Escape '<': what the tokenizer read as text must stay text
			// when the tags around it are dropped ("<<x>img ..." must not
			// become "<img ...").
			raw := z.Raw()
			for i := bytes.IndexByte(raw, '<'); i >= 0; i = bytes.IndexByte(raw, '<') {
				w.Write(raw[:i])
				w.WriteString("&lt;")
				raw = raw[i+1:]
			}
			w.Write(raw)
		case html.CommentToken:
			rep.add(ReasonComment)
		case html.DoctypeToken:
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			if r, ok := skipContent[t.Data]; ok {
				rep.add(r)
				if opens(tt, t.Data) {
					skip, skipDepth = t.Data, 1
				}
				continue
			}
			if opens(tt, t.Data) {
				for closes := impliedEnd[t.Data]; len(stack) > 0 && slices.Contains(closes, stack[len(stack)-1]); {
					stack = stack[:len(stack)-1]
				}
				stack = append(stack, t.Data)
				if opt.MaxDepth > 0 && len(stack) > opt.MaxDepth {
					return &DepthError{Limit: opt.MaxDepth}
				}
			}
			allowedAttrs, ok := p.allowed[t.Data]
			if !ok {
				rep.add(ReasonElement)
				continue
			}
			t.Attr = p.filterAttrs(t.Data, t.Attr, allowedAttrs, opt, rep)
			w.WriteString(t.String())
		case html.EndTagToken:
			name, _ := z.TagName()
			if i := lastIndex(stack, name); i >= 0 {
				stack = stack[:i]
			}
			if _, ok := p.allowed[string(name)]; ok {
				w.Write(z.Raw())
			}
		}
	}
}

func lastIndex(stack []string, name []byte) int {
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i] == string(name) {
			return i
		}
	}
	return -1
}

func (p *Policy) filterAttrs(el string, attrs []html.Attribute, allowed []string, opt Options, rep *Report) []html.Attribute {
	if el == "img" {
		attrs = p.promoteLazy(attrs)
	}
	out := attrs[:0]
	for _, a := range attrs {
		key := strings.ToLower(a.Key)
		switch {
		case strings.HasPrefix(key, "on"):
			rep.add(ReasonEventHandler)
			continue
		case !slices.Contains(allowed, key):
			if !slices.Contains(p.lazyAttrs, key) || el != "img" {
				rep.add(ReasonAttribute)
			}
			continue
		}
		if urlAttrs[key] {
			v, ok := p.cleanURL(a.Val, opt.BaseURL)
			if !ok {
				rep.add(ReasonUnsafeURL)
				continue
			}
			a.Val = v
		}
		a.Key, a.Namespace = key, ""
		out = append(out, a)
	}
	return out
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
		return v, slices.Contains(p.schemes, strings.ToLower(u.Scheme))
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
			return r.String(), r.Scheme == "" || slices.Contains(p.schemes, strings.ToLower(r.Scheme))
		}
	}
	return v, true
}
