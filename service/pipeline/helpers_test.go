package pipeline

import (
	"os"
	"path/filepath"
	"testing"

	"articleservice/sanitize"
	"articleservice/service/article"
)

// corpusDir holds the crawled documents, shared by every package's tests.
const corpusDir = "../../testdata/corpus"

func newPipeline(tb testing.TB, cfg Config) *Pipeline {
	tb.Helper()
	policies, err := sanitize.Builtin()
	if err != nil {
		tb.Fatalf("load policies: %v", err)
	}
	if cfg.Limits == (Limits{}) {
		cfg.Limits = DefaultLimits()
	}
	return New(cfg, policies)
}

// corpusFiles lists the corpus documents; the suite is meaningless without
// them, so their absence fails rather than skips.
func corpusFiles(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(corpusDir, "*.md"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no corpus documents in %s (err %v)", corpusDir, err)
	}
	return files
}

func readFile(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func documentOf(content []byte) article.Document {
	return article.Document{Content: content}
}
