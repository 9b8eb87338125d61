package sanitize_test

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"articleservice/sanitize"
)

// TestSanitizeKeepsNothingBetweenCalls: a policy reuses its pre-pass's
// buffers from call to call, so each corpus page is sanitized after a
// different page, after a call that failed half-way and with the other
// Explain setting in between, and must come out as it does from a policy
// that has sanitized nothing else.
func TestSanitizeKeepsNothingBetweenCalls(t *testing.T) {
	docs := loadCorpus(t)
	base := mustURL(t, article)
	for _, explain := range []bool{false, true} {
		opt := sanitize.Options{BaseURL: base, MaxDepth: 256, Explain: explain}
		other := opt
		other.Explain = !explain
		shallow := sanitize.Options{BaseURL: base, MaxDepth: 2}
		used := builtin(t).List()
		for i := len(docs) - 1; i >= 0; i-- {
			fresh := builtin(t).List()
			for pi, p := range used {
				if _, err := p.Sanitize(docs[(i+1)%len(docs)].body, other); err != nil {
					t.Fatal(err)
				}
				var depth *sanitize.DepthError
				if _, err := p.Sanitize(docs[(i+2)%len(docs)].body, shallow); err != nil && !errors.As(err, &depth) {
					t.Fatal(err)
				}
				got, err := p.Sanitize(docs[i].body, opt)
				if err != nil {
					t.Fatal(err)
				}
				want, err := fresh[pi].Sanitize(docs[i].body, opt)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got.HTML, want.HTML) || !reflect.DeepEqual(got.Report, want.Report) || !reflect.DeepEqual(got.Fields, want.Fields) {
					t.Errorf("%s under %s (explain %v): differs after other calls", docs[i].name, p.Name(), explain)
				}
			}
		}
	}
}

// TestSanitizeWritesIntoDst: with Options.Dst the HTML is what it is
// without, written into Dst's array while it has room (a buffer too
// small is grown, never overrun), whatever an earlier body left in it.
func TestSanitizeWritesIntoDst(t *testing.T) {
	docs := loadCorpus(t)
	p := builtin(t).Default()
	base := mustURL(t, article)
	dst := make([]byte, 0, 64<<10)
	for _, d := range docs {
		want, err := p.Sanitize(d.body, sanitize.Options{BaseURL: base})
		if err != nil {
			t.Fatal(err)
		}
		// The previous body's output is still in dst: it must not show.
		got, err := p.Sanitize(d.body, sanitize.Options{BaseURL: base, Dst: dst})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.HTML, want.HTML) {
			t.Fatalf("%s: HTML written into Dst differs from the HTML written without", d.name)
		}
		if len(bytes.TrimSpace(d.body)) > 0 && len(got.HTML) <= cap(dst) && &got.HTML[:1][0] != &dst[:1][0] {
			t.Errorf("%s: %d bytes of HTML fit in Dst, yet were written elsewhere", d.name, len(got.HTML))
		}
		small := make([]byte, 0, 8)
		if got, _ := p.Sanitize(d.body, sanitize.Options{BaseURL: base, Dst: small}); !bytes.Equal(got.HTML, want.HTML) {
			t.Fatalf("%s: HTML differs when Dst is too small", d.name)
		}
		dst = got.HTML[:0]
	}
}
