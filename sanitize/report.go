package sanitize

import (
	"slices"
	"strings"
)

// Reason says why sanitization removed something.
type Reason uint8

// The reasons a Report counts.
const (
	// ReasonComment counts HTML comments.
	ReasonComment Reason = iota
	// ReasonScript counts script elements, dropped with their content.
	ReasonScript
	// ReasonStyle counts style elements, dropped with their content.
	ReasonStyle
	// ReasonSubtree counts other elements dropped with their content
	// (iframe, object, svg, form controls, noscript, ...).
	ReasonSubtree
	// ReasonElement counts elements the policy does not allow; their text is kept.
	ReasonElement
	// ReasonEventHandler counts on* attributes.
	ReasonEventHandler
	// ReasonUnsafeURL counts URL attributes with a scheme the policy does not allow.
	ReasonUnsafeURL
	// ReasonAttribute counts other attributes the policy does not allow.
	ReasonAttribute
	numReasons
)

var reasonNames = [numReasons]string{"comment", "script", "style", "subtree", "element",
	"event_handler", "unsafe_url", "attribute"}

func (r Reason) String() string {
	if r < numReasons {
		return reasonNames[r]
	}
	return "unknown"
}

// Report counts what a Sanitize call removed, by reason, and by content
// rule as "rule:<name>". With Options.Explain it also lists the removed
// items themselves, up to MaxItems.
type Report struct {
	counts    [numReasons]int
	rules     []int    // by rule index
	ruleNames []string // the policy's rule names, shared
	explain   bool
	items     []Item
	dropped   int
}

// Item is one removed thing, for explaining a sanitization.
type Item struct {
	// Reason is a Reason's name or "rule:<name>".
	Reason string
	// Element is the element removed, or the one an attribute was removed from.
	Element string
	// Attribute is the attribute removed; empty for a whole element.
	Attribute string
	// Value is the attribute's value or a comment's text, cut to 100 bytes.
	Value string
}

// MaxItems bounds the items a Report lists; the counts are always complete.
const MaxItems = 100

// Count returns how many removals had reason r.
func (r *Report) Count(reason Reason) int { return r.counts[reason] }

// RuleCount returns how many times the named content rule applied.
func (r *Report) RuleCount(name string) int {
	for i, n := range r.ruleNames {
		if n == name && i < len(r.rules) {
			return r.rules[i]
		}
	}
	return 0
}

// Total returns the number of removals of every reason and rule.
func (r *Report) Total() int {
	n := 0
	for _, c := range r.counts {
		n += c
	}
	for _, c := range r.rules {
		n += c
	}
	return n
}

// Each calls fn for every reason and rule with a non-zero count, sorted by name.
func (r *Report) Each(fn func(reason string, count int)) {
	type entry struct {
		name string
		n    int
	}
	var all []entry
	for _, i := range reasonOrder {
		if c := r.counts[i]; c > 0 {
			all = append(all, entry{reasonNames[i], c})
		}
	}
	for i, c := range r.rules {
		if c > 0 {
			all = append(all, entry{"rule:" + r.ruleNames[i], c})
		}
	}
	slices.SortStableFunc(all, func(a, b entry) int { return strings.Compare(a.name, b.name) })
	for _, e := range all {
		fn(e.name, e.n)
	}
}

// Items returns the removed items, in document order, and whether more
// were removed than listed. It is empty unless Options.Explain was set.
func (r *Report) Items() ([]Item, bool) { return r.items, r.dropped > 0 }

// reasonOrder lists the reasons sorted by name, so reports read the same everywhere.
var reasonOrder = [numReasons]Reason{ReasonAttribute, ReasonComment, ReasonElement,
	ReasonEventHandler, ReasonScript, ReasonStyle, ReasonSubtree, ReasonUnsafeURL}

// note counts a removal and, when explaining, lists it.
func (r *Report) note(reason Reason, element, attr, value string) {
	r.counts[reason]++
	if r.explain {
		r.item(reasonNames[reason], element, attr, value)
	}
}

func (r *Report) noteRule(i int, element string) {
	if r.rules == nil {
		r.rules = make([]int, len(r.ruleNames))
	}
	r.rules[i]++
	if r.explain {
		r.item("rule:"+r.ruleNames[i], element, "", "")
	}
}

func (r *Report) item(reason, element, attr, value string) {
	if len(r.items) >= MaxItems {
		r.dropped++
		return
	}
	if len(value) > 100 {
		value = strings.ToValidUTF8(value[:100], "")
	}
	r.items = append(r.items, Item{Reason: reason, Element: element, Attribute: attr, Value: value})
}
