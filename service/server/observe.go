package server

import (
	"context"
	"time"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/article"
	"articleservice/service/articlepb"
)

// runPipeline runs the pipeline on one document and records it in the
// metrics: every handler that processes a document goes through here.
func (h *handlers) runPipeline(ctx context.Context, d *articlev1.RawDocument) (*article.Article, error) {
	start := time.Now()
	a, err := h.pipe.Load().Process(ctx, articlepb.FromDocument(d))
	h.metrics.Document(ctx, len(d.GetContent()), a, err, time.Since(start))
	return a, err
}
