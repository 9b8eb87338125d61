package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pagesDir holds hand-written whole pages: the chrome of a news site
// around an article, in English and in Chinese.
const pagesDir = "../../testdata/pages"

// TestGoldenPages compares the article made from each whole page, with
// its dropped blocks explained, with the file reviewed and committed
// under testdata/golden/pages. After a deliberate change, run
// `go test ./service/pipeline -run TestGoldenPages -update` and read the
// diff before committing it.
func TestGoldenPages(t *testing.T) {
	p := newPipeline(t, Config{})
	names, err := filepath.Glob(filepath.Join(pagesDir, "*.html"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no pages in %s: %v", pagesDir, err)
	}
	for _, file := range names {
		name := strings.TrimSuffix(filepath.Base(file), ".html")
		t.Run(name, func(t *testing.T) {
			doc := documentOf(readFile(t, file))
			doc.SourceURL = "https://www.example.com/news/" + name + ".html"
			doc.Explain = true
			a, err := p.Process(context.Background(), doc)
			if err != nil {
				t.Fatalf("process: %v", err)
			}
			got, err := json.MarshalIndent(a, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(unescapeHTML(got), '\n')
			path := filepath.Join("testdata", "golden", "pages", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want := readFile(t, path)
			if !bytes.Equal(got, want) {
				t.Errorf("article differs from %s; rerun with -update and review the diff:\n%s", path, firstDiff(string(want), string(got)))
			}
		})
	}
}
