package pipeline

import (
	"context"
	"slices"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// TestStageSpans: a Stage hook that starts spans gives every document one
// span per stage, children of the caller's span.
func TestStageSpans(t *testing.T) {
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	t.Cleanup(func() { tp.Shutdown(context.Background()) })
	tr := tp.Tracer("test")
	p := newPipeline(t, Config{Stage: func(ctx context.Context, name string) func() {
		_, span := tr.Start(ctx, "pipeline."+name)
		return func() { span.End() }
	}})
	ctx, parent := tp.Tracer("test").Start(context.Background(), "rpc")
	if _, err := p.Process(ctx, documentOf(readFile(t, corpusDir+"/0102.md"))); err != nil {
		t.Fatal(err)
	}
	parent.End()
	var names []string
	for _, s := range exp.GetSpans() {
		if s.Name == "rpc" {
			continue
		}
		names = append(names, s.Name)
		if s.Parent.SpanID() != parent.SpanContext().SpanID() {
			t.Errorf("span %s is not a child of the caller's span", s.Name)
		}
	}
	want := []string{"pipeline.decode", "pipeline.front_matter", "pipeline.sanitize", "pipeline.extract", "pipeline.normalize"}
	if !slices.Equal(names, want) {
		t.Errorf("spans %q, want %q", names, want)
	}
}
