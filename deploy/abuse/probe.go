package main

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"

	articlev1 "articleservice/proto/article/v1"
)

// latencies collects call durations.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d time.Duration) {
	l.mu.Lock()
	l.d = append(l.d, d)
	l.mu.Unlock()
}

func (l *latencies) n() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.d)
}

func (l *latencies) p99() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.d) == 0 {
		return 0
	}
	s := slices.Clone(l.d)
	slices.Sort(s)
	return s[(len(s)*99+99)/100-1]
}

// probe is another client of the server, on a connection of its own,
// calling Health.Check and a small Process every 20 ms while an attack
// runs, as a well-behaved user would.
func probe(ctx context.Context, conn *grpc.ClientConn, token string, doc []byte, health, process *latencies) (errs int, first error) {
	if token != "" {
		ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
	}
	hc := healthpb.NewHealthClient(conn)
	ac := articlev1.NewArticleServiceClient(conn)
	began := time.Now()
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return errs, first
		case <-t.C:
		}
		// A deadline of its own: one derived from the attack's would end
		// the last calls on the server's side of the deadline first.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		start := time.Now()
		_, err := hc.Check(cctx, &healthpb.HealthCheckRequest{})
		if err == nil {
			health.add(time.Since(start))
		} else if ctx.Err() == nil {
			errs, first = errs+1, cmp.Or(first, fmt.Errorf("health check %v into the attack: %w", time.Since(began).Round(time.Millisecond), err))
		}
		start = time.Now()
		_, err = ac.Process(cctx, &articlev1.ProcessRequest{Document: &articlev1.RawDocument{Id: "probe", Content: doc}})
		if err == nil {
			process.add(time.Since(start))
		} else if ctx.Err() == nil {
			errs, first = errs+1, cmp.Or(first, fmt.Errorf("process call %v into the attack: %w", time.Since(began).Round(time.Millisecond), err))
		}
		cancel()
	}
}
