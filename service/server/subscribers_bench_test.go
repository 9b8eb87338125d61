package server

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/articlelog"
)

// BenchmarkSubscribers reads a log of b.N corpus documents from the start
// with 16 subscriptions at once, each on its own connection, under the
// default shared budget (--subscribe-total-bytes) and under twice it. One
// op is one article delivered to every subscriber; articles/s counts them
// all. It shows what the shared budget costs readers that keep up: sixteen
// of them reserve up to 4 MiB a fetch each, more than the default holds.
func BenchmarkSubscribers(b *testing.B) {
	const readers = 16
	def := articlelog.DefaultConfig().SubscribeTotalBytes
	for _, total := range []int64{def, 2 * def} {
		b.Run(fmt.Sprintf("total-%dMiB", total>>20), func(b *testing.B) {
			lc := articlelog.DefaultConfig()
			lc.SubscribeTotalBytes = total
			ts := fillLogWith(b, Config{Log: lc})
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			clients := make([]articlev1.ArticleServiceClient, readers)
			for i := range clients {
				clients[i] = articlev1.NewArticleServiceClient(ts.dial(b))
			}
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			for _, c := range clients {
				wg.Go(func() {
					if err := readFromStart(ctx, c, b.N); err != nil {
						b.Error(err)
					}
				})
			}
			wg.Wait()
			b.ReportMetric(float64(readers*b.N)/time.Since(start).Seconds(), "articles/s")
		})
	}
}

// readFromStart subscribes from the start of the log and reads n articles.
func readFromStart(ctx context.Context, c articlev1.ArticleServiceClient, n int) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sub, err := c.Subscribe(ctx, &articlev1.SubscribeRequest{Start: &articlev1.SubscribeRequest_FromStart{FromStart: true}})
	if err != nil {
		return err
	}
	for got := 0; got < n; {
		m, err := sub.Recv()
		if err != nil {
			return fmt.Errorf("after %d articles: %w", got, err)
		}
		if m.GetEntry() != nil {
			got++
		}
	}
	return nil
}
