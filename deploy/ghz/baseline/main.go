// Command baseline is the floor the load test compares articled with: a bare
// grpc-go server whose article.v1.ArticleService/Process runs
// bluemonday.UGCPolicy() (built once) over the document's content bytes and
// returns an Article with only body_html set. Nothing else: no front matter,
// charset detection, policies, metadata, limits, interceptors or logging.
// Every other method answers UNIMPLEMENTED. Server reflection is registered,
// so the ghz configs work against it unchanged.
//
//	go run ./deploy/ghz/baseline [-addr 127.0.0.1:0]
//
// Once listening it prints one line on stderr,
//
//	baseline: serving addr=127.0.0.1:40123
//
// and it serves until SIGINT or SIGTERM. The only server option is the
// message size cap, set to articled's default so both accept the same
// requests.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/microcosm-cc/bluemonday"
	"google.golang.org/grpc"
	"google.golang.org/grpc/reflection"

	articlev1 "articleservice/proto/article/v1"
)

// ugc implements Process with the bluemonday UGC policy alone.
type ugc struct {
	articlev1.UnimplementedArticleServiceServer
	policy *bluemonday.Policy // safe for concurrent use once built
}

func (u *ugc) Process(_ context.Context, req *articlev1.ProcessRequest) (*articlev1.ProcessResponse, error) {
	body := u.policy.SanitizeBytes(req.GetDocument().GetContent())
	return &articlev1.ProcessResponse{Article: &articlev1.Article{BodyHtml: string(body)}}, nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "TCP address to listen on (port 0: a free port)")
	maxMsg := flag.Int("max-message-bytes", 5<<20, "largest gRPC message received or sent (articled's default)")
	flag.Parse()
	if err := run(*addr, *maxMsg); err != nil {
		fmt.Fprintln(os.Stderr, "baseline:", err)
		os.Exit(1)
	}
}

func run(addr string, maxMsg int) error {
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	gs := grpc.NewServer(grpc.MaxRecvMsgSize(maxMsg), grpc.MaxSendMsgSize(maxMsg))
	articlev1.RegisterArticleServiceServer(gs, &ugc{policy: bluemonday.UGCPolicy()})
	reflection.Register(gs)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		gs.GracefulStop()
	}()
	// Connections that arrive before Serve wait in the listen backlog, so
	// the address is usable as soon as it is printed.
	fmt.Fprintf(os.Stderr, "baseline: serving addr=%s\n", lis.Addr())
	return gs.Serve(lis)
}
