package articlepb

import (
	articlev1 "articleservice/proto/article/v1"
	"articleservice/sanitize"
)

// ToPolicyRef names a policy and its version.
func ToPolicyRef(p *sanitize.Policy) *articlev1.PolicyRef {
	return &articlev1.PolicyRef{Name: p.Name(), Version: p.Version()}
}

// ToRemovals is a removal report's counts by reason, in the report's order.
func ToRemovals(r *sanitize.Report) []*articlev1.Removal {
	var out []*articlev1.Removal
	r.Each(func(reason string, n int) {
		out = append(out, &articlev1.Removal{Reason: reason, Count: int32(n)})
	})
	return out
}

// ToSanitizeResponse is the answer to Sanitize: the fragment as p cleaned
// it, with what was removed.
func ToSanitizeResponse(res *sanitize.Result, p *sanitize.Policy) *articlev1.SanitizeResponse {
	items, truncated := res.Report.Items()
	resp := &articlev1.SanitizeResponse{Html: string(res.HTML), Policy: ToPolicyRef(p), Removals: ToRemovals(&res.Report), RemovedTruncated: truncated}
	for _, it := range items {
		resp.Removed = append(resp.Removed, &articlev1.RemovedItem{Reason: it.Reason, Element: it.Element, Attribute: it.Attribute, Value: it.Value})
	}
	return resp
}
