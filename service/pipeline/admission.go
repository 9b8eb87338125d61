package pipeline

import (
	"context"
	"sync"
)

// clientKey is the context key of the party documents are processed for.
type clientKey struct{}

// ForClient marks ctx as work for one party (a credential, an address):
// Admit keeps one party from taking every slot while another waits.
func ForClient(ctx context.Context, client string) context.Context {
	return context.WithValue(ctx, clientKey{}, client)
}

func clientOf(ctx context.Context) string {
	c, _ := ctx.Value(clientKey{}).(string)
	return c
}

// slots bounds the documents in progress, and shares them among parties:
// one party holds at most all but one of them, so work for any other
// party starts as soon as it arrives, whatever the first one sends; and a
// freed slot goes to the waiting party that holds the fewest.
//
// Slots are still cheap to keep busy for one party: there are twice as
// many as CPUs by default, so all but one is enough to use every core.
type slots struct {
	n       int
	perOne  int // what one party may hold
	mu      sync.Mutex
	held    map[string]int
	total   int
	waiting []*waiter // in arrival order
}

type waiter struct {
	client string
	ready  chan struct{} // closed when granted
}

func newSlots(n int) *slots {
	return &slots{n: n, perOne: max(1, n-1), held: map[string]int{}}
}

// acquire waits for a slot for client, or for ctx.
func (s *slots) acquire(ctx context.Context, client string) error {
	s.mu.Lock()
	if len(s.waiting) == 0 && s.fits(client) {
		s.take(client)
		s.mu.Unlock()
		return nil
	}
	w := &waiter{client: client, ready: make(chan struct{})}
	s.waiting = append(s.waiting, w)
	s.grant()
	s.mu.Unlock()
	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
		s.mu.Lock()
		defer s.mu.Unlock()
		select {
		case <-w.ready:
			// Granted meanwhile: give it back.
			s.put(client)
		default:
			for i, o := range s.waiting {
				if o == w {
					s.waiting = append(s.waiting[:i], s.waiting[i+1:]...)
					break
				}
			}
		}
		s.grant()
		return ctx.Err()
	}
}

// release gives client's slot back.
func (s *slots) release(client string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.put(client)
	s.grant()
}

func (s *slots) fits(client string) bool { return s.total < s.n && s.held[client] < s.perOne }

func (s *slots) take(client string) {
	s.total++
	s.held[client]++
}

func (s *slots) put(client string) {
	s.total--
	if s.held[client]--; s.held[client] <= 0 {
		delete(s.held, client)
	}
}

// grant hands free slots to waiters: each time to the first waiter of
// the party that holds the fewest, among those under their share.
func (s *slots) grant() {
	for s.total < s.n {
		best := -1
		for i, w := range s.waiting {
			if s.held[w.client] < s.perOne && (best < 0 || s.held[w.client] < s.held[s.waiting[best].client]) {
				best = i
			}
		}
		if best < 0 {
			return
		}
		w := s.waiting[best]
		s.waiting = append(s.waiting[:best], s.waiting[best+1:]...)
		s.take(w.client)
		close(w.ready)
	}
}
