package pipeline

import (
	"context"
	"encoding/json"
	"errors"
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

// TestConcurrencyCapWaitsForASlot: with every slot taken, a document waits
// and gives up with its context instead of adding to the work in progress.
func TestConcurrencyCapWaitsForASlot(t *testing.T) {
	lim := DefaultLimits()
	lim.MaxConcurrent = 1
	p := newPipeline(t, Config{Limits: lim})
	taken, err := p.Admit(context.Background()) // the one slot
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Process(ctx, documentOf([]byte("<p>x</p>"))); !errors.Is(err, context.Canceled) {
		t.Fatalf("Process with no free slot = %v, want context.Canceled", err)
	}
	taken()
	if _, err := p.Process(context.Background(), documentOf([]byte("<p>x</p>"))); err != nil {
		t.Fatalf("Process with a free slot: %v", err)
	}
}
