// Command gendata writes the request data of the ghz load tests.
//
// By default it writes one ProcessRequest per corpus document, as a JSON
// array in the protobuf JSON mapping. ghz sends the elements of such an
// array round-robin for a unary call and as the messages of each stream for
// ProcessStream, whose request has the same shape (so has IngestRequest).
//
//	go run ./deploy/ghz/gendata [-corpus testdata/corpus] [-out deploy/ghz/data/process.json] [-limit N]
//
// With -bytes it writes a single request instead (one JSON object, which ghz
// and grpcurl -d @ both accept) whose document is exactly that many bytes:
// a short front matter, then the HTML bodies of the corpus documents one
// after another, repeated as often as needed, cut at a document boundary and
// padded with newlines. With -depth as well, the body is first opened by
// that many nested <div> elements, filled with corpus bodies, and closed:
//
//	go run ./deploy/ghz/gendata -bytes 1048576 -out deploy/ghz/data/big.json
//	go run ./deploy/ghz/gendata -bytes 10485760 -depth 100000 -out deploy/ghz/data/nested.json
//
// With -ids PREFIX each document carries a client id, PREFIX followed by
// its file name without the extension: Ingest is idempotent by id, so the
// Ingest load test run again, against any server, stores nothing new:
//
//	go run ./deploy/ghz/gendata -ids ghz-corpus- -out deploy/ghz/data/ingest.json
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
	"strings"

	"google.golang.org/protobuf/encoding/protojson"

	articlev1 "articleservice/proto/article/v1"
)

func main() {
	corpus := flag.String("corpus", "testdata/corpus", "directory of *.md documents")
	out := flag.String("out", "deploy/ghz/data/process.json", "file to write")
	limit := flag.Int("limit", 0, "use at most this many documents (0: all)")
	size := flag.Int("bytes", 0, "write one request whose document is exactly this many bytes (0: one request per document)")
	depth := flag.Int("depth", 0, "with -bytes: nest the body in this many <div> elements")
	ids := flag.String("ids", "", "give each document the id PREFIX+file name without extension (one request per document only)")
	flag.Parse()
	var err error
	switch {
	case *size > 0 && *ids != "":
		err = fmt.Errorf("-ids goes with one request per document, not -bytes")
	case *size > 0:
		err = runSingle(*corpus, *out, *limit, *size, *depth)
	case *depth > 0:
		err = fmt.Errorf("-depth needs -bytes")
	default:
		err = run(*corpus, *out, *limit, *ids)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gendata:", err)
		os.Exit(1)
	}
}

// corpusFiles lists the corpus documents in file-name order.
func corpusFiles(corpus string, limit int) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(corpus, "*.md"))
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	if limit > 0 && len(files) > limit {
		files = files[:limit]
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no *.md documents in %s", corpus)
	}
	return files, nil
}

// request marshals one request compactly: protojson's spacing is
// deliberately unstable, and the files should only change when the corpus
// does.
func request(buf *bytes.Buffer, content []byte, id string) error {
	msg, err := protojson.Marshal(&articlev1.ProcessRequest{
		Document: &articlev1.RawDocument{Content: content, Id: id},
	})
	if err != nil {
		return err
	}
	return json.Compact(buf, msg)
}

func write(out string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	return os.WriteFile(out, data, 0o644)
}

func run(corpus, out string, limit int, idPrefix string) error {
	files, err := corpusFiles(corpus, limit)
	if err != nil {
		return err
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
		if i > 0 {
			buf.WriteString(",\n")
		}
		id := ""
		if idPrefix != "" {
			id = idPrefix + strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
		}
		if err := request(&buf, content, id); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
	}
	buf.WriteString("\n]\n")
	if err := write(out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gendata: wrote %d requests to %s (%d content bytes, mean %d, largest %d)\n",
		len(files), out, total, total/len(files), largest)
	return nil
}

// body is a corpus document without its YAML front matter.
func body(content []byte) []byte {
	s := bytes.TrimLeft(content, " \t\r\n")
	if !bytes.HasPrefix(s, []byte("---\n")) {
		return content
	}
	if _, rest, ok := bytes.Cut(s[4:], []byte("\n---\n")); ok {
		return rest
	}
	return content
}

func runSingle(corpus, out string, limit, size, depth int) error {
	files, err := corpusFiles(corpus, limit)
	if err != nil {
		return err
	}
	bodies := make([][]byte, len(files))
	for i, f := range files {
		content, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		bodies[i] = body(content)
	}
	head := fmt.Sprintf("---\ntitle: load test document (%d bytes", size)
	if depth > 0 {
		head += fmt.Sprintf(", %d nested elements", depth)
	}
	head += ")\nauthor: gendata\ncategories:\n - load test\n---\n\n"
	open := strings.Repeat("<div>", depth)
	closing := strings.Repeat("</div>", depth) + "\n"
	room := size - len(head) - len(open) - len(closing)
	if room < 0 {
		return fmt.Errorf("-bytes %d is too small for -depth %d (needs at least %d)", size, depth, size-room)
	}
	doc := make([]byte, 0, size)
	doc = append(doc, head...)
	doc = append(doc, open...)
	used, n := 0, 0
	for i := 0; ; i = (i + 1) % len(bodies) {
		b := bodies[i]
		if len(b) == 0 || used+len(b) > room {
			break
		}
		doc = append(doc, b...)
		used += len(b)
		n++
	}
	doc = append(doc, bytes.Repeat([]byte("\n"), room-used)...)
	doc = append(doc, closing...)
	if len(doc) != size {
		return fmt.Errorf("internal error: built %d bytes, want %d", len(doc), size)
	}
	var buf bytes.Buffer
	if err := request(&buf, doc, ""); err != nil {
		return err
	}
	buf.WriteByte('\n')
	if err := write(out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gendata: wrote 1 request to %s (%d content bytes: %d corpus bodies, %d nested elements)\n",
		out, size, n, depth)
	return nil
}
