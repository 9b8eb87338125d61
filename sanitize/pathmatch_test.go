package sanitize_test

import (
	"testing"

	"golang.org/x/net/html"

	"articleservice/sanitize"
)

func TestRemovedBy(t *testing.T) {
	t.Parallel()
	p, err := sanitize.Parse("site.yaml", []byte(`name: site
elements: {p: [], div: []}
rules:
  - {name: promo, remove: "div.main .promo"}
  - {name: unwrapped, unwrap: span}
`))
	if err != nil {
		t.Fatal(err)
	}
	if !p.HasRemoveRules() {
		t.Fatal("HasRemoveRules = false for a policy with a remove rule")
	}
	el := func(tag, class string) sanitize.Element {
		e := sanitize.Element{Tag: tag}
		if class != "" {
			e.Attrs = []html.Attribute{{Key: "class", Val: class}}
		}
		return e
	}
	for _, tc := range []struct {
		name string
		path []sanitize.Element
		rule string
	}{
		{"a promo inside the main column is removed", []sanitize.Element{el("body", ""), el("div", "main"), el("div", ""), el("aside", "promo")}, "promo"},
		{"a promo outside the main column stays", []sanitize.Element{el("body", ""), el("div", "side"), el("aside", "promo")}, ""},
		{"an ancestor matching is not the element matching", []sanitize.Element{el("body", ""), el("div", "main"), el("div", "promo"), el("p", "")}, ""},
		{"an unwrap rule is not a removal", []sanitize.Element{el("body", ""), el("div", "main"), el("span", "")}, ""},
		{"an empty path matches nothing", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rule, ok := p.RemovedBy(tc.path)
			if rule != tc.rule || ok != (tc.rule != "") {
				t.Errorf("RemovedBy = %q, %v; want %q", rule, ok, tc.rule)
			}
		})
	}
}

func TestExtractionSetting(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		yaml, want string
		bad        bool
	}{
		{"", "auto", false},
		{"metadata: {extraction: page}", "page", false},
		{"metadata: {extraction: fragment}", "fragment", false},
		{"metadata: {extraction: auto}", "auto", false},
		{"metadata: {extraction: always}", "", true},
	} {
		p, err := sanitize.Parse("x.yaml", []byte("name: x\nelements: {p: []}\n"+tc.yaml+"\n"))
		switch {
		case tc.bad && err == nil:
			t.Errorf("%q: no error for a bad extraction value", tc.yaml)
		case !tc.bad && err != nil:
			t.Errorf("%q: %v", tc.yaml, err)
		case !tc.bad && p.Extraction() != tc.want:
			t.Errorf("%q: Extraction() = %q, want %q", tc.yaml, p.Extraction(), tc.want)
		}
	}
}
