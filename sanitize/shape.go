package sanitize

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// checkShape compares a policy document with the keys and kinds of values
// a policy has, and reports every mismatch in the policy's own words (the
// key's path and what it takes), where the YAML decoder would name Go
// types and stop being useful after the first. The shape it returns says
// where the errors were, so that the checks of the decoded values do not
// report the same places again.
func checkShape(file string, root *yaml.Node) ([]error, shape) {
	var errs []error
	sh := shape{lines: map[int]bool{}}
	bad := func(n *yaml.Node, key, format string, args ...any) {
		sh.lines[n.Line] = true
		sh.keys = append(sh.keys, key)
		errs = append(errs, &LoadError{File: file, Line: n.Line, Key: key, Msg: fmt.Sprintf(format, args...)})
	}
	var walk func(n *yaml.Node, t reflect.Type, path string)
	walk = func(n *yaml.Node, t reflect.Type, path string) {
		for n.Kind == yaml.AliasNode && n.Alias != nil {
			n = n.Alias
		}
		if n.ShortTag() == "!!null" {
			return // an empty value: the zero value, as the decoder takes it
		}
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch {
		case t == reflect.TypeFor[attrSpec]():
			if n.Kind != yaml.ScalarNode && !(n.Kind == yaml.MappingNode && len(n.Content) == 2 && n.Content[1].Kind == yaml.ScalarNode) {
				bad(n, path, "%s: an attribute is a name or a single \"name: pattern\" pair, not %s", path, describe(n))
			}
		case t.Kind() == reflect.Struct:
			if n.Kind != yaml.MappingNode {
				bad(n, path, "%s: want keys (%s), not %s", orTop(path), strings.Join(yamlKeys(t), ", "), describe(n))
				return
			}
			seen := map[string]int{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				kp := join(path, k.Value)
				if first, dup := seen[k.Value]; dup {
					bad(k, kp, "%s is given twice (first on line %d)", kp, first)
					continue
				}
				seen[k.Value] = k.Line
				f, ok := fieldByKey(t, k.Value)
				if !ok {
					if near := nearest(k.Value, yamlKeys(t)); near != "" {
						bad(k, kp, "unknown key %q%s (did you mean %s?)", k.Value, in(path), near)
					} else {
						bad(k, kp, "unknown key %q%s; the keys are %s", k.Value, in(path), strings.Join(yamlKeys(t), ", "))
					}
					continue
				}
				walk(v, f.Type, kp)
			}
		case t.Kind() == reflect.Map:
			if n.Kind != yaml.MappingNode {
				bad(n, path, "%s: want a mapping of names, not %s", path, describe(n))
				return
			}
			seen := map[string]int{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				kp := join(path, k.Value)
				if first, dup := seen[k.Value]; dup {
					bad(k, kp, "%s is given twice (first on line %d)", kp, first)
					continue
				}
				seen[k.Value] = k.Line
				walk(v, t.Elem(), kp)
			}
		case t.Kind() == reflect.Slice:
			if n.Kind != yaml.SequenceNode {
				bad(n, path, "%s: want a list, not %s", path, describe(n))
				return
			}
			for i, item := range n.Content {
				walk(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i))
			}
		case t.Kind() == reflect.String:
			if n.Kind != yaml.ScalarNode {
				bad(n, path, "%s: want text, not %s", path, describe(n))
			}
		case t.Kind() == reflect.Bool:
			if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
				bad(n, path, "%s: want true or false, not %s", path, describe(n))
			}
		case t.Kind() == reflect.Int:
			if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
				bad(n, path, "%s: want a whole number, not %s", path, describe(n))
			}
		}
	}
	doc := root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		doc = doc.Content[0]
	}
	walk(doc, reflect.TypeFor[spec](), "")
	return errs, sh
}

// shape is where checkShape found errors: their lines and key paths (""
// for the whole document).
type shape struct {
	lines map[int]bool
	keys  []string
}

// under reports an error at key or inside it.
func (s shape) under(key string) bool {
	return slices.ContainsFunc(s.keys, func(k string) bool {
		return k == key || strings.HasPrefix(k, key+".") || strings.HasPrefix(k, key+"[")
	})
}

// describe names a YAML value as a policy author sees it.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return fmt.Sprintf("%q", n.Value)
}

func fieldByKey(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		if f := t.Field(i); yamlKey(f) == key {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func yamlKey(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	return name
}

// yamlKeys are the keys of a policy section, in the order of the policy
// reference.
func yamlKeys(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		if k := yamlKey(t.Field(i)); k != "" && k != "-" {
			keys = append(keys, k)
		}
	}
	return keys
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func in(path string) string {
	if path == "" {
		return ""
	}
	return " in " + path
}

func orTop(path string) string {
	if path == "" {
		return "a policy"
	}
	return path
}

// nearest is the key within two edits of a misspelt one, if exactly one
// is: "colour" suggests nothing, "nofolow" suggests nofollow.
func nearest(key string, keys []string) string {
	found := ""
	for _, k := range keys {
		if editDistance(key, k) <= 2 {
			if found != "" {
				return ""
			}
			found = k
		}
	}
	return found
}

// editDistance is the Levenshtein distance of two keys (ASCII, short).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
