package sanitize

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// spec is a policy file as written: the allowlist an operator declares,
// the content rules run before it, and the documents it applies to.
type spec struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Default     bool   `yaml:"default"`
	// Extends names a policy whose allowlist and rules this one starts
	// from; see merge.
	Extends string `yaml:"extends"`
	// Priority orders selection: higher first, then by name.
	Priority int                   `yaml:"priority"`
	Match    matchSpec             `yaml:"match"`
	Elements map[string][]attrSpec `yaml:"elements"`
	// URLSchemes are the schemes href, src, cite, ping and the other URL
	// attributes may use: some of safeSchemes.
	URLSchemes []string `yaml:"url_schemes"`
	// RelativeURLs is "resolve" (against the document's base URL when one is
	// known, else kept), "keep" or "drop".
	RelativeURLs        string       `yaml:"relative_urls"`
	Links               *linksSpec   `yaml:"links"`
	LazyImageAttributes []string     `yaml:"lazy_image_attributes"`
	Images              *imagesSpec  `yaml:"images"`
	Iframes             *iframesSpec `yaml:"iframes"`
	// Classes and DataAttributes are kept on allowed elements; none by default.
	Classes        []string `yaml:"classes"`
	DataAttributes []string `yaml:"data_attributes"`
	// TrimIndent strips leading whitespace, full-width indentation (U+3000)
	// and NBSPs at the start of every block and after every <br>.
	TrimIndent *bool      `yaml:"trim_indent"`
	Rules      []ruleSpec `yaml:"rules"`
	// Metadata is read by the article pipeline, not by the sanitizer.
	Metadata *Metadata `yaml:"metadata"`
}

// Metadata are a policy's settings for the metadata of the documents it
// applies to. The sanitizer only validates them.
type Metadata struct {
	// Timezone is the IANA zone dates without one are read in.
	Timezone string `yaml:"timezone"`
	// TitleSuffixes are site names stripped from the end of titles after a
	// separator, besides the site itself ("… _新浪财经").
	TitleSuffixes []string `yaml:"title_suffixes"`
	// Site and Section, when set, replace the ones derived from categories.
	Site    string `yaml:"site"`
	Section string `yaml:"section"`
	// Extraction says whether main-content extraction runs: "auto" (the
	// default: on whole pages, not on bodies already cut out), "page"
	// (always: the document is a page with chrome around the article) or
	// "fragment" (never: the document is the article).
	Extraction string `yaml:"extraction"`
}

// matchSpec selects the documents a policy applies to: any value listed
// matching the document's selects it.
type matchSpec struct {
	Sites      []string `yaml:"sites"`
	Sections   []string `yaml:"sections"`
	Categories []string `yaml:"categories"`
	Authors    []string `yaml:"authors"`
	// Hosts match the source URL's host exactly, or by suffix when written "*.example.com".
	Hosts []string `yaml:"hosts"`
}

func (m matchSpec) empty() bool {
	return len(m.Sites)+len(m.Sections)+len(m.Categories)+len(m.Authors)+len(m.Hosts) == 0
}

type linksSpec struct {
	NoFollow    bool `yaml:"nofollow"`
	NoReferrer  bool `yaml:"noreferrer"`
	TargetBlank bool `yaml:"target_blank"`
}

type imagesSpec struct {
	// HTTPSHosts are hosts whose http:// image URLs are upgraded to https://.
	HTTPSHosts []string `yaml:"https_hosts"`
	// ReferrerPolicy, when set, is forced on every image.
	ReferrerPolicy string `yaml:"referrerpolicy"`
	// Srcset keeps srcset, with every candidate URL checked.
	Srcset bool `yaml:"srcset"`
	// DataURLs allows data:image/(png|gif|jpeg|webp) sources on images only.
	DataURLs bool `yaml:"data_urls"`
}

type iframesSpec struct {
	// Hosts are the embeddable hosts (video players); an iframe from any
	// other host is removed with its content. Iframes are always https and
	// always carry a sandbox.
	Hosts   []string `yaml:"hosts"`
	Sandbox []string `yaml:"sandbox"`
}

// ruleSpec is one content rule: exactly one of Remove, Unwrap, Rename,
// Extract or Drop.
type ruleSpec struct {
	Name string `yaml:"name"`
	// Remove drops every element matching the selector, with its content.
	Remove string `yaml:"remove"`
	// Unwrap drops the tags of every element matching the selector and keeps its content.
	Unwrap string `yaml:"unwrap"`
	// Rename turns every element matching the selector into the element To
	// (e.g. a site's caption span into figcaption), keeping its content.
	Rename string `yaml:"rename"`
	To     string `yaml:"to"`
	// Extract names a field filled from a block whose text matches Pattern
	// (its first capture group); the block is removed from the body.
	Extract string `yaml:"extract"`
	// Drop removes blocks whose text matches Pattern (ad lines, promos).
	Drop    bool   `yaml:"drop"`
	Pattern string `yaml:"pattern"`
	// Select restricts Extract to blocks matching this selector; by default
	// paragraphs, headings, list items and divs are tried.
	Select string `yaml:"select"`
	// MaxLength bounds, in characters, the text a block may have to be
	// considered for Extract (default 100): longer blocks are prose.
	MaxLength int `yaml:"max_length"`
}

// attrSpec is an allowed attribute: "href", or "align: ^(left|right)$" to
// also require its value to match a pattern.
type attrSpec struct {
	Name    string
	Pattern string
	// malformed is an attribute that is neither: checkShape reports it.
	malformed bool
}

func (a *attrSpec) UnmarshalYAML(n *yaml.Node) error {
	switch {
	case n.Kind == yaml.ScalarNode:
		a.Name = n.Value
		return nil
	case n.Kind == yaml.MappingNode && len(n.Content) == 2 && n.Content[1].Kind == yaml.ScalarNode:
		a.Name, a.Pattern = n.Content[0].Value, n.Content[1].Value
		return nil
	}
	// Not an error here: decoding goes on to the rest of the file, and
	// checkShape has reported it with the attribute's path.
	a.malformed = true
	return nil
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
	// safeSchemes are the only URL schemes a policy may allow: an
	// allowlist, since a denylist misses schemes that run code or open
	// something other than a page (livescript:, view-source:, intent:,
	// jar:, mhtml:, and whatever an operating system registers). ftp is
	// not one: browsers no longer open it and hand it to another program.
	safeSchemes = []string{"http", "https", "mailto", "tel"}
)

var (
	nameRe   = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,63}$`)
	tagRe    = regexp.MustCompile(`^[a-z][a-z0-9]*$`)
	attrRe   = regexp.MustCompile(`^[a-z][a-z0-9_:-]*$`)
	schemeRe = regexp.MustCompile(`^[a-z][a-z0-9+.-]*$`)
	hostRe   = regexp.MustCompile(`^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$`)
	classRe  = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)
	lazyRe   = regexp.MustCompile(`^[a-z_][a-z0-9_-]*$`)
)

// LoadError is a problem in a policy file, located by file and line.
type LoadError struct {
	File string
	Line int
	// Key is the path of the policy key at fault ("links.nofollow",
	// "rules[2].remove") when the problem is the key or the kind of its
	// value; Msg names it too.
	Key string
	Msg string
}

func (e *LoadError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

var yamlLineRe = regexp.MustCompile(`^line (\d+): (.*)$`)

// parseSpec decodes and validates one policy file. Every problem found is
// returned, joined, so an operator fixes a file in one pass; only a YAML
// syntax error ends the check early, since what follows it cannot be read.
func parseSpec(file string, src []byte) (*spec, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		return nil, yamlError(file, err)
	}
	if root.Kind == 0 || (root.Kind == yaml.DocumentNode && len(root.Content) == 0) {
		return nil, &LoadError{File: file, Msg: "the file is empty; a policy needs a name and elements"}
	}
	// Keys and values of the wrong shape: the checks of the decoded values
	// below would report them again, less clearly.
	errs, sh := checkShape(file, &root)
	if sh.under("") {
		return nil, errors.Join(errs...) // not a policy at all
	}
	var s spec
	if err := root.Decode(&s); err != nil && len(errs) == 0 {
		errs = append(errs, yamlError(file, err))
	}
	c := &specCheck{file: file, root: &root, sh: sh, errs: errs}
	c.names(&s)
	c.urls(&s)
	c.embeds(&s)
	c.attributes(&s)
	c.rules(&s)
	errs = c.errs
	if len(errs) > 0 {
		// In file order, as an operator reads the file to fix it.
		slices.SortStableFunc(errs, func(a, b error) int { return lineOfError(a) - lineOfError(b) })
		return nil, errors.Join(errs...)
	}
	return &s, nil
}

func lineOfError(err error) int {
	var le *LoadError
	if errors.As(err, &le) {
		return le.Line
	}
	return 0
}

// itemLine is the line of the index-th item of the list at path.
func itemLine(root *yaml.Node, index int, path ...string) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for _, key := range path {
		if n.Kind != yaml.MappingNode {
			return 0
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				next = n.Content[i+1]
			}
		}
		if next == nil {
			return 0
		}
		n = next
	}
	if n.Kind == yaml.SequenceNode && index < len(n.Content) {
		return n.Content[index].Line
	}
	return n.Line
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
