package server

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	articlev1 "articleservice/proto/article/v1"
)

// BenchmarkIngest measures the article log on the embedded server over
// loopback gRPC: documents ingested per second with durable
// acknowledgements (each sent only once JetStream has stored the article),
// and the delivery latency from an acknowledgement reaching the ingesting
// client to the article reaching a subscriber (p50 and p99; 0 when the
// subscriber got it first). One op is one corpus document, with a fresh id.
func BenchmarkIngest(b *testing.B) {
	for _, mode := range []string{"stream", "unary-8"} {
		b.Run(mode, func(b *testing.B) { benchIngest(b, mode) })
	}
}

func benchIngest(b *testing.B, mode string) {
	ts := startServer(b, Config{})
	docs := corpus(b)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	sub, err := ts.client.Subscribe(ctx, &articlev1.SubscribeRequest{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := sub.Recv(); err != nil {
		b.Fatal(err)
	}
	n := b.N
	received := make(map[uint64]time.Time, n)
	subDone := make(chan error, 1)
	go func() {
		for len(received) < n {
			m, err := sub.Recv()
			if err != nil {
				subDone <- err
				return
			}
			received[m.GetCursor()] = time.Now()
		}
		subDone <- nil
	}()
	doc := func(i int) *articlev1.RawDocument {
		d := docs[i%len(docs)]
		return &articlev1.RawDocument{Id: fmt.Sprintf("bench-%d", i), Content: d.GetContent()}
	}
	var mu sync.Mutex
	acked := make(map[uint64]time.Time, n)
	var ackLatency []time.Duration
	record := func(cursor uint64, sent time.Time) {
		now := time.Now()
		mu.Lock()
		acked[cursor] = now
		ackLatency = append(ackLatency, now.Sub(sent))
		mu.Unlock()
	}

	b.ResetTimer()
	start := time.Now()
	switch mode {
	case "stream":
		stream, err := ts.client.IngestStream(ctx)
		if err != nil {
			b.Fatal(err)
		}
		sent := make(chan time.Time, n)
		go func() {
			for i := range n {
				sent <- time.Now()
				if err := stream.Send(&articlev1.IngestStreamRequest{Document: doc(i)}); err != nil {
					return
				}
			}
			stream.CloseSend()
		}()
		for range n {
			resp, err := stream.Recv()
			if err != nil || resp.GetOutcome() != created {
				b.Fatalf("ack: %v, %v", resp, err)
			}
			record(resp.GetCursor(), <-sent)
		}
	default:
		var wg sync.WaitGroup
		next := make(chan int)
		for range 8 {
			wg.Go(func() {
				for i := range next {
					t := time.Now()
					resp, err := ts.client.Ingest(ctx, &articlev1.IngestRequest{Document: doc(i)})
					if err != nil || resp.GetOutcome() != created {
						b.Errorf("ingest: %v, %v", resp, err)
						return
					}
					record(resp.GetCursor(), t)
				}
			})
		}
		for i := range n {
			next <- i
		}
		close(next)
		wg.Wait()
	}
	elapsed := time.Since(start)
	if err := <-subDone; err != nil {
		b.Fatalf("subscriber: %v", err)
	}
	b.StopTimer()

	var delivery []time.Duration
	for cursor, at := range acked {
		got, ok := received[cursor]
		if !ok {
			b.Fatalf("cursor %d acknowledged, never delivered", cursor)
		}
		delivery = append(delivery, max(0, got.Sub(at)))
	}
	b.ReportMetric(float64(n)/elapsed.Seconds(), "docs/s")
	b.ReportMetric(ms(percentile(ackLatency, 50)), "ack-p50-ms")
	b.ReportMetric(ms(percentile(ackLatency, 99)), "ack-p99-ms")
	b.ReportMetric(ms(percentile(delivery, 50)), "delivery-p50-ms")
	b.ReportMetric(ms(percentile(delivery, 99)), "delivery-p99-ms")
}

func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
