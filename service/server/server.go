package server

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/reflection"
	reflectionv1 "google.golang.org/grpc/reflection/grpc_reflection_v1"
	reflectionv1alpha "google.golang.org/grpc/reflection/grpc_reflection_v1alpha"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/sanitize"
	"articleservice/service/articlelog"
	"articleservice/service/pipeline"
)

// Server is a configured gRPC server, ready to serve on a listener.
type Server struct {
	cfg    Config
	log    *slog.Logger
	grpc   *grpc.Server
	health *health.Server
	// edge holds the security, limits and observability of the server.
	edge *edge
	// undecodable holds the request messages the codec could not decode
	// until their receive answers for them.
	undecodable *undecodable
	// articles is the article log; closed by Close.
	articles *articlelog.Log
	// stopSubscriptions ends every Subscribe at shutdown: they would
	// otherwise hold a graceful stop for its whole timeout.
	stopSubscriptions context.CancelFunc
	closeOnce         sync.Once
	closeErr          error
	// pipe is the pipeline the handlers run, swapped by ReloadPolicies.
	pipe *atomic.Pointer[pipeline.Pipeline]
}

// New loads the policies, opens the article log and builds the server. An
// invalid policy file is an error: the server does not start with rules it
// cannot apply; nor does it start without its log. Serve closes the log;
// a server that is never served must be closed with Close.
func New(ctx context.Context, cfg Config, log *slog.Logger) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	policies, err := sanitize.LoadDir(cfg.PolicyDir)
	if err != nil {
		return nil, fmt.Errorf("load policies: %w", err)
	}
	// Reflection serves the API's descriptor set, which keeps the proto
	// comments: `grpcurl describe` shows the documentation.
	docs, err := articlev1.Documented()
	if err != nil {
		return nil, err
	}
	ed, err := newEdge(cfg, log)
	if err != nil {
		return nil, err
	}
	cfg.Pipeline.Stage = ed.stage
	pipe := new(atomic.Pointer[pipeline.Pipeline])
	pipe.Store(pipeline.New(cfg.Pipeline, policies))
	lc := logConfig(cfg, log)
	if events := lc.Events; events != nil {
		lc.Events = func(e articlelog.Event) {
			ed.metrics.LogEvent(e.Kind)
			events(e)
		}
	}
	articles, err := articlelog.Open(ctx, lc)
	if err != nil {
		ed.close()
		return nil, fmt.Errorf("open article log: %w", err)
	}
	subs, stopSubs := context.WithCancel(context.Background())
	calls := newCallLogger(log)
	failed := new(undecodable)
	gs := grpc.NewServer(append(ed.serverOptions(),
		grpc.MaxRecvMsgSize(cfg.MaxMessageBytes),
		grpc.MaxSendMsgSize(cfg.MaxMessageBytes),
		grpc.MaxConcurrentStreams(cfg.MaxConcurrentStreams),
		grpc.KeepaliveParams(keepalive.ServerParameters{Time: cfg.KeepaliveTime, Timeout: cfg.KeepaliveTimeout, MaxConnectionIdle: cfg.Calls.MaxConnectionIdle}),
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: 10 * time.Second, PermitWithoutStream: true}),
		grpc.ChainUnaryInterceptor(ed.unary(calls.unary(), recoverUnary(log))...),
		grpc.ChainStreamInterceptor(append([]grpc.StreamServerInterceptor{failed.recvDecoded}, ed.stream(calls.stream(), recoverStream(log))...)...),
		serverCodec(failed),
	)...)
	gs.RegisterService(interceptFirst(&articlev1.ArticleService_ServiceDesc, true, failed), &handlers{pipe: pipe, log: log, streamRate: cfg.StreamRate, metrics: ed.metrics,
		articles: articles, ingestWindow: cfg.IngestWindow, ingestWindowBytes: int64(cfg.IngestWindowBytes), subscriptions: subs, maxMessage: cfg.MaxMessageBytes})
	gs.RegisterService(interceptFirst(&articlev1.ConsumerGroupService_ServiceDesc, false, failed), &groups{articles: articles, metrics: ed.metrics, stopping: subs})
	ed.metrics.WatchGroups(articles)
	hs := health.NewServer()
	if ed.health {
		gs.RegisterService(interceptFirst(&healthpb.Health_ServiceDesc, false, failed), hs)
	}
	hs.SetServingStatus(articlev1.ArticleService_ServiceDesc.ServiceName, healthpb.HealthCheckResponse_SERVING)
	hs.SetServingStatus(articlev1.ConsumerGroupService_ServiceDesc.ServiceName, healthpb.HealthCheckResponse_SERVING)
	if ed.reflection {
		opts := reflection.ServerOptions{Services: gs, DescriptorResolver: docs}
		reflectionv1.RegisterServerReflectionServer(gs, reflection.NewServerV1(opts))
		reflectionv1alpha.RegisterServerReflectionServer(gs, reflection.NewServer(opts))
	}
	return &Server{cfg: cfg, log: log, grpc: gs, health: hs, articles: articles, stopSubscriptions: stopSubs, edge: ed, pipe: pipe,
		undecodable: failed}, nil
}

// logConfig is the article log's configuration: an article must also fit
// in the largest gRPC message the server sends, and the embedded NATS
// server and connection report to the server's log.
func logConfig(cfg Config, log *slog.Logger) articlelog.Config {
	lc := cfg.Log
	if limit := cfg.MaxMessageBytes - 1<<10; lc.MaxArticleBytes == 0 || lc.MaxArticleBytes > limit {
		lc.MaxArticleBytes = limit
	}
	// A ListArticles page, its token and its framing fit in a message.
	if limit := max(cfg.MaxMessageBytes-1<<10, cfg.MaxMessageBytes/2); cfg.MaxMessageBytes > 0 && (lc.MaxPageBytes == 0 || lc.MaxPageBytes > limit) {
		lc.MaxPageBytes = limit
	}
	if lc.ServerLogger == nil {
		lc.ServerLogger = natsLogger{log.With("component", "nats")}
	}
	if lc.Events == nil {
		lc.Events = func(e articlelog.Event) {
			attrs := []any{"event", e.Kind}
			if e.URL != "" {
				attrs = append(attrs, "url", e.URL)
			}
			if e.Err != nil {
				attrs = append(attrs, "err", e.Err)
			}
			if e.Kind == "disconnected" {
				log.Warn("nats connection", attrs...)
			} else {
				log.Info("nats connection", attrs...)
			}
		}
	}
	return lc
}

// Close closes the article log. Serve calls it; it is safe to call again.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.stopSubscriptions()
		s.closeErr = s.articles.Close()
		s.edge.close()
	})
	return s.closeErr
}

// Serve serves on lis until ctx is done, then stops gracefully: health
// turns NOT_SERVING, subscriptions end with UNAVAILABLE and the cursor to
// resume from, other in-flight RPCs get ShutdownTimeout to finish, whatever
// is left is cut off, and the article log is closed last.
func (s *Server) Serve(ctx context.Context, lis net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- s.grpc.Serve(lis) }()
	s.log.Info("serving", "addr", lis.Addr().String())
	if addr := s.articles.ListenAddr(); addr != nil {
		s.log.Info("embedded nats server listening", "addr", addr.String())
	}
serving:
	for {
		select {
		case err := <-errc:
			s.grpc.Stop()
			if cerr := s.Close(); cerr != nil {
				s.log.Error("close article log", "err", cerr)
			}
			return fmt.Errorf("serve: %w", err)
		case <-s.cfg.Reload:
			if err := s.ReloadPolicies(); err != nil {
				s.log.Error("reload policies failed; keeping the loaded ones", "err", err)
			}
		case <-ctx.Done():
			break serving
		}
	}
	s.health.Shutdown()
	s.stopSubscriptions()
	defer func() {
		if err := s.Close(); err != nil {
			s.log.Error("close article log", "err", err)
		}
	}()
	done := make(chan struct{})
	go func() { s.grpc.GracefulStop(); close(done) }()
	select {
	case <-done:
		s.log.Info("stopped")
	case <-time.After(s.cfg.ShutdownTimeout):
		s.log.Warn("graceful stop timed out; closing connections", "timeout", s.cfg.ShutdownTimeout)
		s.grpc.Stop()
		<-done
	}
	return nil
}

// ReloadPolicies loads the policy directory again and swaps the pipeline
// atomically: RPCs under way finish with the policies they started with,
// new ones get the new policies, none is dropped. An invalid policy leaves
// the loaded ones in place.
func (s *Server) ReloadPolicies() error {
	policies, err := sanitize.LoadDir(s.cfg.PolicyDir)
	if err != nil {
		return fmt.Errorf("load policies: %w", err)
	}
	s.pipe.Store(pipeline.New(s.cfg.Pipeline, policies))
	var names []string
	for _, p := range policies.List() {
		names = append(names, p.Name()+"@"+p.Version())
	}
	s.log.Info("policies reloaded", "policies", strings.Join(names, " "))
	return nil
}

// Run listens on cfg.Addr and serves until ctx is done.
func Run(ctx context.Context, cfg Config, log *slog.Logger) error {
	s, err := New(ctx, cfg, log)
	if err != nil {
		return err
	}
	lis, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		s.Close()
		return fmt.Errorf("listen: %w", err)
	}
	stopMetrics, err := s.startMetrics()
	if err != nil {
		lis.Close()
		s.Close()
		return err
	}
	defer stopMetrics()
	return s.Serve(ctx, lis)
}
