package server

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/articlelog"
)

const (
	created   = articlev1.IngestOutcome_INGEST_OUTCOME_CREATED
	duplicate = articlev1.IngestOutcome_INGEST_OUTCOME_DUPLICATE
)

// TestEmbeddedLogEndToEnd: the whole corpus ingested over IngestStream is
// delivered from the start once each, in order; read back by id and by
// pages; and reported as duplicates when ingested again.
func TestEmbeddedLogEndToEnd(t *testing.T) {
	ts := startServer(t, Config{})
	docs := corpus(t)
	acks := ingestAll(t, ts.client, docs)
	var last uint64
	for i, a := range acks {
		if a.GetError() != nil || a.GetOutcome() != created || a.GetId() != docs[i].GetId() || a.GetCursor() <= last {
			t.Fatalf("ack %d = %v, want %s created after cursor %d", i, a, docs[i].GetId(), last)
		}
		last = a.GetCursor()
	}

	t.Run("subscribing_from_the_start_delivers_every_article_once_in_order", func(t *testing.T) {
		sub, err := ts.client.Subscribe(callCtx(t), &articlev1.SubscribeRequest{Start: &articlev1.SubscribeRequest_FromStart{FromStart: true}})
		if err != nil {
			t.Fatal(err)
		}
		opening, entries := collect(t, sub, len(docs))
		if opening != 0 {
			t.Errorf("opening cursor %d, want 0", opening)
		}
		checkLogOrder(t, entries, docIDs(docs))
		for i, e := range entries {
			if e.GetCursor() != acks[i].GetCursor() || e.GetStoredAt() == nil || e.GetArticle().GetTitle() == "" {
				t.Fatalf("entry %d = cursor %d stored %v title %q; want the acknowledged cursor %d", i, e.GetCursor(), e.GetStoredAt(), e.GetArticle().GetTitle(), acks[i].GetCursor())
			}
		}
	})

	t.Run("every_article_is_found_by_id_at_its_cursor", func(t *testing.T) {
		for i, d := range docs {
			resp, err := ts.client.GetArticle(callCtx(t), &articlev1.GetArticleRequest{Id: d.GetId()})
			if err != nil || resp.GetEntry().GetCursor() != acks[i].GetCursor() {
				t.Fatalf("get %s = %v, %v; want cursor %d", d.GetId(), resp.GetEntry().GetCursor(), err, acks[i].GetCursor())
			}
		}
	})

	t.Run("pages_list_every_article_in_order", func(t *testing.T) {
		var entries []*articlev1.LogEntry
		req := &articlev1.ListArticlesRequest{PageSize: 500}
		for {
			resp, err := ts.client.ListArticles(callCtx(t), req)
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.GetEntries()) > 100 {
				t.Fatalf("a page of %d entries, over the cap of 100", len(resp.GetEntries()))
			}
			entries = append(entries, resp.GetEntries()...)
			if resp.GetNextPageToken() == "" {
				break
			}
			req.PageToken = resp.GetNextPageToken()
		}
		checkLogOrder(t, entries, docIDs(docs))
	})

	t.Run("ingesting_again_reports_duplicates_at_the_same_cursors", func(t *testing.T) {
		again := ingestAll(t, ts.client, docs)
		for i, a := range again {
			if a.GetOutcome() != duplicate || a.GetCursor() != acks[i].GetCursor() || a.GetId() != docs[i].GetId() {
				t.Fatalf("again %d = %v, want a duplicate at %d", i, a, acks[i].GetCursor())
			}
		}
		resp, err := ts.client.Ingest(callCtx(t), &articlev1.IngestRequest{Document: docs[3]})
		if err != nil || resp.GetOutcome() != duplicate || resp.GetCursor() != acks[3].GetCursor() {
			t.Fatalf("unary ingest again = %v, %v; want a duplicate at %d", resp, err, acks[3].GetCursor())
		}
	})

	t.Run("without_an_id_the_same_content_is_a_duplicate", func(t *testing.T) {
		doc := &articlev1.RawDocument{Content: docs[0].GetContent(), SourceUrl: "https://example.com/mirror/a"}
		first, err := ts.client.Ingest(callCtx(t), &articlev1.IngestRequest{Document: doc})
		if err != nil {
			t.Fatal(err)
		}
		// Within the duplicate window the content hash finds the article
		// stored first, even under another derived id.
		mirror := &articlev1.RawDocument{Content: docs[0].GetContent(), SourceUrl: "https://example.com/mirror/b"}
		second, err := ts.client.Ingest(callCtx(t), &articlev1.IngestRequest{Document: mirror})
		if err != nil {
			t.Fatal(err)
		}
		if first.GetOutcome() != created || second.GetOutcome() != duplicate || second.GetCursor() != first.GetCursor() || second.GetId() != first.GetId() {
			t.Fatalf("first %v, second %v; want the second a duplicate of the first", first, second)
		}
	})
}

func TestIngestStreamReportsBadDocumentsInOrder(t *testing.T) {
	ts := startServer(t, Config{})
	docs := []*articlev1.RawDocument{
		{Id: "good-1", Content: corpusDoc(t, "0002.md")},
		{Id: "empty"},
		{Id: "bad-yaml", Content: []byte("---\ntitle: [\n---\n<p>x</p>")},
		{Id: "good-2", Content: corpusDoc(t, "0102.md")},
	}
	acks := ingestAll(t, ts.client, docs)
	for i, a := range acks {
		bad := i == 1 || i == 2
		if bad != (a.GetError() != nil) || a.GetId() != docs[i].GetId() {
			t.Fatalf("ack %d = %v", i, a)
		}
		if bad && (a.GetError().GetCode() != "INVALID_ARGUMENT" || a.GetCursor() != 0 || a.GetOutcome() != articlev1.IngestOutcome_INGEST_OUTCOME_UNSPECIFIED) {
			t.Errorf("ack %d = %v, want INVALID_ARGUMENT without cursor or outcome", i, a)
		}
	}
	if acks[3].GetCursor() != acks[0].GetCursor()+1 {
		t.Errorf("good documents at cursors %d and %d: the bad ones took cursors", acks[0].GetCursor(), acks[3].GetCursor())
	}
}

func TestLogErrorsMapToStatus(t *testing.T) {
	ts := startServer(t, Config{})
	if _, err := ts.client.Ingest(callCtx(t), &articlev1.IngestRequest{Document: &articlev1.RawDocument{Id: "x", Content: corpusDoc(t, "0002.md")}}); err != nil {
		t.Fatal(err)
	}
	subscribeErr := func(req *articlev1.SubscribeRequest) error {
		sub, err := ts.client.Subscribe(callCtx(t), req)
		if err != nil {
			return err
		}
		_, err = sub.Recv()
		return err
	}
	tests := []struct {
		name string
		call func() error
		code codes.Code
	}{
		{"unknown_id_is_not_found", func() error {
			_, err := ts.client.GetArticle(callCtx(t), &articlev1.GetArticleRequest{Id: "nope"})
			return err
		}, codes.NotFound},
		{"empty_id_is_invalid", func() error {
			_, err := ts.client.GetArticle(callCtx(t), &articlev1.GetArticleRequest{})
			return err
		}, codes.InvalidArgument},
		{"missing_document_is_invalid", func() error {
			_, err := ts.client.Ingest(callCtx(t), &articlev1.IngestRequest{})
			return err
		}, codes.InvalidArgument},
		{"cursor_beyond_the_log_is_out_of_range", func() error {
			return subscribeErr(&articlev1.SubscribeRequest{Start: &articlev1.SubscribeRequest_AfterCursor{AfterCursor: 99}})
		}, codes.OutOfRange},
		{"too_many_filter_values_is_resource_exhausted", func() error {
			return subscribeErr(&articlev1.SubscribeRequest{Filter: &articlev1.ArticleFilter{Sites: make([]string, 17)}})
		}, codes.ResourceExhausted},
		{"foreign_page_token_is_invalid", func() error {
			_, err := ts.client.ListArticles(callCtx(t), &articlev1.ListArticlesRequest{PageToken: "AQE"})
			return err
		}, codes.InvalidArgument},
		{"negative_page_size_is_invalid", func() error {
			_, err := ts.client.ListArticles(callCtx(t), &articlev1.ListArticlesRequest{PageSize: -1})
			return err
		}, codes.InvalidArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(); status.Code(err) != tt.code {
				t.Fatalf("err = %v, want %v", err, tt.code)
			}
		})
	}
}

func TestSubscribeFiltersAndStartsFromNow(t *testing.T) {
	ts := startServer(t, Config{})
	docs := corpus(t)
	first := ingestAll(t, ts.client, docs[:10])
	rest := docs[10:60]
	// The articles rest makes, as Process (which stores nothing) shows them.
	var arts []*articlev1.Article
	for _, d := range rest {
		resp, err := ts.client.Process(callCtx(t), &articlev1.ProcessRequest{Document: d})
		if err != nil {
			t.Fatal(err)
		}
		arts = append(arts, resp.GetArticle())
	}
	site, lang := arts[0].GetSite(), arts[0].GetLanguage()
	var want []string
	for i, a := range arts {
		if a.GetSite() == site && a.GetLanguage() == lang {
			want = append(want, rest[i].GetId())
		}
	}
	if len(want) == len(rest) {
		t.Fatalf("the filter selects all %d: pick documents that tell it apart", len(rest))
	}
	sub, err := ts.client.Subscribe(callCtx(t), &articlev1.SubscribeRequest{Filter: &articlev1.ArticleFilter{Sites: []string{site}, Languages: []string{lang}}})
	if err != nil {
		t.Fatal(err)
	}
	opening, err := sub.Recv()
	if err != nil {
		t.Fatal(err)
	}
	if opening.GetCursor() != first[9].GetCursor() {
		t.Fatalf("from now opens at cursor %d, want the last cursor %d", opening.GetCursor(), first[9].GetCursor())
	}
	ingestAll(t, ts.client, rest)
	var got []*articlev1.LogEntry
	for len(got) < len(want) {
		m, err := sub.Recv()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, m.GetEntry())
	}
	checkLogOrder(t, got, want)
}

// TestSlowSubscriberDoesNotHoldBackOthers: a subscriber that reads nothing
// while the corpus is ingested stops neither ingestion nor a second
// subscriber; when it reads again it learns it fell too far behind, and
// resuming from its last cursor gets it the rest, each article once.
func TestSlowSubscriberDoesNotHoldBackOthers(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Log.SubscribeBuffer, cfg.Log.MaxLag = 8, 100
	ts := startServer(t, mergeDefaults(cfg))
	// The slow subscriber's connection gets small flow-control windows, so
	// what it does not read backs up to the server quickly.
	slowConn := ts.dial(t, grpc.WithInitialWindowSize(64<<10), grpc.WithInitialConnWindowSize(64<<10))
	slow, err := articlev1.NewArticleServiceClient(slowConn).Subscribe(callCtx(t), &articlev1.SubscribeRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := slow.Recv(); err != nil {
		t.Fatal(err)
	}
	other, err := ts.client.Subscribe(callCtx(t), &articlev1.SubscribeRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Recv(); err != nil {
		t.Fatal(err)
	}
	docs := corpus(t)
	ids := docIDs(docs)
	otherGot := make(chan []*articlev1.LogEntry, 1)
	go func() { otherGot <- readAll(t, ts.client, other, len(docs)) }()
	for i, a := range ingestAll(t, ts.client, docs) {
		if a.GetOutcome() != created {
			t.Fatalf("ack %d = %v", i, a)
		}
	}
	checkLogOrder(t, <-otherGot, ids)

	var got []*articlev1.LogEntry
	var recvErr error
	for {
		m, err := slow.Recv()
		if err != nil {
			recvErr = err
			break
		}
		got = append(got, m.GetEntry())
	}
	if status.Code(recvErr) != codes.ResourceExhausted || !strings.Contains(status.Convert(recvErr).Message(), "after_cursor") {
		t.Fatalf("slow subscriber after %d entries: %v, want RESOURCE_EXHAUSTED naming after_cursor", len(got), recvErr)
	}
	reason, at := resumeCursor(t, recvErr)
	if reason != "SUBSCRIBER_TOO_SLOW" || len(got) == 0 || at < got[len(got)-1].GetCursor() {
		t.Fatalf("ErrorInfo %s cursor %d after receiving %d entries", reason, at, len(got))
	}
	resumed, err := ts.client.Subscribe(callCtx(t), &articlev1.SubscribeRequest{Start: &articlev1.SubscribeRequest_AfterCursor{AfterCursor: got[len(got)-1].GetCursor()}})
	if err != nil {
		t.Fatal(err)
	}
	_, rest := collect(t, resumed, len(docs)-len(got))
	checkLogOrder(t, append(got, rest...), ids)
}

// readAll reads n entries from an open subscription; a subscriber cut off
// for lagging resumes from its last cursor, as clients are told to.
func readAll(tb testing.TB, client articlev1.ArticleServiceClient, sub articlev1.ArticleService_SubscribeClient, n int) []*articlev1.LogEntry {
	tb.Helper()
	var got []*articlev1.LogEntry
	for len(got) < n {
		m, err := sub.Recv()
		if status.Code(err) == codes.ResourceExhausted && len(got) > 0 {
			if sub, err = client.Subscribe(callCtx(tb), &articlev1.SubscribeRequest{Start: &articlev1.SubscribeRequest_AfterCursor{AfterCursor: got[len(got)-1].GetCursor()}}); err == nil {
				_, err = sub.Recv()
			}
			if err != nil {
				tb.Errorf("resume: %v", err)
				return got
			}
			continue
		}
		if err != nil {
			tb.Errorf("after %d entries: %v", len(got), err)
			return got
		}
		got = append(got, m.GetEntry())
	}
	return got
}

// TestShutdownEndsSubscriptionsWithTheirCursor: stopping the server ends a
// subscription at once with UNAVAILABLE and the cursor to resume from,
// rather than holding the stop for its timeout; the log is closed after.
func TestShutdownEndsSubscriptionsWithTheirCursor(t *testing.T) {
	ts := startServer(t, Config{ShutdownTimeout: time.Hour})
	client := ts.client
	sub, err := client.Subscribe(callCtx(t), &articlev1.SubscribeRequest{})
	if err != nil {
		t.Fatal(err)
	}
	docs := corpus(t)[:3]
	acks := ingestAll(t, client, docs)
	_, entries := collect(t, sub, len(docs))
	checkLogOrder(t, entries, docIDs(docs))
	stopped := make(chan error, 1)
	go func() { stopped <- ts.stop(t) }()
	_, err = sub.Recv()
	if status.Code(err) != codes.Unavailable {
		t.Fatalf("subscription at shutdown: %v, want UNAVAILABLE", err)
	}
	if reason, at := resumeCursor(t, err); reason != "SERVER_SHUTTING_DOWN" || at != acks[2].GetCursor() {
		t.Fatalf("ErrorInfo %s cursor %d, want SERVER_SHUTTING_DOWN at %d", reason, at, acks[2].GetCursor())
	}
	if err := <-stopped; err != nil {
		t.Fatalf("serve: %v", err)
	}
	if _, err := ts.srv.articles.Get(context.Background(), docs[0].GetId()); !errors.Is(err, articlelog.ErrClosed) {
		t.Fatalf("get after Serve returned: %v, want the article log closed", err)
	}
}

// TestCorpusWithoutIDsIsStoredWhole: documents without a client id are
// deduplicated by content, and no two documents of the corpus are the same
// content (image posts and listings with empty or equal text under other
// titles included): all are created, and all are duplicates the second time.
func TestCorpusWithoutIDsIsStoredWhole(t *testing.T) {
	ts := startServer(t, Config{})
	docs := corpus(t)
	for _, d := range docs {
		d.Id = ""
	}
	for round, want := range []articlev1.IngestOutcome{created, articlev1.IngestOutcome_INGEST_OUTCOME_DUPLICATE} {
		for i, a := range ingestAll(t, ts.client, docs) {
			if a.GetError() != nil || a.GetOutcome() != want {
				t.Errorf("round %d, document %d: %v, want %v", round+1, i, a, want)
			}
		}
	}
}
