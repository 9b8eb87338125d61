package server

import (
	"fmt"
	"strings"
	"testing"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"
	dto "github.com/prometheus/client_model/go"

	articlev1 "articleservice/proto/article/v1"
)

// TestIngestReadAheadIsBoundedInBytes: with its acknowledgements held up
// (the log does not answer), an IngestStream reads ahead no more bytes of
// documents than --ingest-window-bytes, however many documents the item
// window would allow.
func TestIngestReadAheadIsBoundedInBytes(t *testing.T) {
	ns, err := natsserver.NewServer(&natsserver.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(), NoSigs: true, NoLog: true})
	if err != nil {
		t.Fatal(err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats server did not start")
	}
	t.Cleanup(ns.Shutdown)
	const docBytes, budget = 20 << 10, 100 << 10
	es := startEdgeServer(t, func(c *Config) {
		c.Log.URL, c.Log.DataDir = ns.ClientURL(), ""
		c.IngestWindow = 64
		c.IngestWindowBytes = budget
	})
	client := articlev1.NewArticleServiceClient(es.conn(t))
	if _, err := client.Ingest(callCtx(t), &articlev1.IngestRequest{Document: &articlev1.RawDocument{Content: []byte("<p>first</p>")}}); err != nil {
		t.Fatal(err)
	}
	ns.Shutdown()
	ns.WaitForShutdown()

	stream, err := client.IngestStream(callCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for i := range 40 {
			doc := fmt.Sprintf("<p>%d %s</p>", i, strings.Repeat("x", docBytes))
			if stream.Send(&articlev1.IngestStreamRequest{Document: &articlev1.RawDocument{Content: []byte(doc)}}) != nil {
				return
			}
		}
	}()
	received := es.srv.edge.metrics.received.WithLabelValues("bidi_stream", "article.v1.ArticleService", "IngestStream")
	time.Sleep(2 * time.Second)
	// The document being appended, those held within the budget, and the
	// one read and waiting for room.
	var m dto.Metric
	if err := received.Write(&m); err != nil {
		t.Fatal(err)
	}
	if got, most := int(m.GetCounter().GetValue()), 1+budget/docBytes+1; got > most {
		t.Errorf("%d documents of %d KiB read ahead under a budget of %d KiB; want at most %d", got, docBytes>>10, budget>>10, most)
	}
}
