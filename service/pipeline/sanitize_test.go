package pipeline

import (
	"context"
	"errors"
	"strings"
	"testing"

	"articleservice/service/article"
)

func TestSanitizeFragment(t *testing.T) {
	lim := DefaultLimits()
	lim.MaxDocumentBytes, lim.MaxNestingDepth = 64, 8
	p := newPipeline(t, Config{Limits: lim})
	ctx := context.Background()

	res, pol, err := p.Sanitize(ctx, []byte(`<p onclick="x()">hi</p>`), "")
	if err != nil {
		t.Fatal(err)
	}
	if pol != p.Policies().Default() || !strings.Contains(string(res.HTML), "hi") || strings.Contains(string(res.HTML), "onclick") {
		t.Errorf("policy %s, html %q", pol.Name(), res.HTML)
	}

	for _, tc := range []struct {
		name, html, policy, field string
		kind                      error
	}{
		{"too_large", strings.Repeat("x", 65), "", "html", article.ErrTooLarge},
		{"unknown_policy", "<p>x</p>", "no-such-policy", "policy", article.ErrInvalid},
		{"nested_too_deep", strings.Repeat("<div>", 9), "", "html", article.ErrTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := p.Sanitize(ctx, []byte(tc.html), tc.policy)
			var fe *article.FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, tc.kind) {
				t.Errorf("err = %v, want a %v on %s", err, tc.kind, tc.field)
			}
		})
	}
}
