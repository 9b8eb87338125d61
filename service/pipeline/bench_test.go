package pipeline

import (
	"context"
	"testing"
)

// BenchmarkProcess runs the whole pipeline over every corpus document;
// bytes/s is of raw input. The server package's BenchmarkPipeline adds the
// protobuf conversion and marshalling on top.
func BenchmarkProcess(b *testing.B) {
	p := newPipeline(b, Config{})
	var docs [][]byte
	total := 0
	for _, f := range corpusFiles(b) {
		d := readFile(b, f)
		docs = append(docs, d)
		total += len(d)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	ctx := context.Background()
	for b.Loop() {
		for _, d := range docs {
			if _, err := p.Process(ctx, documentOf(d)); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
}
