package server

import (
	"context"
	"fmt"
	"sync"
	"testing"

	articlev1 "articleservice/proto/article/v1"
)

// BenchmarkServedProcess is the Process RPC over loopback gRPC with the
// server's defaults (interceptors, limits, metrics, logging; tracing off):
// beside BenchmarkPipeline in the same run it shows what serving costs on
// top of the pipeline. With one caller the calls run one at a time, as
// BenchmarkPipeline does, so the ratio is the cost per document; with
// eight both cores work. One op is one pass over the corpus.
func BenchmarkServedProcess(b *testing.B) {
	for _, callers := range []int{1, 8} {
		b.Run(fmt.Sprintf("callers-%d", callers), func(b *testing.B) { benchServed(b, callers) })
	}
}

func benchServed(b *testing.B, callers int) {
	ts := startServer(b, Config{})
	docs := corpus(b)
	total := 0
	for _, d := range docs {
		total += len(d.GetContent())
	}
	b.SetBytes(int64(total))
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		var wg sync.WaitGroup
		next := make(chan *articlev1.RawDocument)
		for range callers {
			wg.Go(func() {
				for d := range next {
					if _, err := ts.client.Process(ctx, &articlev1.ProcessRequest{Document: &articlev1.RawDocument{Content: d.GetContent()}}); err != nil {
						b.Error(err)
						return
					}
				}
			})
		}
		for _, d := range docs {
			next <- d
		}
		close(next)
		wg.Wait()
	}
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
}
