package server

import (
	"context"
	"time"

	"articleservice/service/article"
)

// runPipeline runs the pipeline on one document and records it in the
// metrics: every handler that processes a document goes through here.
func (h *handlers) runPipeline(ctx context.Context, doc article.Document) (*article.Article, error) {
	start := time.Now()
	a, err := h.pipe.Load().Process(ctx, doc)
	h.metrics.Document(len(doc.Content), a, statusCode(ctx, err), time.Since(start))
	return a, err
}
