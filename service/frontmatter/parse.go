package frontmatter

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// FrontMatter holds the fields crawlers write that the service uses, as
// raw strings; other keys are checked (limits, aliases) but not kept.
type FrontMatter struct {
	Title      string
	Categories []string
	HeadImg    string
	Thumbnail  string
	Author     string
	Date       string
	// Issues lists values of an unexpected shape that were skipped.
	Issues []Issue
}

// Issue is a front matter value that could not be used as given.
type Issue struct {
	Key     string
	Message string
}

// Limits bound what Parse accepts.
type Limits struct {
	// MaxNodes caps the YAML nodes (keys, values, list items) of the front matter.
	MaxNodes int
}

// ErrAlias is returned for front matter that uses YAML anchors or aliases:
// crawled headers never need them, and they are how alias bombs expand.
var ErrAlias = errors.New("yaml aliases are not allowed")

// ErrTooManyNodes is returned for front matter with more nodes than Limits.MaxNodes.
var ErrTooManyNodes = errors.New("too many yaml nodes")

// ErrNotMapping is returned for front matter that is not a key/value mapping.
var ErrNotMapping = errors.New("front matter is not a mapping")

// SyntaxError is malformed YAML; Line counts from the first front matter line.
type SyntaxError struct {
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// Parse reads front matter into typed fields. The YAML is decoded to a node
// tree, which never expands aliases, and checked before any value is read.
// Front matter in the simple shape crawlers write is decoded by scanSimple;
// anything else by yaml.v3.
func Parse(src []byte, lim Limits) (FrontMatter, error) {
	doc, nodes, ok := scanSimple(src)
	if !ok {
		var err error
		if doc, nodes, err = decodeYAML(src, lim); err != nil {
			return FrontMatter{}, err
		}
	}
	return read(doc, nodes, lim)
}

// decodeYAML decodes src with yaml.v3 and converts the result, counting its
// nodes; past lim.MaxNodes, or at an alias, it stops with an error.
func decodeYAML(src []byte, lim Limits) (node, int, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return node{}, 0, syntaxError(err)
	}
	if doc.Kind == 0 { // empty front matter
		return node{}, 0, nil
	}
	nodes := 0
	n, err := fromYAML(&doc, &nodes, lim.MaxNodes)
	return n, nodes, err
}

// read checks a decoded document of the given number of nodes against lim
// and reads its fields.
func read(doc node, nodes int, lim Limits) (FrontMatter, error) {
	var fm FrontMatter
	if doc.kind == 0 { // empty front matter
		return fm, nil
	}
	if lim.MaxNodes > 0 && nodes > lim.MaxNodes {
		return fm, ErrTooManyNodes
	}
	root := doc
	if root.kind == yaml.DocumentNode && len(root.content) == 1 {
		root = root.content[0]
	}
	if root.kind == yaml.ScalarNode && root.null {
		return fm, nil
	}
	if root.kind != yaml.MappingNode {
		return fm, ErrNotMapping
	}
	for i := 0; i+1 < len(root.content); i += 2 {
		key, val := strings.ToLower(strings.TrimSpace(root.content[i].value)), &root.content[i+1]
		switch key {
		case "title":
			fm.Title = fm.scalar(key, val)
		case "author":
			fm.Author = fm.scalar(key, val)
		case "date":
			fm.Date = fm.scalar(key, val)
		case "headimg":
			fm.HeadImg = fm.scalar(key, val)
		case "thumbnail":
			fm.Thumbnail = fm.scalar(key, val)
		case "categories", "category", "tags":
			if key == "tags" && len(fm.Categories) > 0 {
				continue
			}
			fm.Categories = fm.list(key, val, fm.Categories[:0])
		}
	}
	return fm, nil
}

// scalar returns a scalar's text as written; null is empty. A list or map
// where a scalar belongs is skipped with an issue.
func (fm *FrontMatter) scalar(key string, n *node) string {
	if n.kind != yaml.ScalarNode {
		fm.Issues = append(fm.Issues, Issue{key, "expected a single value, got a " + kindName(n.kind)})
		return ""
	}
	if n.null {
		return ""
	}
	return n.value
}

// list flattens a scalar, a list or nested lists of scalars, in order: some
// crawlers write categories as one string, some as a list of lists.
func (fm *FrontMatter) list(key string, n *node, out []string) []string {
	switch n.kind {
	case yaml.ScalarNode:
		if !n.null {
			out = append(out, n.value)
		}
	case yaml.SequenceNode:
		// Room for a flat list at once; nested lists grow it further.
		out = slices.Grow(out, len(n.content))
		for i := range n.content {
			out = fm.list(key, &n.content[i], out)
		}
	default:
		fm.Issues = append(fm.Issues, Issue{key, "expected a list of values, got a " + kindName(n.kind)})
	}
	return out
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "value"
	}
	return "node"
}

func syntaxError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		if i := strings.Index(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
	}
	return &SyntaxError{Line: line, Msg: msg}
}
