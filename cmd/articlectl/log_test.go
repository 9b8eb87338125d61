package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

type ingestOut struct {
	File, ID, Cursor, Outcome string
}

func parseIngest(tb testing.TB, out string) []ingestOut {
	tb.Helper()
	var lines []ingestOut
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var l ingestOut
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			tb.Fatalf("ingest output line %q: %v", sc.Text(), err)
		}
		lines = append(lines, l)
	}
	return lines
}

type entryOut struct {
	Cursor   string `json:"cursor"`
	StoredAt string `json:"storedAt"`
	Article  struct {
		ID   string `json:"id"`
		Site string `json:"site"`
	} `json:"article"`
}

func parseEntries(tb testing.TB, out string) []entryOut {
	tb.Helper()
	var lines []entryOut
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var l entryOut
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			tb.Fatalf("entry line: %v", err)
		}
		lines = append(lines, l)
	}
	return lines
}

func TestIngestSubscribeGet(t *testing.T) {
	addr := startServer(t)
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.md"))
	first := ctl(t, "", "ingest", "--addr", addr, "--id-from-name", corpusDir)
	if first.code != exitOK {
		t.Fatalf("ingest: exit %d, stderr %q", first.code, first.stderr)
	}
	acks := parseIngest(t, first.stdout)
	if len(acks) != len(files) {
		t.Fatalf("%d ingest lines for %d files", len(acks), len(files))
	}
	for i, a := range acks {
		if a.Outcome != "created" || a.File != files[i] || a.ID != strings.TrimSuffix(filepath.Base(files[i]), ".md") {
			t.Fatalf("line %d = %+v, want %s created", i, a, files[i])
		}
	}
	if want := strconv.Itoa(len(files)) + " documents: " + strconv.Itoa(len(files)) + " created, 0 duplicate, 0 failed"; !strings.Contains(first.stderr, want) {
		t.Errorf("summary %q, want %q", first.stderr, want)
	}

	t.Run("ingesting_again_reports_duplicates", func(t *testing.T) {
		again := ctl(t, "", "ingest", "--addr", addr, "--id-from-name", "--jobs", "3", corpusDir)
		if again.code != exitOK || !strings.Contains(again.stderr, "0 created, "+strconv.Itoa(len(files))+" duplicate, 0 failed") {
			t.Fatalf("exit %d, stderr %q", again.code, again.stderr)
		}
		for i, a := range parseIngest(t, again.stdout) {
			if a.Outcome != "duplicate" || a.Cursor != acks[i].Cursor {
				t.Fatalf("line %d = %+v, want a duplicate at %s", i, a, acks[i].Cursor)
			}
		}
	})
	t.Run("failures_are_counted_and_the_run_goes_on", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "bad.md")
		if err := os.WriteFile(bad, []byte("---\ntitle: [\n---\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		r := ctl(t, "", "ingest", "--addr", addr, "--id-from-name", bad, filepath.Join(t.TempDir(), "missing.md"), files[0])
		if r.code != exitFailed || !strings.Contains(r.stderr, "bad.md: InvalidArgument") || !strings.Contains(r.stderr, "3 documents: 0 created, 1 duplicate, 2 failed") {
			t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
		}
	})
	t.Run("subscribing_from_the_start_prints_every_article_in_order", func(t *testing.T) {
		r := ctl(t, "", "subscribe", "--addr", addr, "--from-start", "--limit", strconv.Itoa(len(files)))
		if r.code != exitOK {
			t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
		}
		entries := parseEntries(t, r.stdout)
		if len(entries) != len(files) {
			t.Fatalf("%d entries, want %d", len(entries), len(files))
		}
		// Concurrent ingestion stores in the order documents complete: the
		// log has every acknowledged article once, at its cursor, in
		// cursor order.
		byCursor := map[string]string{}
		for _, a := range acks {
			byCursor[a.Cursor] = a.ID
		}
		for i, e := range entries {
			if byCursor[e.Cursor] != e.Article.ID || e.StoredAt == "" || e.Cursor != strconv.Itoa(i+1) {
				t.Fatalf("entry %d = %+v, acknowledged at that cursor: %q", i, e, byCursor[e.Cursor])
			}
		}
		tail := ctl(t, "", "subscribe", "--addr", addr, "--from", entries[len(entries)-3].Cursor, "--limit", "2")
		if got := parseEntries(t, tail.stdout); tail.code != exitOK || len(got) != 2 || got[0].Article.ID != entries[len(entries)-2].Article.ID {
			t.Fatalf("--from: exit %d, %+v", tail.code, got)
		}
		site := entries[0].Article.Site
		filtered := ctl(t, "", "subscribe", "--addr", addr, "--since", time.Hour.String(), "--site", site, "--limit", "1")
		if got := parseEntries(t, filtered.stdout); filtered.code != exitOK || len(got) != 1 || got[0].Article.Site != site {
			t.Fatalf("--site: exit %d, %+v, stderr %q", filtered.code, got, filtered.stderr)
		}
	})
	t.Run("get_prints_the_article_or_says_it_is_unknown", func(t *testing.T) {
		r := ctl(t, "", "get", "--addr", addr, acks[5].ID, "nope")
		got := parseEntries(t, r.stdout)
		if r.code != exitFailed || len(got) != 1 || got[0].Article.ID != acks[5].ID || !strings.Contains(r.stderr, `nope: no article with id "nope"`) {
			t.Fatalf("exit %d, %+v, stderr %q", r.code, got, r.stderr)
		}
	})
}

func TestLogCommandsUsage(t *testing.T) {
	for _, args := range [][]string{
		{"ingest", corpusDir},
		{"subscribe"},
		{"get", "x"},
		{"ingest", "--addr", "127.0.0.1:1"},
		{"get", "--addr", "127.0.0.1:1"},
		{"subscribe", "--addr", "127.0.0.1:1", "--from", "x"},
		{"subscribe", "--addr", "127.0.0.1:1", "--from", "3", "--from-start"},
		{"subscribe", "--addr", "127.0.0.1:1", "--since", "yesterday"},
		{"subscribe", "--addr", "127.0.0.1:1", "extra"},
	} {
		if r := ctl(t, "", args...); r.code != exitUsage {
			t.Errorf("%q: exit %d, want %d (stderr %q)", args, r.code, exitUsage, r.stderr)
		}
	}
}

func TestProgressBar(t *testing.T) {
	if newProgress(&strings.Builder{}, 3) != nil {
		t.Fatal("a progress bar on a writer that is not a terminal")
	}
	var b strings.Builder
	p := &progress{w: &b, total: 3, labels: []string{"created", "duplicate", "failed"}}
	p.count(1, 0, 0)
	p.count(1, 1, 1) // the last document always draws
	p.clear()
	if out := b.String(); !strings.Contains(out, "3/3  created 1  duplicate 1  failed 1") || !strings.HasSuffix(out, "\r\033[K") {
		t.Fatalf("progress output %q", out)
	}
}
