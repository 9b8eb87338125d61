package sanitize

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"slices"

	"github.com/microcosm-cc/bluemonday"
)

// Policy is a compiled sanitization policy. It is immutable once compiled
// and safe for concurrent use: build it once, share it.
type Policy struct {
	name        string
	version     string
	description string
	isDefault   bool

	// allowed maps each allowed element to its allowed attributes; the
	// pre-pass uses it to report removals, bluemonday enforces it.
	allowed      map[string][]string
	schemes      []string
	relativeURLs string
	lazyAttrs    []string
	bm           *bluemonday.Policy
}

// Name is the policy's name, e.g. "article".
func (p *Policy) Name() string { return p.name }

// Version is a hash of the policy's source: a changed policy has a changed version.
func (p *Policy) Version() string { return p.version }

// Description says what the policy is for.
func (p *Policy) Description() string { return p.description }

// IsDefault reports whether the policy file asked to be the default.
func (p *Policy) IsDefault() bool { return p.isDefault }

// Parse validates and compiles a policy file. file names the source in errors.
func Parse(file string, src []byte) (*Policy, error) {
	s, err := parseSpec(file, src)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(src)
	return compile(s, "sha256:"+hex.EncodeToString(sum[:6])), nil
}

var numeric = regexp.MustCompile(`^[0-9]{1,5}$`)

// numericAttrs only ever carry numbers; pinning them stops a value from
// smuggling anything else through.
var numericAttrs = []string{"width", "height", "colspan", "rowspan", "start"}

func compile(s *spec, version string) *Policy {
	p := &Policy{
		name:         s.Name,
		version:      version,
		description:  s.Description,
		isDefault:    s.Default,
		allowed:      s.Elements,
		schemes:      s.URLSchemes,
		relativeURLs: s.RelativeURLs,
		lazyAttrs:    s.LazyImageAttributes,
	}
	if p.relativeURLs == "" {
		p.relativeURLs = "resolve"
	}
	bm := bluemonday.NewPolicy()
	for _, el := range sortedKeys(s.Elements) {
		bm.AllowElements(el)
		for _, a := range s.Elements[el] {
			if slices.Contains(numericAttrs, a) {
				bm.AllowAttrs(a).Matching(numeric).OnElements(el)
			} else {
				bm.AllowAttrs(a).OnElements(el)
			}
		}
	}
	bm.AllowURLSchemes(s.URLSchemes...)
	bm.RequireParseableURLs(true)
	bm.AllowRelativeURLs(p.relativeURLs != "drop")
	if s.Links.NoFollow {
		bm.RequireNoFollowOnFullyQualifiedLinks(true)
	}
	if s.Links.NoReferrer {
		bm.RequireNoReferrerOnFullyQualifiedLinks(true)
	}
	if s.Links.TargetBlank {
		bm.AddTargetBlankToFullyQualifiedLinks(true)
	}
	p.bm = bm
	return p
}
