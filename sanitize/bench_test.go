package sanitize_test

import (
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"

	"articleservice/sanitize"
)

// corpusBodies returns the corpus bodies and their total size in bytes.
func corpusBodies(tb testing.TB) ([][]byte, int64) {
	tb.Helper()
	docs := loadCorpus(tb)
	bodies := make([][]byte, len(docs))
	var n int64
	for i, d := range docs {
		bodies[i] = d.body
		n += int64(len(d.body))
	}
	return bodies, n
}

// docsPerSecond is the rate at which iterations passes over docs
// documents each took elapsed.
func docsPerSecond(iterations, docs int, elapsed time.Duration) float64 {
	if elapsed <= 0 {
		return 0
	}
	return float64(iterations*docs) / elapsed.Seconds()
}

// BenchmarkBluemondayUGC is the floor: bluemonday's stock UGC policy alone.
func BenchmarkBluemondayUGC(b *testing.B) {
	bodies, size := corpusBodies(b)
	b.SetBytes(size) // one iteration sanitizes every body once
	b.ReportAllocs()
	p := bluemonday.UGCPolicy()
	n := 0
	for b.Loop() {
		for _, body := range bodies {
			p.SanitizeBytes(body)
		}
		n++
	}
	b.ReportMetric(docsPerSecond(n, len(bodies), b.Elapsed()), "docs/s")
}

// BenchmarkTokenize is the cost of one bare tokenizer pass, which the
// pre-pass adds on top of bluemonday's own.
func BenchmarkTokenize(b *testing.B) {
	bodies, size := corpusBodies(b)
	b.SetBytes(size) // one iteration sanitizes every body once
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for _, body := range bodies {
			z := html.NewTokenizer(bytes.NewReader(body))
			for z.Next() != html.ErrorToken {
			}
			if z.Err() != io.EOF {
				b.Fatal(z.Err())
			}
		}
		n++
	}
	b.ReportMetric(docsPerSecond(n, len(bodies), b.Elapsed()), "docs/s")
}

// BenchmarkSanitize is the default policy: pre-pass plus bluemonday.
func BenchmarkSanitize(b *testing.B) {
	bodies, size := corpusBodies(b)
	b.SetBytes(size) // one iteration sanitizes every body once
	b.ReportAllocs()
	set, err := sanitize.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	p := set.Default()
	opt := sanitize.Options{BaseURL: mustURL(b, article), MaxDepth: 256}
	n := 0
	for b.Loop() {
		for _, body := range bodies {
			if _, err := p.Sanitize(body, opt); err != nil {
				b.Fatal(err)
			}
		}
		n++
	}
	b.ReportMetric(docsPerSecond(n, len(bodies), b.Elapsed()), "docs/s")
}
