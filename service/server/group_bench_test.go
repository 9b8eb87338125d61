package server

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	articlev1 "articleservice/proto/article/v1"
)

// BenchmarkConsume compares reading the article log through Subscribe with
// consuming it through a consumer group over loopback gRPC, in the same
// run: one op is one article delivered, and for a group acknowledged (an
// ack the log has stored). The log is filled with b.N corpus documents
// before the timer starts; every sub-benchmark reads all of them from the
// start. `make bench` prints the groups' articles/s as ratios to
// subscribe's.
func BenchmarkConsume(b *testing.B) {
	b.Run("subscribe", func(b *testing.B) {
		ts := fillLog(b)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		b.ResetTimer()
		start := time.Now()
		sub, err := ts.client.Subscribe(ctx, &articlev1.SubscribeRequest{Start: &articlev1.SubscribeRequest_FromStart{FromStart: true}})
		if err != nil {
			b.Fatal(err)
		}
		for got := 0; got < b.N; {
			m, err := sub.Recv()
			if err != nil {
				b.Fatal(err)
			}
			if m.GetEntry() != nil {
				got++
			}
		}
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "articles/s")
	})
	for _, members := range []int{1, 3} {
		b.Run(fmt.Sprintf("group-%d", members), func(b *testing.B) {
			ts := fillLog(b)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			groups := articlev1.NewConsumerGroupServiceClient(ts.conn)
			if _, err := groups.CreateConsumerGroup(ctx, &articlev1.CreateConsumerGroupRequest{Group: &articlev1.ConsumerGroup{
				Name: "bench", Start: &articlev1.ConsumerGroup_FromStart{FromStart: true},
			}}); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			start := time.Now()
			var acked atomic.Int64
			var wg sync.WaitGroup
			mctx, stop := context.WithCancel(ctx)
			for range members {
				wg.Go(func() {
					if err := benchMember(mctx, groups, &acked, int64(b.N)); err != nil && mctx.Err() == nil {
						b.Error(err)
					}
					stop()
				})
			}
			wg.Wait()
			stop()
			if n := acked.Load(); n < int64(b.N) {
				b.Fatalf("%d of %d articles acknowledged", n, b.N)
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "articles/s")
		})
	}
}

// benchMember consumes the group, acknowledging each article at once,
// until the members together acknowledged want articles.
func benchMember(ctx context.Context, groups articlev1.ConsumerGroupServiceClient, acked *atomic.Int64, want int64) error {
	stream, err := groups.Consume(ctx)
	if err != nil {
		return err
	}
	if err := stream.Send(&articlev1.ConsumeRequest{Action: &articlev1.ConsumeRequest_Join{Join: &articlev1.JoinGroup{Group: "bench", MaxInFlight: 64}}}); err != nil {
		return err
	}
	if _, err := stream.Recv(); err != nil {
		return err
	}
	for acked.Load() < want {
		m, err := stream.Recv()
		if err != nil {
			return err
		}
		d := m.GetDelivery()
		if err := stream.Send(&articlev1.ConsumeRequest{Action: &articlev1.ConsumeRequest_Ack{Ack: &articlev1.Ack{DeliveryId: d.GetDeliveryId()}}}); err != nil {
			return err
		}
		if d.GetDeliveryCount() == 1 {
			acked.Add(1)
		}
	}
	return stream.CloseSend()
}

// fillLog starts a server whose log holds b.N corpus documents, each with
// its own id.
func fillLog(b *testing.B) *testServer {
	b.Helper()
	return fillLogWith(b, Config{})
}

// fillLogWith is fillLog for a server configured by cfg.
func fillLogWith(b *testing.B, cfg Config) *testServer {
	b.Helper()
	ts := startServer(b, cfg)
	docs := corpus(b)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	stream, err := ts.client.IngestStream(ctx)
	if err != nil {
		b.Fatal(err)
	}
	go func() {
		for i := range b.N {
			d := docs[i%len(docs)]
			if err := stream.Send(&articlev1.IngestStreamRequest{Document: &articlev1.RawDocument{Id: fmt.Sprintf("consume-%d", i), Content: d.GetContent()}}); err != nil {
				return
			}
		}
		stream.CloseSend()
	}()
	for range b.N {
		if resp, err := stream.Recv(); err != nil || resp.GetOutcome() != created {
			b.Fatalf("ingest: %v, %v", resp, err)
		}
	}
	return ts
}
