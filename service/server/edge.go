package server

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"go.opentelemetry.io/otel/trace"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/stats"
)

// edge is what stands between a connection and the handlers: transport
// security, request ids, metrics, tracing, authentication and limits. New
// builds it first, so that a bad certificate, token file or limit stops
// the server before anything else is opened.
type edge struct {
	log      *slog.Logger
	creds    credentials.TransportCredentials // nil: plaintext
	auth     *authenticator                   // nil: authentication off
	limits   *limiter
	metrics  *Metrics
	tracing  stats.Handler // nil: tracing off
	tracer   trace.Tracer  // the pipeline's stage spans; nil: tracing off
	shutdown func(context.Context) error

	health, reflection bool
}

func newEdge(cfg Config, log *slog.Logger) (*edge, error) {
	creds, err := serverTLS(cfg.TLS, log)
	if err != nil {
		return nil, err
	}
	auth, err := newAuthenticator(cfg, log)
	if err != nil {
		return nil, err
	}
	if auth != nil && creds == nil {
		log.Warn("authentication is on over plaintext: bearer tokens cross the network in clear")
	}
	reflectionOn := true
	switch cfg.Access.Reflection {
	case "", ReflectionAuto, ReflectionOn:
	case ReflectionOff:
		reflectionOn = false
	default:
		return nil, fmt.Errorf("reflection %q: want %s or %s", cfg.Access.Reflection, ReflectionOn, ReflectionOff)
	}
	m := NewMetrics()
	limits, err := newLimiter(cfg.Calls, m)
	if err != nil {
		return nil, err
	}
	tracing, tracer, shutdown, err := newTracing(cfg.Tracing)
	if err != nil {
		return nil, err
	}
	return &edge{log: log, creds: creds, auth: auth, limits: limits, metrics: m, tracing: tracing, tracer: tracer, shutdown: shutdown,
		health: !cfg.Access.DisableHealth, reflection: reflectionOn}, nil
}

// serverOptions are the edge's options for grpc.NewServer.
func (e *edge) serverOptions() []grpc.ServerOption {
	var opts []grpc.ServerOption
	if e.creds != nil {
		opts = append(opts, grpc.Creds(e.creds))
	}
	if e.tracing != nil {
		opts = append(opts, grpc.StatsHandler(e.tracing))
	}
	return opts
}

// unary orders the interceptors, outermost first: the request id, then
// metrics and the log line (so that they see every call, refused ones
// too), then authentication, limits, the mapping of the handler's errors
// to statuses, and panic recovery next to the handler.
func (e *edge) unary(logCalls, recoverPanics grpc.UnaryServerInterceptor) []grpc.UnaryServerInterceptor {
	chain := []grpc.UnaryServerInterceptor{requestIDUnary(), e.metrics.unary(), logCalls}
	if e.auth != nil {
		chain = append(chain, e.auth.unary(e.log, e.limits))
	}
	return append(chain, e.limits.unary(e.log), statusUnary(e.log), recoverPanics)
}

func (e *edge) stream(logCalls, recoverPanics grpc.StreamServerInterceptor) []grpc.StreamServerInterceptor {
	chain := []grpc.StreamServerInterceptor{requestIDStream(), e.metrics.stream(), logCalls}
	if e.auth != nil {
		chain = append(chain, e.auth.stream(e.log, e.limits))
	}
	return append(chain, e.limits.stream(e.log), statusStream(e.log), recoverPanics)
}

// close flushes the spans not yet exported.
func (e *edge) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := e.shutdown(ctx); err != nil {
		e.log.Warn("flush traces", "err", err)
	}
}
