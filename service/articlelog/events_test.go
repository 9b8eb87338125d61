package articlelog

import (
	"slices"
	"sync"
	"testing"
	"time"
)

// eventLog records the connection events of a log, and is closed when the
// "closed" event, the last one a connection reports, arrives.
type eventLog struct {
	mu     sync.Mutex
	kinds  []string
	closed chan struct{}
}

func (e *eventLog) record(ev Event) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.kinds = append(e.kinds, ev.Kind)
	if ev.Kind == "closed" {
		close(e.closed)
	}
}

// waitFor returns once an event of kind has arrived: events are told
// asynchronously.
func (e *eventLog) waitFor(tb testing.TB, kind string) {
	tb.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		e.mu.Lock()
		seen := slices.Contains(e.kinds, kind)
		e.mu.Unlock()
		if seen {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("no %s event", kind)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (e *eventLog) waitClosed(tb testing.TB) []string {
	tb.Helper()
	select {
	case <-e.closed:
	case <-time.After(30 * time.Second):
		tb.Fatal("no closed event")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.kinds)
}

func TestConnectionEvents(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		stop   func(*Log, *eventLog)
		want   []string
	}{
		{"close_reports_closed_only", "a clean stop is not a lost connection: no warning on every shutdown",
			func(l *Log, _ *eventLog) { l.Close() }, []string{"closed"}},
		{"a_server_gone_reports_disconnected", "losing the log while running must still be reported",
			func(l *Log, ev *eventLog) {
				l.ns.Shutdown()
				ev.waitFor(t, "disconnected")
				l.Close()
			}, []string{"disconnected", "closed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := &eventLog{closed: make(chan struct{})}
			l := openLog(t, func(c *Config) { c.Events = ev.record })
			tt.stop(l, ev)
			if got := ev.waitClosed(t); !slices.Equal(got, tt.want) {
				t.Fatalf("events %q, want %q (%s)", got, tt.want, tt.reason)
			}
		})
	}
}
