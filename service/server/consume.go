package server

import (
	"context"
	"errors"
	"io"
	"sync"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/article"
	"articleservice/service/articlelog"
)

// Consume makes the stream one member of a group: join first, then
// deliveries out and acknowledgements in, each on a goroutine of its own.
// However the stream ends (the client half-closes or goes away, an
// acknowledgement fails, the group is deleted, the server stops), the
// member closes and the articles it held go to the other members at once.
//
// Deliveries are sent from their own goroutine, so that the handler can
// end the call while a send is blocked on a client that does not read:
// returning from the handler is what ends it.
func (g *groups) Consume(stream articlev1.ConsumerGroupService_ConsumeServer) error {
	ctx := stream.Context()
	first, err := stream.Recv()
	if errors.Is(err, io.EOF) {
		return nil
	}
	if err != nil {
		return err
	}
	join := first.GetJoin()
	if join == nil {
		return article.Invalid("join", "the first message of the stream must be join", nil)
	}
	m, err := g.articles.Join(ctx, join.GetGroup(), articlelog.MemberOptions{MaxInFlight: int(join.GetMaxInFlight()), MaxBytes: join.GetMaxBytes()})
	if err != nil {
		return err
	}
	defer m.Close()
	// Acks received are applied before the call ends, so that what a
	// client reads after the stream ended includes them.
	acking := &ackGate{}
	defer acking.close()
	name, opts := m.Group().Name, m.Options()
	if err := stream.Send(&articlev1.ConsumeResponse{Event: &articlev1.ConsumeResponse_Joined{Joined: &articlev1.Joined{
		Group: groupToProto(m.Group()), MaxInFlight: int32(opts.MaxInFlight), MaxBytes: opts.MaxBytes,
	}}}); err != nil {
		return err
	}
	g.metrics.GroupMembers(name, 1)
	defer g.metrics.GroupMembers(name, -1)

	run, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(g.stopping, cancel)()
	sendErr := make(chan error, 1)
	go func() { sendErr <- g.deliver(run, stream, m) }()
	recvErr := make(chan error, 1)
	ackErr := make(chan error, 1) // the first ack that failed
	go func() { recvErr <- g.apply(run, stream, m, acking, ackErr) }()

	select {
	case err := <-recvErr:
		if errors.Is(err, io.EOF) {
			// The member half-closed: what it acknowledged is applied, the
			// rest goes back to the group.
			return nil
		}
		return g.end(ctx, err)
	case err := <-ackErr:
		return g.end(ctx, err)
	case err := <-sendErr:
		return g.end(ctx, err)
	case <-run.Done():
		return g.end(ctx, run.Err())
	}
}

// end is the status a Consume ends with.
func (g *groups) end(ctx context.Context, err error) error {
	switch {
	case ctx.Err() != nil:
		err = ctx.Err()
	case g.stopping.Err() != nil:
		err = articlelog.ErrClosed // UNAVAILABLE: the server is shutting down
	}
	return err
}

// deliver sends the member's deliveries until it fails or run ends.
func (g *groups) deliver(run context.Context, stream articlev1.ConsumerGroupService_ConsumeServer, m *articlelog.Member) error {
	name := m.Group().Name
	for {
		d, err := m.Next(run)
		if err != nil {
			return err
		}
		if err := stream.Send(&articlev1.ConsumeResponse{Event: &articlev1.ConsumeResponse_Delivery{Delivery: &articlev1.Delivery{
			DeliveryId: d.ID, DeliveryCount: int32(d.Count), Entry: entryToProto(d.Entry),
		}}}); err != nil {
			return err
		}
		g.metrics.GroupDelivered(name)
	}
}

// apply receives the member's acknowledgements and applies them. Acks
// are applied concurrently (as many at once as the member may hold
// articles): each waits for the log to store it, and one at a time a
// member's throughput would be one round trip per article. The first ack
// that fails is sent on ackErr, which ends the stream. Nacks,
// terminates and extends are applied in turn. When the member half-closes,
// apply returns io.EOF only once every ack received is applied, so that a
// member that stops cleanly has had its acknowledgements stored.
func (g *groups) apply(run context.Context, stream articlev1.ConsumerGroupService_ConsumeServer, m *articlelog.Member, acking *ackGate, ackErr chan error) error {
	name := m.Group().Name
	acks := make(chan struct{}, max(1, m.Options().MaxInFlight))
	// An ack received is applied even if the stream ends meanwhile (an
	// error on a later message, the client gone): the member sent it, and
	// the log's retry timeout bounds it.
	ackCtx := context.WithoutCancel(run)
	for {
		req, err := stream.Recv()
		if err != nil {
			acking.wait()
			select {
			case aerr := <-ackErr:
				return aerr
			default:
			}
			return err
		}
		switch a := req.GetAction().(type) {
		case *articlev1.ConsumeRequest_Ack:
			select {
			case acks <- struct{}{}:
			case <-run.Done():
				return run.Err()
			}
			if !acking.start() {
				return run.Err()
			}
			go func() {
				defer acking.done()
				defer func() { <-acks }()
				if err := m.Ack(ackCtx, a.Ack.GetDeliveryId()); err != nil {
					select {
					case ackErr <- err:
					default:
					}
					return
				}
				g.metrics.GroupAcked(name)
			}()
			continue
		case *articlev1.ConsumeRequest_Nack:
			err = m.Nack(run, a.Nack.GetDeliveryId(), a.Nack.GetDelay().AsDuration())
		case *articlev1.ConsumeRequest_Terminate:
			err = m.Terminate(run, a.Terminate.GetDeliveryId(), a.Terminate.GetReason())
		case *articlev1.ConsumeRequest_Extend:
			err = m.Extend(run, a.Extend.GetDeliveryId())
		case *articlev1.ConsumeRequest_Join:
			err = article.Invalid("join", "only the first message of the stream joins", nil)
		default:
			err = article.Invalid("action", "is required: ack, nack, terminate or extend", nil)
		}
		if err != nil {
			return err
		}
	}
}

// ackGate counts the acks being applied. Acks start until the call ends;
// close then waits for those started. (A bare WaitGroup would let the
// receiving goroutine add an ack while the handler waits.)
type ackGate struct {
	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

// start counts an ack in; false once the call has ended.
func (a *ackGate) start() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return false
	}
	a.wg.Add(1)
	return true
}

func (a *ackGate) done() { a.wg.Done() }

// wait waits for the acks started so far; only the goroutine that starts
// them may call it.
func (a *ackGate) wait() { a.wg.Wait() }

// close lets no more acks start and waits for those started.
func (a *ackGate) close() {
	a.mu.Lock()
	a.closed = true
	a.mu.Unlock()
	a.wg.Wait()
}
