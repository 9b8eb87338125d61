package server

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"google.golang.org/protobuf/proto"

	"articleservice/sanitize"
	"articleservice/service/article"
	"articleservice/service/articlepb"
	"articleservice/service/pipeline"
)

// BenchmarkPipeline is the whole Process path in-process: raw bytes in,
// article out, converted to protobuf and marshalled as the server sends it.
func BenchmarkPipeline(b *testing.B) {
	policies, err := sanitize.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	p := pipeline.New(pipeline.Config{Limits: pipeline.DefaultLimits()}, policies)
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.md"))
	if len(files) == 0 {
		b.Fatal("no corpus")
	}
	var docs [][]byte
	total := 0
	for _, f := range files {
		d, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, d)
		total += len(d)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	ctx := context.Background()
	for b.Loop() {
		for _, d := range docs {
			a, err := p.Process(ctx, article.Document{Content: d})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := proto.Marshal(articlepb.ToArticle(a)); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
}
