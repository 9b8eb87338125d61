package frontmatter

import "gopkg.in/yaml.v3"

// node is what Parse reads of a YAML node. yaml.Node is three times its
// size (comments, positions, style) and is reached through pointers;
// nodes hold their children by value, so the scanner builds a whole
// tree in one allocation.
type node struct {
	kind    yaml.Kind
	null    bool // a scalar yaml.v3 tags !!null: empty, ~ or null
	value   string
	content []node
}

// fromYAML converts what yaml.v3 decoded, refusing aliases and counting
// nodes as it goes, in the order a walk of the whole tree meets them: the
// first of the two errors met is the one returned.
func fromYAML(n *yaml.Node, count *int, max int) (node, error) {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return node{}, ErrAlias
	}
	*count++
	if max > 0 && *count > max {
		return node{}, ErrTooManyNodes
	}
	out := node{kind: n.Kind, null: n.Tag == "!!null", value: n.Value}
	if len(n.Content) > 0 {
		out.content = make([]node, len(n.Content))
		for i, c := range n.Content {
			var err error
			if out.content[i], err = fromYAML(c, count, max); err != nil {
				return node{}, err
			}
		}
	}
	return out, nil
}
