package extract

import "testing"

// BenchmarkStats walks the text of every sanitized corpus body, as the
// pipeline does once per article.
func BenchmarkStats(b *testing.B) {
	var texts []string
	var size int64
	for _, body := range sanitizedCorpus(b) {
		t := Read(body, nil).Text
		texts = append(texts, t)
		size += int64(len(t))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			Stats(t)
		}
	}
}

// BenchmarkSummary cuts the summary of every sanitized corpus body's
// text, as the pipeline does once per article.
func BenchmarkSummary(b *testing.B) {
	var texts []string
	var size int64
	for _, body := range sanitizedCorpus(b) {
		t := Read(body, nil).Text
		texts = append(texts, t)
		size += int64(min(len(t), 1200))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			Summary(t)
		}
	}
}
