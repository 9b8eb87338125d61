package server

import (
	"context"
	"errors"
	"time"

	"google.golang.org/protobuf/proto"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/articlelog"
)

// Subscribe sends the opening message (the cursor delivery starts after),
// then every matching article. However it ends (too far behind, stalled,
// the server shutting down), the status names the cursor to resume from.
//
// Articles are sent from a goroutine of their own, so that the handler
// can end the call while a send is blocked on a client that does not
// read: gRPC's Send waits for flow control as long as the stream lasts,
// and returning from the handler is what ends it.
func (h *handlers) Subscribe(req *articlev1.SubscribeRequest, stream articlev1.ArticleService_SubscribeServer) error {
	ctx := stream.Context()
	opts := subscribeOptionsFromProto(req)
	sub, err := h.articles.Subscribe(ctx, opts)
	if err != nil {
		return err
	}
	defer sub.Close()
	h.metrics.SubscriberCount(1)
	defer h.metrics.SubscriberCount(-1)
	last := sub.Start()
	if err := stream.Send(&articlev1.SubscribeResponse{Cursor: last}); err != nil {
		return err
	}
	next, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(h.subscriptions, cancel)()
	out := make(chan encoded)
	defer close(out)
	sent := make(chan error, 1)
	go func() {
		for m := range out {
			err := stream.SendMsg(m)
			sent <- err
			if err != nil {
				return
			}
		}
	}()
	end := func(err error) error {
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case h.subscriptions.Err() != nil:
			err = errShuttingDown
		}
		return &resumeError{Cursor: last, Err: err}
	}
	for {
		e, err := sub.Next(next)
		if err != nil {
			return end(err)
		}
		// Only the bytes are kept (e is dead past here) while the client
		// may hold the send up.
		cursor := e.Cursor
		b, err := proto.Marshal(&articlev1.SubscribeResponse{Cursor: cursor, Entry: entryToProto(e)})
		if err != nil {
			return end(err)
		}
		out <- encoded(b)
		select {
		case err := <-sent:
			if err != nil {
				return err
			}
		case <-sub.Failed():
			_, err := sub.Next(next)
			return end(settle(sent, &last, cursor, err))
		case <-next.Done():
			return end(settle(sent, &last, cursor, next.Err()))
		}
		h.metrics.Delivered(1)
		last = cursor
	}
}

// settleWait is how long a subscription that is ending waits for the send
// in flight: the status must name the last article the client will have
// received before it, and one sent just now is among them.
const settleWait = time.Second

// settle waits up to settleWait for the send in flight and, if it went
// out, moves last to its cursor. A send still blocked then is on a client
// that does not read; the stream's end discards it.
func settle(sent <-chan error, last *uint64, cursor uint64, err error) error {
	t := time.NewTimer(settleWait)
	defer t.Stop()
	select {
	case serr := <-sent:
		if serr == nil {
			*last = cursor
		}
	case <-t.C:
	}
	return err
}

func subscribeOptionsFromProto(req *articlev1.SubscribeRequest) articlelog.SubscribeOptions {
	o := articlelog.SubscribeOptions{Filter: filterFromProto(req.GetFilter())}
	switch start := req.GetStart().(type) {
	case *articlev1.SubscribeRequest_AfterCursor:
		o.Start, o.After = articlelog.StartAfter, start.AfterCursor
	case *articlev1.SubscribeRequest_Since:
		o.Start, o.Since = articlelog.StartSince, start.Since.AsTime()
	case *articlev1.SubscribeRequest_FromStart:
		if start.FromStart {
			o.Start = articlelog.StartBeginning
		}
	}
	return o
}

func (h *handlers) GetArticle(ctx context.Context, req *articlev1.GetArticleRequest) (*articlev1.GetArticleResponse, error) {
	e, err := h.articles.Get(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	return &articlev1.GetArticleResponse{Entry: entryToProto(e)}, nil
}

func (h *handlers) ListArticles(ctx context.Context, req *articlev1.ListArticlesRequest) (*articlev1.ListArticlesResponse, error) {
	page, err := h.articles.List(ctx, articlelog.ListOptions{
		Filter: filterFromProto(req.GetFilter()), PageSize: int(req.GetPageSize()), PageToken: req.GetPageToken(),
	})
	if err != nil {
		return nil, err
	}
	resp := &articlev1.ListArticlesResponse{NextPageToken: page.NextPageToken}
	for _, e := range page.Entries {
		resp.Entries = append(resp.Entries, entryToProto(e))
	}
	return resp, nil
}

// errShuttingDown ends the subscriptions of a server that is stopping.
var errShuttingDown = errors.New("the server is shutting down")

// resumeError ends a subscription that the client can resume: it carries
// the cursor of the last article sent.
type resumeError struct {
	Cursor uint64
	Err    error
}

func (e *resumeError) Error() string { return e.Err.Error() }
func (e *resumeError) Unwrap() error { return e.Err }
