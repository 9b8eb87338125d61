package sanitize

import (
	"fmt"
	"strings"

	"golang.org/x/net/html"
)

// selector is a CSS selector in the subset content rules need, matched on
// the tokenizer's stack of open elements rather than on a parsed tree, so
// rules cost no second parse: type (div), class (.a), id (#a), attribute
// ([a], [a=v], [a^=v], [a$=v], [a*=v], [a~=v]), the universal selector,
// compounds of those (p.a.b[x]), and the descendant (space) and child (>)
// combinators. A list (a, b) matches when any of its selectors does.
type selector []complexSel

type complexSel struct {
	parts []compound // left to right
	child []bool     // child[i]: parts[i] and parts[i+1] are joined by '>'
}

type compound struct {
	tag     string // "" or "*" matches any element
	id      string
	classes []string
	attrs   []attrCond
}

type attrCond struct {
	name, op, val string
}

// parseSelector parses a selector list; anything outside the subset is an
// error rather than a selector that silently never matches.
func parseSelector(s string) (selector, error) {
	var out selector
	for _, part := range strings.Split(s, ",") {
		c, err := parseComplex(strings.TrimSpace(part))
		if err != nil {
			return nil, fmt.Errorf("selector %q: %w", s, err)
		}
		out = append(out, c)
	}
	return out, nil
}

func parseComplex(s string) (complexSel, error) {
	var c complexSel
	if s == "" {
		return c, fmt.Errorf("empty selector")
	}
	child := false
	for s != "" {
		s = strings.TrimLeft(s, " \t\n")
		if strings.HasPrefix(s, ">") {
			if len(c.parts) == 0 || child {
				return c, fmt.Errorf("misplaced '>'")
			}
			child = true
			s = s[1:]
			continue
		}
		if s == "" {
			break
		}
		comp, rest, err := parseCompound(s)
		if err != nil {
			return c, err
		}
		if len(c.parts) > 0 {
			c.child = append(c.child, child)
		}
		c.parts = append(c.parts, comp)
		child = false
		s = rest
	}
	if child || len(c.parts) == 0 {
		return c, fmt.Errorf("selector ends in a combinator")
	}
	return c, nil
}

func isNameByte(b byte) bool {
	return b == '-' || b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80
}

func name(s string) (string, string) {
	i := 0
	for i < len(s) && isNameByte(s[i]) {
		i++
	}
	return s[:i], s[i:]
}

func parseCompound(s string) (compound, string, error) {
	var c compound
	if strings.HasPrefix(s, "*") {
		c.tag, s = "*", s[1:]
	} else if len(s) > 0 && isNameByte(s[0]) {
		c.tag, s = name(s)
		c.tag = strings.ToLower(c.tag)
	}
	for s != "" {
		var n string
		switch s[0] {
		case '.':
			n, s = name(s[1:])
			if n == "" {
				return c, s, fmt.Errorf("empty class name")
			}
			c.classes = append(c.classes, n)
		case '#':
			n, s = name(s[1:])
			if n == "" {
				return c, s, fmt.Errorf("empty id")
			}
			c.id = n
		case '[':
			end := strings.IndexByte(s, ']')
			if end < 0 {
				return c, s, fmt.Errorf("unclosed '['")
			}
			a, err := parseAttrCond(s[1:end])
			if err != nil {
				return c, s, err
			}
			c.attrs = append(c.attrs, a)
			s = s[end+1:]
		case ' ', '\t', '\n', '>':
			return c, s, nil
		default:
			return c, s, fmt.Errorf("unsupported syntax at %q (supported: type, .class, #id, [attr], descendant and > combinators)", s)
		}
	}
	if c.tag == "" && c.id == "" && len(c.classes) == 0 && len(c.attrs) == 0 {
		return c, s, fmt.Errorf("empty compound selector")
	}
	return c, s, nil
}

func parseAttrCond(s string) (attrCond, error) {
	for _, op := range []string{"^=", "$=", "*=", "~=", "="} {
		if i := strings.Index(s, op); i > 0 {
			v := strings.Trim(strings.TrimSpace(s[i+len(op):]), `"'`)
			return attrCond{name: strings.ToLower(strings.TrimSpace(s[:i])), op: op, val: v}, nil
		}
	}
	n := strings.ToLower(strings.TrimSpace(s))
	if n == "" || strings.ContainsAny(n, " |=") {
		return attrCond{}, fmt.Errorf("bad attribute selector [%s]", s)
	}
	return attrCond{name: n}, nil
}

// node is what a selector reads of an element: its name and attributes.
type node struct {
	tag   string
	attrs []html.Attribute
}

// match reports whether the element at the top of the chain matches.
// chain(i) returns the i-th open element from the root; the last index is
// the element being tested.
func (sel selector) match(n int, chain func(int) node) bool {
	for i := range sel {
		// By pointer: a selector is asked of every element, and copying its
		// parts for each call cost more than the test.
		if c := &sel[i]; c.matchAt(len(c.parts)-1, n-1, chain) {
			return true
		}
	}
	return false
}

// matchAt matches parts[pi] at element ei and the parts before it at
// ancestors of ei, backtracking over descendant combinators.
func (c *complexSel) matchAt(pi, ei int, chain func(int) node) bool {
	if ei < 0 || !c.parts[pi].matches(chain(ei)) {
		return false
	}
	if pi == 0 {
		return true
	}
	if c.child[pi-1] {
		return c.matchAt(pi-1, ei-1, chain)
	}
	for a := ei - 1; a >= 0; a-- {
		if c.matchAt(pi-1, a, chain) {
			return true
		}
	}
	return false
}

func (c *compound) matches(e node) bool {
	if c.tag != "" && c.tag != "*" && c.tag != e.tag {
		return false
	}
	if c.id != "" && attrValue(e.attrs, "id") != c.id {
		return false
	}
	if len(c.classes) > 0 {
		classes := attrValue(e.attrs, "class")
		for _, want := range c.classes {
			if !hasField(classes, want) {
				return false
			}
		}
	}
	for _, a := range c.attrs {
		v, ok := attrLookup(e.attrs, a.name)
		if !ok {
			return false
		}
		switch a.op {
		case "=":
			ok = v == a.val
		case "^=":
			ok = strings.HasPrefix(v, a.val)
		case "$=":
			ok = strings.HasSuffix(v, a.val)
		case "*=":
			ok = strings.Contains(v, a.val)
		case "~=":
			ok = hasField(v, a.val)
		}
		if !ok {
			return false
		}
	}
	return true
}

// hasField reports whether want is one of the space-separated fields of
// v, as strings.Fields splits them, without the slice of them it makes:
// a selector asks this of every element it is tried on.
func hasField(v, want string) bool {
	for f := range strings.FieldsSeq(v) {
		if f == want {
			return true
		}
	}
	return false
}
