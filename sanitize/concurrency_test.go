package sanitize_test

import (
	"bytes"
	"reflect"
	"sync"
	"testing"

	"articleservice/sanitize"
)

// TestConcurrentSanitize shares one Policy, one Set and one base URL among
// goroutines sanitizing the corpus at once, each starting at a different
// page, and checks every result against the one computed alone. Run it with
// -race: the check that matters is that nothing is written to shared state.
func TestConcurrentSanitize(t *testing.T) {
	const goroutines = 12
	docs := loadCorpus(t)
	set := builtin(t)
	opt := sanitize.Options{BaseURL: mustURL(t, article), MaxDepth: 256}
	policies := set.List()

	type key struct{ policy, doc int }
	want := map[key]sanitize.Result{}
	for pi, p := range policies {
		for di, d := range docs {
			res, err := p.Sanitize(d.body, opt)
			if err != nil {
				t.Fatalf("%s under %s: %v", d.name, p.Name(), err)
			}
			want[key{pi, di}] = res
		}
	}

	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range docs {
				di := (i + g*len(docs)/goroutines) % len(docs)
				pi := (i + g) % len(policies)
				p, err := set.Lookup(policies[pi].Name())
				if err != nil {
					t.Errorf("goroutine %d: %v", g, err)
					return
				}
				got, err := p.Sanitize(docs[di].body, opt)
				if err != nil {
					t.Errorf("goroutine %d: %s under %s: %v", g, docs[di].name, p.Name(), err)
					continue
				}
				w := want[key{pi, di}]
				if !bytes.Equal(got.HTML, w.HTML) || !reflect.DeepEqual(got.Report, w.Report) || !reflect.DeepEqual(got.Fields, w.Fields) {
					t.Errorf("goroutine %d: %s under %s differs from the sequential result", g, docs[di].name, p.Name())
				}
			}
		})
	}
	wg.Wait()
}
