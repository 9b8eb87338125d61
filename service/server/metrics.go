package server

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"articleservice/service/article"
)

// MetricsConfig configures the HTTP endpoint of metrics, probes and pprof.
type MetricsConfig struct {
	// Addr is the TCP address of the HTTP server serving /metrics, /healthz
	// and /readyz; empty serves none (the metrics are still counted).
	Addr string
	// Pprof adds net/http/pprof under /debug/pprof/ on the same server.
	Pprof bool
}

// Metrics are the server's Prometheus metrics, in a registry of their own.
// Every method may be called on a nil *Metrics, and then does nothing.
type Metrics struct {
	reg *prometheus.Registry

	started  *prometheus.CounterVec
	handled  *prometheus.CounterVec
	handling *prometheus.HistogramVec
	received *prometheus.CounterVec
	sent     *prometheus.CounterVec

	documents     *prometheus.CounterVec
	rejected      *prometheus.CounterVec
	documentBytes prometheus.Histogram
	documentTime  prometheus.Histogram
	removals      *prometheus.CounterVec
	warnings      *prometheus.CounterVec
	charsets      *prometheus.CounterVec
	stageTime     *prometheus.HistogramVec
	// stages holds stageTime's histogram of each stage seen, by name: the
	// pipeline's stages are a handful, and every document reports each,
	// so the label lookup is done once per stage, not once per report.
	stages       sync.Map // string -> prometheus.Observer
	limitedTotal *prometheus.CounterVec

	ingested    *prometheus.CounterVec
	subscribers prometheus.Gauge
	delivered   prometheus.Counter
	logEvents   *prometheus.CounterVec

	groupMembers   *prometheus.GaugeVec
	groupDelivered *prometheus.CounterVec
	groupAcked     *prometheus.CounterVec
}

// latencyBuckets span a health check to a large stream, in seconds.
func latencyBuckets() []float64 {
	return []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}
}

// NewMetrics makes the metrics, registered with the Go runtime and process
// collectors in a new registry.
func NewMetrics() *Metrics {
	grpcLabels := []string{"grpc_type", "grpc_service", "grpc_method"}
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		started: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "grpc_server_started_total", Help: "RPCs started on the server.",
		}, grpcLabels),
		handled: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "grpc_server_handled_total", Help: "RPCs completed on the server, by status code.",
		}, append(grpcLabels, "grpc_code")),
		handling: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "grpc_server_handling_seconds", Help: "Time from the start of an RPC to its status, in seconds.",
			Buckets: latencyBuckets(),
		}, grpcLabels),
		received: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "grpc_server_msg_received_total", Help: "Stream messages received from clients.",
		}, grpcLabels),
		sent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "grpc_server_msg_sent_total", Help: "Stream messages sent to clients.",
		}, grpcLabels),
		documents: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "articled_documents_processed_total", Help: "Documents made into articles, by the policy applied.",
		}, []string{"policy"}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "articled_documents_rejected_total", Help: "Documents that made no article, by status code.",
		}, []string{"code"}),
		documentBytes: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "articled_document_size_bytes", Help: "Size of the raw documents processed, in bytes.",
			Buckets: prometheus.ExponentialBuckets(1<<10, 4, 8), // 1 KiB to 16 MiB
		}),
		documentTime: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "articled_document_processing_seconds", Help: "Time the pipeline took for one document, in seconds.",
			Buckets: latencyBuckets(),
		}),
		removals: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "articled_sanitize_removals_total", Help: "What sanitization removed from the documents processed, by reason.",
		}, []string{"reason"}),
		warnings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "articled_document_warnings_total", Help: "Inputs not used as given, by the article field concerned.",
		}, []string{"field"}),
		charsets: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "articled_documents_charset_total", Help: "Documents made into articles, by the charset their bytes were decoded from.",
		}, []string{"charset"}),
		stageTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "articled_pipeline_stage_seconds", Help: "Time one pipeline stage took for one document, in seconds: decode, front_matter, sanitize, extract, normalize.",
			Buckets: latencyBuckets(),
		}, []string{"stage"}),
		limitedTotal: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "articled_limited_total", Help: "Calls refused or ended by a limit: rate, streams, stream_messages, stream_idle.",
		}, []string{"limit"}),
		ingested: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "articled_ingest_total", Help: "Ingested documents, by outcome: created, duplicate, failed.",
		}, []string{"outcome"}),
		subscribers: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "articled_subscribers", Help: "Subscriptions open.",
		}),
		delivered: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "articled_subscribe_delivered_total", Help: "Articles delivered to subscribers.",
		}),
		logEvents: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "articled_log_connection_events_total", Help: "Events of the article log's NATS connection: disconnected, reconnected, closed.",
		}, []string{"event"}),
		groupMembers: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "articled_group_members", Help: "Members consuming a consumer group through this server.",
		}, []string{"group"}),
		groupDelivered: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "articled_group_delivered_total", Help: "Articles this server sent to the members of a consumer group, redeliveries included.",
		}, []string{"group"}),
		groupAcked: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "articled_group_acked_total", Help: "Acknowledgements of a consumer group's members that this server had the log store.",
		}, []string{"group"}),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.started, m.handled, m.handling, m.received, m.sent,
		m.documents, m.rejected, m.documentBytes, m.documentTime, m.removals, m.warnings, m.charsets, m.stageTime, m.limitedTotal,
		m.ingested, m.subscribers, m.delivered, m.logEvents,
		m.groupMembers, m.groupDelivered, m.groupAcked,
	)
	return m
}

// Registry is where the metrics are registered, for serving them or
// adding more.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Document records one pipeline run: the raw document's size, the time it
// took, and the article's policy, removals and warnings, or the status
// code of the failure.
func (m *Metrics) Document(inputBytes int, a *article.Article, code codes.Code, elapsed time.Duration) {
	if m == nil {
		return
	}
	m.documentBytes.Observe(float64(inputBytes))
	m.documentTime.Observe(elapsed.Seconds())
	if code != codes.OK || a == nil {
		m.rejected.WithLabelValues(code.String()).Inc()
		return
	}
	m.documents.WithLabelValues(a.Policy.Name).Inc()
	if a.Charset != "" {
		m.charsets.WithLabelValues(a.Charset).Inc()
	}
	for _, r := range a.Removals {
		m.removals.WithLabelValues(r.Reason).Add(float64(r.Count))
	}
	for _, w := range a.Warnings {
		m.warnings.WithLabelValues(w.Field).Inc()
	}
}

// Stage records how long one pipeline stage took for one document; the
// pipeline tells it through its Stage hook.
func (m *Metrics) Stage(stage string, d time.Duration) {
	if m == nil {
		return
	}
	o, ok := m.stages.Load(stage)
	if !ok {
		o, _ = m.stages.LoadOrStore(stage, m.stageTime.WithLabelValues(stage))
	}
	o.(prometheus.Observer).Observe(d.Seconds())
}

// IngestDone records an article the log acknowledged: created by this
// request, or a duplicate of one stored before.
func (m *Metrics) IngestDone(created bool) {
	if m == nil {
		return
	}
	outcome := "duplicate"
	if created {
		outcome = "created"
	}
	m.ingested.WithLabelValues(outcome).Inc()
}

// IngestFailed records a document that was not stored.
func (m *Metrics) IngestFailed() {
	if m == nil {
		return
	}
	m.ingested.WithLabelValues("failed").Inc()
}

// SubscriberCount adds delta to the number of open subscriptions: +1 when
// one opens, -1 when it ends.
func (m *Metrics) SubscriberCount(delta int) {
	if m == nil {
		return
	}
	m.subscribers.Add(float64(delta))
}

// Delivered records n articles sent to a subscriber.
func (m *Metrics) Delivered(n int) {
	if m == nil {
		return
	}
	m.delivered.Add(float64(n))
}

// LogEvent records an event of the article log's connection, by kind.
func (m *Metrics) LogEvent(kind string) {
	if m == nil {
		return
	}
	m.logEvents.WithLabelValues(kind).Inc()
}

func (m *Metrics) limited(limit string) {
	if m == nil {
		return
	}
	m.limitedTotal.WithLabelValues(limit).Inc()
}

// splitMethod splits "/pkg.Service/Method".
func splitMethod(full string) (service, method string) {
	service, method, _ = strings.Cut(strings.TrimPrefix(full, "/"), "/")
	return service, method
}

func streamType(info *grpc.StreamServerInfo) string {
	switch {
	case info.IsClientStream && info.IsServerStream:
		return "bidi_stream"
	case info.IsClientStream:
		return "client_stream"
	}
	return "server_stream"
}

func (m *Metrics) unary() grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, next grpc.UnaryHandler) (any, error) {
		svc, method := splitMethod(info.FullMethod)
		m.started.WithLabelValues("unary", svc, method).Inc()
		start := time.Now()
		resp, err := next(ctx, req)
		m.handled.WithLabelValues("unary", svc, method, status.Code(err).String()).Inc()
		m.handling.WithLabelValues("unary", svc, method).Observe(time.Since(start).Seconds())
		return resp, err
	}
}

func (m *Metrics) stream() grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, next grpc.StreamHandler) error {
		typ := streamType(info)
		svc, method := splitMethod(info.FullMethod)
		m.started.WithLabelValues(typ, svc, method).Inc()
		start := time.Now()
		err := next(srv, &countingStream{ServerStream: ss,
			received: m.received.WithLabelValues(typ, svc, method), sent: m.sent.WithLabelValues(typ, svc, method)})
		m.handled.WithLabelValues(typ, svc, method, status.Code(err).String()).Inc()
		m.handling.WithLabelValues(typ, svc, method).Observe(time.Since(start).Seconds())
		return err
	}
}

// countingStream counts a stream's messages.
type countingStream struct {
	grpc.ServerStream
	received, sent prometheus.Counter
}

func (s *countingStream) RecvMsg(msg any) error {
	err := s.ServerStream.RecvMsg(msg)
	if err == nil {
		s.received.Inc()
	}
	return err
}

func (s *countingStream) SendMsg(msg any) error {
	err := s.ServerStream.SendMsg(msg)
	if err == nil {
		s.sent.Inc()
	}
	return err
}
