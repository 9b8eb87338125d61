package server

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/reflection"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/sanitize"
	"articleservice/service/pipeline"
)

// Server is a configured gRPC server, ready to serve on a listener.
type Server struct {
	cfg    Config
	log    *slog.Logger
	grpc   *grpc.Server
	health *health.Server
}

// New loads the policies and builds the server. An invalid policy file is an
// error: the server does not start with rules it cannot apply.
func New(cfg Config, log *slog.Logger) (*Server, error) {
	var dir fs.FS
	if cfg.PolicyDir != "" {
		dir = os.DirFS(cfg.PolicyDir)
	}
	policies, err := sanitize.Load(dir)
	if err != nil {
		return nil, fmt.Errorf("load policies: %w", err)
	}
	pipe := pipeline.New(cfg.Pipeline, policies)
	gs := grpc.NewServer(
		grpc.MaxRecvMsgSize(cfg.MaxMessageBytes),
		grpc.MaxSendMsgSize(cfg.MaxMessageBytes),
		grpc.MaxConcurrentStreams(cfg.MaxConcurrentStreams),
		grpc.KeepaliveParams(keepalive.ServerParameters{Time: cfg.KeepaliveTime, Timeout: cfg.KeepaliveTimeout}),
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: 10 * time.Second, PermitWithoutStream: true}),
		grpc.ChainUnaryInterceptor(logUnary(log), recoverUnary(log)),
		grpc.ChainStreamInterceptor(logStream(log), recoverStream(log)),
	)
	articlev1.RegisterArticleServiceServer(gs, &handlers{pipe: pipe, log: log, streamRate: cfg.StreamRate})
	hs := health.NewServer()
	healthpb.RegisterHealthServer(gs, hs)
	hs.SetServingStatus(articlev1.ArticleService_ServiceDesc.ServiceName, healthpb.HealthCheckResponse_SERVING)
	reflection.Register(gs)
	return &Server{cfg: cfg, log: log, grpc: gs, health: hs}, nil
}

// Serve serves on lis until ctx is done, then stops gracefully: health
// turns NOT_SERVING, in-flight RPCs get ShutdownTimeout to finish, and
// whatever is left is cut off.
func (s *Server) Serve(ctx context.Context, lis net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- s.grpc.Serve(lis) }()
	s.log.Info("serving", "addr", lis.Addr().String())
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.health.Shutdown()
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

// Run listens on cfg.Addr and serves until ctx is done.
func Run(ctx context.Context, cfg Config, log *slog.Logger) error {
	s, err := New(cfg, log)
	if err != nil {
		return err
	}
	lis, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	return s.Serve(ctx, lis)
}
