package pipeline

import (
	"errors"
	"fmt"

	"articleservice/sanitize"
	"articleservice/service/article"
)

// The checks a document and a fragment share, each naming the field it
// blames, so that both answer bad input in the same words.

// checkSize refuses input of n bytes over Limits.MaxDocumentBytes; what
// names the input ("document", "fragment").
func (p *Pipeline) checkSize(field, what string, n int) error {
	if limit := p.cfg.Limits.MaxDocumentBytes; limit > 0 && n > limit {
		return article.TooLarge(field, fmt.Sprintf("%s of %d bytes", what, n), int64(limit), "bytes")
	}
	return nil
}

// lookupPolicy is the policy named name (the default when name is empty).
func (p *Pipeline) lookupPolicy(field, name string) (*sanitize.Policy, error) {
	pol, err := p.policies.Lookup(name)
	if err != nil {
		return nil, article.Invalid(field, fmt.Sprintf("no policy named %q; ListPolicies lists them", name), err)
	}
	return pol, nil
}

// nestingError is the field error of markup nested deeper than the limit,
// or nil when err is not that.
func nestingError(field string, err error) error {
	var de *sanitize.DepthError
	if errors.As(err, &de) {
		return article.TooLarge(field, "element nesting", int64(de.Limit), "levels")
	}
	return nil
}
