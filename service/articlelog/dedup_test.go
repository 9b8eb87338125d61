package articlelog

import (
	"fmt"
	"testing"
	"time"

	"articleservice/service/article"
)

// shortWindow is the duplicate window of the tests that outlast it: short,
// so that waiting past it costs little.
const shortWindow = 200 * time.Millisecond

// TestDeduplicationOutlastsTheDuplicateWindow: JetStream forgets a message
// id once its duplicate window has passed, so only the log's own check
// keeps an article sent again from being stored twice. Each case stores an
// article, waits until JetStream has provably forgotten it, sends it again
// and must find one article, on the same log and after reopening it on the
// same store.
func TestDeduplicationOutlastsTheDuplicateWindow(t *testing.T) {
	cases := []struct {
		name         string
		dedup        Dedup
		first, again *article.Article
		why          string
	}{
		{"client_id_sent_again_is_a_duplicate", DedupByID,
			art("doc-1", "dedup", "en", "one"), art("doc-1", "dedup", "en", "changed"),
			"a client id is stored once whatever the content"},
		{"same_content_without_an_id_is_a_duplicate", DedupByContent,
			art("u-page", "dedup", "en", "same"), art("u-page", "dedup", "en", "same"),
			"a document without an id gets the same derived id and content hash when sent again"},
	}
	for _, restart := range []bool{false, true} {
		for _, tc := range cases {
			name := tc.name
			if restart {
				name += "_after_a_restart"
			}
			t.Run(name, func(t *testing.T) {
				dir := t.TempDir()
				open := func() *Log {
					return openLog(t, func(c *Config) { c.DataDir = dir; c.DuplicateWindow = shortWindow })
				}
				l := open()
				first := mustAppend(t, l, tc.first, tc.dedup)
				if restart {
					if err := l.Close(); err != nil {
						t.Fatalf("close log: %v", err)
					}
					l = open()
				}
				waitPastDuplicateWindow(t, l)
				again := mustAppend(t, l, tc.again, tc.dedup)
				if !again.Duplicate || again.Cursor != first.Cursor || again.ID != first.ID {
					t.Fatalf("sent again past the window: %+v, want a duplicate of %+v (%s)", again, first, tc.why)
				}
				if n := storedVersions(t, l, tc.first.ID); n != 1 {
					t.Fatalf("%d stored articles with id %s, want 1 (%s)", n, tc.first.ID, tc.why)
				}
			})
		}
	}
}

// waitPastDuplicateWindow returns once JetStream has forgotten every
// message id the log stored so far. It appends a probe, then the probe's
// content under fresh ids: within the window JetStream's own id check
// reports each a duplicate of the probe (nothing else would), and the
// first one stored shows the probe's id, newer than every other, is gone.
func waitPastDuplicateWindow(tb testing.TB, l *Log) {
	tb.Helper()
	probe := mustAppend(tb, l, art("probe", "probe", "en", "probe body"), DedupByContent)
	if probe.Duplicate {
		tb.Fatalf("probe: %+v, want it stored", probe)
	}
	deadline := time.Now().Add(30 * time.Second)
	for i := 0; ; i++ {
		res := mustAppend(tb, l, art(fmt.Sprint("probe-", i), "probe", "en", "probe body"), DedupByContent)
		if !res.Duplicate {
			return
		}
		if i == 0 && res.ID != "probe" {
			tb.Fatalf("probe under another id within the window: %+v, want a duplicate of the probe", res)
		}
		if time.Now().After(deadline) {
			tb.Fatalf("JetStream still remembers the probe after 30s with a %v window", shortWindow)
		}
		time.Sleep(shortWindow / 4)
	}
}

// storedVersions counts the stored articles with the given id, reading
// the whole log.
func storedVersions(tb testing.TB, l *Log, id string) int {
	tb.Helper()
	n := 0
	o := ListOptions{PageSize: l.cfg.MaxPageSize}
	for {
		page, err := l.List(testCtx(tb), o)
		if err != nil {
			tb.Fatalf("list: %v", err)
		}
		for _, e := range page.Entries {
			if e.Article.GetId() == id {
				n++
			}
		}
		if page.NextPageToken == "" {
			return n
		}
		o.PageToken = page.NextPageToken
	}
}
