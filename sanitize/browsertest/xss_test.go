//go:build browser

package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"articleservice/sanitize"
)

// payload is one entry of the testdata/xss/*.json lists.
type payload struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Payload string `json:"payload"`
}

// use is one sanitization that gave an output.
type use struct {
	payload string // id
	policy  string
	base    bool // sanitized with a base URL
	src     string
}

const (
	// batchSize is the number of outputs on one page.
	batchSize = 40
	// tabs is the number of pages checked at once.
	tabs = 2
	// maxReported bounds the failures printed in full.
	maxReported = 25
)

func loadPayloads(t *testing.T) []payload {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "xss", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/xss/*.json files")
	}
	var all []payload
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var ps []payload
		if err := json.Unmarshal(src, &ps); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(ps) == 0 {
			t.Fatalf("%s: no payloads", f)
		}
		all = append(all, ps...)
	}
	return all
}

// TestBrowserXSSPayloads sends every payload of testdata/xss through every
// shipped policy and loads each distinct output in headless Chromium, as a
// server-rendered page and through innerHTML and a cloned <template>. It
// fails if any script runs, a click navigates to a javascript: URL, or the
// parsed DOM holds markup that can run script.
func TestBrowserXSSPayloads(t *testing.T) {
	start := time.Now()
	set, err := sanitize.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	policies := set.List()
	payloads := loadPayloads(t)

	// Each payload is sanitized as the gRPC Sanitize call does (no base
	// URL: relative URLs stay as written) and as the pipeline does (with
	// the article's URL, against which relative URLs are resolved).
	base, err := url.Parse("https://news.example.com/2024/05/story.html")
	if err != nil {
		t.Fatal(err)
	}
	optionSets := []sanitize.Options{{MaxDepth: 256}, {MaxDepth: 256, BaseURL: base}}

	var outs []string
	index := map[string]int{}
	var uses [][]use
	pairs, sanitized, refused := 0, 0, 0
	for _, p := range policies {
		for _, pl := range payloads {
			pairs++
			for _, opt := range optionSets {
				sanitized++
				res, err := p.Sanitize([]byte(pl.Payload), opt)
				var de *sanitize.DepthError
				if errors.As(err, &de) {
					refused++ // refusing the input is safe
					continue
				}
				if err != nil {
					t.Errorf("%s under %s: Sanitize: %v", pl.ID, p.Name(), err)
					continue
				}
				out := string(res.HTML)
				i, ok := index[out]
				if !ok {
					i = len(outs)
					index[out] = i
					outs = append(outs, out)
					uses = append(uses, nil)
				}
				uses[i] = append(uses[i], use{pl.ID, p.Name(), opt.BaseURL != nil, pl.Payload})
			}
		}
	}
	sanitizeTime := time.Since(start)

	h, err := StartHarness(Config{Tabs: tabs})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	var st Stats
	fails := h.CheckAll(ctx, outs, batchSize, &st)

	t.Logf("payloads x policies checked: %d x %d = %d, each without and with a base URL: %d sanitizations (%d refused as nested deeper than 256)",
		len(payloads), len(policies), pairs, sanitized, refused)
	t.Logf("distinct outputs loaded: %d, each in %d modes (%s)", len(outs), len(Modes), modeNames())
	t.Logf("pages loaded: %d (%d batches of up to %d outputs, %d single-output pages, %d of them for outputs that parsed differently in their batch); %d elements clicked",
		h.Loads(), st.Batches.Load(), batchSize, st.Singles.Load(), st.Unverified.Load(), st.Clicked.Load())
	failedOutputs := map[int]bool{}
	for _, f := range fails {
		for _, i := range f.Outputs {
			failedOutputs[i] = true
		}
	}
	t.Logf("failures: %d (%d distinct outputs)", len(fails), len(failedOutputs))
	t.Logf("requests for other hosts, answered by the test server as the browser's proxy: %d", h.Proxied())
	t.Logf("time: %s (sanitizing %s)", time.Since(start).Round(time.Millisecond), sanitizeTime.Round(time.Millisecond))

	for n, f := range fails {
		if n == maxReported {
			t.Errorf("... and %d more failures", len(fails)-maxReported)
			break
		}
		t.Error(describeFailure(f, outs, uses))
	}
}

func modeNames() string {
	var s []string
	for _, m := range Modes {
		s = append(s, string(m))
	}
	return strings.Join(s, ", ")
}

// describeFailure names the output, the payloads and policies that give
// it, and what the browser saw.
func describeFailure(f Failure, outs []string, uses [][]use) string {
	var b strings.Builder
	fmt.Fprintf(&b, "UNSAFE in mode %s", f.Mode)
	if len(f.Outputs) > 1 {
		fmt.Fprintf(&b, " (only together, in a batch of %d outputs)", len(f.Outputs))
	}
	b.WriteString(":\n")
	for k, i := range f.Outputs {
		if k == 5 {
			fmt.Fprintf(&b, "  ... and %d more outputs\n", len(f.Outputs)-5)
			break
		}
		us := uses[i]
		var names []string
		for _, u := range us {
			names = append(names, u.payload+" ("+u.policy+")")
		}
		names = slices.Compact(names) // with and without a base URL
		if len(names) > 8 {
			names = append(names[:8], fmt.Sprintf("... %d more", len(names)-8))
		}
		fmt.Fprintf(&b, "  output %q\n  from payload %q\n  payloads (policy): %s\n", outs[i], us[0].src, strings.Join(names, ", "))
	}
	for k, fd := range f.Findings {
		if k == 12 {
			fmt.Fprintf(&b, "  ... and %d more findings\n", len(f.Findings)-12)
			break
		}
		fmt.Fprintf(&b, "  - %s\n", fd)
	}
	return b.String()
}
