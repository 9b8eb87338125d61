package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/emptypb"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/pipeline"
)

// quoteDoc is a valid document whose answer is about five times its size:
// every ' is escaped as &#39; in body_html, and the text is there besides.
func quoteDoc(n int) []byte {
	return []byte("<p>" + strings.Repeat("'", n) + "</p>")
}

// TestAnswerOverMessageLimit: a valid document whose article would be
// larger than the gRPC message limit is answered RESOURCE_EXHAUSTED with
// the field, the limit and the size it would need, in Process and Sanitize,
// and in a stream as that document's error while the stream goes on.
func TestAnswerOverMessageLimit(t *testing.T) {
	const limit = 64 << 10
	ts := startServer(t, Config{MaxMessageBytes: limit})
	big := quoteDoc(16 << 10)

	t.Run("process", func(t *testing.T) {
		_, err := ts.client.Process(callCtx(t), &articlev1.ProcessRequest{Document: &articlev1.RawDocument{Content: big}})
		badRequest(t, err, codes.ResourceExhausted, "document.content", "65536 bytes")
		badRequest(t, err, codes.ResourceExhausted, "document.content", "max-message-bytes")
	})
	t.Run("sanitize", func(t *testing.T) {
		_, err := ts.client.Sanitize(callCtx(t), &articlev1.SanitizeRequest{Html: string(big) + string(big)})
		badRequest(t, err, codes.ResourceExhausted, "html", "65536 bytes")
	})
	t.Run("process_stream", func(t *testing.T) {
		stream, err := ts.client.ProcessStream(callCtx(t))
		if err != nil {
			t.Fatal(err)
		}
		docs := [][]byte{[]byte("<p>first</p>"), big, []byte("<p>third</p>"), big, []byte("<p>fifth</p>")}
		go func() {
			for _, d := range docs {
				if stream.Send(&articlev1.ProcessStreamRequest{Document: &articlev1.RawDocument{Content: d}}) != nil {
					return
				}
			}
			stream.CloseSend()
		}()
		for i, d := range docs {
			resp, err := stream.Recv()
			if err != nil {
				t.Fatalf("recv %d: %v (the stream ended on a document whose answer is too large)", i, err)
			}
			wantErr := len(d) > 1000
			if (resp.GetError() != nil) != wantErr || resp.GetIndex() != int64(i) {
				t.Fatalf("response %d: index %d error %v, want error %v", i, resp.GetIndex(), resp.GetError(), wantErr)
			}
			if wantErr {
				checkTooLargeAnswer(t, resp.GetError())
			}
		}
		if _, err := stream.Recv(); !errors.Is(err, io.EOF) {
			t.Errorf("after the last response: %v, want EOF", err)
		}
	})
	t.Run("ingest_stream", func(t *testing.T) {
		stream, err := ts.client.IngestStream(callCtx(t))
		if err != nil {
			t.Fatal(err)
		}
		docs := [][]byte{[]byte("<p>first</p>"), big, []byte("<p>third</p>")}
		go func() {
			for _, d := range docs {
				if stream.Send(&articlev1.IngestStreamRequest{Document: &articlev1.RawDocument{Content: d}}) != nil {
					return
				}
			}
			stream.CloseSend()
		}()
		for i, d := range docs {
			resp, err := stream.Recv()
			if err != nil {
				t.Fatalf("recv %d: %v", i, err)
			}
			wantErr := len(d) > 1000
			if (resp.GetError() != nil) != wantErr {
				t.Fatalf("response %d: error %v, want error %v", i, resp.GetError(), wantErr)
			}
			if wantErr && resp.GetError().GetCode() != "RESOURCE_EXHAUSTED" {
				t.Errorf("response %d: %v, want RESOURCE_EXHAUSTED", i, resp.GetError())
			}
		}
	})
}

func checkTooLargeAnswer(tb testing.TB, de *articlev1.DocumentError) {
	tb.Helper()
	if de.GetCode() != "RESOURCE_EXHAUSTED" || len(de.GetFieldViolations()) == 0 {
		tb.Fatalf("error %v, want RESOURCE_EXHAUSTED with a field violation", de)
	}
	v := de.GetFieldViolations()[0]
	if v.GetField() != "document.content" || !strings.Contains(v.GetDescription(), "65536 bytes") || !strings.Contains(v.GetDescription(), "max-message-bytes") {
		tb.Errorf("violation %v, want document.content naming the limit and what would fit", v)
	}
}

// TestSanitizeWaitsForADocumentSlot: Sanitize is the same work as a
// document and takes one of the --max-concurrent-documents slots; with
// every slot taken it waits (here until its deadline), as Process does.
func TestSanitizeWaitsForADocumentSlot(t *testing.T) {
	lim := pipeline.DefaultLimits()
	lim.MaxConcurrent = 1
	ts := startServer(t, Config{Pipeline: pipeline.Config{Limits: lim}})
	release, err := ts.srv.pipe.Load().Admit(callCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, call := range []struct {
		name string
		do   func(context.Context) error
	}{
		{"process", func(ctx context.Context) error {
			_, err := ts.client.Process(ctx, &articlev1.ProcessRequest{Document: &articlev1.RawDocument{Content: []byte("<p>x</p>")}})
			return err
		}},
		{"sanitize", func(ctx context.Context) error {
			_, err := ts.client.Sanitize(ctx, &articlev1.SanitizeRequest{Html: "<p>x</p>"})
			return err
		}},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		err := call.do(ctx)
		cancel()
		if status.Code(err) != codes.DeadlineExceeded {
			t.Errorf("%s with the only slot taken: %v, want DEADLINE_EXCEEDED (it must wait for the slot)", call.name, err)
		}
	}
	release()
	if _, err := ts.client.Sanitize(callCtx(t), &articlev1.SanitizeRequest{Html: "<p>x</p>"}); err != nil {
		t.Errorf("sanitize with the slot free: %v", err)
	}
}

// TestUnauthenticatedCallsAreRateLimitedAndQuiet: calls with a wrong
// token are charged to the peer's address, so a burst of them is refused
// RESOURCE_EXHAUSTED past the limit while a valid client from the same
// address keeps its own bucket; they are logged at WARN, not ERROR, and at
// a bounded rate whatever their number.
func TestUnauthenticatedCallsAreRateLimitedAndQuiet(t *testing.T) {
	path := writeTokenFile(t, "", credential{name: "crawler", token: "good-token", scopes: []Scope{ScopeProcess}})
	// A bucket of 5 that refills once in about 17 minutes.
	es := startEdgeServer(t, func(c *Config) {
		c.Access.TokenFile = path
		c.Calls.ClientRate, c.Calls.ClientBurst = 0.001, 5
	})
	conn := es.conn(t)
	lp := rpc{"/article.v1.ArticleService/ListPolicies", ScopeProcess, false}
	start := time.Now()
	const calls = 300
	var unauth, limited int
	for range calls {
		switch err := call(t, conn, lp, "wrong-token"); status.Code(err) {
		case codes.Unauthenticated:
			unauth++
		case codes.ResourceExhausted:
			retryDelay(t, err)
			limited++
		default:
			t.Fatalf("wrong token: %v", err)
		}
	}
	elapsed := time.Since(start)
	if unauth > 5 || limited < calls-5 {
		t.Errorf("%d calls with a wrong token: %d UNAUTHENTICATED, %d RESOURCE_EXHAUSTED; want at most the burst of 5 answered", calls, unauth, limited)
	}
	if err := call(t, conn, lp, "good-token"); err != nil {
		t.Errorf("a valid client from the same address: %v", err)
	}
	var lines, errorLines int
	for _, l := range strings.Split(es.logs.String(), "\n") {
		if !strings.Contains(l, "msg=rpc") || !strings.Contains(l, "ListPolicies") {
			continue
		}
		lines++
		if strings.Contains(l, "level=ERROR") {
			errorLines++
		}
	}
	if errorLines > 0 {
		t.Errorf("%d refused calls logged at ERROR; want WARN", errorLines)
	}
	if max := 10 + int(elapsed.Seconds()) + 2; lines > max {
		t.Errorf("%d refused calls in %s made %d log lines; want at most %d", calls, elapsed.Round(time.Millisecond), lines, max)
	}
}

// hangingUnary starts a unary call whose client sends its headers and
// never its message, and returns a channel of how the call ended.
func hangingUnary(tb testing.TB, conn *grpc.ClientConn, method string) <-chan error {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	tb.Cleanup(cancel)
	return hangingUnaryIn(tb, ctx, conn, method)
}

// hangingUnaryIn is hangingUnary in ctx, whose deadline the client sends.
func hangingUnaryIn(tb testing.TB, ctx context.Context, conn *grpc.ClientConn, method string) <-chan error {
	tb.Helper()
	cs, err := conn.NewStream(ctx, &grpc.StreamDesc{}, method)
	if err != nil {
		tb.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cs.RecvMsg(&emptypb.Empty{}) }()
	return done
}

// TestUnaryCallWithoutMessageIsLimited: a unary call counts against its
// client's rate and open calls from its headers on, and the unary deadline
// runs while its message is awaited: a client that sends headers and never
// the message is refused past its limits and ended at the deadline.
func TestUnaryCallWithoutMessageIsLimited(t *testing.T) {
	const timeout = 500 * time.Millisecond
	for _, tc := range []struct {
		name     string
		edit     func(*CallLimits)
		answered int // calls not refused at once
	}{
		{"rate", func(c *CallLimits) { c.ClientRate, c.ClientBurst = 0.001, 3 }, 3},
		{"open_calls", func(c *CallLimits) { c.ClientStreams = 4 }, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			es := startEdgeServer(t, func(c *Config) {
				c.Calls.UnaryTimeout = timeout
				tc.edit(&c.Calls)
			})
			conn := es.conn(t)
			var ends []<-chan error
			for range 10 {
				ends = append(ends, hangingUnary(t, conn, "/article.v1.ArticleService/Process"))
				time.Sleep(5 * time.Millisecond) // in order
			}
			refused, timedOut := 0, 0
			deadline := time.After(timeout + 10*time.Second)
			for i, end := range ends {
				select {
				case err := <-end:
					switch status.Code(err) {
					case codes.ResourceExhausted:
						refused++
					case codes.DeadlineExceeded:
						timedOut++
					default:
						t.Errorf("call %d: %v, want RESOURCE_EXHAUSTED or DEADLINE_EXCEEDED", i, err)
					}
				case <-deadline:
					t.Fatalf("call %d without a message still open %s after the unary deadline of %s", i, 10*time.Second, timeout)
				}
			}
			if timedOut != tc.answered || refused != 10-tc.answered {
				t.Errorf("10 calls without a message: %d refused, %d ended at the deadline; want %d and %d", refused, timedOut, 10-tc.answered, tc.answered)
			}
		})
	}
}

// TestUnaryCallWithoutMessageEndsAtTheClientsDeadline: a client whose
// deadline comes before the server's unary deadline and that never sends
// its message is let go at its own deadline, not the server's: its one
// open call is counted no longer, and its next call is answered. (The
// message is then read without a goroutine of its own: gRPC ends the
// read at the client's deadline.)
func TestUnaryCallWithoutMessageEndsAtTheClientsDeadline(t *testing.T) {
	es := startEdgeServer(t, func(c *Config) {
		c.Calls.UnaryTimeout = time.Minute
		c.Calls.ClientStreams = 1
	})
	conn := es.conn(t)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := <-hangingUnaryIn(t, ctx, conn, "/article.v1.ArticleService/Process"); status.Code(err) != codes.DeadlineExceeded {
		t.Fatalf("call without a message: %v, want DEADLINE_EXCEEDED at the client's deadline", err)
	}
	client := articlev1.NewArticleServiceClient(conn)
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		_, err := client.Process(callCtx(t), &articlev1.ProcessRequest{Document: &articlev1.RawDocument{Content: []byte("<p>next</p>")}})
		if err == nil {
			break
		}
		if status.Code(err) != codes.ResourceExhausted || time.Since(start) > 10*time.Second {
			t.Fatalf("the next call, %s after the first ended: %v; the first still counts as open", time.Since(start).Round(time.Millisecond), err)
		}
	}
}

// TestListArticlesPageIsCutAtItsByteBudget: a page of large articles is
// cut short at the page's byte budget (at most the message limit) with a
// next_page_token, instead of failing with the transport's limit, and
// paging on returns every article.
func TestListArticlesPageIsCutAtItsByteBudget(t *testing.T) {
	const limit = 64 << 10
	ts := startServer(t, Config{MaxMessageBytes: limit})
	const n = 5
	for i := range n {
		doc := fmt.Sprintf("<p>%d %s</p>", i, strings.Repeat("word ", 2500)) // an article of about 25 KB
		if _, err := ts.client.Ingest(callCtx(t), &articlev1.IngestRequest{Document: &articlev1.RawDocument{Content: []byte(doc), Id: fmt.Sprint("big-", i)}}); err != nil {
			t.Fatalf("ingest %d: %v", i, err)
		}
	}
	var got int
	token := ""
	for page := 0; ; page++ {
		resp, err := ts.client.ListArticles(callCtx(t), &articlev1.ListArticlesRequest{PageSize: 100, PageToken: token})
		if err != nil {
			t.Fatalf("page %d: %v", page, err)
		}
		if size := proto.Size(resp); size > limit {
			t.Errorf("page %d is %d bytes, over the message limit", page, size)
		}
		if len(resp.GetEntries()) == 0 && resp.GetNextPageToken() != "" {
			t.Fatalf("page %d: empty with a token: no progress", page)
		}
		got += len(resp.GetEntries())
		if token = resp.GetNextPageToken(); token == "" {
			break
		}
	}
	if got != n {
		t.Errorf("paging returned %d articles, want %d", got, n)
	}
}

// TestSourceURLNeedsAHost: an absolute URL without a host ("http:opaque")
// cannot resolve links (they became "http:///x") and is refused as a
// relative one is.
func TestSourceURLNeedsAHost(t *testing.T) {
	ts := startServer(t, Config{})
	for _, u := range []string{"http:opaque", "https:///path", "http://"} {
		_, err := ts.client.Process(callCtx(t), &articlev1.ProcessRequest{Document: &articlev1.RawDocument{
			Content: []byte(`<p><a href="/x">x</a></p>`), SourceUrl: u}})
		badRequest(t, err, codes.InvalidArgument, "document.source_url", "absolute")
	}
}
