package sanitize

import (
	"testing"

	"golang.org/x/net/html"
)

// chainOf builds an open-element stack from root to the tested element.
func chainOf(elems ...node) func(int) node {
	return func(i int) node { return elems[i] }
}

func el(tag string, attrs ...string) node {
	e := node{tag: tag}
	for i := 0; i+1 < len(attrs); i += 2 {
		e.attrs = append(e.attrs, html.Attribute{Key: attrs[i], Val: attrs[i+1]})
	}
	return e
}

func TestSelectorMatching(t *testing.T) {
	stack := []node{
		el("div", "class", "content main"),
		el("section", "id", "body"),
		el("p", "class", "note", "data-x", "abc-def"),
	}
	tests := []struct {
		sel, reason string
		want        bool
	}{
		{"p", "type", true},
		{"div", "type of an ancestor is not the element", false},
		{".note", "class", true},
		{"p.note", "compound", true},
		{"p.other", "compound with a missing class", false},
		{"div p", "descendant across a level", true},
		{"div > p", "child needs the parent", false},
		{"section > p", "child", true},
		{"div.main section > p.note", "three compounds", true},
		{"#body p", "id on an ancestor", true},
		{"[data-x]", "attribute presence", true},
		{"[data-x=abc-def]", "attribute equals", true},
		{"[data-x^=abc]", "prefix", true},
		{"[data-x$=def]", "suffix", true},
		{"[data-x*=c-d]", "substring", true},
		{"[class~=note]", "word", true},
		{"[class~=not]", "word is whole", false},
		{"span, p.note", "list", true},
		{"*", "universal", true},
		{"ul p", "missing ancestor", false},
	}
	for _, tt := range tests {
		sel, err := parseSelector(tt.sel)
		if err != nil {
			t.Fatalf("%q: %v", tt.sel, err)
		}
		if got := sel.match(len(stack), chainOf(stack...)); got != tt.want {
			t.Errorf("%q (%s) = %v, want %v", tt.sel, tt.reason, got, tt.want)
		}
	}
}

func TestSelectorSyntaxErrors(t *testing.T) {
	for _, s := range []string{"", "p >", "> p", "p > > a", "a:hover", "p::before", "[", "[=x]", ".", "#", "a + b", "a ~ b"} {
		if _, err := parseSelector(s); err == nil {
			t.Errorf("%q parsed; want an error (outside the supported subset)", s)
		}
	}
}
