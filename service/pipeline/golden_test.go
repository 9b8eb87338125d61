package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// goldenDocs is one document of every site and feed of the corpus, plus
// ones with an oddity of their own: a multi-line quoted title (0007), an
// original-title line (0124) and one written with a space, not a colon (0128).
var goldenDocs = []string{
	"0002", "0007", "0012", "0019", "0023", "0030", "0039", "0047", "0054", "0057", "0065",
	"0072", "0081", "0088", "0092", "0095", "0099", "0102", "0104", "0106", "0124", "0128",
	"0132", "0137", "0140", "0144", "0150", "0153", "0155", "0156", "0162", "0164", "0166",
	"0169", "0171", "0185",
}

// TestGolden compares the article made from each golden document with the
// file reviewed and committed under testdata/golden. After a deliberate
// change, run `go test ./service/pipeline -run TestGolden -update` and read
// the diff before committing it.
func TestGolden(t *testing.T) {
	p := newPipeline(t, Config{})
	for _, name := range goldenDocs {
		t.Run(name, func(t *testing.T) {
			doc := readFile(t, filepath.Join(corpusDir, name+".md"))
			a, err := p.Process(context.Background(), documentOf(doc))
			if err != nil {
				t.Fatalf("process: %v", err)
			}
			got, err := json.MarshalIndent(a, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(unescapeHTML(got), '\n')
			path := filepath.Join("testdata", "golden", name+".json")
			if *update {
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

// unescapeHTML undoes encoding/json's \u003c escapes so golden files show
// the HTML as a reviewer expects to read it.
func unescapeHTML(b []byte) []byte {
	r := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&")
	return []byte(r.Replace(string(b)))
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return ""
}
