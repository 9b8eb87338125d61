package main

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/net/html"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/charset"
	"articleservice/service/frontmatter"
)

// explainArticle writes, for an operator tuning a site's policy, how a
// document's body was obtained: the policy, the removal counts by reason
// and, for a whole page, the blocks extraction dropped, one a line, with
// the path a remove rule can name and the start of their text.
// content and charsetHint are the document as sent, to list the blocks in
// page order.
func explainArticle(w io.Writer, name string, content []byte, charsetHint string, a *articlev1.Article) {
	how := "extraction unknown"
	switch a.GetExtraction() {
	case articlev1.Extraction_EXTRACTION_PAGE:
		how = "extraction page (the article was extracted from a whole page)"
	case articlev1.Extraction_EXTRACTION_FRAGMENT:
		how = "extraction fragment (the body was taken as the article; extraction dropped nothing)"
	}
	fmt.Fprintf(w, "%s: %s\n", name, how)
	fmt.Fprintf(w, "  id %s, policy %s (%s)\n", a.GetId(), a.GetPolicy().GetName(), a.GetPolicy().GetVersion())
	if len(a.GetRemovals()) == 0 {
		fmt.Fprintf(w, "  removals: none\n")
	} else {
		fmt.Fprintf(w, "  removals:\n")
		for _, r := range a.GetRemovals() {
			fmt.Fprintf(w, "    %-26s %d\n", r.GetReason(), r.GetCount())
		}
	}
	if a.GetExtraction() != articlev1.Extraction_EXTRACTION_PAGE {
		return
	}
	dropped := inPageOrder(content, charsetHint, a.GetDropped())
	if len(dropped) == 0 {
		fmt.Fprintf(w, "  dropped blocks: none\n")
		return
	}
	fmt.Fprintf(w, "  dropped blocks (%d), in page order:\n", len(dropped))
	// Reason, length and path are ASCII and align; the text, which may be
	// wide CJK, and the detail come last.
	rw, pw := len("REASON"), len("PATH")
	for _, d := range dropped {
		rw = max(rw, len(d.GetReason()))
		pw = max(pw, min(len(d.GetPath()), 48))
	}
	fmt.Fprintf(w, "    %-*s  %6s  %-*s  %s\n", rw, "REASON", "CHARS", pw, "PATH", "TEXT — WHY")
	for _, d := range dropped {
		text := strconv.Quote(d.GetText())
		if d.GetText() == "" {
			text = "(no text)"
		}
		fmt.Fprintf(w, "    %-*s  %6d  %-*s  %s — %s\n", rw, d.GetReason(), d.GetChars(), pw, d.GetPath(), text, d.GetDetail())
	}
}

// inPageOrder returns the dropped blocks sorted by where they sit in the
// page. The service lists what each of its passes dropped pass by pass
// (hidden elements and rule removals first), so this finds each block in
// the page again by its path and the start of its text. A block that
// cannot be found (the path format changed, the page did not decode)
// keeps its place after the block listed before it.
func inPageOrder(content []byte, charsetHint string, dropped []*articlev1.DroppedBlock) []*articlev1.DroppedBlock {
	if len(dropped) < 2 {
		return dropped
	}
	dec, err := charset.Decode(content, charsetHint, "")
	if err != nil {
		return dropped
	}
	_, body, _, found, closed := frontmatter.Split(dec.Text, 0)
	if found && !closed {
		return dropped
	}
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		return dropped
	}
	type want struct {
		steps []string
		text  string
	}
	wants := make([]want, len(dropped))
	for i, d := range dropped {
		wants[i] = want{strings.Split(d.GetPath(), ">"), squeeze(strings.TrimSuffix(d.GetText(), "…"))}
	}
	// Every element, in preorder, with its own path step.
	var nodes []*html.Node
	steps := map[*html.Node]string{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			nodes = append(nodes, n)
			steps[n] = pathStep(n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	matches := func(n *html.Node, path []string) bool {
		for i := len(path) - 1; i >= 0; i, n = i-1, n.Parent {
			if n == nil || n.Type != html.ElementNode || steps[n] != path[i] {
				return false
			}
		}
		return true
	}
	used := map[int]bool{}
	keys := make([]int, len(dropped))
	for i, w := range wants {
		found, fallback := -1, -1
		for j, n := range nodes {
			if used[j] || !matches(n, w.steps) {
				continue
			}
			if fallback < 0 {
				fallback = j
			}
			if w.text == "" || strings.HasPrefix(squeeze(nodeText(n)), w.text) {
				found = j
				break
			}
		}
		if found < 0 {
			found = fallback
		}
		switch {
		case found >= 0:
			used[found] = true
			keys[i] = found
		case i > 0:
			keys[i] = keys[i-1]
		default:
			keys[i] = -1
		}
	}
	order := make([]int, len(dropped))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return keys[order[a]] < keys[order[b]] })
	out := make([]*articlev1.DroppedBlock, len(dropped))
	for i, j := range order {
		out[i] = dropped[j]
	}
	return out
}

// pathStep is how the service names an element in a dropped block's
// path: its tag, its id and its first two classes, those a CSS selector
// can write as they are.
func pathStep(n *html.Node) string {
	var id, class string
	for _, a := range n.Attr {
		switch a.Key {
		case "id":
			id = a.Val
		case "class":
			class = a.Val
		}
	}
	s := n.Data
	if id != "" && cssIdent(id) {
		s += "#" + id
	}
	for i, c := range strings.Fields(class) {
		if i == 2 {
			break
		}
		if cssIdent(c) {
			s += "." + c
		}
	}
	return s
}

func cssIdent(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// nodeText is the text of n, without that of scripts and styles, up to
// a few kilobytes: enough to compare with a block's excerpt.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && b.Len() < 4096; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				b.WriteString(c.Data)
			case c.Type == html.ElementNode && c.Data != "script" && c.Data != "style" && c.Data != "template":
				walk(c)
			}
		}
	}
	walk(n)
	return b.String()
}

// squeeze removes all white space, so texts compare whatever spacing
// their blocks were given.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}
