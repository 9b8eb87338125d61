package server

import (
	"context"
	"errors"
	"io"
	"runtime"
	"runtime/debug"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/article"
	"articleservice/service/articlelog"
	"articleservice/service/articlepb"
	"articleservice/service/budget"
	"articleservice/service/ingest"
	"articleservice/service/ordered"
)

// ingester is the ingest use case over the pipeline the handlers run and
// the article log.
func (h *handlers) ingester() ingest.Ingester {
	return ingest.Ingester{Process: h.runPipeline, Log: h.articles}
}

func (h *handlers) Ingest(ctx context.Context, req *articlev1.IngestRequest) (*articlev1.IngestResponse, error) {
	if req.GetDocument() == nil {
		h.metrics.IngestFailed()
		return nil, article.Invalid("document", "is required", nil)
	}
	res, err := h.ingester().Ingest(ctx, articlepb.FromDocument(req.GetDocument()))
	if err != nil {
		h.metrics.IngestFailed()
		return nil, err
	}
	h.metrics.IngestDone(!res.Duplicate)
	return &articlev1.IngestResponse{Id: res.ID, Cursor: res.Cursor, Outcome: outcome(res)}, nil
}

func outcome(res articlelog.Appended) articlev1.IngestOutcome {
	if res.Duplicate {
		return articlev1.IngestOutcome_INGEST_OUTCOME_DUPLICATE
	}
	return articlev1.IngestOutcome_INGEST_OUTCOME_CREATED
}

// prepared is one document of an IngestStream, processed and waiting for
// its turn to be stored.
type prepared struct {
	id   string // the client's id, answered for a document that failed
	size int64  // bytes of its request, held in the stream's byte window
	ingest.Prepared
	err error
}

// IngestStream processes documents in parallel and appends them one at a
// time in request order, so the log holds a stream's articles in the order
// they were sent and acknowledgements go out in that order. At most
// ingestWindow documents, and ingestWindowBytes of them, are read ahead of
// their acknowledgements: past that the stream is not read, and gRPC flow
// control holds the client back.
func (h *handlers) IngestStream(stream articlev1.ArticleService_IngestStreamServer) error {
	ctx, cancel := context.WithCancel(stream.Context())
	defer cancel()
	in := h.ingester()
	queue := ordered.New[prepared](runtime.GOMAXPROCS(0), h.ingestWindow)
	recvErr := make(chan error, 1)
	window := budget.New(h.ingestWindowBytes)
	go func() {
		defer queue.Close()
		for i := int64(0); ; i++ {
			req, err := stream.Recv()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					recvErr <- err
				}
				return
			}
			size := int64(proto.Size(req))
			if window.Acquire(ctx, size) != nil {
				return
			}
			if queue.Add(ctx, func() prepared { return h.prepare(ctx, in, i, req.GetDocument(), size) }) != nil {
				return
			}
		}
	}()
	for i := int64(0); ; i++ {
		p, ok, err := queue.Next(ctx)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		resp := &articlev1.IngestStreamResponse{Index: i, Id: p.id}
		err = p.err
		if err == nil {
			var res articlelog.Appended
			if res, err = in.Store(ctx, p.Prepared); err == nil {
				resp.Id, resp.Cursor, resp.Outcome = res.ID, res.Cursor, outcome(res)
				h.metrics.IngestDone(!res.Duplicate)
			}
		}
		if err != nil {
			h.metrics.IngestFailed()
			if ctx.Err() != nil {
				return ctx.Err()
			}
			resp.Error = documentError(toStatus(ctx, h.log, err))
		}
		if err := stream.Send(resp); err != nil {
			return err
		}
		window.Release(p.size)
	}
	select {
	case err := <-recvErr:
		return err
	default:
		return nil
	}
}

// prepare processes document index of a stream on a worker goroutine,
// where the recovery interceptor does not reach: a panic fails the
// document alone.
func (h *handlers) prepare(ctx context.Context, in ingest.Ingester, index int64, d *articlev1.RawDocument, size int64) (p prepared) {
	p = prepared{id: d.GetId(), size: size}
	defer func() {
		if r := recover(); r != nil {
			h.log.ErrorContext(ctx, "panic", "method", "/article.v1.ArticleService/IngestStream", "index", index, "panic", r, "stack", string(debug.Stack()))
			p.Prepared, p.err = ingest.Prepared{}, status.Error(codes.Internal, "internal error")
		}
	}()
	switch {
	case ctx.Err() != nil:
		// The stream ended before a worker was free: the document is
		// never answered, so it is not processed.
		p.err = ctx.Err()
	case d == nil:
		p.err = article.Invalid("document", "is required", nil)
	default:
		p.Prepared, p.err = in.Prepare(ctx, articlepb.FromDocument(d))
	}
	return p
}
