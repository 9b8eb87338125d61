package budget_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"articleservice/service/budget"
)

func TestAcquire(t *testing.T) {
	tests := []struct {
		name  string
		limit int64
		held  []int64 // acquired first
		n     int64
		fits  bool
	}{
		{"fits under the limit", 100, []int64{40}, 60, true},
		{"waits over the limit", 100, []int64{40}, 61, false},
		{"one holding larger than the budget goes alone", 100, nil, 500, true},
		{"a large holding waits while anything is held", 100, []int64{1}, 500, false},
		{"no limit bounds nothing", 0, []int64{1 << 40}, 1 << 40, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := budget.New(tt.limit)
			for _, n := range tt.held {
				if !b.TryAcquire(n) {
					t.Fatalf("setup: TryAcquire(%d) failed", n)
				}
			}
			if got := b.TryAcquire(tt.n); got != tt.fits {
				t.Fatalf("TryAcquire(%d) with %v held = %v, want %v", tt.n, tt.held, got, tt.fits)
			}
		})
	}
}

func TestAcquireWaitsForRelease(t *testing.T) {
	b := budget.New(100)
	_ = b.Acquire(context.Background(), 80)
	got := make(chan error, 1)
	go func() { got <- b.Acquire(context.Background(), 50) }()
	select {
	case err := <-got:
		t.Fatalf("Acquire(50) with 80 of 100 held returned %v before any release", err)
	case <-time.After(50 * time.Millisecond):
	}
	b.Release(80)
	if err := <-got; err != nil {
		t.Fatalf("Acquire after release: %v", err)
	}
	if h := b.Held(); h != 50 {
		t.Fatalf("held %d, want 50", h)
	}
}

func TestAcquireEndsWithItsContext(t *testing.T) {
	b := budget.New(10)
	_ = b.Acquire(context.Background(), 10)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := b.Acquire(ctx, 5); err != context.DeadlineExceeded {
		t.Fatalf("Acquire past its context = %v, want context.DeadlineExceeded", err)
	}
	if h := b.Held(); h != 10 {
		t.Fatalf("a failed acquire left %d held, want 10", h)
	}
}

// Every waiter looks again on a release: one that does not fit must not
// swallow the wakeup of one that does.
func TestReleaseWakesEveryWaiter(t *testing.T) {
	b := budget.New(100)
	_ = b.Acquire(context.Background(), 100)
	big := make(chan error, 1)
	go func() { big <- b.Acquire(context.Background(), 95) }()
	small := make(chan error, 1)
	go func() { small <- b.Acquire(context.Background(), 10) }()
	time.Sleep(20 * time.Millisecond)
	b.Release(20) // 80 held: the small one fits, the big one does not
	select {
	case err := <-small:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the waiter that fits was not woken by the release")
	}
	b.Release(90)
	if err := <-big; err != nil {
		t.Fatal(err)
	}
}

// Concurrent holders never hold more than the limit together.
func TestNeverOverTheLimit(t *testing.T) {
	const limit = 1000
	b := budget.New(limit)
	var held, peak atomic.Int64
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				n := int64(1 + (g*31+i*17)%300)
				_ = b.Acquire(context.Background(), n)
				h := held.Add(n)
				for p := peak.Load(); h > p && !peak.CompareAndSwap(p, h); p = peak.Load() {
				}
				held.Add(-n)
				b.Release(n)
			}
		}()
	}
	wg.Wait()
	if p := peak.Load(); p > limit {
		t.Fatalf("holders held %d bytes together, over the limit of %d", p, limit)
	}
	if h := b.Held(); h != 0 {
		t.Fatalf("%d bytes held after every release", h)
	}
}
