package articlelog

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"articleservice/service/article"
)

func TestAppendDeduplicates(t *testing.T) {
	l := openLog(t, nil)
	t.Run("client_id_is_stored_once_whatever_the_content", func(t *testing.T) {
		first := mustAppend(t, l, art("doc-1", "s", "en", "one"), DedupByID)
		again := mustAppend(t, l, art("doc-1", "s", "en", "changed"), DedupByID)
		if first.Duplicate || !again.Duplicate || again.Cursor != first.Cursor || again.ID != "doc-1" {
			t.Fatalf("first %+v, again %+v; want created then a duplicate at the same cursor", first, again)
		}
	})
	t.Run("derived_id_with_new_content_is_a_new_version", func(t *testing.T) {
		v1 := mustAppend(t, l, art("u-page", "s", "en", "v1"), DedupByContent)
		v2 := mustAppend(t, l, art("u-page", "s", "en", "v2"), DedupByContent)
		same := mustAppend(t, l, art("u-page", "s", "en", "v2"), DedupByContent)
		if v1.Duplicate || v2.Duplicate || v2.Cursor <= v1.Cursor || !same.Duplicate || same.Cursor != v2.Cursor {
			t.Fatalf("v1 %+v, v2 %+v, same %+v", v1, v2, same)
		}
		e, err := l.Get(testCtx(t), "u-page")
		if err != nil || e.Cursor != v2.Cursor || e.Article.GetBodyText() != "v2" {
			t.Fatalf("get = %d %q, %v; want the latest version at %d", e.Cursor, e.Article.GetBodyText(), err, v2.Cursor)
		}
	})
	t.Run("same_content_under_another_id_within_the_window_is_a_duplicate_of_the_first", func(t *testing.T) {
		first := mustAppend(t, l, art("u-mirror-a", "s", "en", "syndicated"), DedupByContent)
		other := mustAppend(t, l, art("u-mirror-b", "s", "en", "syndicated"), DedupByContent)
		if !other.Duplicate || other.ID != "u-mirror-a" || other.Cursor != first.Cursor {
			t.Fatalf("other = %+v, want a duplicate of %+v", other, first)
		}
		if _, err := l.Get(testCtx(t), "u-mirror-b"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("get of the duplicate's own id = %v, want ErrNotFound", err)
		}
	})
}

func TestConcurrentAppendsOfOneArticleStoreItOnce(t *testing.T) {
	l := openLog(t, nil)
	const n = 8
	var wg sync.WaitGroup
	results := make([]Appended, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			results[i], errs[i] = l.Append(testCtx(t), art("same", "s", "en", fmt.Sprint("body ", i)), DedupByID)
		})
	}
	wg.Wait()
	created := 0
	for i, r := range results {
		if errs[i] != nil {
			t.Fatalf("append %d: %v", i, errs[i])
		}
		if !r.Duplicate {
			created++
		}
		if r.Cursor != results[0].Cursor {
			t.Errorf("append %d at cursor %d, append 0 at %d", i, r.Cursor, results[0].Cursor)
		}
	}
	if created != 1 {
		t.Fatalf("%d appends created the article, want 1", created)
	}
}

func TestGetUnknownIDIsNotFound(t *testing.T) {
	l := openLog(t, nil)
	_, err := l.Get(testCtx(t), "nope")
	var nf *NotFoundError
	if !errors.Is(err, ErrNotFound) || !errors.As(err, &nf) || nf.ID != "nope" {
		t.Fatalf("err = %v, want a NotFoundError for nope", err)
	}
	var fe *article.FieldError
	if _, err := l.Get(testCtx(t), ""); !errors.As(err, &fe) || fe.Field != "id" {
		t.Fatalf("empty id: err = %v, want a field error on id", err)
	}
}

func TestTooLargeArticleIsRefused(t *testing.T) {
	l := openLog(t, func(c *Config) { c.MaxArticleBytes = 1000 })
	_, err := l.Append(testCtx(t), art("big", "s", "en", strings.Repeat("x", 2000)), DedupByID)
	if !errors.Is(err, article.ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

// TestMessagesFollowTheDocumentedFormat reads a stored message as a
// NATS-native consumer would, computing its subject from the package doc.
func TestMessagesFollowTheDocumentedFormat(t *testing.T) {
	l := openLog(t, nil)
	a := art("doc-7", "新浪财经", "zh-Hant", "body")
	res := mustAppend(t, l, a, DedupByID)
	hex16 := func(s string, n int) string { sum := sha256.Sum256([]byte(s)); return hex.EncodeToString(sum[:])[:n] }
	subject := "articleservice.articles." + hex16("新浪财经", 16) + ".zh." + hex16("doc-7", 32)
	m, err := l.stream.GetLastMsgForSubject(testCtx(t), subject)
	if err != nil {
		t.Fatalf("last message on %s: %v", subject, err)
	}
	if m.Sequence != res.Cursor {
		t.Errorf("sequence %d, cursor %d", m.Sequence, res.Cursor)
	}
	if got := m.Header.Get("Content-Type"); got != "application/protobuf; proto=article.v1.Article" {
		t.Errorf("Content-Type = %q", got)
	}
	if got, want := m.Header.Get(jetstream.MsgIDHeader), "id:"+hex16("doc-7", 32); got != want {
		t.Errorf("Nats-Msg-Id = %q, want %q", got, want)
	}
	e, err := decodeEntry(m.Sequence, m.Time, m.Data)
	if err != nil || e.Article.GetId() != "doc-7" {
		t.Fatalf("payload = %v, %v; want article doc-7", e.Article, err)
	}
	if got := languageToken(""); got != "und" {
		t.Errorf("language token of an empty language = %q, want und", got)
	}
}

func TestListPagesInLogOrder(t *testing.T) {
	l := openLog(t, func(c *Config) { c.MaxPageSize = 4 })
	var all []string
	for i := range 10 {
		site, lang := "alpha", "en"
		if i%2 == 1 {
			site, lang = "beta", "zh-Hans"
		}
		a := art(fmt.Sprint("a", i), site, lang, fmt.Sprint("body ", i))
		a.Section = fmt.Sprint("sec", i%3)
		a.CategoryKeys = []string{"all", fmt.Sprint("k", i%5)}
		mustAppend(t, l, a, DedupByID)
		all = append(all, a.ID)
	}
	listAll := func(t *testing.T, f Filter, size int) []string {
		t.Helper()
		var got []string
		tok := ""
		for range 20 {
			p, err := l.List(testCtx(t), ListOptions{Filter: f, PageSize: size, PageToken: tok})
			if err != nil {
				t.Fatalf("list: %v", err)
			}
			if len(p.Entries) > 4 {
				t.Fatalf("page of %d entries over the cap of 4", len(p.Entries))
			}
			got = append(got, ids(p.Entries)...)
			if tok = p.NextPageToken; tok == "" {
				return got
			}
		}
		t.Fatal("listing did not end")
		return nil
	}
	tests := []struct {
		name string
		f    Filter
		want []string
	}{
		{"no_filter_lists_everything", Filter{}, all},
		{"site", Filter{Sites: []string{"beta"}}, []string{"a1", "a3", "a5", "a7", "a9"}},
		{"language_prefix", Filter{Languages: []string{"ZH"}}, []string{"a1", "a3", "a5", "a7", "a9"}},
		{"section_and_site", Filter{Sites: []string{"alpha"}, Sections: []string{"sec0"}}, []string{"a0", "a6"}},
		{"category_key", Filter{CategoryKeys: []string{"k2", "k4"}}, []string{"a2", "a4", "a7", "a9"}},
		{"no_match", Filter{Sites: []string{"gamma"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := listAll(t, tt.f, 100); !slices.Equal(got, tt.want) {
				t.Fatalf("listed %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("token_of_another_filter_is_invalid", func(t *testing.T) {
		p, err := l.List(testCtx(t), ListOptions{PageSize: 2})
		if err != nil || p.NextPageToken == "" {
			t.Fatalf("first page: %v, token %q", err, p.NextPageToken)
		}
		var fe *article.FieldError
		_, err = l.List(testCtx(t), ListOptions{PageSize: 2, PageToken: p.NextPageToken, Filter: Filter{Sites: []string{"beta"}}})
		if !errors.As(err, &fe) || fe.Field != "page_token" {
			t.Fatalf("err = %v, want a field error on page_token", err)
		}
		_, err = l.List(testCtx(t), ListOptions{PageToken: "!!"})
		if !errors.As(err, &fe) || fe.Field != "page_token" {
			t.Fatalf("garbage token: err = %v, want a field error on page_token", err)
		}
	})
	t.Run("negative_page_size_is_invalid", func(t *testing.T) {
		var fe *article.FieldError
		if _, err := l.List(testCtx(t), ListOptions{PageSize: -1}); !errors.As(err, &fe) || fe.Field != "page_size" {
			t.Fatalf("err = %v, want a field error on page_size", err)
		}
	})
	t.Run("too_many_filter_values_is_too_large", func(t *testing.T) {
		if _, err := l.List(testCtx(t), ListOptions{Filter: Filter{Sites: make([]string, 17)}}); !errors.Is(err, article.ErrTooLarge) {
			t.Fatalf("err = %v, want ErrTooLarge", err)
		}
	})
}

func TestSubscribeStartsWhereAsked(t *testing.T) {
	l := openLog(t, nil)
	var cursors []uint64
	for i := range 5 {
		cursors = append(cursors, mustAppend(t, l, art(fmt.Sprint("a", i), "s", "en", fmt.Sprint(i)), DedupByID).Cursor)
	}
	third, err := l.Get(testCtx(t), "a2")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		o         SubscribeOptions
		wantStart uint64
		want      []string
	}{
		{"from_start_delivers_everything", SubscribeOptions{Start: StartBeginning}, 0, []string{"a0", "a1", "a2", "a3", "a4"}},
		{"after_cursor_delivers_what_follows", SubscribeOptions{Start: StartAfter, After: cursors[1]}, cursors[1], []string{"a2", "a3", "a4"}},
		{"after_zero_is_the_start", SubscribeOptions{Start: StartAfter}, 0, []string{"a0", "a1", "a2", "a3", "a4"}},
		{"since_delivers_from_that_time", SubscribeOptions{Start: StartSince, Since: third.StoredAt}, cursors[1], []string{"a2", "a3", "a4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := subscribe(t, l, tt.o)
			if s.Start() != tt.wantStart {
				t.Errorf("start = %d, want %d", s.Start(), tt.wantStart)
			}
			if got := ids(next(t, s, len(tt.want))); !slices.Equal(got, tt.want) {
				t.Fatalf("delivered %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("now_delivers_only_new_articles_then_live", func(t *testing.T) {
		s := subscribe(t, l, SubscribeOptions{Start: StartNow, Filter: Filter{Sites: []string{"live"}}})
		if s.Start() != cursors[4] {
			t.Errorf("start = %d, want the last cursor %d", s.Start(), cursors[4])
		}
		mustAppend(t, l, art("other", "elsewhere", "en", "x"), DedupByID)
		want := mustAppend(t, l, art("new", "live", "en", "y"), DedupByID)
		e := next(t, s, 1)[0]
		if e.Article.GetId() != "new" || e.Cursor != want.Cursor {
			t.Fatalf("delivered %s at %d, want new at %d", e.Article.GetId(), e.Cursor, want.Cursor)
		}
	})
	t.Run("cursor_beyond_the_end_is_out_of_range", func(t *testing.T) {
		_, err := l.Subscribe(testCtx(t), SubscribeOptions{Start: StartAfter, After: 1000})
		var ce *CursorError
		if !errors.Is(err, ErrCursorOutOfRange) || !errors.As(err, &ce) || ce.Cursor != 1000 {
			t.Fatalf("err = %v, want a CursorError for 1000", err)
		}
	})
	t.Run("cursor_older_than_retention_is_out_of_range", func(t *testing.T) {
		if err := l.stream.Purge(testCtx(t), jetstream.WithPurgeSequence(cursors[2])); err != nil {
			t.Fatal(err)
		}
		if _, err := l.Subscribe(testCtx(t), SubscribeOptions{Start: StartAfter, After: cursors[0]}); !errors.Is(err, ErrCursorOutOfRange) {
			t.Fatalf("err = %v, want ErrCursorOutOfRange", err)
		}
		// The cursor just before the oldest article misses nothing.
		s := subscribe(t, l, SubscribeOptions{Start: StartAfter, After: cursors[1]})
		if got := ids(next(t, s, 1)); got[0] != "a2" {
			t.Fatalf("delivered %v, want a2 first", got)
		}
	})
}

// TestLaggingSubscriberIsCutOffAndResumes: a live subscriber that stops
// reading while more than MaxLag articles are stored fails with a LagError
// when it reads again, and a new subscription after its last cursor gets
// the rest, each article once.
func TestLaggingSubscriberIsCutOffAndResumes(t *testing.T) {
	l := openLog(t, func(c *Config) { c.MaxLag, c.SubscribeBuffer = 5, 2 })
	slow := subscribe(t, l, SubscribeOptions{Start: StartNow})
	const n = 60
	var want []string
	for i := range n {
		a := art(fmt.Sprint("a", i), "s", "en", fmt.Sprint(i))
		mustAppend(t, l, a, DedupByID)
		want = append(want, a.ID)
	}
	var got []string
	var last uint64
	var lagErr *LagError
	for {
		e, err := slow.Next(testCtx(t))
		if errors.As(err, &lagErr) {
			break
		}
		if err != nil {
			t.Fatalf("slow subscriber after %d: %v", len(got), err)
		}
		got, last = append(got, e.Article.GetId()), e.Cursor
		if len(got) == n {
			t.Fatal("the slow subscriber got everything without being cut off")
		}
		// Slow indeed: the lag is checked at most once a second, and a
		// check the log is too busy to answer must not let a fast reader
		// drain the backlog before the next one.
		time.Sleep(50 * time.Millisecond)
	}
	if !errors.Is(lagErr, ErrLagging) || lagErr.Limit != 5 || lagErr.Lag <= 5 {
		t.Fatalf("lag error = %+v", lagErr)
	}
	resumed := subscribe(t, l, SubscribeOptions{Start: StartAfter, After: last})
	got = append(got, ids(next(t, resumed, n-len(got)))...)
	if !slices.Equal(got, want) {
		t.Fatalf("before and after resuming the slow subscriber got %v, want %v", got, want)
	}
}

// TestReplayIsNotCutOff: a subscriber replaying more stored articles than
// MaxLag at its own pace is not lagging: it has not caught up yet.
func TestReplayIsNotCutOff(t *testing.T) {
	l := openLog(t, func(c *Config) { c.MaxLag, c.SubscribeBuffer = 3, 2 })
	for i := range 30 {
		mustAppend(t, l, art(fmt.Sprint("a", i), "s", "en", fmt.Sprint(i)), DedupByID)
	}
	s := subscribe(t, l, SubscribeOptions{Start: StartBeginning})
	if got := next(t, s, 30); got[29].Article.GetId() != "a29" {
		t.Fatalf("last replayed = %s", got[29].Article.GetId())
	}
}

func TestDataDirIsLockedWhileOpen(t *testing.T) {
	dir := t.TempDir()
	openLog(t, func(c *Config) { c.DataDir = dir })
	cfg := DefaultConfig()
	cfg.DataDir = dir
	if l, err := Open(testCtx(t), cfg); !errors.Is(err, ErrDataDirInUse) {
		if l != nil {
			l.Close()
		}
		t.Fatalf("second open = %v, want the data dir in use", err)
	}
}

func TestReopenKeepsTheLog(t *testing.T) {
	if testing.Short() {
		t.Skip("a restart test: go test without -short runs it")
	}
	dir := t.TempDir()
	cfg := DefaultConfig()
	cfg.DataDir = dir
	l, err := Open(testCtx(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	first := mustAppend(t, l, art("kept", "s", "en", "x"), DedupByID)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l = openLog(t, func(c *Config) { c.DataDir = dir })
	again := mustAppend(t, l, art("kept", "s", "en", "x"), DedupByID)
	if !again.Duplicate || again.Cursor != first.Cursor {
		t.Fatalf("after reopening: %+v, want a duplicate at %d", again, first.Cursor)
	}
}

func TestClosedLogFails(t *testing.T) {
	l := openLog(t, nil)
	s := subscribe(t, l, SubscribeOptions{Start: StartNow})
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Append(testCtx(t), art("x", "s", "en", "x"), DedupByID); !errors.Is(err, ErrClosed) {
		t.Errorf("append after close = %v, want ErrClosed", err)
	}
	if _, err := s.Next(testCtx(t)); !errors.Is(err, ErrClosed) {
		t.Errorf("next after close = %v, want ErrClosed", err)
	}
}

func TestConfigIsValidated(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Config)
	}{
		{"embedded_with_replicas", func(c *Config) { c.Replicas = 3 }},
		{"bad_stream_name", func(c *Config) { c.Stream = "a.b" }},
		{"wildcard_prefix", func(c *Config) { c.SubjectPrefix = "a.*" }},
		{"window_over_max_age", func(c *Config) { c.MaxAge = time.Minute; c.DuplicateWindow = time.Hour }},
		{"listen_with_url", func(c *Config) { c.URL = "nats://127.0.0.1:1"; c.Listen = ":4222" }},
		{"zero_lag", func(c *Config) { c.MaxLag = 0 }},
		{"zero_subscribe_bytes", func(c *Config) { c.SubscribeMaxBytes = 0 }},
		{"total_under_one_subscription", func(c *Config) { c.SubscribeTotalBytes = int64(c.SubscribeMaxBytes) - 1 }},
		{"zero_stall_timeout", func(c *Config) { c.SubscribeStallTimeout = 0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.DataDir = t.TempDir()
			tt.mutate(&cfg)
			if l, err := Open(testCtx(t), cfg); err == nil {
				l.Close()
				t.Fatal("open succeeded")
			}
		})
	}
}

// TestSubscriptionSurvivesLosingItsConsumer: a subscription whose consumer
// disappears (deleted, or lost with its server) re-creates it after the
// last article it handled: nothing is missed or repeated.
func TestSubscriptionSurvivesLosingItsConsumer(t *testing.T) {
	l := openLog(t, nil)
	var want []string
	appendN := func(from, to int) {
		for i := from; i < to; i++ {
			a := art(fmt.Sprint("a", i), "s", "en", fmt.Sprint(i))
			mustAppend(t, l, a, DedupByID)
			want = append(want, a.ID)
		}
	}
	appendN(0, 5)
	s := subscribe(t, l, SubscribeOptions{Start: StartBeginning})
	got := ids(next(t, s, 5))
	names := l.stream.ConsumerNames(testCtx(t))
	deleted := 0
	for name := range names.Name() {
		if err := l.js.DeleteConsumer(testCtx(t), l.cfg.Stream, name); err != nil {
			t.Fatal(err)
		}
		deleted++
	}
	if deleted != 1 {
		t.Fatalf("deleted %d consumers, want the subscription's one", deleted)
	}
	appendN(5, 12)
	got = append(got, ids(next(t, s, 7))...)
	if !slices.Equal(got, want) {
		t.Fatalf("delivered %v, want %v", got, want)
	}
}
