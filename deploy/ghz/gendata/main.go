// Command gendata writes the request data of the ghz load tests: one
// ProcessRequest per corpus document, as a JSON array in the protobuf JSON
// mapping. ghz sends the elements of such an array round-robin for a unary
// call and as the messages of each stream for ProcessStream, whose request
// has the same shape.
//
//	go run ./deploy/ghz/gendata [-corpus testdata/corpus] [-out deploy/ghz/data/process.json]
//
// The paths default to the ones the ghz configs use, relative to the
// repository root. The output is deterministic: documents in file-name order.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"google.golang.org/protobuf/encoding/protojson"

	articlev1 "articleservice/proto/article/v1"
)

func main() {
	corpus := flag.String("corpus", "testdata/corpus", "directory of *.md documents")
	out := flag.String("out", "deploy/ghz/data/process.json", "file to write")
	limit := flag.Int("limit", 0, "use at most this many documents (0: all)")
	flag.Parse()
	if err := run(*corpus, *out, *limit); err != nil {
		fmt.Fprintln(os.Stderr, "gendata:", err)
		os.Exit(1)
	}
}

func run(corpus, out string, limit int) error {
	files, err := filepath.Glob(filepath.Join(corpus, "*.md"))
	if err != nil {
		return err
	}
	slices.Sort(files)
	if limit > 0 && len(files) > limit {
		files = files[:limit]
	}
	if len(files) == 0 {
		return fmt.Errorf("no *.md documents in %s", corpus)
	}
	var buf bytes.Buffer
	buf.WriteString("[\n")
	total, largest := 0, 0
	for i, f := range files {
		content, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		total += len(content)
		largest = max(largest, len(content))
		msg, err := protojson.Marshal(&articlev1.ProcessRequest{
			Document: &articlev1.RawDocument{Content: content},
		})
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		// protojson's spacing is deliberately unstable; compact it so the
		// file only changes when the corpus does.
		if i > 0 {
			buf.WriteString(",\n")
		}
		if err := json.Compact(&buf, msg); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
	}
	buf.WriteString("\n]\n")
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gendata: wrote %d requests to %s (%d content bytes, mean %d, largest %d)\n",
		len(files), out, total, total/len(files), largest)
	return nil
}
