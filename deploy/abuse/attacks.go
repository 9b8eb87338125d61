package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	articlev1 "articleservice/proto/article/v1"
)

// attacks are the ways clients have pushed the server past its memory or
// its availability, each named for what the client does.
func attacks(cfg config) []attack {
	return []attack{
		{
			name:  "list-large-pages",
			what:  "4 clients page through a log of 5 MB articles with page_size 100, over and over",
			setup: func(ctx context.Context, e *env) error { return fillLog(ctx, e, 30) },
			run:   listPages,
		},
		{
			name:        "subscribe-no-read",
			what:        "16 subscriptions from the start of a log of 5 MB articles that never read",
			setup:       func(ctx context.Context, e *env) error { return fillLog(ctx, e, 30) },
			minDuration: 40 * time.Second, // past the stall timeout of 30 s
			run:         subscribeNoRead,
		},
		{
			name: "headers-no-message",
			what: "20,000 unary calls from one address that send headers and never the message",
			run:  headersNoMessage,
		},
		{
			name: "oversized-answers",
			what: "4 clients process 1 MiB documents of ' (answers of 6.3 MB), and 10-document streams of them",
			run:  oversizedAnswers,
		},
		{
			name: "sanitize-large",
			what: "16 clients sanitize 3 MB fragments at once, over and over",
			run:  sanitizeLarge,
		},
		{
			name: "wrong-token",
			what: "8 clients call with a wrong token as fast as they can",
			auth: true,
			run:  wrongToken,
		},
	}
}

// bigDocument is a document whose article is about 5 MB: 2.3 MB of text,
// as HTML and as text.
func bigDocument(i int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: Long article %d\n---\n", i)
	para := fmt.Sprintf("<p>Article %d has a long paragraph of ordinary words, written many times over. ", i)
	for b.Len() < 2300<<10 {
		b.WriteString(para)
		b.WriteString(strings.Repeat("word ", 60))
		b.WriteString("</p>\n")
	}
	return []byte(b.String())
}

func fillLog(ctx context.Context, e *env, n int) error {
	conn, err := e.dial()
	if err != nil {
		return err
	}
	defer conn.Close()
	c := articlev1.NewArticleServiceClient(conn)
	for i := range n {
		if _, err := c.Ingest(ctx, &articlev1.IngestRequest{Document: &articlev1.RawDocument{Id: fmt.Sprint("big-", i), Content: bigDocument(i)}}); err != nil {
			return fmt.Errorf("ingest big-%d: %w", i, err)
		}
	}
	return nil
}

func listPages(ctx context.Context, e *env) string {
	var ok, articles atomic.Int64
	var bad codes
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := e.dial()
			if err != nil {
				return
			}
			defer conn.Close()
			c := articlev1.NewArticleServiceClient(conn)
			token := ""
			for ctx.Err() == nil {
				resp, err := c.ListArticles(ctx, &articlev1.ListArticlesRequest{PageSize: 100, PageToken: token})
				if err != nil {
					if ctx.Err() == nil {
						bad.add(err)
					}
					token = ""
					continue
				}
				ok.Add(1)
				articles.Add(int64(len(resp.GetEntries())))
				token = resp.GetNextPageToken()
			}
		}()
	}
	wg.Wait()
	return fmt.Sprintf("%d pages (%d articles) answered, errors: [%s]", ok.Load(), articles.Load(), bad.String())
}

func subscribeNoRead(ctx context.Context, e *env) string {
	type sub struct {
		conn   *grpc.ClientConn
		stream articlev1.ArticleService_SubscribeClient
	}
	var subs []sub
	defer func() {
		for _, s := range subs {
			s.conn.Close()
		}
	}()
	for range 16 {
		// Small flow-control windows: the client takes in little, so
		// what it does not read stays with the server.
		conn, err := e.dial(grpc.WithInitialWindowSize(64<<10), grpc.WithInitialConnWindowSize(64<<10))
		if err != nil {
			return err.Error()
		}
		st, err := articlev1.NewArticleServiceClient(conn).Subscribe(context.Background(), &articlev1.SubscribeRequest{Start: &articlev1.SubscribeRequest_FromStart{FromStart: true}})
		if err == nil {
			_, err = st.Recv()
		}
		if err != nil {
			conn.Close()
			return "subscribe: " + err.Error()
		}
		subs = append(subs, sub{conn, st})
	}
	<-ctx.Done()
	// Now read what each was sent, and how it ended.
	var ended codes
	var reasons sync.Map
	var wg sync.WaitGroup
	for _, s := range subs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				_, err := s.stream.Recv()
				if err == nil {
					continue
				}
				ended.add(err)
				r := reason(err)
				v, _ := reasons.LoadOrStore(r, new(atomic.Int64))
				v.(*atomic.Int64).Add(1)
				return
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		for _, s := range subs {
			s.conn.Close()
		}
		<-done
	}
	var rs []string
	reasons.Range(func(k, v any) bool {
		rs = append(rs, fmt.Sprintf("%s %d", k, v.(*atomic.Int64).Load()))
		return true
	})
	return fmt.Sprintf("subscriptions ended: [%s] reasons: %s", ended.String(), strings.Join(rs, ", "))
}

// reason is the ErrorInfo reason of a status, if any.
func reason(err error) string {
	for _, d := range status.Convert(err).Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			return info.GetReason()
		}
	}
	return "none"
}

func headersNoMessage(ctx context.Context, e *env) string {
	const conns, perConn = 80, 250
	var got codes
	var held atomic.Int64
	var wg sync.WaitGroup
	desc := &grpc.StreamDesc{ClientStreams: true, ServerStreams: true}
	for range conns {
		conn, err := e.dial()
		if err != nil {
			return err.Error()
		}
		defer conn.Close()
		for range perConn {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cs, err := conn.NewStream(ctx, desc, "/article.v1.ArticleService/Process")
				if err != nil {
					if ctx.Err() == nil {
						got.add(err)
					}
					return
				}
				held.Add(1)
				var resp articlev1.ProcessResponse
				err = cs.RecvMsg(&resp) // the request message never comes
				held.Add(-1)
				if ctx.Err() == nil {
					got.add(err)
				} else {
					got.add(status.Error(grpccodes.Canceled, "held until the attack ended"))
				}
			}()
		}
	}
	wg.Wait()
	return fmt.Sprintf("calls answered: [%s]", got.String())
}

func oversizedAnswers(ctx context.Context, e *env) string {
	doc := []byte(strings.Repeat("'", 1<<20))
	var unary, streamed codes
	var streams, streamAnswers atomic.Int64
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := e.dial()
			if err != nil {
				return
			}
			defer conn.Close()
			c := articlev1.NewArticleServiceClient(conn)
			for ctx.Err() == nil {
				if i > 0 {
					_, err := c.Process(ctx, &articlev1.ProcessRequest{Document: &articlev1.RawDocument{Id: "quotes", Content: doc}})
					if ctx.Err() == nil {
						unary.add(err)
					}
					continue
				}
				st, err := c.ProcessStream(ctx)
				if err != nil {
					continue
				}
				go func() {
					for range 10 {
						if st.Send(&articlev1.ProcessStreamRequest{Document: &articlev1.RawDocument{Id: "quotes", Content: doc}}) != nil {
							return
						}
					}
					_ = st.CloseSend()
				}()
				n := 0
				for {
					resp, err := st.Recv()
					if err != nil {
						if !errors.Is(err, io.EOF) && ctx.Err() == nil {
							streamed.add(err)
						}
						break
					}
					n++
					if resp.GetError() != nil {
						streamed.add(status.Error(grpccodes.ResourceExhausted, ""))
					}
				}
				if n == 10 {
					streams.Add(1)
				}
				streamAnswers.Add(int64(n))
			}
		}()
	}
	wg.Wait()
	return fmt.Sprintf("Process: [%s]; %d streams answered all 10 documents (%d answers: [%s])", unary.String(), streams.Load(), streamAnswers.Load(), streamed.String())
}

func sanitizeLarge(ctx context.Context, e *env) string {
	var b strings.Builder
	for b.Len() < 3<<20 {
		b.WriteString(`<p>A paragraph with <a href="https://example.com/x">a link</a> and <b>bold</b> text, <img src="https://example.com/i.png" onerror="alert(1)"> repeated.</p>` + "\n")
	}
	html := b.String()
	var got codes
	var wg sync.WaitGroup
	conn, err := e.dial()
	if err != nil {
		return err.Error()
	}
	defer conn.Close()
	c := articlev1.NewArticleServiceClient(conn)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				_, err := c.Sanitize(ctx, &articlev1.SanitizeRequest{Html: html})
				if ctx.Err() == nil {
					got.add(err)
				}
			}
		}()
	}
	wg.Wait()
	return fmt.Sprintf("Sanitize: [%s]", got.String())
}

func wrongToken(ctx context.Context, e *env) string {
	var got codes
	var calls atomic.Int64
	before := e.srv.logLines("ERROR") + e.srv.logLines("WARN")
	start := time.Now()
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := e.dial()
			if err != nil {
				return
			}
			defer conn.Close()
			c := articlev1.NewArticleServiceClient(conn)
			cctx := metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer wrong-token")
			for ctx.Err() == nil {
				_, err := c.ListPolicies(cctx, &articlev1.ListPoliciesRequest{})
				if ctx.Err() == nil {
					got.add(err)
					calls.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	secs := time.Since(start).Seconds()
	logged := e.srv.logLines("ERROR") + e.srv.logLines("WARN") - before
	return fmt.Sprintf("%d calls (%.0f/s): [%s]; %d WARN/ERROR log lines", calls.Load(), float64(calls.Load())/secs, got.String(), logged)
}
