package page

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// trimTail leaves out the short or link-heavy blocks that end an
// article: share prompts, tag lines, "posted in" lines, copyright and
// credit lines, "read also" links. It stops at the first block of prose.
func (a *attempt) trimTail() {
	var leaves []*html.Node
	for _, n := range a.kept {
		leaves = a.blocks(n, leaves)
	}
	total := 0
	for _, n := range a.kept {
		total += a.info[n].text
	}
	if total < minArticle {
		// Too short to tell its chrome from its own last lines.
		return
	}
	for _, b := range leaves {
		// A line that is only a link is a "read also", a permalink or a
		// teaser, wherever it stands.
		s := a.info[b]
		if s.text > 0 && s.text < 100 && s.linkDensity() >= 0.8 && s.imgs == 0 && lineLike(b) && !endsSentence(b) {
			a.leave(b, "extract:link-line", "a short line that is only a link")
			a.subUp(b, *s)
		}
	}
	head := total / 10
	for _, b := range leaves {
		s := a.info[b]
		if head -= s.text; head < 0 || s.imgs > 0 || s.embeds > 0 || isHeading(b) || s.text >= 40 || endsSentence(b) {
			break
		}
		if s.text == 0 {
			continue
		}
		a.leave(b, "extract:head", "short line before the article's first paragraph")
		st := *s
		for p := b.Parent; p != nil; p = p.Parent {
			if ps := a.info[p]; ps != nil {
				ps.sub(st)
			}
		}
	}
	budget := total / 5
	for i := len(leaves) - 1; i >= 0; i-- {
		b := leaves[i]
		s := a.info[b]
		if budget -= s.text; budget < 0 {
			break
		}
		if isHeading(b) && s.text > 0 && s.imgs == 0 {
			// A heading over nothing: its section was left out or lives
			// elsewhere ("More on this").
			a.leave(b, "extract:tail", "a heading that ends the article")
			a.subUp(b, *s)
			continue
		}
		if s.imgs > 0 || s.embeds > 0 || s.figures > 0 || hasAncestor(b, atom.Figure, 0) || !lineLike(b) {
			// Media, code, list items, table cells and headings end
			// articles too.
			break
		}
		if s.text > 0 && !(s.text < 60 && !endsSentence(b)) {
			break
		}
		if s.text == 0 {
			continue
		}
		a.leave(b, "extract:tail", "short or link-heavy block at the end of the article")
		st := *s
		for p := b.Parent; p != nil; p = p.Parent {
			if ps := a.info[p]; ps != nil {
				ps.sub(st)
			}
		}
	}
}

// blocks appends the innermost blocks under n in page order: elements
// with text or media and no block children left.
func (a *attempt) blocks(n *html.Node, out []*html.Node) []*html.Node {
	if n.Type != html.ElementNode || a.gone(n) {
		return out
	}
	inner := false
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && !a.gone(c) && blockTags[c.DataAtom] && c.DataAtom != atom.Br {
			inner = true
			break
		}
	}
	if !inner || n.DataAtom == atom.P || isHeading(n) || n.DataAtom == atom.Table || n.DataAtom == atom.Pre {
		return append(out, n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		out = a.blocks(c, out)
	}
	return out
}

// lineLike reports the blocks a trailing line of chrome is written as.
func lineLike(n *html.Node) bool {
	switch n.DataAtom {
	case atom.P, atom.Div, atom.Span, atom.Section, atom.Small, atom.Address, atom.Footer, atom.Font, atom.Center:
		return !hasAncestor(n, atom.Li, 4) && !hasAncestor(n, atom.Td, 4) && !hasAncestor(n, atom.Pre, 0)
	}
	return false
}
