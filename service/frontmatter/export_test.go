package frontmatter

import "fmt"

// Accepted reports whether the fast path decodes src itself.
func Accepted(src []byte) bool {
	_, _, ok := scanSimple(src)
	return ok
}

// SimpleAgreesWithYAML compares the fast path's tree of src with yaml.v3's,
// when the fast path accepts src: the first difference in what Parse reads
// of them, in the node counts, or yaml.v3's refusal.
func SimpleAgreesWithYAML(src []byte) (accepted bool, diff string, err error) {
	doc, nodes, ok := scanSimple(src)
	if !ok {
		return false, "", nil
	}
	ydoc, ynodes, err := decodeYAML(src, Limits{})
	if err != nil {
		return true, "", err
	}
	if nodes != ynodes {
		return true, fmt.Sprintf("%d nodes, want %d", nodes, ynodes), nil
	}
	return true, treeDiff(doc, ydoc, "doc"), nil
}

// treeDiff describes the first difference between two trees, or returns "".
func treeDiff(got, want node, path string) string {
	switch {
	case got.kind != want.kind:
		return fmt.Sprintf("%s: kind %v, want %v", path, got.kind, want.kind)
	case got.value != want.value:
		return fmt.Sprintf("%s: value %q, want %q", path, got.value, want.value)
	case got.null != want.null:
		return fmt.Sprintf("%s: null %v, want %v", path, got.null, want.null)
	case len(got.content) != len(want.content):
		return fmt.Sprintf("%s: %d children, want %d", path, len(got.content), len(want.content))
	}
	for i := range got.content {
		if d := treeDiff(got.content[i], want.content[i], fmt.Sprintf("%s/%d", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// ParseYAML is Parse without the fast path: every document through yaml.v3.
func ParseYAML(src []byte, lim Limits) (FrontMatter, error) {
	doc, nodes, err := decodeYAML(src, lim)
	if err != nil {
		return FrontMatter{}, err
	}
	return read(doc, nodes, lim)
}
