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
