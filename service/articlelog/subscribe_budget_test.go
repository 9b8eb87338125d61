package articlelog

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// bigArticles appends n articles of about size bytes each and returns
// their ids in log order.
func bigArticles(tb testing.TB, l *Log, n, size int) []string {
	tb.Helper()
	var ids []string
	for i := range n {
		body := fmt.Sprintf("%04d %s", i, strings.Repeat("x", size))
		a := art(fmt.Sprint("big", i), "s", "en", body)
		mustAppend(tb, l, a, DedupByID)
		ids = append(ids, a.ID)
	}
	return ids
}

// eventually polls cond for up to 10 s.
func eventually(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			tb.Fatalf("after 10s: %s", what)
		}
	}
}

// A subscription whose reader does not read holds at most its byte budget
// (or one article), however many articles its buffer could count; before,
// it held 64 buffered articles plus a fetch of 32 whatever their size.
// Nothing is lost: reading on delivers every article in order.
func TestSubscriptionHoldsAtMostItsBytes(t *testing.T) {
	const budget, size = 64 << 10, 10 << 10
	l := openLog(t, func(c *Config) { c.SubscribeMaxBytes = budget })
	want := bigArticles(t, l, 40, size)
	s := subscribe(t, l, SubscribeOptions{Start: StartBeginning})
	eventually(t, "the subscription fetched articles", func() bool { return s.own.Held() > 0 })
	time.Sleep(200 * time.Millisecond) // time for a fetch beyond the budget, if there were one
	if h := s.own.Held(); h > budget {
		t.Fatalf("a subscription not read holds %d bytes, over its budget of %d", h, budget)
	}
	if n := len(s.entries); n >= 40 || n*size > budget {
		t.Fatalf("the buffer holds %d articles of %d bytes under a budget of %d", n, size, budget)
	}
	if got := ids(next(t, s, 40)); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("read on, the subscription delivered %v, want %v", got, want)
	}
}

// An article larger than the whole budget still goes, alone.
func TestSubscriptionDeliversAnArticleLargerThanItsBudget(t *testing.T) {
	l := openLog(t, func(c *Config) { c.SubscribeMaxBytes = 4 << 10 })
	want := bigArticles(t, l, 3, 20<<10)
	s := subscribe(t, l, SubscribeOptions{Start: StartBeginning})
	if got := ids(next(t, s, 3)); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("got %v, want %v", got, want)
	}
}

// The log's shared budget bounds every subscription together: four
// readers that stop reading hold at most it, whatever their own budgets
// allow. A reader waiting for the others' share is not stalled: the
// stalled ones are ended, and it gets everything. Closing them gives every
// byte back.
func TestSubscriptionsShareTheLogsBudget(t *testing.T) {
	const own, total, size = 64 << 10, 100 << 10, 10 << 10
	l := openLog(t, func(c *Config) {
		c.SubscribeMaxBytes, c.SubscribeTotalBytes, c.SubscribeStallTimeout = own, total, 500*time.Millisecond
	})
	bigArticles(t, l, 30, size)
	var subs []*Subscription
	for range 4 {
		subs = append(subs, subscribe(t, l, SubscribeOptions{Start: StartBeginning}))
	}
	eventually(t, "the subscriptions took a share of the budget", func() bool { return l.subscribed.Held() > total/2 })
	time.Sleep(200 * time.Millisecond)
	if h := l.subscribed.Held(); h > total {
		t.Fatalf("4 subscriptions hold %d bytes together, over the shared budget of %d", h, total)
	}
	if got := next(t, subs[0], 30); len(got) != 30 {
		t.Fatalf("a reading subscription got %d articles", len(got))
	}
	// Those that held articles were ended; one still waiting for its first
	// share was not, and delivers.
	stalled := 0
	for i, s := range subs[1:] {
		_, err := s.Next(testCtx(t))
		switch {
		case errors.Is(err, ErrStalled):
			stalled++
		case err != nil:
			t.Fatalf("subscription %d: %v, want an article or ErrStalled", i+1, err)
		}
	}
	if stalled == 0 {
		t.Fatal("no subscription left unread was ended")
	}
	for _, s := range subs {
		s.Close()
	}
	if h := l.subscribed.Held(); h != 0 {
		t.Fatalf("%d bytes still held after every subscription closed", h)
	}
}

// A reader that leaves articles waiting past the stall timeout ends its
// subscription with a StallError naming what waited; one that reads slowly
// but steadily is never ended.
func TestStalledSubscriberIsEnded(t *testing.T) {
	const stall = 300 * time.Millisecond
	l := openLog(t, func(c *Config) { c.SubscribeMaxBytes, c.SubscribeStallTimeout = 32<<10, stall })
	want := bigArticles(t, l, 20, 10<<10)

	t.Run("a reader that stops is ended", func(t *testing.T) {
		s := subscribe(t, l, SubscribeOptions{Start: StartBeginning})
		first := next(t, s, 1)
		select {
		case <-s.Failed():
		case <-time.After(10 * time.Second):
			t.Fatal("a subscription left unread for 10s under a 300ms stall timeout is still open")
		}
		_, err := s.Next(testCtx(t))
		var se *StallError
		if !errors.As(err, &se) || !errors.Is(err, ErrStalled) || se.Held <= 0 || se.Limit != 32<<10 {
			t.Fatalf("next after the stall = %v (%+v), want a StallError with what was held", err, se)
		}
		resumed := subscribe(t, l, SubscribeOptions{Start: StartAfter, After: first[0].Cursor})
		if got := ids(next(t, resumed, 19)); strings.Join(got, ",") != strings.Join(want[1:], ",") {
			t.Fatalf("resumed after the stall: %v", got)
		}
	})
	t.Run("a slow steady reader is not ended", func(t *testing.T) {
		s := subscribe(t, l, SubscribeOptions{Start: StartBeginning})
		for i := range 20 {
			if _, err := s.Next(testCtx(t)); err != nil {
				t.Fatalf("article %d: %v", i, err)
			}
			time.Sleep(stall / 3)
		}
	})
	t.Run("a reader with nothing to take is not ended", func(t *testing.T) {
		s := subscribe(t, l, SubscribeOptions{Start: StartNow})
		time.Sleep(3 * stall)
		mustAppend(t, l, art("late", "s", "en", "late"), DedupByID)
		if got := next(t, s, 1); got[0].Article.GetId() != "late" {
			t.Fatalf("got %s", got[0].Article.GetId())
		}
	})
}
