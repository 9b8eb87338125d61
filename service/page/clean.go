package page

import (
	"fmt"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// cleanable are the containers that conditional cleaning judges.
var cleanable = map[atom.Atom]bool{
	atom.Form: true, atom.Fieldset: true, atom.Table: true, atom.Ul: true, atom.Ol: true,
	atom.Div: true, atom.Section: true, atom.Header: true, atom.Aside: true, atom.Footer: true,
	atom.Nav: true, atom.Dl: true,
}

// clean leaves out, inside the article, the blocks that look like chrome
// rather than prose: headings and containers with chrome names, link
// lists, image strips without text, forms, embeds without text. Children
// are judged before their parents, and a left-out child no longer counts
// in its parents' measures.
func (a *attempt) clean(n *html.Node, in within) stats {
	var removed stats
	if n.Type != html.ElementNode {
		return removed
	}
	first := len(a.drops)
	inner := in.enter(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && !a.gone(c) {
			removed.add(a.clean(c, inner))
		}
	}
	// Each element takes its children's removals off its own measures
	// once, on the way up: no walk up the tree per removal, whatever
	// the page's depth.
	info := a.info[n]
	info.sub(removed)
	h := a.orphanHeadings(n)
	info.sub(h)
	removed.add(h)
	if n == a.top {
		// The best candidate was chosen, not judged; what joined it is
		// judged like the rest.
		return removed
	}
	reason, detail := a.judge(n, in)
	if reason == "" {
		return removed
	}
	// What it holds goes with it: the drops inside are not listed again.
	a.drops = a.drops[:first]
	a.leave(n, reason, detail)
	removed.add(*info)
	return removed
}

// within is what encloses an element, passed down instead of looked up.
type within struct {
	code, figure bool
}

func (w within) enter(n *html.Node) within {
	switch n.DataAtom {
	case atom.Code, atom.Pre:
		w.code = true
	case atom.Figure:
		w.figure = true
	}
	return w
}

func withinOf(n *html.Node) within {
	var w within
	for p := n.Parent; p != nil; p = p.Parent {
		w = w.enter(p)
	}
	return w
}

// orphanHeadings leaves out the headings of n whose section was left
// out: "Related stories" over a link list that cleaning removed.
func (a *attempt) orphanHeadings(n *html.Node) stats {
	var gone stats
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || a.gone(c) || !isHeading(c) {
			continue
		}
		// It goes when its section was left out entirely, or when what
		// follows it first was left out ("Related" over a link list,
		// mid-article).
		removed, kept, first := false, false, false
		for s := c.NextSibling; s != nil; s = s.NextSibling {
			if s.Type == html.TextNode && !allSpace(s.Data) {
				kept = true
				break
			}
			if s.Type != html.ElementNode {
				continue
			}
			if isHeading(s) {
				break
			}
			if a.out[s] {
				first = first || !removed && !kept
				removed = true
				continue
			}
			if a.e.gone[s] {
				continue
			}
			if st := a.info[s]; st != nil && (st.text > 0 || st.imgs > 0) {
				kept = true
				break
			}
		}
		if removed && (!kept || first) {
			a.leave(c, "extract:orphan-heading", "heading over a section that was left out")
			gone.add(*a.info[c])
		}
	}
	return gone
}

func isHeading(n *html.Node) bool {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

func (a *attempt) judge(n *html.Node, in within) (reason, detail string) {
	switch n.DataAtom {
	case atom.H1, atom.H2:
		if a.repeatsTitle(n) {
			return "extract:title", "repeats the article's title"
		}
		if a.flags&flagWeightClasses != 0 && classWeight(n) < 0 {
			return "extract:class-hint", "heading with a chrome class or id"
		}
		return "", ""
	case atom.H3:
		if a.flags&flagWeightClasses != 0 && classWeight(n) < 0 {
			return "extract:class-hint", "heading with a chrome class or id"
		}
		return "", ""
	}
	if a.flags&flagCleanConditionally == 0 || !cleanable[n.DataAtom] {
		return "", ""
	}
	if in.code {
		return "", ""
	}
	if n.DataAtom == atom.Table && dataTable(n) {
		return "", ""
	}
	s := a.info[n]
	weight := 0
	if a.flags&flagWeightClasses != 0 {
		weight = classWeight(n)
	}
	if weight < 0 {
		return "extract:class-hint", fmt.Sprintf("class or id weighs %d", weight)
	}
	if s.commas >= 10 {
		return "", ""
	}
	isList := n.DataAtom == atom.Ul || n.DataAtom == atom.Ol
	if !isList && s.text > 0 {
		isList = float64(a.listText(n))/float64(s.text) > 0.9
	}
	inFigure := in.figure || s.figures > 0
	ld := s.linkDensity()
	headText := a.headingText(n)
	switch {
	case s.imgs > 1 && float64(s.paras)/float64(s.imgs) < 0.5 && !inFigure && s.text < 200:
		return "extract:images-without-text", fmt.Sprintf("%d images, %d paragraphs", s.imgs, s.paras)
	case s.inputs > s.paras/3 && s.inputs > 0:
		return "extract:form", fmt.Sprintf("%d form controls, %d paragraphs", s.inputs, s.paras)
	case !isList && s.text < 25 && (s.imgs == 0 || s.imgs > 2) && !inFigure && s.embeds == 0 && (s.text == 0 || float64(headText)/float64(s.text) < 0.9):
		return "extract:low-content", fmt.Sprintf("%d characters of text", s.text)
	case weight < 25 && ld > 0.2 && !(isList && ld < 0.5 && s.text > 200 && a.prose(n)):
		return "extract:link-density", fmt.Sprintf("%.0f%% of its text is links", ld*100)
	case weight >= 25 && ld > 0.5:
		return "extract:link-density", fmt.Sprintf("%.0f%% of its text is links", ld*100)
	}
	return "", ""
}

// prose reports a list whose items read as sentences: a list in an
// article with links in it is not a link list.
func (a *attempt) prose(n *html.Node) bool {
	s := a.info[n]
	return s.commas >= 2 && s.lis > 0 && (s.text-s.link)/s.lis > 60
}

// listText is the length of the text inside list items under n.
func (a *attempt) listText(n *html.Node) int {
	t := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || a.gone(c) {
			continue
		}
		if c.DataAtom == atom.Li {
			t += a.info[c].text
			continue
		}
		t += a.listText(c)
	}
	return t
}

func (a *attempt) headingText(n *html.Node) int {
	t := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || a.gone(c) {
			continue
		}
		switch c.DataAtom {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			t += a.info[c].text
		default:
			t += a.headingText(c)
		}
	}
	return t
}

// dataTable tells a table of data from one used for layout, as
// Readability does: its markup, or its shape.
func dataTable(t *html.Node) bool {
	if attr(t, "role") == "presentation" || attr(t, "datatable") == "0" {
		return false
	}
	if attr(t, "summary") != "" {
		return true
	}
	rows, cols, nested, data := 0, 0, false, false
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Table:
				nested = true
				continue
			case atom.Caption, atom.Thead, atom.Tfoot, atom.Th, atom.Colgroup:
				data = true
			case atom.Tr:
				rows++
				n := 0
				for td := c.FirstChild; td != nil; td = td.NextSibling {
					if td.DataAtom == atom.Td || td.DataAtom == atom.Th {
						n++
					}
				}
				cols = max(cols, n)
			}
			walk(c)
		}
	}
	walk(t)
	switch {
	case nested:
		return false
	case data:
		return true
	case rows == 1 || cols == 1:
		return false
	case rows >= 10 || cols > 4:
		return true
	}
	return rows*cols > 10
}

// repeatsTitle reports a heading whose text is one of the page's titles,
// case and spacing aside; only the first such heading goes.
func (a *attempt) repeatsTitle(n *html.Node) bool {
	if a.titleGone || len(a.e.opt.Titles) == 0 {
		return false
	}
	h := foldSpace(string(textOf(nil, n, 1024)))
	if h == "" {
		return false
	}
	for _, t := range a.e.opt.Titles {
		if foldSpace(t) == h {
			a.titleGone = true
			return true
		}
	}
	return false
}

func foldSpace(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// subUp takes st off the measures of n and its ancestors.
func (a *attempt) subUp(n *html.Node, st stats) {
	for p := n; p != nil; p = p.Parent {
		if ps := a.info[p]; ps != nil {
			ps.sub(st)
		}
	}
}
