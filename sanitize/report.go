package sanitize

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

// Report counts what a Sanitize call removed, by reason.
type Report struct {
	counts [numReasons]int
}

// Count returns how many removals had reason r.
func (r *Report) Count(reason Reason) int { return r.counts[reason] }

// Total returns the number of removals of every reason.
func (r *Report) Total() int {
	n := 0
	for _, c := range r.counts {
		n += c
	}
	return n
}

// Each calls fn for every reason with a non-zero count, sorted by name.
func (r *Report) Each(fn func(reason string, count int)) {
	for _, i := range reasonOrder {
		if c := r.counts[i]; c > 0 {
			fn(reasonNames[i], c)
		}
	}
}

// reasonOrder lists the reasons sorted by name, so reports read the same everywhere.
var reasonOrder = [numReasons]Reason{ReasonAttribute, ReasonComment, ReasonElement,
	ReasonEventHandler, ReasonScript, ReasonStyle, ReasonSubtree, ReasonUnsafeURL}

func (r *Report) add(reason Reason) { r.counts[reason]++ }
