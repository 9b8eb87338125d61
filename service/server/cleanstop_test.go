package server

import (
	"context"
	"log/slog"
	"net"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	articlev1 "articleservice/proto/article/v1"
)

// TestCleanStopLogsNoWarning: an operator reads a warning as something to
// look into, so stopping a server that stored and served articles, the
// way SIGTERM does, warns of nothing: neither the article log's
// connection nor the embedded NATS server.
func TestCleanStopLogsNoWarning(t *testing.T) {
	logs := &syncBuffer{}
	cfg := mergeDefaults(Config{})
	cfg.TLS.Plaintext = true // said on purpose: not a warning either
	cfg.Log.DataDir = t.TempDir()
	s, err := New(context.Background(), cfg, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		t.Fatal(err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, lis) }()
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	client := articlev1.NewArticleServiceClient(conn)
	if _, err := client.Ingest(callCtx(t), &articlev1.IngestRequest{Document: &articlev1.RawDocument{Content: corpusDoc(t, "0002.md")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.GetArticle(callCtx(t), &articlev1.GetArticleRequest{Id: "nope"}); err == nil {
		t.Fatal("GetArticle of an unknown id succeeded")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("server still running 30s after it was told to stop")
	}
	if out := logs.String(); out != "" {
		t.Fatalf("a clean stop logged at warn or above:\n%s", out)
	}
}
