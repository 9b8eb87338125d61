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
)

func (h *handlers) Ingest(ctx context.Context, req *articlev1.IngestRequest) (*articlev1.IngestResponse, error) {
	a, dedup, err := h.prepare(ctx, req.GetDocument())
	if err != nil {
		h.metrics.IngestFailed()
		return nil, toStatus(ctx, h.log, err).Err()
	}
	res, err := h.articles.Append(ctx, a, dedup)
	if err != nil {
		h.metrics.IngestFailed()
		return nil, toStatus(ctx, h.log, err).Err()
	}
	h.metrics.IngestDone(!res.Duplicate)
	return &articlev1.IngestResponse{Id: res.ID, Cursor: res.Cursor, Outcome: outcome(res)}, nil
}

// prepare processes a document into the article to append, as Process
// does, and says how it is deduplicated: by the client's id when it gave
// one, else by content.
func (h *handlers) prepare(ctx context.Context, d *articlev1.RawDocument) (*articlev1.Article, articlelog.Dedup, error) {
	if d == nil {
		return nil, 0, article.Invalid("document", "is required", nil)
	}
	a, err := h.runPipeline(ctx, d)
	if err != nil {
		return nil, 0, err
	}
	if d.GetId() != "" {
		return articlepb.ToArticle(a), articlelog.DedupByID, nil
	}
	return articlepb.ToArticle(a), articlelog.DedupByContent, nil
}

func outcome(res articlelog.Appended) articlev1.IngestOutcome {
	if res.Duplicate {
		return articlev1.IngestOutcome_INGEST_OUTCOME_DUPLICATE
	}
	return articlev1.IngestOutcome_INGEST_OUTCOME_CREATED
}

// ingestJob is one document of an IngestStream, from its request to its
// acknowledgement.
type ingestJob struct {
	index int64
	doc   *articlev1.RawDocument
	size  int64         // bytes of its request, held in the stream's byte window
	ready chan struct{} // closed once article or err is set
	art   *articlev1.Article
	dedup articlelog.Dedup
	err   error
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
	jobs := make(chan *ingestJob, h.ingestWindow-1)
	workers := make(chan struct{}, runtime.GOMAXPROCS(0))
	recvErr := make(chan error, 1)
	window := budget.New(h.ingestWindowBytes)
	go func() {
		defer close(jobs)
		for i := int64(0); ; i++ {
			req, err := stream.Recv()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					recvErr <- err
				}
				return
			}
			j := &ingestJob{index: i, doc: req.GetDocument(), size: int64(proto.Size(req)), ready: make(chan struct{})}
			if window.Acquire(ctx, j.size) != nil {
				return
			}
			select {
			case jobs <- j:
			case <-ctx.Done():
				return
			}
			select {
			case workers <- struct{}{}:
			case <-ctx.Done():
				return
			}
			go func() {
				defer func() { <-workers }()
				defer close(j.ready)
				h.process(ctx, j)
			}()
		}
	}()
	for j := range jobs {
		select {
		case <-j.ready:
		case <-ctx.Done():
			return toStatus(ctx, h.log, ctx.Err()).Err()
		}
		resp := &articlev1.IngestStreamResponse{Index: j.index, Id: j.doc.GetId()}
		err := j.err
		if err == nil {
			var res articlelog.Appended
			if res, err = h.articles.Append(ctx, j.art, j.dedup); err == nil {
				resp.Id, resp.Cursor, resp.Outcome = res.ID, res.Cursor, outcome(res)
				h.metrics.IngestDone(!res.Duplicate)
			}
		}
		if err != nil {
			h.metrics.IngestFailed()
			if ctx.Err() != nil {
				return toStatus(ctx, h.log, ctx.Err()).Err()
			}
			resp.Error = documentError(toStatus(ctx, h.log, err))
		}
		if err := stream.Send(resp); err != nil {
			return err
		}
		j.art, j.doc = nil, nil
		window.Release(j.size)
	}
	select {
	case err := <-recvErr:
		return err
	default:
		return nil
	}
}

// process runs the pipeline for one job on a worker goroutine, where the
// recovery interceptor does not reach: a panic fails the document alone.
func (h *handlers) process(ctx context.Context, j *ingestJob) {
	defer func() {
		if r := recover(); r != nil {
			h.log.ErrorContext(ctx, "panic", "method", "/article.v1.ArticleService/IngestStream", "index", j.index, "panic", r, "stack", string(debug.Stack()))
			j.art, j.err = nil, status.Error(codes.Internal, "internal error")
		}
	}()
	j.art, j.dedup, j.err = h.prepare(ctx, j.doc)
}
