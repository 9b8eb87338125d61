package server

import (
	"context"
	"errors"
	"fmt"

	"go.opentelemetry.io/otel/trace"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc/filters"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"google.golang.org/grpc/stats"
)

// TracingConfig configures OpenTelemetry tracing: a span per RPC, with the
// caller's trace continued from its traceparent metadata. Off unless an
// endpoint or an exporter is set.
type TracingConfig struct {
	// OTLPEndpoint is the HOST:PORT of an OTLP/gRPC collector.
	OTLPEndpoint string
	// OTLPInsecure sends spans to the collector without TLS.
	OTLPInsecure bool
	// SampleRatio is the fraction of new traces recorded; a trace a caller
	// sampled is always recorded. Outside [0, 1] is an error.
	SampleRatio float64
	// ServiceName is the service.name of the spans; empty is "articled".
	ServiceName string
	// Exporter, when set, receives the spans instead of OTLP, as each ends
	// (for tests and for programs embedding the server).
	Exporter sdktrace.SpanExporter
}

func (c TracingConfig) enabled() bool { return c.OTLPEndpoint != "" || c.Exporter != nil }

// newTracing returns the stats handler that makes the RPC spans, the
// tracer the pipeline makes its stage spans with, and the provider's
// shutdown, which flushes them; nil, nil and a no-op when off.
func newTracing(c TracingConfig) (stats.Handler, trace.Tracer, func(context.Context) error, error) {
	if !c.enabled() {
		return nil, nil, func(context.Context) error { return nil }, nil
	}
	if c.SampleRatio < 0 || c.SampleRatio > 1 {
		return nil, nil, nil, fmt.Errorf("tracing: sample ratio %g is outside [0, 1]", c.SampleRatio)
	}
	name := c.ServiceName
	if name == "" {
		name = "articled"
	}
	opts := []sdktrace.TracerProviderOption{
		sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.TraceIDRatioBased(c.SampleRatio))),
		sdktrace.WithResource(resource.NewSchemaless(attribute.String("service.name", name))),
	}
	if c.Exporter != nil {
		opts = append(opts, sdktrace.WithSyncer(c.Exporter))
	} else {
		eopts := []otlptracegrpc.Option{otlptracegrpc.WithEndpoint(c.OTLPEndpoint)}
		if c.OTLPInsecure {
			eopts = append(eopts, otlptracegrpc.WithInsecure())
		}
		// The exporter's connection is lazy: nothing is dialled yet.
		exp, err := otlptracegrpc.New(context.Background(), eopts...)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("tracing: otlp exporter: %w", err)
		}
		opts = append(opts, sdktrace.WithBatcher(exp))
	}
	tp := sdktrace.NewTracerProvider(opts...)
	h := otelgrpc.NewServerHandler(
		otelgrpc.WithTracerProvider(tp),
		otelgrpc.WithPropagators(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})),
		otelgrpc.WithMeterProvider(noop.NewMeterProvider()), // RPC metrics are Prometheus's
		otelgrpc.WithFilter(filters.Not(filters.HealthCheck())),
	)
	shutdown := func(ctx context.Context) error {
		if err := tp.Shutdown(ctx); err != nil && !errors.Is(err, context.Canceled) {
			return fmt.Errorf("tracing: shutdown: %w", err)
		}
		return nil
	}
	return h, tp.Tracer("articleservice/pipeline"), shutdown, nil
}
