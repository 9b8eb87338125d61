package sanitize_test

import (
	"testing"

	"articleservice/sanitize"
)

// FuzzSanitize checks that no input panics the sanitizer or gets markup
// that can run script past any builtin policy, and that sanitizing is
// idempotent: the invariants of TestXSSPayloads, on generated input; and
// that asking for the report's details changes nothing else.
func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		`<img src=x onerror=alert(1)>`,
		"<a href=\"java\tscript:alert(1)\">x</a>",
		`<svg><script>alert(1)</script></svg>`,
		`<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img src=1 onerror=alert(1)&gt;">`,
		`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
		`<<x>img src=x onerror=alert(1)>`,
		`<script/>alert(1)</script>`,
		`<p>a<!-- <img src=x onerror=alert(1)>`,
		`<img data-original="//cdn.example/a.jpg" src="data:,">`,
		`<html><head><title>t</title><body><p>b`,
	} {
		f.Add([]byte(s))
	}
	for _, file := range xssFiles(f) {
		ps := loadPayloads(f, file)
		for _, i := range []int{0, len(ps) / 2, len(ps) - 1} {
			f.Add([]byte(ps[i].Payload))
		}
	}
	docs := loadCorpus(f)
	f.Add(docs[0].body)

	policies := builtin(f).List()
	opt := sanitize.Options{BaseURL: mustURL(f, article), MaxDepth: 512}
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, p := range policies {
			if msg := checkSafe(p, src, opt); msg != "" {
				t.Errorf("under %s: input %q: %s", p.Name(), src, msg)
			}
			checkExplainAgrees(t, p, src, opt)
		}
	})
}
