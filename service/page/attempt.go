package page

import (
	"golang.org/x/net/html"
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
