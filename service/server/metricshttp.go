package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	articlev1 "articleservice/proto/article/v1"
)

// MetricsHandler serves /metrics (Prometheus text format), /healthz (200
// while the process runs), /readyz (200 while ArticleService is SERVING,
// 503 once a shutdown began) and, with MetricsConfig.Pprof, /debug/pprof/.
// The probes are here too because Kubernetes' gRPC probes cannot speak TLS.
func (s *Server) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	reg := s.edge.metrics.Registry()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		resp, err := s.health.Check(r.Context(), &healthpb.HealthCheckRequest{Service: articlev1.ArticleService_ServiceDesc.ServiceName})
		if err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
			http.Error(w, "not serving", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	if s.cfg.Metrics.Pprof {
		mux.HandleFunc("/debug/pprof/", pprof.Index)
		mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
		mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
		mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	}
	return mux
}

// ServeMetrics serves MetricsHandler on lis until ctx is done.
func (s *Server) ServeMetrics(ctx context.Context, lis net.Listener) error {
	hs := &http.Server{Handler: s.MetricsHandler(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(lis) }()
	s.log.Info("serving metrics", "addr", lis.Addr().String(), "pprof", s.cfg.Metrics.Pprof)
	select {
	case err := <-errc:
		return fmt.Errorf("serve metrics: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("stop metrics: %w", err)
	}
	return nil
}

// startMetrics listens on MetricsConfig.Addr, when set, and serves until
// the returned stop is called; stop waits for the server to end.
func (s *Server) startMetrics() (stop func(), err error) {
	if s.cfg.Metrics.Addr == "" {
		return func() {}, nil
	}
	lis, err := net.Listen("tcp", s.cfg.Metrics.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen metrics: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := s.ServeMetrics(ctx, lis); err != nil {
			s.log.Error("metrics server", "err", err)
		}
	}()
	return func() { cancel(); <-done }, nil
}
