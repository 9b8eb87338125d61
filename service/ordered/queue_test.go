package ordered

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

func TestResultsComeBackInOrderWithinTheBounds(t *testing.T) {
	const workers, window, n = 3, 5, 100
	q := New[int](workers, window)
	var running, added, returned, maxRunning atomic.Int64
	go func() {
		defer q.Close()
		for i := range n {
			if err := q.Add(context.Background(), func() int {
				r := running.Add(1)
				for m := maxRunning.Load(); r > m && !maxRunning.CompareAndSwap(m, r); m = maxRunning.Load() {
				}
				time.Sleep(time.Duration(n-i) % 7 * 100 * time.Microsecond)
				running.Add(-1)
				return i
			}); err != nil {
				t.Errorf("add %d: %v", i, err)
				return
			}
			if ahead := added.Add(1) - returned.Load(); ahead > window {
				t.Errorf("%d pieces of work added ahead of their results, window %d", ahead, window)
			}
		}
	}()
	for want := 0; ; want++ {
		v, ok, err := q.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			if want != n {
				t.Fatalf("ended after %d results, want %d", want, n)
			}
			break
		}
		returned.Add(1)
		if v != want {
			t.Fatalf("result %d is %d", want, v)
		}
	}
	if m := maxRunning.Load(); m > workers {
		t.Errorf("%d ran at once, workers %d", m, workers)
	}
}

func TestEndedContexts(t *testing.T) {
	q := New[int](1, 2)
	ctx, cancel := context.WithCancel(context.Background())
	release := make(chan struct{})
	if err := q.Add(ctx, func() int { <-release; return 1 }); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := q.Add(ctx, func() int { return 2 }); !errors.Is(err, context.Canceled) {
		t.Errorf("add past a full window with ctx ended: err = %v", err)
	}
	if _, ok, err := q.Next(ctx); !ok || !errors.Is(err, context.Canceled) {
		t.Errorf("next with ctx ended: ok %v err %v", ok, err)
	}
	close(release)
	q.Close()
	if _, ok, _ := q.Next(context.Background()); ok {
		t.Error("next after close: ok")
	}
}
