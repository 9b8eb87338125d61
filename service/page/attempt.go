package page

import (
	"fmt"
	"slices"
	"sort"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// attempt is one pass of scoring and cleaning under a set of flags.
type attempt struct {
	e        *extractor
	flags    flags
	out      map[*html.Node]bool // left out by this attempt
	info     map[*html.Node]*stats
	arena    []stats // free stats for info
	score    map[*html.Node]float64
	paras    []para_
	drops    []Drop
	top      *html.Node   // the best candidate
	kept     []*html.Node // the article's top-level nodes, in page order
	length   int          // weighted length of the article's text
	proseLen int          // the part of length in prose paragraphs
	// titleGone: a heading repeating the title was left out.
	titleGone bool
}

func (e *extractor) attempt(body *html.Node, f flags) *attempt {
	a := &attempt{e: e, flags: f, out: map[*html.Node]bool{}, info: map[*html.Node]*stats{}, score: map[*html.Node]float64{}}
	if e.base == nil {
		// What prep left, measured once for every attempt's name hints.
		a.measure(body, false)
		e.base, a.info, a.paras = a.info, map[*html.Node]*stats{}, nil
	}
	a.stripUnlikely(body, f&flagStripUnlikely != 0)
	a.measure(body, false)
	top := a.promote(a.scoreParagraphs(body))
	a.top = top
	a.kept = a.leads(a.uncles(top, a.siblings(top)), body)
	a.dropOutside(body, top)
	for _, n := range a.kept {
		a.clean(n, withinOf(n))
	}
	if f&flagCleanConditionally != 0 {
		a.trimTail()
	}
	for _, n := range a.kept {
		a.length += a.info[n].text
		a.proseLen += a.info[n].prose
	}
	return a
}

// newStats hands out stats from blocks of many, so a page of thousands
// of elements costs a few allocations, not one per element.
func (a *attempt) newStats() *stats {
	if len(a.arena) == 0 {
		a.arena = make([]stats, 256)
	}
	st := &a.arena[0]
	a.arena = a.arena[1:]
	return st
}

// gone reports whether n is left out of this attempt.
func (a *attempt) gone(n *html.Node) bool { return a.e.gone[n] || a.out[n] }

// leave marks n as left out, with its reason.
func (a *attempt) leave(n *html.Node, reason, detail string) {
	a.out[n] = true
	a.drops = append(a.drops, a.e.drop(n, reason, detail))
}

// stripUnlikely leaves out page chrome by its tag or role and, with byName,
// by its class and id names: navigation, sidebars, footers, comments,
// share bars and their kin. Tags and roles are what the page's author
// declared, so every attempt trusts them; names are guesses, which a
// retry drops.
func (a *attempt) stripUnlikely(n *html.Node, byName bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || a.gone(c) {
			continue
		}
		if reason, detail := unlikelyReason(c, byName, a.e.base); reason != "" {
			a.leave(c, reason, detail)
			continue
		}
		a.stripUnlikely(c, byName)
	}
}

func unlikelyReason(n *html.Node, byName bool, base map[*html.Node]*stats) (reason, detail string) {
	switch n.DataAtom {
	case atom.Body, atom.Article, atom.Main, atom.A:
		return "", ""
	}
	prose := base[n] != nil && isProse(base[n])
	if chromeTags[n.DataAtom] && !prose {
		return "extract:chrome", "<" + n.Data + "> is page chrome"
	}
	if role := attr(n, "role"); chromeRoles[role] && !prose {
		return "extract:chrome", "role=" + role + " is page chrome"
	}
	name := hintName(n)
	words := unlikely
	if !byName {
		words = strong
	}
	w := firstMatch(name, words)
	if w == "" || firstMatch(name, maybe) != "" || hasAncestor(n, atom.Table, 3) || hasAncestor(n, atom.Code, 3) {
		return "", ""
	}
	if w == "header" && (hasAncestor(n, atom.Article, 0) || base[n] != nil && base[n].linkDensity() < 0.3) {
		// An <article>'s own header holds its title and standfirst, and
		// a header of text rather than links heads a section or a card;
		// a site's header is its links.
		return "", ""
	}
	if prose && firstMatch(name, discussion) == "" {
		// Names are guesses and prose is evidence: a container of long,
		// link-free paragraphs named "paywall" or "extra" is the article.
		return "", ""
	}
	return "extract:class-hint", fmt.Sprintf("class or id contains %q", w)
}

// discussion names comment sections, whose prose is not the article's.
var discussion = []string{"comment", "replies", "disqus", "community", "remark", "respond", "discussion"}

// isProse reports a subtree of several long paragraphs with few links.
func isProse(s *stats) bool {
	return s.proseN >= 3 && s.prose >= 600
}

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
