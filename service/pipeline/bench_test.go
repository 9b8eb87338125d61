package pipeline

import (
	"context"
	"testing"
	"time"

	"github.com/microcosm-cc/bluemonday"

	"articleservice/service/frontmatter"
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

// BenchmarkProcessPaired is BenchmarkProcess with its floor measured in
// the same iterations: each runs bluemonday's UGC policy over the corpus
// bodies, as the sanitize package's BenchmarkBluemondayUGC does, then the
// pipeline over the documents, and times the two apart. Benchmarks of two
// packages run a minute apart, on a machine whose speed drifts by a third
// in that time; paired, both halves see the same machine. x-ugc is the
// pipeline's docs/s over bluemonday's.
func BenchmarkProcessPaired(b *testing.B) {
	p := newPipeline(b, Config{})
	ugc := bluemonday.UGCPolicy()
	var docs, bodies [][]byte
	for _, f := range corpusFiles(b) {
		d := readFile(b, f)
		_, body, _, found, closed := frontmatter.Split(d, 1<<20)
		if !found || !closed {
			b.Fatalf("%s: no front matter", f)
		}
		docs, bodies = append(docs, d), append(bodies, body)
	}
	b.ReportAllocs()
	ctx := context.Background()
	var inPipeline, inUGC time.Duration
	for b.Loop() {
		start := time.Now()
		for _, body := range bodies {
			ugc.SanitizeBytes(body)
		}
		mid := time.Now()
		for _, d := range docs {
			if _, err := p.Process(ctx, documentOf(d)); err != nil {
				b.Fatal(err)
			}
		}
		inUGC, inPipeline = inUGC+mid.Sub(start), inPipeline+time.Since(mid)
	}
	n := float64(len(docs) * b.N)
	b.ReportMetric(n/inPipeline.Seconds(), "docs/s")
	b.ReportMetric(n/inUGC.Seconds(), "ugc-docs/s")
	b.ReportMetric(inUGC.Seconds()/inPipeline.Seconds(), "x-ugc")
}
