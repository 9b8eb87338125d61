package server

import (
	"fmt"
	"testing"
	"time"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/articlelog"
)

// dedupWindow is the duplicate window of the tests that outlast it: short,
// so that waiting past it costs little.
const dedupWindow = 200 * time.Millisecond

// TestIngestDeduplicatesPastTheDuplicateWindow: a document sent again after
// JetStream has forgotten it (its duplicate window passed) is still a
// duplicate, with and without a client id, on the same server and on a
// server restarted on the same data directory; the log holds one article.
func TestIngestDeduplicatesPastTheDuplicateWindow(t *testing.T) {
	docs := corpus(t)
	cases := []struct {
		name string
		doc  *articlev1.RawDocument
		why  string
	}{
		{"client_id_sent_again_is_a_duplicate", docs[0],
			"a client id is stored once"},
		{"same_content_without_an_id_is_a_duplicate", &articlev1.RawDocument{Content: docs[1].GetContent()},
			"the same content without an id derives the same id and content hash"},
	}
	for _, restart := range []bool{false, true} {
		for _, tc := range cases {
			name := tc.name
			if restart {
				name += "_after_a_restart"
			}
			t.Run(name, func(t *testing.T) {
				cfg := articlelog.DefaultConfig()
				cfg.DataDir = t.TempDir()
				cfg.DuplicateWindow = dedupWindow
				ts := startServer(t, Config{Log: cfg})
				first := mustIngest(t, ts, tc.doc)
				if first.GetOutcome() != created {
					t.Fatalf("first ingest: %v, want created", first)
				}
				if restart {
					if err := ts.stop(t); err != nil {
						t.Fatalf("stop: %v", err)
					}
					ts = startServer(t, Config{Log: cfg})
				}
				waitPastDedupWindow(t, ts, docs[2].GetContent())
				again := mustIngest(t, ts, tc.doc)
				if again.GetOutcome() != duplicate || again.GetCursor() != first.GetCursor() || again.GetId() != first.GetId() {
					t.Fatalf("sent again past the window: %v, want a duplicate of %v (%s)", again, first, tc.why)
				}
				if n := storedWithID(t, ts, first.GetId()); n != 1 {
					t.Fatalf("%d stored articles with id %s, want 1 (%s)", n, first.GetId(), tc.why)
				}
			})
		}
	}
}

func mustIngest(tb testing.TB, ts *testServer, doc *articlev1.RawDocument) *articlev1.IngestResponse {
	tb.Helper()
	resp, err := ts.client.Ingest(callCtx(tb), &articlev1.IngestRequest{Document: doc})
	if err != nil {
		tb.Fatalf("ingest: %v", err)
	}
	return resp
}

// waitPastDedupWindow returns once JetStream has forgotten every document
// ingested so far. It ingests probe content from one source URL, then the
// same content from fresh ones: within the window only JetStream's own id
// check makes each a duplicate of the first, so the first one created shows
// that the probe, newer than every other document, is forgotten.
func waitPastDedupWindow(tb testing.TB, ts *testServer, probe []byte) {
	tb.Helper()
	if first := mustIngest(tb, ts, &articlev1.RawDocument{Content: probe, SourceUrl: "https://probe.example/a"}); first.GetOutcome() != created {
		tb.Fatalf("probe: %v, want created", first)
	}
	deadline := time.Now().Add(30 * time.Second)
	for i := 0; ; i++ {
		res := mustIngest(tb, ts, &articlev1.RawDocument{Content: probe, SourceUrl: fmt.Sprintf("https://probe.example/b%d", i)})
		if res.GetOutcome() == created {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("the probe is still a duplicate after 30s with a %v window", dedupWindow)
		}
		time.Sleep(dedupWindow / 4)
	}
}

// storedWithID counts the stored articles with the given id, paging
// through the whole log.
func storedWithID(tb testing.TB, ts *testServer, id string) int {
	tb.Helper()
	n := 0
	req := &articlev1.ListArticlesRequest{PageSize: 100}
	for {
		resp, err := ts.client.ListArticles(callCtx(tb), req)
		if err != nil {
			tb.Fatalf("list: %v", err)
		}
		for _, e := range resp.GetEntries() {
			if e.GetArticle().GetId() == id {
				n++
			}
		}
		if resp.GetNextPageToken() == "" {
			return n
		}
		req.PageToken = resp.GetNextPageToken()
	}
}
