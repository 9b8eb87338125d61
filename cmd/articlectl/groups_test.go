package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestGroupsAndConsume drives a consumer group through the CLI as its
// docs show: created, consumed by two runs one after the other that
// together print every article once, listed with nothing left, a failing
// command's article set aside, and deleted.
func TestGroupsAndConsume(t *testing.T) {
	addr := startServer(t)
	n := ingestCorpus(t, addr)

	r := ctl(t, "", "groups", "--addr", addr, "create", "indexer", "--from-start")
	if r.code != exitOK || !strings.Contains(compact(r.stdout), `"name":"indexer"`) || !strings.Contains(compact(r.stdout), `"fromStart":true`) {
		t.Fatalf("create: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	t.Run("creating_it_again_alike_is_no_error", func(t *testing.T) {
		r := ctl(t, "", "groups", "--addr", addr, "create", "indexer", "--from-start")
		if r.code != exitOK || !strings.Contains(r.stderr, "already exists with these settings") {
			t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
		}
	})
	t.Run("creating_it_again_otherwise_is_refused", func(t *testing.T) {
		r := ctl(t, "", "groups", "--addr", addr, "create", "indexer", "--max-deliveries", "2")
		if r.code != exitFailed || !strings.Contains(r.stderr, "AlreadyExists") {
			t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
		}
	})

	t.Run("two_runs_share_the_group_and_print_every_article_once", func(t *testing.T) {
		first := ctl(t, "", "consume", "--addr", addr, "--group", "indexer", "--limit", "100")
		rest := ctl(t, "", "consume", "--addr", addr, "--group", "indexer", "--limit", strconv.Itoa(n-100))
		for i, r := range []ctlResult{first, rest} {
			if r.code != exitOK || !strings.Contains(r.stderr, "joined group indexer") {
				t.Fatalf("run %d: exit %d, stderr %q", i+1, r.code, r.stderr)
			}
		}
		a, b := parseEntries(t, first.stdout), parseEntries(t, rest.stdout)
		if len(a) != 100 || len(b) != n-100 {
			t.Fatalf("runs printed %d and %d articles, want 100 and %d", len(a), len(b), n-100)
		}
		seen := map[string]bool{}
		for i, e := range append(a, b...) {
			if seen[e.Cursor] {
				t.Fatalf("cursor %s printed twice", e.Cursor)
			}
			seen[e.Cursor] = true
			if e.Cursor != strconv.Itoa(i+1) {
				t.Fatalf("entry %d at cursor %s: one member at a time gets the log in order", i, e.Cursor)
			}
		}
		if !strings.Contains(rest.stderr, strconv.Itoa(n-100)+" articles acknowledged, 0 handed back") {
			t.Errorf("summary: %q", rest.stderr)
		}
	})
	t.Run("list_shows_nothing_left", func(t *testing.T) {
		r := ctl(t, "", "groups", "--addr", addr, "--json")
		var g struct {
			Group struct{ Name string } `json:"group"`
			State struct {
				Lag                string `json:"lag"`
				AcknowledgedCursor string `json:"acknowledgedCursor"`
			} `json:"state"`
		}
		if r.code != exitOK || json.Unmarshal([]byte(r.stdout), &g) != nil {
			t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}
		if g.Group.Name != "indexer" || g.State.Lag != "" || g.State.AcknowledgedCursor != strconv.Itoa(n) {
			t.Fatalf("group %+v, want indexer with lag 0 acknowledged to %d", g, n)
		}
		table := ctl(t, "", "groups", "--addr", addr)
		if lines := strings.Split(strings.TrimSpace(table.stdout), "\n"); len(lines) != 2 || !strings.HasPrefix(strings.TrimSpace(lines[1]), "indexer") {
			t.Fatalf("table:\n%s", table.stdout)
		}
	})

	t.Run("a_command_that_always_fails_has_its_article_set_aside", func(t *testing.T) {
		if r := ctl(t, "", "groups", "--addr", addr, "create", "picky", "--from-start", "--max-deliveries", "2"); r.code != exitOK {
			t.Fatalf("create: exit %d, stderr %q", r.code, r.stderr)
		}
		// Cursor 1 fails every time; the others succeed and print their id.
		r := ctl(t, "", "consume", "--addr", addr, "--group", "picky", "--jobs", "4", "--retry-delay", "0s", "--limit", strconv.Itoa(n-1),
			"--exec", `test "$ARTICLE_CURSOR" != 1 && echo "$ARTICLE_ID"`)
		if r.code != exitOK || len(strings.Fields(r.stdout)) != n-1 {
			t.Fatalf("exit %d, %d ids printed, want %d; stderr %q", r.code, len(strings.Fields(r.stdout)), n-1, r.stderr)
		}
		if !strings.Contains(r.stderr, "(cursor 1, delivery 1)") || !strings.Contains(r.stderr, "(cursor 1, delivery 2)") || strings.Contains(r.stderr, "delivery 3") {
			t.Errorf("want cursor 1 tried twice, then set aside: %q", r.stderr)
		}
		got := ctl(t, "", "groups", "--addr", addr, "get", "picky")
		if got.code != exitOK || !strings.Contains(compact(got.stdout), `"setAside":"1"`) || !strings.Contains(compact(got.stdout), `"reason":"maxdeliveries"`) {
			t.Fatalf("get: exit %d, stdout %s", got.code, got.stdout)
		}
	})

	t.Run("delete_then_get_is_not_found", func(t *testing.T) {
		if r := ctl(t, "", "groups", "--addr", addr, "delete", "picky"); r.code != exitOK || !strings.Contains(r.stderr, "group picky deleted") {
			t.Fatalf("delete: exit %d, stderr %q", r.code, r.stderr)
		}
		if r := ctl(t, "", "groups", "--addr", addr, "get", "picky"); r.code != exitFailed || !strings.Contains(r.stderr, "NotFound") {
			t.Fatalf("get after delete: exit %d, stderr %q", r.code, r.stderr)
		}
	})
	t.Run("consuming_an_unknown_group_says_so", func(t *testing.T) {
		if r := ctl(t, "", "consume", "--addr", addr, "--group", "nobody"); r.code != exitFailed || !strings.Contains(r.stderr, "NotFound") {
			t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
		}
	})
	t.Run("usage_errors", func(t *testing.T) {
		for _, args := range [][]string{
			{"consume", "--addr", addr},
			{"consume", "--addr", addr, "--group", "g", "--jobs", "0"},
			{"groups", "--addr", addr, "get"},
			{"groups", "--addr", addr, "frobnicate"},
			{"groups", "--addr", addr, "list", "--from-start"},
		} {
			if r := ctl(t, "", args...); r.code != exitUsage {
				t.Errorf("%v: exit %d, want %d; stderr %q", args, r.code, exitUsage, r.stderr)
			}
		}
	})
}

// compact is JSON without its white space (protojson's spacing is not
// stable), for substring checks.
func compact(s string) string { return strings.Join(strings.Fields(s), "") }

// TestConsumeInterruptedFinishesWhatItStarted: an interrupt lets the
// commands under way finish and acknowledges them; the articles not yet
// started go back to the group, for the next member to get.
func TestConsumeInterruptedFinishesWhatItStarted(t *testing.T) {
	addr := startServer(t)
	n := ingestCorpus(t, addr)
	if r := ctl(t, "", "groups", "--addr", addr, "create", "slow", "--from-start"); r.code != exitOK {
		t.Fatalf("create: exit %d, stderr %q", r.code, r.stderr)
	}
	started := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	t.Setenv("STARTED", started)
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"consume", "--addr", addr, "--group", "slow", "--jobs", "3",
			"--exec", `touch "$STARTED/$ARTICLE_CURSOR"; sleep 1`}, strings.NewReader(""), &out, &errb)
	}()
	for {
		if files, _ := os.ReadDir(started); len(files) >= 3 {
			break
		}
		select {
		case code := <-done:
			t.Fatalf("consume ended on its own: exit %d, stderr %q", code, errb.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	code := <-done
	files, _ := os.ReadDir(started)
	if code != exitOK || !strings.Contains(errb.String(), fmt.Sprintf("%d articles acknowledged, 0 handed back", len(files))) {
		t.Fatalf("exit %d, %d commands started, stderr %q", code, len(files), errb.String())
	}
	// Another member gets exactly the rest: nothing done is delivered
	// again, nothing handed back is lost.
	rest := ctl(t, "", "consume", "--addr", addr, "--group", "slow", "--limit", strconv.Itoa(n-len(files)))
	entries := parseEntries(t, rest.stdout)
	if rest.code != exitOK || len(entries) != n-len(files) {
		t.Fatalf("the rest: exit %d, %d articles, want %d; stderr %q", rest.code, len(entries), n-len(files), rest.stderr)
	}
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(started, e.Cursor)); err == nil {
			t.Errorf("cursor %s, done before the interrupt, delivered again", e.Cursor)
		}
	}
}
