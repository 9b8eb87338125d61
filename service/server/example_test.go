package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/server"
)

func Example() {
	dir, err := os.MkdirTemp("", "server-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	cfg := server.DefaultConfig()
	cfg.Log.DataDir = dir
	cfg.TLS.Plaintext = true // a loopback example; see docs/security.md on TLS
	ctx, stop := context.WithCancel(context.Background())
	s, err := server.New(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		panic(err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, lis) }()

	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		panic(err)
	}
	defer conn.Close()
	resp, err := articlev1.NewArticleServiceClient(conn).Process(context.Background(), &articlev1.ProcessRequest{
		Document: &articlev1.RawDocument{Content: []byte("---\ntitle: '&quot;你好&quot;'\ndate: 2021-04-11 00:30:33\n---\n<p onclick=x>正文。<script>1</script></p>")},
	})
	if err != nil {
		panic(err)
	}
	a := resp.GetArticle()
	fmt.Println(a.GetTitle(), a.GetPublishedAt().AsTime(), a.GetBodyHtml())
	stop()
	<-done
	// Output: 你好 2021-04-11 00:30:33 +0000 UTC <p>正文。</p>
}
