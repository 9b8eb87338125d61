package server

import (
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/articlelog"
)

const corpusDir = "../../testdata/corpus"

// testServer is a real server on a loopback port, as clients see it.
type testServer struct {
	srv    *Server
	conn   *grpc.ClientConn
	client articlev1.ArticleServiceClient
	done   chan error
	cancel context.CancelFunc
	once   sync.Once
	err    error
}

// stop stops the server as SIGTERM would and returns what Serve returned;
// it fails the test if Serve has not returned within 30 seconds. Later
// calls (the test's cleanup among them) return the same.
func (ts *testServer) stop(tb testing.TB) error {
	tb.Helper()
	ts.once.Do(func() {
		ts.cancel()
		select {
		case ts.err = <-ts.done:
		case <-time.After(30 * time.Second):
			tb.Error("server still running 30s after it was told to stop")
		}
	})
	return ts.err
}

// startServer boots the server on 127.0.0.1:0 and stops it when the test ends.
func startServer(tb testing.TB, cfg Config) *testServer {
	tb.Helper()
	if cfg.Addr == "" {
		cfg = mergeDefaults(cfg)
	}
	if cfg.Log.DataDir == "" || cfg.Log.DataDir == articlelog.DefaultConfig().DataDir {
		cfg.Log.DataDir = tb.TempDir()
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := New(context.Background(), cfg, log)
	if err != nil {
		tb.Fatalf("new server: %v", err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ts := &testServer{srv: s, done: make(chan error, 1), cancel: cancel}
	go func() { ts.done <- s.Serve(ctx, lis) }()
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		tb.Fatal(err)
	}
	ts.conn, ts.client = conn, articlev1.NewArticleServiceClient(conn)
	tb.Cleanup(func() {
		conn.Close()
		ts.stop(tb)
	})
	return ts
}

// dial opens another plaintext connection to the server, with opts, and
// closes it when the test ends.
func (ts *testServer) dial(tb testing.TB, opts ...grpc.DialOption) *grpc.ClientConn {
	tb.Helper()
	conn, err := grpc.NewClient(ts.conn.Target(), append([]grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}, opts...)...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	return conn
}

// mergeDefaults fills the zero fields of cfg from DefaultConfig, so a test
// states only what it changes.
func mergeDefaults(cfg Config) Config {
	d := DefaultConfig()
	d.Addr = "127.0.0.1:0"
	if cfg.MaxMessageBytes != 0 {
		d.MaxMessageBytes = cfg.MaxMessageBytes
	}
	if cfg.Pipeline.Limits.MaxDocumentBytes != 0 {
		d.Pipeline.Limits = cfg.Pipeline.Limits
	}
	if cfg.PolicyDir != "" {
		d.PolicyDir = cfg.PolicyDir
	}
	if cfg.StreamRate != 0 {
		d.StreamRate = cfg.StreamRate
	}
	if cfg.ShutdownTimeout != 0 {
		d.ShutdownTimeout = cfg.ShutdownTimeout
	}
	if cfg.Log.Stream != "" {
		d.Log = cfg.Log
	}
	if cfg.IngestWindow != 0 {
		d.IngestWindow = cfg.IngestWindow
	}
	if cfg.Reload != nil {
		d.Reload = cfg.Reload
	}
	return d
}

func corpusDoc(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir, name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func callCtx(tb testing.TB) context.Context {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	tb.Cleanup(cancel)
	return ctx
}
