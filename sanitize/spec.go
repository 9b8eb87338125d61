package sanitize

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// spec is a policy file as written: the allowlist an operator declares.
type spec struct {
	Name        string              `yaml:"name"`
	Description string              `yaml:"description"`
	Default     bool                `yaml:"default"`
	Elements    map[string][]string `yaml:"elements"`
	URLSchemes  []string            `yaml:"url_schemes"`
	// RelativeURLs is "resolve" (against the document's base URL when one is
	// known, else kept), "keep" or "drop".
	RelativeURLs string `yaml:"relative_urls"`
	Links        struct {
		NoFollow    bool `yaml:"nofollow"`
		NoReferrer  bool `yaml:"noreferrer"`
		TargetBlank bool `yaml:"target_blank"`
	} `yaml:"links"`
	LazyImageAttributes []string `yaml:"lazy_image_attributes"`
}

// Elements and attributes that would let a policy file re-open the holes a
// sanitizer exists to close. Loading refuses them rather than trusting the
// operator to know every trick.
var (
	forbiddenElements = []string{"script", "style", "object", "embed", "base", "meta", "link",
		"form", "input", "button", "textarea", "select", "iframe", "frame", "frameset",
		"applet", "svg", "math", "template", "noscript", "xmp", "plaintext", "title", "head", "html", "body"}
	forbiddenAttributes = []string{"style", "srcdoc", "formaction", "action", "xmlns", "srcset", "background", "dynsrc", "lowsrc"}
	forbiddenSchemes    = []string{"javascript", "vbscript", "data", "file", "blob", "filesystem"}
)

var (
	nameRe   = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,63}$`)
	tagRe    = regexp.MustCompile(`^[a-z][a-z0-9]*$`)
	attrRe   = regexp.MustCompile(`^[a-z][a-z0-9_:-]*$`)
	schemeRe = regexp.MustCompile(`^[a-z][a-z0-9+.-]*$`)
)

// LoadError is a problem in a policy file, located by file and line.
type LoadError struct {
	File string
	Line int
	Msg  string
}

func (e *LoadError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

var yamlLineRe = regexp.MustCompile(`^line (\d+): (.*)$`)

// parseSpec decodes and validates one policy file. Every problem found is
// returned, joined, so an operator fixes a file in one pass.
func parseSpec(file string, src []byte) (*spec, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		return nil, yamlError(file, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	var s spec
	if err := dec.Decode(&s); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &LoadError{File: file, Msg: "the file is empty; a policy needs a name and elements"}
		}
		return nil, yamlError(file, err)
	}
	line := func(path ...string) int { return lineOf(&root, path...) }
	var errs []error
	bad := func(l int, format string, args ...any) {
		errs = append(errs, &LoadError{File: file, Line: l, Msg: fmt.Sprintf(format, args...)})
	}
	if !nameRe.MatchString(s.Name) {
		bad(line("name"), "name %q must match %s", s.Name, nameRe)
	}
	if len(s.Elements) == 0 {
		bad(line("elements"), "elements: at least one element must be allowed")
	}
	for _, el := range sortedKeys(s.Elements) {
		switch {
		case !tagRe.MatchString(el):
			bad(line("elements", el), "element %q is not an HTML tag name", el)
		case slices.Contains(forbiddenElements, el):
			bad(line("elements", el), "element %q is dangerous and cannot be allowed", el)
		}
		for _, a := range s.Elements[el] {
			switch {
			case !attrRe.MatchString(a):
				bad(line("elements", el), "attribute %q of %s is not an attribute name", a, el)
			case strings.HasPrefix(a, "on"):
				bad(line("elements", el), "attribute %q of %s is an event handler and cannot be allowed", a, el)
			case slices.Contains(forbiddenAttributes, a):
				bad(line("elements", el), "attribute %q of %s is dangerous and cannot be allowed", a, el)
			}
		}
	}
	for _, sc := range s.URLSchemes {
		switch {
		case !schemeRe.MatchString(sc):
			bad(line("url_schemes"), "url scheme %q is not a scheme name", sc)
		case slices.Contains(forbiddenSchemes, sc):
			bad(line("url_schemes"), "url scheme %q can run code or smuggle content and cannot be allowed", sc)
		}
	}
	switch s.RelativeURLs {
	case "", "resolve", "keep", "drop":
	default:
		bad(line("relative_urls"), "relative_urls %q must be resolve, keep or drop", s.RelativeURLs)
	}
	for _, a := range s.LazyImageAttributes {
		if !strings.HasPrefix(a, "data-") || !attrRe.MatchString(a) {
			bad(line("lazy_image_attributes"), "lazy image attribute %q must be a data-* attribute", a)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return &s, nil
}

func yamlError(file string, err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		errs := make([]error, 0, len(te.Errors))
		for _, msg := range te.Errors {
			errs = append(errs, locate(file, msg))
		}
		return errors.Join(errs...)
	}
	return locate(file, strings.TrimPrefix(err.Error(), "yaml: "))
}

func locate(file, msg string) *LoadError {
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		var l int
		fmt.Sscan(m[1], &l)
		return &LoadError{File: file, Line: l, Msg: m[2]}
	}
	return &LoadError{File: file, Msg: msg}
}

// lineOf finds the line of the key at path in a YAML document, or 0.
func lineOf(n *yaml.Node, path ...string) int {
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := 0
	for _, key := range path {
		if n.Kind != yaml.MappingNode {
			return line
		}
		found := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				line, n, found = n.Content[i].Line, n.Content[i+1], true
				break
			}
		}
		if !found {
			return line
		}
	}
	return line
}

// keyLine returns the line of a top-level key in a policy file, or 0.
func keyLine(src []byte, key string) int {
	var root yaml.Node
	if yaml.Unmarshal(src, &root) != nil {
		return 0
	}
	return lineOf(&root, key)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
