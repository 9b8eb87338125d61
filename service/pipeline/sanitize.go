package pipeline

import (
	"context"

	"articleservice/sanitize"
)

// Sanitize cleans an HTML fragment under the named policy (the default
// when policy is empty), listing what it removed, and returns the policy
// applied. Bad input is a *article.FieldError on "html" or "policy".
//
// A fragment is the same work as a document: it waits for one of the
// slots Process takes, which bound the memory work in progress holds.
func (p *Pipeline) Sanitize(ctx context.Context, html []byte, policy string) (sanitize.Result, *sanitize.Policy, error) {
	if err := p.checkSize("html", "fragment", len(html)); err != nil {
		return sanitize.Result{}, nil, err
	}
	pol, err := p.lookupPolicy("policy", policy)
	if err != nil {
		return sanitize.Result{}, nil, err
	}
	release, err := p.Admit(ctx)
	if err != nil {
		return sanitize.Result{}, nil, err
	}
	defer release()
	res, err := pol.Sanitize(html, sanitize.Options{MaxDepth: p.cfg.Limits.MaxNestingDepth, Explain: true})
	if err != nil {
		if nerr := nestingError("html", err); nerr != nil {
			err = nerr
		}
		return sanitize.Result{}, nil, err
	}
	return res, pol, nil
}
