package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// ingestCorpus stores the corpus in the server at addr and returns how
// many articles it holds.
func ingestCorpus(tb testing.TB, addr string) int {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.md"))
	if r := ctl(tb, "", "ingest", "--addr", addr, "--id-from-name", corpusDir); r.code != exitOK {
		tb.Fatalf("ingest: exit %d, stderr %q", r.code, r.stderr)
	}
	return len(files)
}

var tokenRe = regexp.MustCompile(`more with --page-token (\S+)\n$`)

func TestListPagesThroughTheLog(t *testing.T) {
	addr := startServer(t)
	n := ingestCorpus(t, addr)
	all := ctl(t, "", "list", "--addr", addr, "--limit", "0")
	entries := parseEntries(t, all.stdout)
	if all.code != exitOK || len(entries) != n || !strings.HasSuffix(all.stderr, strconv.Itoa(n)+" articles listed; end of the log\n") {
		t.Fatalf("--limit 0: exit %d, %d entries for %d articles, stderr %q", all.code, len(entries), n, all.stderr)
	}
	for i, e := range entries {
		if e.Cursor != strconv.Itoa(i+1) {
			t.Fatalf("entry %d at cursor %s: not in log order", i, e.Cursor)
		}
	}

	t.Run("default_limit_prints_twenty_and_the_token_to_go_on", func(t *testing.T) {
		r := ctl(t, "", "list", "--addr", addr)
		if got := parseEntries(t, r.stdout); r.code != exitOK || len(got) != 20 || !tokenRe.MatchString(r.stderr) {
			t.Fatalf("exit %d, %d entries, stderr %q", r.code, len(got), r.stderr)
		}
	})
	t.Run("tokens_continue_exactly_after_the_last_printed", func(t *testing.T) {
		// A limit that does not divide the page size: a page must never be
		// cut, or the token would skip the rest of it.
		var walked []entryOut
		token := ""
		for range n {
			args := []string{"list", "--addr", addr, "--limit", "13", "--page-size", "5"}
			if token != "" {
				args = append(args, "--page-token", token)
			}
			r := ctl(t, "", args...)
			if r.code != exitOK {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			walked = append(walked, parseEntries(t, r.stdout)...)
			m := tokenRe.FindStringSubmatch(r.stderr)
			if m == nil {
				break
			}
			token = m[1]
		}
		if len(walked) != n {
			t.Fatalf("walking by tokens gave %d entries, the log holds %d", len(walked), n)
		}
		for i := range walked {
			if walked[i].Cursor != entries[i].Cursor {
				t.Fatalf("entry %d at cursor %s, want %s", i, walked[i].Cursor, entries[i].Cursor)
			}
		}
	})
	t.Run("filters_select_as_subscribe_does", func(t *testing.T) {
		site := entries[0].Article.Site
		want := 0
		for _, e := range entries {
			if e.Article.Site == site {
				want++
			}
		}
		r := ctl(t, "", "list", "--addr", addr, "--site", site, "--limit", "0")
		got := parseEntries(t, r.stdout)
		if r.code != exitOK || len(got) != want {
			t.Fatalf("--site %s: exit %d, %d entries, want %d (stderr %q)", site, r.code, len(got), want, r.stderr)
		}
		for _, e := range got {
			if e.Article.Site != site {
				t.Fatalf("--site %s listed an article of %s", site, e.Article.Site)
			}
		}
		none := ctl(t, "", "list", "--addr", addr, "--language", "xx")
		if none.code != exitOK || none.stdout != "" || !strings.Contains(none.stderr, "0 articles listed; end of the log") {
			t.Fatalf("a filter matching nothing: exit %d, stdout %q, stderr %q", none.code, none.stdout, none.stderr)
		}
	})
	t.Run("a_foreign_token_fails", func(t *testing.T) {
		r := ctl(t, "", "list", "--addr", addr, "--page-token", "AQE")
		if r.code != exitFailed || !strings.Contains(r.stderr, "InvalidArgument") {
			t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
		}
	})
}

func TestListUsage(t *testing.T) {
	for _, tt := range []struct {
		reason string
		args   []string
	}{
		{"the log lives in the server", []string{"list"}},
		{"a negative limit means nothing", []string{"list", "--addr", "127.0.0.1:1", "--limit", "-1"}},
		{"a page holds at least one article", []string{"list", "--addr", "127.0.0.1:1", "--page-size", "0"}},
		{"list selects with flags", []string{"list", "--addr", "127.0.0.1:1", "extra"}},
	} {
		if r := ctl(t, "", tt.args...); r.code != exitUsage {
			t.Errorf("%q: exit %d, want %d (%s); stderr %q", tt.args, r.code, exitUsage, tt.reason, r.stderr)
		}
	}
}

// watchedBuffer is a writer a test waits on for some text.
type watchedBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

func (w *watchedBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n, err := w.buf.Write(p)
	select {
	case w.changed <- struct{}{}:
	default:
	}
	return n, err
}

func (w *watchedBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// waitFor returns once the buffer holds text, failing tb after a minute.
func (w *watchedBuffer) waitFor(tb testing.TB, text string) {
	tb.Helper()
	deadline := time.After(time.Minute)
	for !strings.Contains(w.String(), text) {
		select {
		case <-w.changed:
		case <-time.After(10 * time.Millisecond):
		case <-deadline:
			tb.Fatalf("no %q in %q", text, w.String())
		}
	}
}

func TestSubscribeSaysItIsWaiting(t *testing.T) {
	addr := startServer(t)
	n := ingestCorpus(t, addr)
	tests := []struct {
		name   string
		reason string
		args   []string
		want   string
	}{
		{"from_a_cursor_with_filters_matching_nothing", "a silent subscription used to look hung",
			[]string{"--from", "3", "--site", "no-such-site"}, "subscribed to articles matching --site no-such-site after cursor 3; waiting"},
		{"from_now", "the cursor delivery starts after is the end of the log",
			nil, "subscribed to every article after cursor " + strconv.Itoa(n) + "; waiting"},
		{"from_the_start", "the opening cursor is 0",
			[]string{"--from-start", "--language", "xx"}, "after cursor 0; waiting"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stderr := &watchedBuffer{changed: make(chan struct{}, 1)}
			var stdout bytes.Buffer
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			code := make(chan int, 1)
			go func() {
				code <- run(ctx, append([]string{"subscribe", "--addr", addr}, tt.args...), strings.NewReader(""), &stdout, stderr)
			}()
			stderr.waitFor(t, tt.want)
			cancel() // as an interrupt does
			if c := <-code; c != exitOK || stdout.Len() != 0 {
				t.Fatalf("exit %d, stdout %q; want 0 and no article (%s)", c, stdout.String(), tt.reason)
			}
		})
	}
}
