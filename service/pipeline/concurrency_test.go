package pipeline

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
)

// TestConcurrentProcess shares one Pipeline (and so one set of compiled
// policies) across goroutines; under -race this proves nothing in it is
// written after construction, and the results must match a sequential run.
func TestConcurrentProcess(t *testing.T) {
	p := newPipeline(t, Config{})
	files := corpusFiles(t)
	docs := make([][]byte, len(files))
	want := make([]string, len(files))
	for i, f := range files {
		docs[i] = readFile(t, f)
		a, err := p.Process(context.Background(), documentOf(docs[i]))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(a)
		want[i] = string(b)
	}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range docs {
				i := (i + w*17) % len(docs)
				a, err := p.Process(context.Background(), documentOf(docs[i]))
				if err != nil {
					t.Error(err)
					return
				}
				if b, _ := json.Marshal(a); string(b) != want[i] {
					t.Errorf("%s: concurrent result differs from sequential", files[i])
				}
			}
		})
	}
	wg.Wait()
}
