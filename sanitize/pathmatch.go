package sanitize

import "golang.org/x/net/html"

// Element is one element of a path from a document's root: enough for a
// caller that holds a parsed tree to ask which of a policy's remove rules
// applies to a node.
type Element struct {
	Tag   string
	Attrs []html.Attribute
}

// RemovedBy reports the name of the first remove rule whose selector
// matches the last element of path, read with the elements before it as
// its ancestors. Main-content extraction works on a parsed page before the
// sanitizer runs; asking here lets a site's remove rules act first, so a
// comment section a rule removes can never be chosen as the article.
func (p *Policy) RemovedBy(path []Element) (string, bool) {
	if len(path) == 0 || !p.hasRemove {
		return "", false
	}
	chain := func(i int) node { return node{path[i].Tag, path[i].Attrs} }
	for _, r := range p.rules {
		if r.kind == ruleRemove && r.sel.match(len(path), chain) {
			return r.name, true
		}
	}
	return "", false
}

// HasRemoveRules reports whether the policy has remove rules, so a caller
// can skip asking RemovedBy about every element.
func (p *Policy) HasRemoveRules() bool { return p.hasRemove }
