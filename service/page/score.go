package page

import (
	"sort"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// measure computes the stats of every element under n, bottom up.
func (a *attempt) measure(n *html.Node, inLink bool) stats {
	var s stats
	// run gathers text and inline elements between blocks: prose written
	// straight into a container that also holds blocks (forum posts,
	// <br>-separated text) scores the container like a paragraph would.
	var run stats
	para := isParagraph(n)
	brs := 0
	runs := runContainers[n.DataAtom]
	var prose, proseN int
	flush := func() {
		if !para && runs && run.text > 0 {
			a.paras = append(a.paras, para_{parent: n, text: run.text, commas: run.commas, link: run.link})
			if run.text >= 80 && run.linkDensity() < 0.3 {
				prose, proseN = prose+run.text, proseN+1
			}
		}
		run = stats{}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			l, commas := measureText(c.Data)
			st := stats{text: l, commas: commas}
			if inLink {
				st.link = l
			}
			s.add(st)
			run.add(st)
			if l > 1 {
				brs = 0
			}
		case html.ElementNode:
			if a.gone(c) {
				switch c.DataAtom {
				case atom.Input, atom.Select, atom.Textarea, atom.Button:
					s.inputs++
				}
				continue
			}
			cs := a.measure(c, inLink || c.DataAtom == atom.A)
			s.add(cs)
			switch {
			case c.DataAtom == atom.Br:
				if brs++; brs == 2 {
					flush()
				}
			case blockTags[c.DataAtom]:
				flush()
				brs = 0
			default:
				run.add(cs)
				brs = 0
			}
		}
	}
	flush()
	s.prose, s.proseN = s.prose+prose, s.proseN+proseN
	if (para || n.DataAtom == atom.P) && s.text >= 80 && s.linkDensity() < 0.3 {
		s.prose, s.proseN = s.text, 1
	}
	switch n.DataAtom {
	case atom.P:
		s.paras++
	case atom.Img:
		s.imgs++
	case atom.Li:
		s.lis++
	case atom.Iframe, atom.Video, atom.Audio:
		s.embeds++
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		s.heads++
	case atom.Figure:
		s.figures++
	}
	st := a.newStats()
	*st = s
	a.info[n] = st
	if para || n.DataAtom == atom.Li && s.linkDensity() < 0.3 && leafBlock(n) {
		// A list item of prose scores like a paragraph: some articles
		// are lists. Menus are links, and their items do not count.
		a.paras = append(a.paras, para_{node: n, parent: n.Parent, text: s.text, commas: s.commas, link: s.link})
	}
	return s
}

// runContainers are the elements whose loose text counts as paragraphs;
// text loose in a list item or a link is not prose of the article's.
var runContainers = map[atom.Atom]bool{
	atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true, atom.Body: true,
	atom.Td: true, atom.Blockquote: true, atom.Center: true, atom.Font: true, atom.Form: true,
}

// para_ is a paragraph that scores its ancestors: an element, or a run
// of text and inline elements inside parent (node nil).
type para_ struct {
	node               *html.Node
	parent             *html.Node
	text, commas, link int
}

// isParagraph reports an element whose text scores its ancestors: a <p>,
// <pre> or <td>, or a block holding only text and inline elements (many
// sites write paragraphs as <div>s or <br>-separated text).
func isParagraph(n *html.Node) bool {
	switch n.DataAtom {
	case atom.P, atom.Pre, atom.Td, atom.Blockquote:
		return true
	case atom.Div, atom.Section, atom.Article, atom.Main, atom.Font, atom.Center, atom.Span, atom.Dd:
		if n.DataAtom == atom.Span && n.Parent != nil && n.Parent.DataAtom != atom.Body {
			return false
		}
		text := false
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.ElementNode:
				if blockTags[c.DataAtom] && c.DataAtom != atom.Br {
					return false
				}
			case html.TextNode:
				text = text || !allSpace(c.Data)
			}
		}
		return text
	}
	return false
}

// leafBlock reports an element with no block children.
func leafBlock(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && blockTags[c.DataAtom] && c.DataAtom != atom.Br {
			return false
		}
	}
	return true
}

func allSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r', '\f':
		default:
			return false
		}
	}
	return true
}

// scoreParagraphs is Readability's scoring: each paragraph long enough to
// be prose gives points for its commas and length to its parent, half to
// its grandparent and less further up; the best-scoring container, scaled
// by how little of it is links, holds the article.
func (a *attempt) scoreParagraphs(body *html.Node) *html.Node {
	var cands []*html.Node
	for _, p := range a.paras {
		if p.text < 25 {
			continue
		}
		points := 1 + float64(p.commas) + float64(min(p.text/100, 3))
		level := 0
		for anc := p.parent; anc != nil && anc != body.Parent && a.info[anc] != nil && level < 5; anc = anc.Parent {
			if _, ok := a.score[anc]; !ok {
				a.score[anc] = a.initialScore(anc)
				cands = append(cands, anc)
			}
			div := 1.0
			switch {
			case level == 1:
				div = 2
			case level > 1:
				div = float64(level * 3)
			}
			a.score[anc] += points / div
			level++
		}
	}
	var top *html.Node
	for _, c := range cands {
		a.score[c] *= 1 - a.info[c].linkDensity()
		if top == nil || a.score[c] > a.score[top] {
			top = c
		}
	}
	if top == nil || a.info[top] == nil || !contains(body, top) {
		return body
	}
	return a.climb(top, cands, body)
}

func (a *attempt) initialScore(n *html.Node) float64 {
	s := 0.0
	switch n.DataAtom {
	case atom.Div, atom.Article, atom.Main:
		s = 5
	case atom.Pre, atom.Td, atom.Blockquote:
		s = 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
		s = -3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		s = -5
	}
	if a.flags&flagWeightClasses != 0 && n.DataAtom != atom.Body {
		// Body classes name the page's template ("single-post"), not
		// the article.
		s += float64(classWeight(n))
	}
	return s
}

// climb moves from the best candidate to an ancestor when the article is
// split over several containers: an ancestor holding three of the best
// candidates, a parent scoring nearly as well, or a parent that is only a
// wrapper.
func (a *attempt) climb(top *html.Node, cands []*html.Node, body *html.Node) *html.Node {
	if top == body {
		return top
	}
	sort.SliceStable(cands, func(i, j int) bool { return a.score[cands[i]] > a.score[cands[j]] })
	topScore := a.score[top]
	var alts []*html.Node
	for _, c := range cands[1:min(len(cands), 5)] {
		if a.score[c]/topScore >= 0.75 {
			alts = append(alts, c)
		}
	}
	if len(alts) >= 3 {
		for p := top.Parent; p != nil && p != body; p = p.Parent {
			n := 0
			for _, alt := range alts {
				if contains(p, alt) {
					n++
				}
			}
			if n >= 3 {
				top = p
				break
			}
		}
	}
	last := a.score[top]
	threshold := last / 3
	for p := top.Parent; p != nil && p != body; p = p.Parent {
		ps, ok := a.score[p]
		if !ok {
			continue
		}
		if ps < threshold {
			break
		}
		if ps > last {
			top = p
			break
		}
		last = ps
	}
	for p := top.Parent; p != nil && p != body && onlyElementChild(p) == top; p = top.Parent {
		top = p
	}
	return top
}

func contains(anc, n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == anc {
			return true
		}
	}
	return false
}

func onlyElementChild(p *html.Node) *html.Node {
	var only *html.Node
	for c := p.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.ElementNode:
			if only != nil {
				return nil
			}
			only = c
		case c.Type == html.TextNode && !allSpace(c.Data):
			return nil
		}
	}
	return only
}

func hasAncestor(n *html.Node, tag atom.Atom, maxDepth int) bool {
	for p, d := n.Parent, 0; p != nil && (maxDepth <= 0 || d < maxDepth); p, d = p.Parent, d+1 {
		if p.DataAtom == tag {
			return true
		}
	}
	return false
}
