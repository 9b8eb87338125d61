package budget

import (
	"context"
	"sync"
)

// Bytes is a budget of bytes shared by any number of goroutines. The zero
// limit, or less, bounds nothing.
type Bytes struct {
	limit int64
	mu    sync.Mutex
	held  int64
	// freed is closed, and replaced, whenever bytes are released: every
	// waiter looks again, since the freed bytes may fit a smaller holding
	// than the first waiter's.
	freed chan struct{}
}

// New returns a budget of limit bytes.
func New(limit int64) *Bytes {
	return &Bytes{limit: limit, freed: make(chan struct{})}
}

// Acquire holds n bytes, waiting until they fit: held+n within the limit,
// or nothing held. It returns ctx's error if ctx ends first, holding
// nothing.
func (b *Bytes) Acquire(ctx context.Context, n int64) error {
	for {
		ok, freed := b.try(n)
		if ok {
			return nil
		}
		select {
		case <-freed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// TryAcquire holds n bytes if they fit now.
func (b *Bytes) TryAcquire(n int64) bool {
	ok, _ := b.try(n)
	return ok
}

func (b *Bytes) try(n int64) (bool, <-chan struct{}) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.limit <= 0 || b.held == 0 || b.held+n <= b.limit {
		b.held += n
		return true, nil
	}
	return false, b.freed
}

// Release gives back n bytes acquired before.
func (b *Bytes) Release(n int64) {
	if n == 0 {
		return
	}
	b.mu.Lock()
	b.held -= n
	close(b.freed)
	b.freed = make(chan struct{})
	b.mu.Unlock()
}

// Held is how many bytes are held now.
func (b *Bytes) Held() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.held
}

// Limit is the budget's limit; 0 or less bounds nothing.
func (b *Bytes) Limit() int64 { return b.limit }
