package server

import (
	"context"
	"strings"
	"testing"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"
	"google.golang.org/grpc/codes"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/article"
	"articleservice/service/articlelog"
)

// TestDeadlineSaysWhose: when an Ingest is cut off while the article log
// does not answer, the status says whose deadline passed: the client's
// own, the server's unary deadline, or the log's retry timeout (the only
// one that makes the log unavailable).
func TestDeadlineSaysWhose(t *testing.T) {
	for _, tc := range []struct {
		name           string
		client, unary  time.Duration
		retry          time.Duration
		code, want     string
		mustNotContain string
	}{
		{"client", 700 * time.Millisecond, time.Minute, 30 * time.Second, "DeadlineExceeded", "the client's deadline passed", "unavailable"},
		{"unary_timeout", 30 * time.Second, 700 * time.Millisecond, 30 * time.Second, "DeadlineExceeded", "--unary-timeout", "unavailable"},
		{"log_retry", 30 * time.Second, time.Minute, 700 * time.Millisecond, "Unavailable", "no answer within 700ms", "client"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ns, err := natsserver.NewServer(&natsserver.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(), NoSigs: true, NoLog: true})
			if err != nil {
				t.Fatal(err)
			}
			go ns.Start()
			if !ns.ReadyForConnections(10 * time.Second) {
				t.Fatal("nats server did not start")
			}
			t.Cleanup(ns.Shutdown)
			es := startEdgeServer(t, func(c *Config) {
				c.Log.URL, c.Log.DataDir = ns.ClientURL(), ""
				c.Log.RetryTimeout = tc.retry
				c.Calls.UnaryTimeout = tc.unary
			})
			client := articlev1.NewArticleServiceClient(es.conn(t))
			if _, err := client.Ingest(callCtx(t), &articlev1.IngestRequest{Document: &articlev1.RawDocument{Content: []byte("<p>first</p>")}}); err != nil {
				t.Fatal(err)
			}
			ns.Shutdown()
			ns.WaitForShutdown()
			ctx, cancel := context.WithTimeout(context.Background(), tc.client)
			defer cancel()
			if tc.name == "client" {
				// The client's own timer ends its call, often before the
				// server's copy of the deadline does (the server then sees
				// a cancellation): the append of an Ingest is checked here
				// with the server's copy, as the handler answers it.
				_, err := es.srv.articles.Append(ctx, &article.Article{ID: "second", BodyText: "second"}, articlelog.DedupByID)
				st := toStatus(ctx, es.srv.log, err)
				if st.Code() != codes.DeadlineExceeded || !strings.Contains(st.Message(), tc.want) || strings.Contains(strings.ToLower(st.Message()), tc.mustNotContain) {
					t.Errorf("append past the client's deadline: %v; want DEADLINE_EXCEEDED saying %q", st.Err(), tc.want)
				}
				return
			}
			if _, err := client.Ingest(ctx, &articlev1.IngestRequest{Document: &articlev1.RawDocument{Content: []byte("<p>second</p>")}}); err == nil {
				t.Fatal("ingest with the log down succeeded")
			}
			// The client may see its own timer's status first; what the
			// server answered is in its log line.
			var line string
			for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
				for _, l := range strings.Split(es.logs.String(), "\n") {
					if strings.Contains(l, "msg=rpc") && strings.Contains(l, "/Ingest") && !strings.Contains(l, "code=OK") {
						line = l
					}
				}
				if line != "" {
					break
				}
			}
			if !strings.Contains(line, "code="+tc.code) || !strings.Contains(line, tc.want) || strings.Contains(strings.ToLower(line), tc.mustNotContain) {
				t.Errorf("log line of the cut-off ingest:\n%s\nwant code=%s and %q, without %q", line, tc.code, tc.want, tc.mustNotContain)
			}
		})
	}
}
