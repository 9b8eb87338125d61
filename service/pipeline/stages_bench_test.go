package pipeline

import (
	"context"
	"sort"
	"testing"
	"time"
)

// BenchmarkProcessStages is BenchmarkProcess with the Stage hook timing
// each stage: it reports every stage's share of Process time ("%name"),
// and "%other" for what no stage covers (checks, the head, identification).
func BenchmarkProcessStages(b *testing.B) {
	spent := map[string]time.Duration{}
	p := newPipeline(b, Config{Stage: func(_ context.Context, name string) func() {
		start := time.Now()
		return func() { spent[name] += time.Since(start) }
	}})
	var docs [][]byte
	for _, f := range corpusFiles(b) {
		docs = append(docs, readFile(b, f))
	}
	b.ReportAllocs()
	ctx := context.Background()
	var total time.Duration
	for b.Loop() {
		start := time.Now()
		for _, d := range docs {
			if _, err := p.Process(ctx, documentOf(d)); err != nil {
				b.Fatal(err)
			}
		}
		total += time.Since(start)
	}
	names := make([]string, 0, len(spent))
	staged := time.Duration(0)
	for name, d := range spent {
		names = append(names, name)
		staged += d
	}
	sort.Strings(names)
	for _, name := range names {
		b.ReportMetric(100*spent[name].Seconds()/total.Seconds(), "%"+name)
	}
	b.ReportMetric(100*(total-staged).Seconds()/total.Seconds(), "%other")
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
}
