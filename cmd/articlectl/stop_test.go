package main

import (
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"testing"
)

// refusingAddr is a loopback address nothing listens on: connections to it
// are refused.
func refusingAddr(tb testing.TB) string {
	tb.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	addr := lis.Addr().String()
	lis.Close()
	return addr
}

func TestBatchesStopAtTheFirstFailureEveryCallWouldRepeat(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.md"))
	n := len(files)
	down := refusingAddr(t)
	secure, ca := startSecureServer(t, "s3cret-token") // the token has the process scope only
	tests := []struct {
		name    string
		reason  string
		args    []string
		summary string
		stop    string
	}{
		{"ingest_to_an_unreachable_server", "3502 files used to print 3503 lines, one connection error each",
			[]string{"ingest", "--addr", down, corpusDir},
			fmt.Sprintf("%d documents: 0 created, 0 duplicate, 0 failed, %d not ingested", n, n), "stopped: cannot reach the server at " + down},
		{"process_on_an_unreachable_server", "the stream cannot start: no document can be processed",
			[]string{"process", "--addr", down, corpusDir},
			fmt.Sprintf("%d documents: 0 processed, 0 failed, %d not processed", n, n), "stopped: cannot reach the server at " + down},
		{"ingest_with_a_wrong_token", "every call would be refused the same way",
			[]string{"ingest", "--addr", secure, "--ca", ca, "--token", "wrong", corpusDir},
			fmt.Sprintf("%d documents: 0 created, 0 duplicate, 0 failed, %d not ingested", n, n), "refused the call: Unauthenticated"},
		{"ingest_without_the_scope", "a token without the ingest scope is refused for every document",
			[]string{"ingest", "--addr", secure, "--ca", ca, "--token", "s3cret-token", corpusDir},
			fmt.Sprintf("%d documents: 0 created, 0 duplicate, 0 failed, %d not ingested", n, n), "refused the call: PermissionDenied"},
		{"process_with_an_untrusted_certificate", "a TLS handshake that fails fails for every document",
			[]string{"process", "--addr", secure, "--tls", corpusDir},
			fmt.Sprintf("%d documents: 0 processed, 0 failed, %d not processed", n, n), "stopped: cannot reach the server at " + secure},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ctl(t, "", tt.args...)
			lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
			if r.code != exitFailed || r.stdout != "" || len(lines) != 2 {
				t.Fatalf("exit %d, stdout %q, %d stderr lines, want exit 1, no output and 2 lines (%s):\n%s", r.code, r.stdout, len(lines), tt.reason, r.stderr)
			}
			if lines[0] != tt.summary || !strings.HasPrefix(lines[1], "articlectl: ") || !strings.Contains(lines[1], tt.stop) {
				t.Errorf("stderr:\n%s\nwant the summary %q, then a line with %q (%s)", r.stderr, tt.summary, tt.stop, tt.reason)
			}
		})
	}
}

func TestIngestGoesOnAfterAFailureOfOneDocument(t *testing.T) {
	// The opposite case: a bad document or a missing file says nothing of
	// the next one, so the run goes on (see also
	// TestIngestSubscribeGet/failures_are_counted_and_the_run_goes_on).
	addr := startServer(t)
	missing := filepath.Join(t.TempDir(), "missing.md")
	r := ctl(t, "", "ingest", "--addr", addr, missing, filepath.Join(corpusDir, "0002.md"))
	if r.code != exitFailed || !strings.Contains(r.stderr, "2 documents: 1 created, 0 duplicate, 1 failed\n") || strings.Contains(r.stderr, "stopped") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}
