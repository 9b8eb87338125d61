package page

import (
	"sort"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Options tune Extract.
type Options struct {
	// Remove, when set, names the content rule that removes the element at
	// the end of path (path runs from the root), so a site's rules act
	// before extraction.
	Remove func(path []*html.Node) (rule string, ok bool)
	// Explain records every dropped block in Result.Dropped.
	Explain bool
	// Titles are the page's titles (its <title>, og:title, headline): a
	// heading in the article that repeats one is left out, since the
	// title has a field of its own.
	Titles []string
}

// Result is a page's article.
type Result struct {
	// Article is a <div> holding the article's nodes in page order,
	// detached from the page; nil when the page has no body.
	Article *html.Node
	// Counts tallies dropped elements by reason ("extract:…", "rule:…").
	Counts map[string]int
	// Dropped lists the dropped blocks, when Options.Explain is set.
	Dropped []Drop
	// Container is a CSS-like path to the element that held the best
	// scoring text, when Options.Explain is set: where to look first when
	// a site is mis-extracted.
	Container string
}

// Drop is a block extraction left out of the article, and why.
type Drop struct {
	Reason string // e.g. "extract:link-density"
	Detail string // the measure behind it, for a person
	Path   string // a CSS-like path to the element
	Text   string // the start of its text
	Chars  int    // the number of characters of its text, whitespace collapsed
	pos    int    // the element's place in the page, for ordering
	node   *html.Node
}

// minArticle is the weighted length below which an attempt is retried
// with fewer of its heuristics: a short result usually means they removed
// the article itself.
const minArticle = 500

// flags are the heuristics an attempt uses; each retry drops one.
type flags uint8

const (
	flagStripUnlikely flags = 1 << iota
	flagWeightClasses
	flagCleanConditionally
)

// Extract finds the article of a parsed page. It marks rather than
// removes while it decides, so retries see the page as parsed; only the
// result is cloned out of it.
func Extract(doc *html.Node, opt Options) Result {
	body := findBody(doc)
	if body == nil {
		return Result{}
	}
	e := &extractor{opt: opt}
	e.prep(body)
	var best *attempt
	for _, f := range []flags{
		flagStripUnlikely | flagWeightClasses | flagCleanConditionally,
		flagWeightClasses | flagCleanConditionally,
		flagCleanConditionally,
		0,
	} {
		a := e.attempt(body, f)
		// A retry that is only longer has usually taken in the page's
		// chrome; it must bring more prose to be better.
		if best == nil || a.proseLen > best.proseLen {
			best = a
		}
		if a.length >= minArticle {
			best = a
			break
		}
	}
	best.addStrayProse(body)
	drops := outermost(append(append([]Drop(nil), e.prepDrops...), best.drops...))
	res := Result{Counts: map[string]int{}}
	for reason, n := range e.markup {
		res.Counts[reason] += n
	}
	for _, d := range drops {
		res.Counts[d.Reason]++
	}
	if opt.Explain {
		res.Dropped = drops
		// Each step drops in its own order; a reader wants the page's.
		sort.SliceStable(res.Dropped, func(i, j int) bool { return res.Dropped[i].pos < res.Dropped[j].pos })
		for i := range res.Dropped {
			res.Dropped[i].describe()
		}
	}
	if opt.Explain && best.top != nil {
		res.Container = nodePath(best.top)
	}
	res.Article = best.render()
	return res
}

// findBody returns the document's own <body>, not an element of that name
// inside foreign content (SVG, MathML) or a template; nil for a frameset.
func findBody(doc *html.Node) *html.Node {
	for h := doc.FirstChild; h != nil; h = h.NextSibling {
		if h.Type != html.ElementNode || h.DataAtom != atom.Html || h.Namespace != "" {
			continue
		}
		for b := h.FirstChild; b != nil; b = b.NextSibling {
			if b.Type == html.ElementNode && b.DataAtom == atom.Body && b.Namespace == "" {
				return b
			}
		}
	}
	return nil
}

// extractor holds what every attempt shares: the elements prep dropped.
type extractor struct {
	opt       Options
	gone      map[*html.Node]bool // dropped by prep, for every attempt
	markup    map[string]int      // scripts, styles, comments… prep dropped
	order     map[*html.Node]int  // elements' places in the page, when explaining
	base      map[*html.Node]*stats
	prepDrops []Drop
	path      []*html.Node
}

// prep drops what can never be article, whatever the attempt: scripts,
// styles, forms' controls, hidden elements, and what the policy's remove
// rules name.
func (e *extractor) prep(body *html.Node) {
	e.gone = map[*html.Node]bool{}
	e.markup = map[string]int{}
	if e.opt.Explain {
		e.order = map[*html.Node]int{}
	}
	e.path = e.path[:0]
	for p := body.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode {
			e.path = append([]*html.Node{p}, e.path...)
		}
	}
	e.prepWalk(body)
}

func (e *extractor) prepWalk(n *html.Node) {
	if e.opt.Explain {
		e.order[n] = len(e.order)
	}
	e.path = append(e.path, n)
	defer func() { e.path = e.path[:len(e.path)-1] }()
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.ElementNode:
			if reason, detail := e.prepReason(c); reason != "" {
				if e.opt.Explain {
					e.order[c] = len(e.order)
				}
				e.gone[c] = true
				if detail == "" {
					e.markup[reason]++
				} else {
					e.prepDrops = append(e.prepDrops, e.drop(c, reason, detail))
				}
				continue
			}
			e.prepWalk(c)
		case html.CommentNode:
			e.gone[c] = true
			e.markup["comment"]++
		}
	}
}

func (e *extractor) prepReason(n *html.Node) (reason, detail string) {
	if skipTags[n.DataAtom] {
		// Not a block anyone would miss: counted under the sanitizer's
		// reasons for the same markup, not listed.
		switch n.DataAtom {
		case atom.Script, atom.Style:
			return n.Data, ""
		}
		return "subtree", ""
	}
	if hidden(n) {
		return "extract:hidden", "hidden, aria-hidden or display:none"
	}
	if e.opt.Remove != nil {
		e.path = append(e.path, n)
		rule, ok := e.opt.Remove(e.path)
		e.path = e.path[:len(e.path)-1]
		if ok {
			return "rule:" + rule, "removed by the policy's rule " + rule
		}
	}
	return "", ""
}

func (e *extractor) drop(n *html.Node, reason, detail string) Drop {
	d := Drop{Reason: reason, Detail: detail, node: n}
	if e.opt.Explain {
		d.pos = e.order[n]
	}
	return d
}

// outermost keeps the drops that no other drop encloses: a byline in a
// header that was left out is counted and listed once, as the header.
func outermost(drops []Drop) []Drop {
	dropped := make(map[*html.Node]bool, len(drops))
	for _, d := range drops {
		dropped[d.node] = true
	}
	out := drops[:0]
	for _, d := range drops {
		inside := false
		for p := d.node.Parent; p != nil && !inside; p = p.Parent {
			inside = dropped[p]
		}
		if !inside {
			out = append(out, d)
		}
	}
	return out
}

// describe fills in a drop's path and text for the reader.
func (d *Drop) describe() {
	if d.node == nil {
		return
	}
	d.Path = nodePath(d.node)
	buf := textOf(nil, d.node, 1<<20)
	d.Chars = charCount(buf)
	d.Text = excerpt(buf, 80)
	d.node = nil
}
