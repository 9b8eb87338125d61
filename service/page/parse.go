package page

import (
	"bytes"
	"fmt"

	"golang.org/x/net/html"
)

// DepthError is a page whose elements nest deeper than the limit.
type DepthError struct{ Limit int }

func (e *DepthError) Error() string {
	return fmt.Sprintf("elements nest deeper than %d levels", e.Limit)
}

// parserMaxOpen is the HTML parser's own limit on open elements.
const parserMaxOpen = 512

// Parse parses a whole page the way a browser would. Extraction walks the
// tree recursively, so a page nesting deeper than maxDepth (0: no limit)
// is refused with a *DepthError rather than walked.
func Parse(body []byte, maxDepth int) (*html.Node, error) {
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		// Reading from memory cannot fail: the parser's only error is its
		// own cap on open elements, which is a nesting limit too.
		limit := parserMaxOpen
		if maxDepth > 0 {
			limit = min(maxDepth, parserMaxOpen)
		}
		return nil, &DepthError{Limit: limit}
	}
	if maxDepth > 0 && deeper(doc, maxDepth) {
		return nil, &DepthError{Limit: maxDepth}
	}
	return doc, nil
}

// deeper reports whether any node lies more than limit levels below n,
// without recursion: the tree is what is being checked.
func deeper(n *html.Node, limit int) bool {
	depth := 0
	for c := n; c != nil; {
		if c.FirstChild != nil {
			c = c.FirstChild
			depth++
			if depth > limit {
				return true
			}
			continue
		}
		for c != n && c.NextSibling == nil {
			c = c.Parent
			depth--
		}
		if c == n {
			return false
		}
		c = c.NextSibling
	}
	return false
}
