package sanitize_test

import (
	"bytes"
	"fmt"
	"testing"

	"articleservice/sanitize"
)

// countsOf is a report's counts as one comparable string.
func countsOf(r sanitize.Report) string {
	var b bytes.Buffer
	r.Each(func(reason string, n int) { fmt.Fprintf(&b, "%s=%d ", reason, n) })
	return b.String()
}

// checkExplainAgrees fails when asking for details changes what Sanitize
// writes or counts: the pre-pass counts some removals without reading
// them when no details are kept, and must count them all the same.
func checkExplainAgrees(tb testing.TB, p *sanitize.Policy, src []byte, opt sanitize.Options) {
	tb.Helper()
	opt.Explain = false
	plain, err1 := p.Sanitize(src, opt)
	opt.Explain = true
	explained, err2 := p.Sanitize(src, opt)
	if (err1 == nil) != (err2 == nil) {
		tb.Fatalf("under %s: %q: error %v without details, %v with", p.Name(), src, err1, err2)
	}
	if !bytes.Equal(plain.HTML, explained.HTML) {
		tb.Fatalf("under %s: %q: HTML %q without details, %q with", p.Name(), src, plain.HTML, explained.HTML)
	}
	if a, b := countsOf(plain.Report), countsOf(explained.Report); a != b {
		tb.Fatalf("under %s: %q: counts %s without details, %s with", p.Name(), src, a, b)
	}
}

// TestReportCountsWithoutDetails: every corpus body and hostile payload
// is counted alike with and without the report's details, under every
// builtin policy.
func TestReportCountsWithoutDetails(t *testing.T) {
	opt := sanitize.Options{BaseURL: mustURL(t, article), MaxDepth: 512}
	var inputs [][]byte
	for _, d := range loadCorpus(t) {
		inputs = append(inputs, d.body)
	}
	for _, file := range xssFiles(t) {
		for _, pl := range loadPayloads(t, file) {
			inputs = append(inputs, []byte(pl.Payload))
		}
	}
	inputs = append(inputs, []byte(`<p cms-style="x" data-pid="1" onclick="a()" STYLE="b" class="c">t</p><img data-src="/a.jpg" referrerpolicy="x" foo="y">`))
	for _, p := range builtin(t).List() {
		for _, in := range inputs {
			checkExplainAgrees(t, p, in, opt)
		}
	}
}
