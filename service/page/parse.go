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

// ElementsError is a page of more elements than the limit.
type ElementsError struct{ Limit int }

func (e *ElementsError) Error() string {
	return fmt.Sprintf("page has more than %d elements", e.Limit)
}

// Limits bound the pages Parse accepts; 0 is no limit.
type Limits struct {
	// MaxDepth caps how deeply elements nest: extraction walks the tree
	// recursively.
	MaxDepth int
	// MaxElements caps the elements of a page: extraction keeps measures
	// for each, so this bounds the memory a page costs. Real pages have a
	// few hundred to ten thousand.
	MaxElements int
}

// parserMaxOpen is the HTML parser's own limit on open elements.
const parserMaxOpen = 512

// Parse parses a whole page the way a browser would. A page nesting
// deeper than lim.MaxDepth is refused with a *DepthError, one of more
// than lim.MaxElements elements with an *ElementsError, rather than
// extracted.
func Parse(body []byte, lim Limits) (*html.Node, error) {
	maxDepth := lim.MaxDepth
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
	depth, elements := shape(doc)
	if maxDepth > 0 && depth > maxDepth {
		return nil, &DepthError{Limit: maxDepth}
	}
	if lim.MaxElements > 0 && elements > lim.MaxElements {
		return nil, &ElementsError{Limit: lim.MaxElements}
	}
	return doc, nil
}

// shape returns how deep the tree under n goes and how many elements it
// has, without recursion: the tree is what is being checked.
func shape(n *html.Node) (maxDepth, elements int) {
	depth := 0
	for c := n; c != nil; {
		if c.Type == html.ElementNode {
			elements++
		}
		if c.FirstChild != nil {
			c = c.FirstChild
			depth++
			maxDepth = max(maxDepth, depth)
			continue
		}
		for c != n && c.NextSibling == nil {
			c = c.Parent
			depth--
		}
		if c == n {
			break
		}
		c = c.NextSibling
	}
	return maxDepth, elements
}
