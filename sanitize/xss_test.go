package sanitize_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"articleservice/sanitize"
)

// payload is one entry of the testdata/xss/*.json lists.
type payload struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Payload string `json:"payload"`
}

func loadPayloads(tb testing.TB, file string) []payload {
	tb.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		tb.Fatal(err)
	}
	var ps []payload
	if err := json.Unmarshal(src, &ps); err != nil {
		tb.Fatalf("%s: %v", file, err)
	}
	if len(ps) == 0 {
		tb.Fatalf("%s: no payloads", file)
	}
	return ps
}

func xssFiles(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("..", "testdata", "xss", "*.json"))
	if err != nil {
		tb.Fatal(err)
	}
	if len(files) == 0 {
		tb.Fatal("no testdata/xss/*.json files")
	}
	return files
}

// TestXSSPayloads runs every published XSS payload through every builtin
// policy and checks the output, parsed as a browser parses it, can run no
// script; and that sanitizing the output again changes nothing.
func TestXSSPayloads(t *testing.T) {
	const maxReported = 10
	policies := builtin(t).List()
	// Without a base URL relative URLs pass through as written; with one
	// they are resolved. Both must come out safe.
	opts := []sanitize.Options{{}, {BaseURL: mustURL(t, article)}}
	for _, file := range xssFiles(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			payloads := loadPayloads(t, file)
			failed := 0
			for _, p := range policies {
				for _, opt := range opts {
					for _, pl := range payloads {
						if msg := checkSafe(p, []byte(pl.Payload), opt); msg != "" {
							if failed++; failed <= maxReported {
								t.Errorf("%s under %s (base %v): payload %q: %s", pl.ID, p.Name(), opt.BaseURL, pl.Payload, msg)
							}
						}
					}
				}
			}
			if failed > maxReported {
				t.Errorf("... and %d more failures", failed-maxReported)
			}
		})
	}
}
