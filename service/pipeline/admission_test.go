package pipeline

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// granted reports whether acquire returns within a short wait.
func granted(tb testing.TB, s *slots, client string) (bool, func()) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := s.acquire(ctx, client); err != nil {
		return false, nil
	}
	return true, func() { s.release(client) }
}

// One party never takes the last slot: before, a client sending large
// documents on every slot made any other client's small document wait
// behind them (Process p99 2.4 s under 16 concurrent 3 MB Sanitize calls).
func TestOnePartyLeavesASlotForOthers(t *testing.T) {
	tests := []struct {
		name      string
		n         int
		byA       int  // slots party a takes first
		aMore     bool // a then gets another one
		bGetsOne  bool // then b gets one
		wantTotal int
	}{
		{"a single slot serves one party at a time", 1, 1, false, false, 1},
		{"one party holds all but one of four", 4, 3, false, true, 4},
		{"two slots: one each", 2, 1, false, true, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSlots(tt.n)
			for i := range tt.byA {
				if ok, _ := granted(t, s, "a"); !ok {
					t.Fatalf("party a was refused slot %d of %d", i+1, tt.n)
				}
			}
			if ok, _ := granted(t, s, "a"); ok != tt.aMore {
				t.Fatalf("party a holding %d of %d got another: %v, want %v", tt.byA, tt.n, ok, tt.aMore)
			}
			if ok, _ := granted(t, s, "b"); ok != tt.bGetsOne {
				t.Fatalf("party b, with a holding %d of %d, got a slot: %v, want %v", tt.byA, tt.n, ok, tt.bGetsOne)
			}
			if s.total > tt.wantTotal {
				t.Fatalf("%d slots held of %d", s.total, tt.n)
			}
		})
	}
}

// A freed slot goes to the waiting party that holds the fewest, even if
// another party has waited longer.
func TestFreedSlotGoesToThePartyHoldingFewest(t *testing.T) {
	s := newSlots(4)
	var aRelease []func()
	for range 3 {
		_, r := granted(t, s, "a")
		aRelease = append(aRelease, r)
	}
	_, c := granted(t, s, "c") // all four taken: a 3, c 1
	order := make(chan string, 2)
	go func() { _ = s.acquire(context.Background(), "a"); order <- "a" }()
	time.Sleep(20 * time.Millisecond)
	go func() { _ = s.acquire(context.Background(), "b"); order <- "b" }()
	time.Sleep(20 * time.Millisecond)
	aRelease[0]() // a holds 2, b 0: b first
	if first := <-order; first != "b" {
		t.Fatalf("the freed slot went to %s, want b (holding none)", first)
	}
	c()
	if second := <-order; second != "a" {
		t.Fatalf("then %s", second)
	}
}

// A waiter that gives up holds nothing, even when it was granted a slot as
// it gave up.
func TestGivingUpHoldsNothing(t *testing.T) {
	s := newSlots(2)
	_, ra := granted(t, s, "a")
	_, rb := granted(t, s, "b")
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan error, 1)
	go func() { got <- s.acquire(ctx, "c") }()
	time.Sleep(10 * time.Millisecond)
	cancel()
	ra()
	if err := <-got; err != nil && !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	} else if err == nil {
		s.release("c")
	}
	rb()
	if s.total != 0 || len(s.held) != 0 || len(s.waiting) != 0 {
		t.Fatalf("after every release: %d held %v, %d waiting", s.total, s.held, len(s.waiting))
	}
}

// Under concurrent use the cap and the share always hold.
func TestSlotsUnderConcurrency(t *testing.T) {
	const n = 4
	s := newSlots(n)
	var total atomic.Int64
	per := map[string]*atomic.Int64{"a": {}, "b": {}, "c": {}}
	var wg sync.WaitGroup
	for client, c := range per {
		for range 6 {
			wg.Go(func() {
				for range 200 {
					if err := s.acquire(context.Background(), client); err != nil {
						t.Error(err)
						return
					}
					if v := total.Add(1); v > n {
						t.Errorf("%d documents in progress, over %d", v, n)
					}
					if v := c.Add(1); v > n-1 {
						t.Errorf("party %s holds %d slots of %d", client, v, n)
					}
					c.Add(-1)
					total.Add(-1)
					s.release(client)
				}
			})
		}
	}
	wg.Wait()
}
