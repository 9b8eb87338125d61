package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	articlev1 "articleservice/proto/article/v1"
)

// retryDelay asserts RESOURCE_EXHAUSTED with a RetryInfo and returns its
// delay.
func retryDelay(tb testing.TB, err error) time.Duration {
	tb.Helper()
	st := status.Convert(err)
	if st.Code() != codes.ResourceExhausted {
		tb.Fatalf("err = %v, want ResourceExhausted", err)
	}
	for _, d := range st.Details() {
		if ri, ok := d.(*errdetails.RetryInfo); ok {
			return ri.GetRetryDelay().AsDuration()
		}
	}
	tb.Fatalf("status %v carries no RetryInfo", st)
	return 0
}

func TestRateLimitPerClient(t *testing.T) {
	path := writeTokenFile(t, "",
		credential{name: "greedy", token: "greedy-token", scopes: []Scope{ScopeProcess}},
		credential{name: "patient", token: "patient-token", scopes: []Scope{ScopeProcess}},
	)
	// A bucket of 2 that refills once in about 17 minutes: the third call
	// is over the limit whatever the machine's speed.
	es := startEdgeServer(t, func(c *Config) {
		c.Access.TokenFile = path
		c.Calls.ClientRate, c.Calls.ClientBurst = 0.001, 2
	})
	conn := es.conn(t)
	lp := rpc{"/article.v1.ArticleService/ListPolicies", ScopeProcess, false}
	for i := range 2 {
		if err := call(t, conn, lp, "greedy-token"); err != nil {
			t.Fatalf("call %d within the burst: %v", i+1, err)
		}
	}
	if d := retryDelay(t, call(t, conn, lp, "greedy-token")); d <= 0 {
		t.Errorf("retry delay %v, want a positive one", d)
	}
	if err := call(t, conn, lp, "patient-token"); err != nil {
		t.Errorf("another client over the same connection: %v, want its own bucket", err)
	}
	if _, err := healthpb.NewHealthClient(conn).Check(callCtx(t), &healthpb.HealthCheckRequest{}); err != nil {
		t.Errorf("health is exempt from limits: %v", err)
	}
}

func TestRateLimitByIPWithoutAuth(t *testing.T) {
	es := startEdgeServer(t, func(c *Config) { c.Calls.ClientRate, c.Calls.ClientBurst = 0.001, 1 })
	// Two connections from 127.0.0.1 are one client.
	if err := listPolicies(t, es.client(t)); err != nil {
		t.Fatal(err)
	}
	retryDelay(t, listPolicies(t, es.client(t)))
}

func TestClientStreamLimit(t *testing.T) {
	es := startEdgeServer(t, func(c *Config) { c.Calls.ClientStreams = 1 })
	client := es.client(t)
	ctx, cancel := context.WithCancel(callCtx(t))
	defer cancel()
	first, err := client.ProcessStream(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// One round trip makes sure the server has counted the stream.
	if err := first.Send(&articlev1.ProcessStreamRequest{Document: &articlev1.RawDocument{Content: []byte("<p>hi</p>")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := first.Recv(); err != nil {
		t.Fatal(err)
	}
	second, err := client.ProcessStream(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = second.Recv()
	if d := retryDelay(t, err); d <= 0 {
		t.Errorf("retry delay %v, want a positive one", d)
	}
	// A unary call is an open call too, from its headers on.
	if d := retryDelay(t, listPolicies(t, client)); d <= 0 {
		t.Errorf("unary call beside the open stream: retry delay %v, want a positive one", d)
	}
	if err := first.CloseSend(); err != nil {
		t.Fatal(err)
	}
	if _, err := first.Recv(); !errors.Is(err, io.EOF) {
		t.Fatalf("first stream ends with %v, want EOF", err)
	}
	// The slot is free again once the first stream has ended on the
	// server too; the stream count is released before its status is sent.
	third, err := client.ProcessStream(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := third.CloseSend(); err != nil {
		t.Fatal(err)
	}
	if _, err := third.Recv(); !errors.Is(err, io.EOF) {
		t.Errorf("stream after the first ended: %v, want EOF", err)
	}
}

func TestMaxStreamDocuments(t *testing.T) {
	es := startEdgeServer(t, func(c *Config) { c.Calls.MaxStreamMessages = 2 })
	stream, err := es.client(t).ProcessStream(callCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := stream.Send(&articlev1.ProcessStreamRequest{Document: &articlev1.RawDocument{Content: []byte("<p>hi</p>")}}); err != nil && !errors.Is(err, io.EOF) {
			t.Fatal(err)
		}
	}
	for i := range 2 {
		if _, err := stream.Recv(); err != nil {
			t.Fatalf("document %d within the cap: %v", i+1, err)
		}
	}
	_, err = stream.Recv()
	if st := status.Convert(err); st.Code() != codes.ResourceExhausted {
		t.Fatalf("third document: %v, want ResourceExhausted", err)
	}
}

func TestStreamIdleTimeout(t *testing.T) {
	es := startEdgeServer(t, func(c *Config) { c.Calls.StreamIdleTimeout = 20 * time.Millisecond })
	stream, err := es.client(t).ProcessStream(callCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	// Send nothing: the server gives up on the stream.
	_, err = stream.Recv()
	if code := status.Code(err); code != codes.DeadlineExceeded {
		t.Fatalf("idle stream: %v, want DeadlineExceeded", err)
	}
}

func TestUnaryTimeoutCapsTheDeadline(t *testing.T) {
	es := startEdgeServer(t, func(c *Config) { c.Calls.UnaryTimeout = time.Nanosecond })
	_, err := es.client(t).Process(callCtx(t), &articlev1.ProcessRequest{Document: &articlev1.RawDocument{Content: []byte("<p>hi</p>")}})
	if code := status.Code(err); code != codes.DeadlineExceeded {
		t.Fatalf("Process under a 1ns server deadline: %v, want DeadlineExceeded", err)
	}
}

func TestLimiterForgetsIdleClients(t *testing.T) {
	l, err := newLimiter(CallLimits{ClientRate: 1000, ClientStreams: 4}, nil)
	if err != nil {
		t.Fatal(err)
	}
	done, err := l.openStream("ip:busy")
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range maxTrackedClients {
		l.state(fmt.Sprintf("ip:10.0.%d.%d", i/256, i%256))
	}
	if n := len(l.clients); n > maxTrackedClients/2 {
		t.Errorf("after a sweep %d clients are tracked, want the idle ones forgotten", n)
	}
	if l.clients["ip:busy"] == nil {
		t.Error("the client with an open stream was forgotten")
	}
}
