package server

import (
	"context"
	"time"

	"go.opentelemetry.io/otel/trace"
)

// stage is the pipeline's Stage hook: a span for each stage of a document,
// under the span of its RPC, and the stage's time in the metrics.
func (e *edge) stage(ctx context.Context, name string) func() {
	start := time.Now()
	var span trace.Span
	if e.tracer != nil {
		_, span = e.tracer.Start(ctx, "pipeline."+name)
	}
	return func() {
		if span != nil {
			span.End()
		}
		e.metrics.Stage(name, time.Since(start))
	}
}
