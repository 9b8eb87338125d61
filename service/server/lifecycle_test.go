package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	articlev1 "articleservice/proto/article/v1"
)

// TestShutdownCutsOffStuckStreams: a stream that never ends must not keep
// the server from stopping; after ShutdownTimeout it is cut off.
func TestShutdownCutsOffStuckStreams(t *testing.T) {
	ts := startServer(t, Config{ShutdownTimeout: 200 * time.Millisecond})
	stream, err := ts.client.ProcessStream(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// One round trip proves the stream is open on the server.
	if err := stream.Send(&articlev1.ProcessStreamRequest{Document: &articlev1.RawDocument{Content: []byte("<p>x</p>")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := stream.Recv(); err != nil {
		t.Fatal(err)
	}
	if err := ts.stop(t); err != nil {
		t.Fatalf("serve: %v", err)
	}
	if _, err := stream.Recv(); err == nil {
		t.Fatal("stuck stream still open after shutdown")
	}
}

func TestRecoverTurnsPanicIntoInternal(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	_, err := recoverUnary(log)(context.Background(), nil, &grpc.UnaryServerInfo{FullMethod: "/x/Y"},
		func(context.Context, any) (any, error) { panic("boom") })
	if st := status.Convert(err); st.Code() != codes.Internal || st.Message() != "internal error" {
		t.Fatalf("err = %v, want Internal without details", err)
	}
}

func TestInternalErrorsDoNotLeak(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st := toStatus(context.Background(), log, errors.New("open /secret/path: permission denied"))
	if st.Code() != codes.Internal || st.Message() != "internal error" || len(st.Details()) != 0 {
		t.Fatalf("status = %v, want a bare Internal", st)
	}
}

func TestPacerWaitEndsWithContext(t *testing.T) {
	p := newPacer(0.001) // one document per 1000 s
	ctx, cancel := context.WithCancel(context.Background())
	if err := p.wait(ctx); err != nil {
		t.Fatalf("first document within the burst waited: %v", err)
	}
	cancel()
	if err := p.wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("second wait = %v, want context.Canceled", err)
	}
}

func TestPacerWithoutRateNeverWaits(t *testing.T) {
	p := newPacer(0)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for range 1000 {
		if err := p.wait(ctx); err != nil {
			t.Fatalf("wait = %v, want nil without a rate", err)
		}
	}
}
