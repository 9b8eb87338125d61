package server

import (
	"context"
	"errors"
	"io"

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
		return toStatus(ctx, g.log, article.Invalid("join", "the first message of the stream must be join", nil)).Err()
	}
	m, err := g.articles.Join(ctx, join.GetGroup(), articlelog.MemberOptions{MaxInFlight: int(join.GetMaxInFlight()), MaxBytes: join.GetMaxBytes()})
	if err != nil {
		return toStatus(ctx, g.log, err).Err()
	}
	defer m.Close()
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
	go func() { recvErr <- g.apply(run, stream, m) }()

	select {
	case err := <-recvErr:
		if errors.Is(err, io.EOF) {
			// The member half-closed: what it acknowledged is applied, the
			// rest goes back to the group.
			return nil
		}
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
	return toStatus(ctx, g.log, err).Err()
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

// apply receives the member's acknowledgements and applies each in turn:
// an ack returns once the log has stored it.
func (g *groups) apply(run context.Context, stream articlev1.ConsumerGroupService_ConsumeServer, m *articlelog.Member) error {
	name := m.Group().Name
	for {
		req, err := stream.Recv()
		if err != nil {
			return err
		}
		switch a := req.GetAction().(type) {
		case *articlev1.ConsumeRequest_Ack:
			err = m.Ack(run, a.Ack.GetDeliveryId())
			if err == nil {
				g.metrics.GroupAcked(name)
			}
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
