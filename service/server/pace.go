package server

import (
	"context"
	"time"
)

// pacer spaces a stream's documents to a rate. A stream over the rate is
// slowed, not failed: waiting here stops reading, and gRPC flow control
// pushes the wait back to the sender.
type pacer struct {
	interval time.Duration
	burst    time.Duration
	next     time.Time
}

func newPacer(perSecond float64) *pacer {
	if perSecond <= 0 {
		return &pacer{}
	}
	iv := time.Duration(float64(time.Second) / perSecond)
	// A second's worth of documents may arrive at once.
	return &pacer{interval: iv, burst: time.Second}
}

func (p *pacer) wait(ctx context.Context) error {
	if p.interval == 0 {
		return nil
	}
	now := time.Now()
	if floor := now.Add(-p.burst); p.next.Before(floor) {
		p.next = floor
	}
	if d := p.next.Sub(now); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	p.next = p.next.Add(p.interval)
	return nil
}
