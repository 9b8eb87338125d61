package articlelog

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"articleservice/service/article"
)

// openLog opens an embedded log in a temporary directory, closed when the
// test ends. mutate, when set, changes the default config first.
func openLog(tb testing.TB, mutate func(*Config)) *Log {
	tb.Helper()
	cfg := DefaultConfig()
	cfg.DataDir = tb.TempDir()
	if mutate != nil {
		mutate(&cfg)
	}
	l, err := Open(testCtx(tb), cfg)
	if err != nil {
		tb.Fatalf("open log: %v", err)
	}
	tb.Cleanup(func() {
		if err := l.Close(); err != nil {
			tb.Errorf("close log: %v", err)
		}
	})
	return l
}

func testCtx(tb testing.TB) context.Context {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	tb.Cleanup(cancel)
	return ctx
}

// art is an article as the pipeline would make it; body fixes its content hash.
func art(id, site, lang, body string) *article.Article {
	sum := sha256.Sum256([]byte(body))
	return &article.Article{ID: id, Site: site, Language: lang, BodyText: body, ContentHash: hex.EncodeToString(sum[:])}
}

func mustAppend(tb testing.TB, l *Log, a *article.Article, d Dedup) Appended {
	tb.Helper()
	res, err := l.Append(testCtx(tb), a, d)
	if err != nil {
		tb.Fatalf("append %s: %v", a.ID, err)
	}
	return res
}

func subscribe(tb testing.TB, l *Log, o SubscribeOptions) *Subscription {
	tb.Helper()
	s, err := l.Subscribe(testCtx(tb), o)
	if err != nil {
		tb.Fatalf("subscribe: %v", err)
	}
	tb.Cleanup(s.Close)
	return s
}

// next reads n entries.
func next(tb testing.TB, s *Subscription, n int) []Entry {
	tb.Helper()
	var out []Entry
	for range n {
		e, err := s.Next(testCtx(tb))
		if err != nil {
			tb.Fatalf("next after %d entries: %v", len(out), err)
		}
		out = append(out, e)
	}
	return out
}

func ids(es []Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Article.GetId())
	}
	return out
}
