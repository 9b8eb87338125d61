package sanitize

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"articleservice/sanitize/keyform"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/text/unicode/norm"
)

// Policy is a compiled sanitization policy. It is immutable once compiled
// and safe for concurrent use: build it once, share it.
type Policy struct {
	name        string
	version     string
	description string
	isDefault   bool
	priority    int
	match       matchSpec
	foldedMatch matchSpec // match's values folded by foldKey
	spec        *spec     // as merged, for policies that extend this one

	// allowed maps each allowed element to its allowed attributes; the
	// pre-pass uses it to report removals, bluemonday enforces it.
	allowed      map[string][]string
	schemes      []string
	relativeURLs string
	lazyAttrs    []string
	classes      []string
	dataAttrs    []string
	httpsHosts   []string
	referrer     string
	srcset       bool
	dataImages   bool
	iframeHosts  []string
	sandbox      string
	trimIndent   bool
	rules        []rule
	// ruleNames are the rules' names, which every Report shares.
	ruleNames []string
	// needAttrs is set when a rule's selector reads attributes of ancestors,
	// so the pre-pass keeps them on its stack.
	needAttrs bool
	// readKeys are the attribute keys filterAttrs reads (see keysRead).
	readKeys  map[string]bool
	hasRemove bool // a remove rule exists: RemovedBy has work to do
	bm        *bluemonday.Policy
	// cleaners holds the pre-pass's cleaners between calls, with
	// their buffers.
	cleaners sync.Pool
}

// rule is a compiled content rule.
type rule struct {
	name  string
	kind  ruleKind
	sel   selector // nil for extract rules without select
	to    string   // for rename
	field string   // for extract; "" for drop
	re    *regexp.Regexp
	// first holds the runes a match of re can start with; nil when any
	// can. A line starting with another rune is not given to re.
	first  firstRunes
	maxLen int
}

type ruleKind uint8

const (
	ruleRemove ruleKind = iota
	ruleUnwrap
	ruleRename
	// ruleExtract covers drop rules too: an extract without a field.
	ruleExtract
)

// Name is the policy's name, e.g. "article".
func (p *Policy) Name() string { return p.name }

// Version is a hash of the policy's source (and of the policy it extends):
// a changed policy has a changed version.
func (p *Policy) Version() string { return p.version }

// Description says what the policy is for.
func (p *Policy) Description() string { return p.description }

// IsDefault reports whether the policy file asked to be the default.
func (p *Policy) IsDefault() bool { return p.isDefault }

// Extraction is the policy's metadata.extraction: "auto", "page" or
// "fragment"; "auto" when the policy does not say.
func (p *Policy) Extraction() string {
	if p.spec == nil || p.spec.Metadata == nil || p.spec.Metadata.Extraction == "" {
		return "auto"
	}
	return p.spec.Metadata.Extraction
}

// Metadata returns the policy's metadata settings (zero when it has none).
func (p *Policy) Metadata() Metadata {
	if p.spec == nil || p.spec.Metadata == nil {
		return Metadata{}
	}
	m := *p.spec.Metadata
	m.TitleSuffixes = slices.Clone(m.TitleSuffixes)
	return m
}

// Rules returns the names of the policy's content rules, in order.
func (p *Policy) Rules() []string {
	out := make([]string, len(p.rules))
	for i, r := range p.rules {
		out[i] = r.name
	}
	return out
}

// Parse validates and compiles a policy file that extends no other policy.
// file names the source in errors. Policies that extend another are loaded
// with their base by LoadFS, Load or Lint.
func Parse(file string, src []byte) (*Policy, error) {
	s, err := parseSpec(file, src)
	if err != nil {
		return nil, err
	}
	if s.Extends != "" {
		return nil, &LoadError{File: file, Line: keyLine(src, "extends"), Msg: fmt.Sprintf("extends %q: load this file with the policy set it extends", s.Extends)}
	}
	return compile(s, versionOf(src, ""))
}

func versionOf(src []byte, baseVersion string) string {
	h := sha256.New()
	h.Write(src)
	h.Write([]byte(baseVersion))
	return "sha256:" + hex.EncodeToString(h.Sum(nil)[:6])
}

// merge returns child laid over base: what the child declares replaces the
// base's; rules are the base's followed by the child's, a child rule of the
// same name replacing the base's. Name, description, default, priority and
// match are never inherited.
func merge(base, child *spec) *spec {
	m := *base
	m.Name, m.Description, m.Default, m.Priority, m.Match, m.Extends = child.Name, child.Description, child.Default, child.Priority, child.Match, ""
	if len(child.Elements) > 0 {
		m.Elements = child.Elements
	}
	if len(child.URLSchemes) > 0 {
		m.URLSchemes = child.URLSchemes
	}
	if child.RelativeURLs != "" {
		m.RelativeURLs = child.RelativeURLs
	}
	if child.Links != nil {
		m.Links = child.Links
	}
	if len(child.LazyImageAttributes) > 0 {
		m.LazyImageAttributes = child.LazyImageAttributes
	}
	if child.Images != nil {
		m.Images = child.Images
	}
	if child.Iframes != nil {
		m.Iframes = child.Iframes
	}
	if len(child.Classes) > 0 {
		m.Classes = child.Classes
	}
	if len(child.DataAttributes) > 0 {
		m.DataAttributes = child.DataAttributes
	}
	if child.TrimIndent != nil {
		m.TrimIndent = child.TrimIndent
	}
	if child.Metadata != nil {
		m.Metadata = child.Metadata
	}
	m.Rules = nil
	for _, r := range base.Rules {
		if i := slices.IndexFunc(child.Rules, func(c ruleSpec) bool { return c.Name == r.Name }); i >= 0 {
			r = child.Rules[i]
		}
		m.Rules = append(m.Rules, r)
	}
	for _, r := range child.Rules {
		if !slices.ContainsFunc(base.Rules, func(b ruleSpec) bool { return b.Name == r.Name }) {
			m.Rules = append(m.Rules, r)
		}
	}
	return &m
}

var numeric = regexp.MustCompile(`^[0-9]{1,5}$`)

// numericAttrs only ever carry numbers; pinning them stops a value from
// smuggling anything else through.
var numericAttrs = []string{"width", "height", "colspan", "rowspan", "start"}

// srcsetRe accepts only candidate lists whose every URL is absolute http(s):
// the pre-pass has already checked and rewritten each one, bluemonday
// checks the shape again.
var srcsetRe = regexp.MustCompile(`^https?://[^\s,]+(\s+[0-9.]+[wx])?(\s*,\s*https?://[^\s,]+(\s+[0-9.]+[wx])?)*$`)

var classListRe = regexp.MustCompile(`^[A-Za-z0-9_ -]*$`)

var sandboxValues = map[string]bluemonday.SandboxValue{
	"allow-downloads":                bluemonday.SandboxAllowDownloads,
	"allow-forms":                    bluemonday.SandboxAllowForms,
	"allow-modals":                   bluemonday.SandboxAllowModals,
	"allow-orientation-lock":         bluemonday.SandboxAllowOrientationLock,
	"allow-pointer-lock":             bluemonday.SandboxAllowPointerLock,
	"allow-popups":                   bluemonday.SandboxAllowPopups,
	"allow-popups-to-escape-sandbox": bluemonday.SandboxAllowPopupsToEscapeSandbox,
	"allow-presentation":             bluemonday.SandboxAllowPresentation,
	"allow-same-origin":              bluemonday.SandboxAllowSameOrigin,
	"allow-scripts":                  bluemonday.SandboxAllowScripts,
	"allow-top-navigation":           bluemonday.SandboxAllowTopNavigation,
}

func compile(s *spec, version string) (*Policy, error) {
	p := &Policy{
		name:         s.Name,
		version:      version,
		description:  s.Description,
		isDefault:    s.Default,
		priority:     s.Priority,
		match:        s.Match,
		foldedMatch:  foldMatch(s.Match),
		spec:         s,
		allowed:      map[string][]string{},
		schemes:      s.URLSchemes,
		relativeURLs: s.RelativeURLs,
		lazyAttrs:    s.LazyImageAttributes,
		classes:      s.Classes,
		dataAttrs:    s.DataAttributes,
		trimIndent:   s.TrimIndent == nil || *s.TrimIndent,
	}
	if p.relativeURLs == "" {
		p.relativeURLs = "resolve"
	}
	bm := bluemonday.NewPolicy()
	p.allowElements(bm, s.Elements)
	p.allowImages(bm, s.Images)
	p.allowIframes(bm, s.Iframes)
	if len(p.classes) > 0 {
		bm.AllowAttrs("class").Matching(classListRe).Globally()
	}
	if len(p.dataAttrs) > 0 {
		bm.AllowDataAttributes()
	}
	bm.AllowURLSchemes(s.URLSchemes...)
	bm.RequireParseableURLs(true)
	bm.AllowRelativeURLs(p.relativeURLs != "drop")
	if l := s.Links; l != nil {
		bm.RequireNoFollowOnFullyQualifiedLinks(l.NoFollow)
		bm.RequireNoReferrerOnFullyQualifiedLinks(l.NoReferrer)
		bm.AddTargetBlankToFullyQualifiedLinks(l.TargetBlank)
	}
	p.bm = bm
	if err := p.compileRules(s.Rules); err != nil {
		return nil, err
	}
	p.readKeys = p.keysRead()
	return p, nil
}

// keysRead lists the attribute keys the pre-pass reads of some element:
// those allowed on any, the lazy image sources and data attributes it
// keeps, class, srcset and referrerpolicy. Any other key of an allowed
// element is dropped and counted whatever its value, so the pre-pass
// counts it without reading it. Nil when a rule's selector may remove,
// unwrap or rename an element: its attributes then go uncounted, and
// only filterAttrs knows.
func (p *Policy) keysRead() map[string]bool {
	if p.needAttrs {
		return nil
	}
	keys := map[string]bool{"class": true, "srcset": true, "referrerpolicy": true}
	for _, attrs := range p.allowed {
		for _, a := range attrs {
			keys[a] = true
		}
	}
	for _, a := range p.lazyAttrs {
		keys[a] = true
	}
	for _, a := range p.dataAttrs {
		keys[a] = true
	}
	return keys
}

// allowElements allows the elements and attributes of the allowlist.
func (p *Policy) allowElements(bm *bluemonday.Policy, elements map[string][]attrSpec) {
	for _, el := range sortedKeys(elements) {
		bm.AllowElements(el)
		var names []string
		for _, a := range elements[el] {
			names = append(names, a.Name)
			switch {
			case a.Pattern != "":
				bm.AllowAttrs(a.Name).Matching(regexp.MustCompile(a.Pattern)).OnElements(el)
			case slices.Contains(numericAttrs, a.Name):
				bm.AllowAttrs(a.Name).Matching(numeric).OnElements(el)
			default:
				bm.AllowAttrs(a.Name).OnElements(el)
			}
		}
		p.allowed[el] = names
	}
}

// allowImages applies the images block to an allowlist that keeps images.
func (p *Policy) allowImages(bm *bluemonday.Policy, im *imagesSpec) {
	if im != nil && p.allowed["img"] != nil {
		p.httpsHosts, p.referrer, p.srcset, p.dataImages = im.HTTPSHosts, im.ReferrerPolicy, im.Srcset, im.DataURLs
		if p.referrer != "" {
			bm.AllowAttrs("referrerpolicy").Matching(regexp.MustCompile("^" + regexp.QuoteMeta(p.referrer) + "$")).OnElements("img")
		}
		if p.srcset {
			bm.AllowAttrs("srcset").Matching(srcsetRe).OnElements("img")
		}
		if p.dataImages {
			bm.AllowDataURIImages()
		}
	}
}

// allowIframes allows iframes from the listed hosts only, sandboxed.
func (p *Policy) allowIframes(bm *bluemonday.Policy, fr *iframesSpec) {
	if fr != nil && len(fr.Hosts) > 0 {
		p.iframeHosts = fr.Hosts
		quoted := make([]string, len(fr.Hosts))
		for i, h := range fr.Hosts {
			quoted[i] = regexp.QuoteMeta(h)
		}
		bm.AllowElements("iframe")
		bm.AllowAttrs("src").Matching(regexp.MustCompile(`^https://(` + strings.Join(quoted, "|") + `)/`)).OnElements("iframe")
		bm.AllowAttrs("width", "height").Matching(numeric).OnElements("iframe")
		bm.AllowAttrs("allowfullscreen").Matching(regexp.MustCompile(`^$`)).OnElements("iframe")
		var vals []bluemonday.SandboxValue
		var names []string
		for _, v := range fr.Sandbox {
			vals = append(vals, sandboxValues[v])
			names = append(names, v)
		}
		bm.AllowAttrs("sandbox").OnElements("iframe")
		bm.RequireSandboxOnIFrame(vals...)
		p.sandbox = strings.Join(names, " ")
	}
}

// compileRules compiles the content rules, in order.
func (p *Policy) compileRules(rules []ruleSpec) error {
	for _, rs := range rules {
		r := rule{name: rs.Name, maxLen: rs.MaxLength}
		var sel string
		switch {
		case rs.Remove != "":
			r.kind, sel = ruleRemove, rs.Remove
			p.hasRemove = true
		case rs.Unwrap != "":
			r.kind, sel = ruleUnwrap, rs.Unwrap
		case rs.Rename != "":
			r.kind, sel, r.to = ruleRename, rs.Rename, rs.To
		default:
			r.kind, sel, r.field = ruleExtract, rs.Select, rs.Extract
			r.re = regexp.MustCompile(rs.Pattern)
			r.first = firstRunesOf(rs.Pattern)
			if r.maxLen == 0 {
				r.maxLen = 100
			}
		}
		if sel != "" {
			parsed, err := parseSelector(sel)
			if err != nil {
				return fmt.Errorf("rule %s: %w", rs.Name, err)
			}
			r.sel = parsed
			p.needAttrs = true
		}
		p.rules = append(p.rules, r)
		p.ruleNames = append(p.ruleNames, r.name)
	}
	return nil
}

// Meta is what a document says about itself, for choosing its policy.
type Meta struct {
	Site       string
	Section    string
	Categories []string
	Author     string
	// SourceURL is where the document was fetched from; its host is matched.
	SourceURL string
}

// foldedMeta is a Meta as matches compares it: its non-empty values
// folded by foldKey, and the source URL's host, read once for every
// policy a Set tries.
type foldedMeta struct {
	site, section, categories, author []string
	host                              string
	hasHost                           bool
}

func foldMeta(m Meta) foldedMeta {
	// The folded values share one array, each list capped at its end.
	keys := make([]string, 0, 3+len(m.Categories))
	fold := func(vals ...string) []string {
		from := len(keys)
		for _, v := range vals {
			if v != "" {
				keys = append(keys, foldKey(v))
			}
		}
		return keys[from:len(keys):len(keys)]
	}
	f := foldedMeta{site: fold(m.Site), section: fold(m.Section), categories: fold(m.Categories...), author: fold(m.Author)}
	if m.SourceURL != "" {
		if u, err := url.Parse(m.SourceURL); err == nil {
			f.host, f.hasHost = strings.ToLower(u.Hostname()), true
		}
	}
	return f
}

// foldMatch folds the values a match block compares, once, when the
// policy compiles.
func foldMatch(m matchSpec) matchSpec {
	fold := func(list []string) []string {
		out := make([]string, len(list))
		for i, v := range list {
			out[i] = foldKey(v)
		}
		return out
	}
	return matchSpec{Sites: fold(m.Sites), Sections: fold(m.Sections), Categories: fold(m.Categories), Authors: fold(m.Authors), Hosts: m.Hosts}
}

// matchesFolded reports whether the policy's match block selects the
// document. Values compare after NFKC and lower-casing, so "新浪财经－国內"
// and "新浪财经-国內" are the same section.
func (p *Policy) matchesFolded(m foldedMeta) bool {
	if p.match.empty() {
		return false
	}
	any := func(list, vals []string) bool {
		for _, want := range list {
			if slices.Contains(vals, want) {
				return true
			}
		}
		return false
	}
	fm := &p.foldedMatch
	if any(fm.Sites, m.site) || any(fm.Sections, m.section) || any(fm.Categories, m.categories) || any(fm.Authors, m.author) {
		return true
	}
	if len(p.match.Hosts) > 0 && m.hasHost {
		for _, h := range p.match.Hosts {
			if suffix, ok := strings.CutPrefix(h, "*."); ok {
				if m.host == suffix || strings.HasSuffix(m.host, "."+suffix) {
					return true
				}
			} else if m.host == h {
				return true
			}
		}
	}
	return false
}

// foldKey is NFKC, whitespace collapsed, lower case. Every document's
// site, section, categories and author go through it when a policy set
// has match blocks, and they are nearly always keys already, which
// keyform.Is tells without a copy; past it, each step returns its input
// when it changes nothing.
func foldKey(s string) string {
	if keyform.Is(s) {
		return s // most names are keys already
	}
	s = norm.NFKC.String(s)
	if !singleSpaced(s) {
		s = strings.Join(strings.Fields(s), " ")
	}
	return strings.ToLower(s) // returns s when nothing is upper case
}

// singleSpaced reports whether strings.Join(strings.Fields(s), " ") is s:
// no whitespace but single spaces between words. Only the lead bytes of
// the runes beyond ASCII that unicode.IsSpace holds (U+0085, U+00A0,
// U+1680, U+2000-U+205F, U+3000) are decoded.
func singleSpaced(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ':
			if i == 0 || i == len(s)-1 || s[i-1] == ' ' {
				return false
			}
		case '\t', '\n', '\v', '\f', '\r', 0xc2, 0xe1, 0xe2, 0xe3:
			if r, _ := utf8.DecodeRuneInString(s[i:]); unicode.IsSpace(r) {
				return false
			}
		}
	}
	return true
}
