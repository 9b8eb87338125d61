package extract

import "testing"

// corpusTexts returns the text of every sanitized corpus body, as Read
// gives it to the pipeline.
func corpusTexts(tb testing.TB) []string {
	tb.Helper()
	var texts []string
	for _, body := range sanitizedCorpus(tb) {
		texts = append(texts, Read(body, nil).Text)
	}
	return texts
}

// BenchmarkStats walks the text of every sanitized corpus body, as the
// pipeline does once per article.
func BenchmarkStats(b *testing.B) {
	texts := corpusTexts(b)
	var size int64
	for _, t := range texts {
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
// text, as the pipeline does once per article; its bytes are the most
// Summary reads of each text.
func BenchmarkSummary(b *testing.B) {
	texts := corpusTexts(b)
	var size int64
	for _, t := range texts {
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
