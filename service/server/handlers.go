package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync/atomic"

	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/article"
	"articleservice/service/articlelog"
	"articleservice/service/articlepb"
	"articleservice/service/pipeline"
)

// handlers implements articlev1.ArticleServiceServer over a pipeline.
type handlers struct {
	articlev1.UnimplementedArticleServiceServer
	// pipe is swapped whole when the policies are reloaded; an RPC keeps
	// the pipeline it started with.
	pipe       *atomic.Pointer[pipeline.Pipeline]
	log        *slog.Logger
	streamRate float64
	// metrics records documents, ingests and subscriptions; nil records
	// nothing.
	metrics *Metrics
	// articles is the article log of Ingest, Subscribe, GetArticle and
	// ListArticles.
	articles     *articlelog.Log
	ingestWindow int
	// ingestWindowBytes caps the bytes of documents an IngestStream reads
	// ahead of its acknowledgements; 0: no cap.
	ingestWindowBytes int64
	// subscriptions is cancelled when the server shuts down.
	subscriptions context.Context
	// maxMessage is the largest message gRPC sends: an answer over it is
	// refused before it is sent, with the field that made it; 0 checks none.
	maxMessage int
}

// fitAnswer is nil when msg fits in a gRPC message, else a too-large error
// on field naming the limit and the size the answer would need.
func (h *handlers) fitAnswer(msg proto.Message, field string) error {
	if h.maxMessage <= 0 {
		return nil
	}
	if n := proto.Size(msg); n > h.maxMessage {
		return &article.FieldError{Kind: article.ErrTooLarge, Field: field, Description: fmt.Sprintf(
			"its answer of %d bytes exceeds the limit of %d bytes on a gRPC message (--max-message-bytes); send less, or raise --max-message-bytes to at least %d",
			n, h.maxMessage, n)}
	}
	return nil
}

func (h *handlers) Process(ctx context.Context, req *articlev1.ProcessRequest) (*articlev1.ProcessResponse, error) {
	if req.GetDocument() == nil {
		return nil, article.Invalid("document", "is required", nil)
	}
	a, err := h.runPipeline(ctx, articlepb.FromDocument(req.GetDocument()))
	if err != nil {
		return nil, err
	}
	resp := &articlev1.ProcessResponse{Article: articlepb.ToArticle(a)}
	if err := h.fitAnswer(resp, "document.content"); err != nil {
		return nil, err
	}
	return resp, nil
}

func (h *handlers) ProcessStream(stream articlev1.ArticleService_ProcessStreamServer) error {
	ctx := stream.Context()
	pace := newPacer(h.streamRate)
	for i := int64(0); ; i++ {
		req, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := pace.wait(ctx); err != nil {
			return err
		}
		resp := &articlev1.ProcessStreamResponse{Index: i, Id: req.GetDocument().GetId()}
		var a *article.Article
		if req.GetDocument() == nil {
			err = article.Invalid("document", "is required", nil)
		} else {
			a, err = h.runPipeline(ctx, articlepb.FromDocument(req.GetDocument()))
		}
		switch {
		case err == nil:
			resp.Id = a.ID
			resp.Result = &articlev1.ProcessStreamResponse_Article{Article: articlepb.ToArticle(a)}
			if err := h.fitAnswer(resp, "document.content"); err != nil {
				resp.Result = &articlev1.ProcessStreamResponse_Error{Error: documentError(toStatus(ctx, h.log, err))}
			}
		case ctx.Err() != nil:
			return ctx.Err()
		default:
			resp.Result = &articlev1.ProcessStreamResponse_Error{Error: documentError(toStatus(ctx, h.log, err))}
		}
		if err := stream.Send(resp); err != nil {
			return err
		}
	}
}

// documentError carries a status inside a stream response, with the same
// field violations the unary call would have put in its BadRequest detail.
func documentError(st *status.Status) *articlev1.DocumentError {
	de := &articlev1.DocumentError{Code: codeName(st.Code()), Message: st.Message()}
	for _, v := range fieldViolations(st) {
		de.FieldViolations = append(de.FieldViolations, &articlev1.FieldViolation{Field: v.GetField(), Description: v.GetDescription()})
	}
	return de
}

func (h *handlers) Sanitize(ctx context.Context, req *articlev1.SanitizeRequest) (*articlev1.SanitizeResponse, error) {
	res, p, err := h.pipe.Load().Sanitize(ctx, []byte(req.GetHtml()), req.GetPolicy())
	if err != nil {
		return nil, err
	}
	resp := articlepb.ToSanitizeResponse(&res, p)
	if err := h.fitAnswer(resp, "html"); err != nil {
		return nil, err
	}
	return resp, nil
}

func (h *handlers) ListPolicies(context.Context, *articlev1.ListPoliciesRequest) (*articlev1.ListPoliciesResponse, error) {
	set := h.pipe.Load().Policies()
	resp := &articlev1.ListPoliciesResponse{}
	for _, p := range set.List() {
		resp.Policies = append(resp.Policies, &articlev1.PolicyInfo{
			Policy: articlepb.ToPolicyRef(p), Description: p.Description(), Default: p == set.Default(),
		})
	}
	return resp, nil
}
