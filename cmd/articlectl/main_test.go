package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"articleservice/service/server"
)

const corpusDir = "../../testdata/corpus"

type ctlResult struct {
	code           int
	stdout, stderr string
}

func ctl(tb testing.TB, stdin string, args ...string) ctlResult {
	tb.Helper()
	var out, errb bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	code := run(ctx, args, strings.NewReader(stdin), &out, &errb)
	return ctlResult{code, out.String(), errb.String()}
}

// startServer runs a real server for the --addr paths.
func startServer(tb testing.TB) string {
	tb.Helper()
	cfg := server.DefaultConfig()
	cfg.Log.DataDir = tb.TempDir()
	s, err := server.New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		tb.Fatal(err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Serve(ctx, lis); close(done) }()
	tb.Cleanup(func() { cancel(); <-done })
	return lis.Addr().String()
}

type line struct {
	Title      string   `json:"title"`
	Categories []string `json:"categories"`
	BodyHTML   string   `json:"bodyHtml"`
}

func parseLines(tb testing.TB, out string) []line {
	tb.Helper()
	var lines []line
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var l line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			tb.Fatalf("output line is not JSON: %v", err)
		}
		lines = append(lines, l)
	}
	return lines
}

func TestProcessCorpusInProcessAndRemoteAgree(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.md"))
	local := ctl(t, "", "process", corpusDir)
	if want := fmt.Sprintf("%d documents: %d processed, 0 failed\n", len(files), len(files)); local.code != exitOK || local.stderr != want {
		t.Fatalf("local: exit %d, stderr %q", local.code, local.stderr)
	}
	lines := parseLines(t, local.stdout)
	if len(lines) != len(files) {
		t.Fatalf("%d articles for %d files", len(lines), len(files))
	}
	addr := startServer(t)
	remote := ctl(t, "", "process", "--addr", addr, corpusDir)
	if remote.code != exitOK {
		t.Fatalf("remote: exit %d, stderr %q", remote.code, remote.stderr)
	}
	rlines := parseLines(t, remote.stdout)
	if len(rlines) != len(lines) {
		t.Fatalf("remote gave %d articles, local %d", len(rlines), len(lines))
	}
	for i := range lines {
		if lines[i].Title != rlines[i].Title || lines[i].BodyHTML != rlines[i].BodyHTML {
			t.Errorf("article %d differs between in-process and server: %q vs %q", i, lines[i].Title, rlines[i].Title)
		}
	}
}

func TestProcessReportsFailuresAndGoesOn(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.md")
	if err := os.WriteFile(bad, []byte("---\ntitle: [\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(corpusDir, "0002.md")
	for _, mode := range [][]string{nil, {"--addr", startServer(t)}} {
		args := append(append([]string{"process"}, mode...), good, bad, filepath.Join(dir, "missing.md"), good)
		r := ctl(t, "", args...)
		if r.code != exitFailed {
			t.Errorf("%v: exit %d, want %d", mode, r.code, exitFailed)
		}
		if got := len(parseLines(t, r.stdout)); got != 2 {
			t.Errorf("%v: %d articles, want the 2 good ones", mode, got)
		}
		if !strings.Contains(r.stderr, "bad.md:") {
			t.Errorf("%v: stderr %q does not name bad.md", mode, r.stderr)
		}
	}
}

func TestProcessHTMLAndStdin(t *testing.T) {
	r := ctl(t, "---\ntitle: t\n---\n<p onclick=x>hi</p><script>1</script>", "process", "--html", "-")
	if r.code != exitOK || r.stdout != "<p>hi</p>\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestSanitizeModes(t *testing.T) {
	addr := startServer(t)
	for _, mode := range [][]string{nil, {"--addr", addr}} {
		r := ctl(t, `<p>a<img src=x onerror=alert(1)></p>`, append([]string{"sanitize"}, mode...)...)
		if r.code != exitOK || r.stdout != `<p>a<img src="x"></p>`+"\n" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", mode, r.code, r.stdout, r.stderr)
		}
		in := `{"id":1,"html":"<b onclick=x>b</b>"}` + "\n" + `not json` + "\n" + `{"id":"two","html":"<script>x</script>t"}` + "\n"
		r = ctl(t, in, append([]string{"sanitize", "--jsonl"}, mode...)...)
		want := `{"id":1,"html":"<b>b</b>"}` + "\n" + `{"id":"two","html":"t"}` + "\n"
		if r.code != exitFailed || r.stdout != want || !strings.Contains(r.stderr, "line 2") {
			t.Errorf("%v jsonl: exit %d, stdout %q, stderr %q", mode, r.code, r.stdout, r.stderr)
		}
	}
}

func TestPoliciesAndUsage(t *testing.T) {
	r := ctl(t, "", "policies")
	if r.code != exitOK || !strings.Contains(r.stdout, "article") || !strings.Contains(r.stdout, "text") {
		t.Errorf("policies: exit %d, stdout %q", r.code, r.stdout)
	}
	for _, args := range [][]string{{}, {"frobnicate"}, {"process"}, {"process", "--nope", "x"}, {"sanitize", "extra"}, {"process", "--policy", "nope", corpusDir}} {
		if r := ctl(t, "", args...); r.code != exitUsage {
			t.Errorf("%q: exit %d, want %d (stderr %q)", args, r.code, exitUsage, r.stderr)
		}
	}
}

func TestPolicyLint(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	good := filepath.Join(dir, "good.yaml")
	os.WriteFile(bad, []byte("name: bad\nelements:\n  a: [href, onclick]\n  iframe: [src]\nurl_schemes: [https, javascript]\n"), 0o644)
	os.WriteFile(good, []byte("name: good\nextends: article\nmatch:\n  sites: [example]\nrules:\n  - name: promo\n    remove: .promo\n"), 0o644)
	r := ctl(t, "", "policy", "lint", bad)
	for _, want := range []string{bad + ":3: attribute \"onclick\"", bad + ":4: iframes are allowed only under iframes:", bad + ":5: url scheme \"javascript\""} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr %q lacks %q", r.stderr, want)
		}
	}
	if r.code != exitFailed {
		t.Errorf("bad policy: exit %d, want %d", r.code, exitFailed)
	}
	if r := ctl(t, "", "policy", "lint", good); r.code != exitOK || r.stdout != good+": ok\n" {
		t.Errorf("good policy: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := ctl(t, "", "policy"); r.code != exitUsage {
		t.Errorf("policy without lint: exit %d, want %d", r.code, exitUsage)
	}
}

func TestSanitizeExplain(t *testing.T) {
	for _, mode := range [][]string{nil, {"--addr", startServer(t)}} {
		r := ctl(t, `<p onclick="x()">Hi<script>1</script><a href="javascript:alert(1)">y</a></p>`, append([]string{"sanitize", "--explain"}, mode...)...)
		for _, want := range []string{"event_handler          1", `removed event_handler    <p> onclick="x()"`, `removed unsafe_url       <a> href="javascript:alert(1)"`, "removed script           <script>"} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("%v: stderr %q lacks %q", mode, r.stderr, want)
			}
		}
		if r.stdout != "<p>Hiy</p>\n" {
			t.Errorf("%v: stdout %q", mode, r.stdout)
		}
	}
}
