package page

import (
	"fmt"
	"slices"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// promote widens the best candidate to the <article> (or schema.org
// articleBody) element around it when the candidate holds most of that
// element's text: the lead, standfirst and subheadings around the body
// container belong to the article, and cleaning then takes out the
// share bars and bylines inside it.
func (a *attempt) promote(top *html.Node) *html.Node {
	if top.DataAtom == atom.Body {
		return top
	}
	for p, d := top, 0; p != nil && p.DataAtom != atom.Body && d < 6; p, d = p.Parent, d+1 {
		if p.DataAtom != atom.Article && !bodyContainer(p) {
			continue
		}
		ps, ts := a.info[p], a.info[top]
		if p != top && ps != nil && ts != nil && ps.linkDensity() < 0.35 &&
			(2*ts.text >= ps.text || ps.linkDensity() < 0.25 && 10*ps.prose >= 6*ps.text) {
			// It holds the candidate and little else, or it is prose
			// throughout: an article split into chunks between ads.
			return p
		}
		return top
	}
	return a.narrow(top)
}

// narrow moves from the best candidate down to the one element inside it
// that CMSs name as an article's body ("entry-content", itemprop
// articleBody, …) when that element holds nearly all of its prose: what
// is around it is the page's furniture.
func (a *attempt) narrow(top *html.Node) *html.Node {
	ts := a.info[top]
	if ts == nil || ts.prose == 0 {
		return top
	}
	var found *html.Node
	var walk func(n *html.Node, depth int) bool
	walk = func(n *html.Node, depth int) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || a.gone(c) {
				continue
			}
			if bodyContainer(c) {
				if found != nil {
					return false
				}
				found = c
				continue
			}
			if depth < 4 && !walk(c, depth+1) {
				return false
			}
		}
		return true
	}
	if !walk(top, 0) || found == nil {
		return top
	}
	if fs := a.info[found]; fs != nil && float64(fs.prose) >= 0.8*float64(ts.prose) {
		return found
	}
	return top
}

// siblings adds to the best candidate the siblings that belong with it:
// containers that scored well, and paragraphs of prose.
func (a *attempt) siblings(top *html.Node) []*html.Node {
	parent := top.Parent
	if parent == nil || top.DataAtom == atom.Body {
		return []*html.Node{top}
	}
	topScore := a.score[top]
	threshold := max(10, topScore*0.2)
	topClass := attr(top, "class")
	var kept []*html.Node
	for c := parent.FirstChild; c != nil; c = c.NextSibling {
		if c == top {
			kept = append(kept, c)
			continue
		}
		if c.Type != html.ElementNode || a.gone(c) {
			continue
		}
		bonus := 0.0
		if topClass != "" && attr(c, "class") == topClass {
			bonus = topScore * 0.2
		}
		if s, ok := a.score[c]; ok && s+bonus >= threshold {
			kept = append(kept, c)
			continue
		}
		if c.DataAtom == atom.P || isParagraph(c) {
			s := a.info[c]
			ld := s.linkDensity()
			if s.text > 80 && ld < 0.25 || s.text > 0 && s.text <= 80 && ld == 0 && endsSentence(c) {
				kept = append(kept, c)
			}
		}
	}
	return kept
}

// uncles adds the prose next to the article's container one level up:
// a lead or standfirst the page set apart from the body's container.
func (a *attempt) uncles(top *html.Node, kept []*html.Node) []*html.Node {
	parent := top.Parent
	if parent == nil || parent.DataAtom == atom.Body || top.DataAtom == atom.Body || parent.Parent == nil || parent.Parent.Type != html.ElementNode {
		return kept
	}
	var out []*html.Node
	for c := parent.Parent.FirstChild; c != nil; c = c.NextSibling {
		if c == parent {
			out = append(out, kept...)
			continue
		}
		if c.Type != html.ElementNode || a.gone(c) {
			continue
		}
		if s := a.info[c]; s != nil && (c.DataAtom == atom.P || isParagraph(c) || a.score[c] >= max(10, a.score[top]*0.2)) && s.text > 80 && s.linkDensity() < 0.1 && s.commas > 0 {
			out = append(out, c)
		}
	}
	return out
}

// leads adds the standfirst a page sets just before the article's
// container, up to three levels up: prose blocks immediately preceding it
// ("lead", "intro", "dek" boxes, a header's summary paragraph).
func (a *attempt) leads(kept []*html.Node, body *html.Node) []*html.Node {
	if len(kept) == 0 || kept[0] == body {
		return kept
	}
	var lead []*html.Node
	cur := kept[0]
	for level := 0; level < 3 && cur != nil && cur != body; level++ {
		for s := cur.PrevSibling; s != nil; s = s.PrevSibling {
			if s.Type != html.ElementNode || a.gone(s) {
				if s.Type == html.TextNode && !allSpace(s.Data) {
					break
				}
				continue
			}
			st := a.info[s]
			if st == nil || st.text == 0 {
				continue
			}
			if st.text < 80 || st.linkDensity() >= 0.2 || isHeading(s) || st.proseN == 0 && !isParagraph(s) && !leafBlock(s) {
				break
			}
			lead = append(lead, s)
		}
		cur = cur.Parent
	}
	if len(lead) == 0 {
		return kept
	}
	slices.Reverse(lead)
	return append(lead, kept...)
}

func endsSentence(n *html.Node) bool {
	t := textOf(nil, n, 1<<16)
	for len(t) > 0 && (t[len(t)-1] == ' ' || t[len(t)-1] == '\n' || t[len(t)-1] == '\t') {
		t = t[:len(t)-1]
	}
	if len(t) == 0 {
		return false
	}
	if t[len(t)-1] == '.' {
		return true
	}
	s := string(t)
	for _, end := range []string{"。", "！", "？", "!", "?"} {
		if len(s) >= len(end) && s[len(s)-len(end):] == end {
			return true
		}
	}
	return false
}

// dropOutside records, for the report, the blocks with text that the
// article's containers leave out: siblings along the way from the body to
// the article.
func (a *attempt) dropOutside(body, top *html.Node) {
	keep := map[*html.Node]bool{}
	for _, k := range a.kept {
		keep[k] = true
	}
	for n := top; n != nil && n != body; n = n.Parent {
		p := n.Parent
		if p == nil {
			break
		}
		for c := p.FirstChild; c != nil; c = c.NextSibling {
			if c == n || keep[c] || c.Type != html.ElementNode || a.gone(c) {
				continue
			}
			if s := a.info[c]; s != nil && s.text > 0 {
				a.drops = append(a.drops, a.e.drop(c, "extract:outside-article", fmt.Sprintf("outside the article's container (scored %.0f against %.0f)", a.score[c], a.score[top])))
			}
		}
	}
}

// strayBelow is the prose an article holds from which it is taken to be
// whole: the prose elsewhere on its page is other stories'.
const strayBelow = 2000

// addStrayProse adds, when the article holds less than half of the
// page's prose, the prose paragraphs outside it, in page order: a page
// built of many blocks (landing pages, page builders) has no one
// container.
func (a *attempt) addStrayProse(body *html.Node) {
	all := a.info[body]
	if all == nil || 2*a.proseLen >= all.prose || a.proseLen >= strayBelow {
		return
	}
	kept := map[*html.Node]bool{}
	for _, k := range a.kept {
		kept[k] = true
	}
	stray := map[*html.Node]bool{}
	for _, p := range a.paras {
		if p.node != nil && p.text >= 80 && 5*p.link <= p.text && !a.gone(p.node) {
			stray[p.node] = true
		}
	}
	if len(stray) == 0 {
		return
	}
	// One walk in page order: a stray paragraph inside the article, or
	// inside another stray paragraph, is already there.
	var out []*html.Node
	// Prose under a chrome name (an author box, a teaser) stays out.
	var walk func(n *html.Node, chrome bool)
	walk = func(n *html.Node, chrome bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || a.gone(c) {
				continue
			}
			switch {
			case kept[c]:
				out = append(out, c)
			case stray[c] && !chrome:
				out = append(out, c)
			default:
				walk(c, chrome || classWeight(c) < 0)
			}
		}
	}
	walk(body, false)
	// A block listed as outside the article may now hold some of it.
	for i := range a.drops {
		d := &a.drops[i]
		if d.node == nil || d.Reason != "extract:outside-article" {
			continue
		}
		for _, k := range out {
			if stray[k] && contains(d.node, k) {
				d.Detail += "; its prose paragraphs were kept"
				break
			}
		}
	}
	a.kept = out
}
