package articlelog

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// BenchmarkAppend measures the embedded log alone: durable appends per
// second (each returns once JetStream has stored the article) of articles
// of about 10 KB, by one caller and by eight, and the latency from an
// append returning to a subscriber receiving the article (p50, p99; 0 when
// the subscriber got it first).
func BenchmarkAppend(b *testing.B) {
	for _, callers := range []int{1, 8} {
		b.Run(fmt.Sprintf("callers-%d", callers), func(b *testing.B) {
			l := openLog(b, nil)
			sub := subscribe(b, l, SubscribeOptions{Start: StartNow})
			n := b.N
			received := make(map[uint64]time.Time, n)
			subDone := make(chan error, 1)
			go func() {
				for len(received) < n {
					e, err := sub.Next(testCtx(b))
					if err != nil {
						subDone <- err
						return
					}
					received[e.Cursor] = time.Now()
				}
				subDone <- nil
			}()
			body := strings.Repeat("正文 body text ", 700)
			var mu sync.Mutex
			appended := make(map[uint64]time.Time, n)
			next := make(chan int)
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for range callers {
				wg.Go(func() {
					for i := range next {
						res, err := l.Append(testCtx(b), art(fmt.Sprint("bench-", i), "site", "zh", fmt.Sprint(body, i)), DedupByID)
						if err != nil || res.Duplicate {
							b.Errorf("append: %+v, %v", res, err)
							return
						}
						now := time.Now()
						mu.Lock()
						appended[res.Cursor] = now
						mu.Unlock()
					}
				})
			}
			for i := range n {
				next <- i
			}
			close(next)
			wg.Wait()
			elapsed := time.Since(start)
			if err := <-subDone; err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			var lat []time.Duration
			for c, at := range appended {
				lat = append(lat, max(0, received[c].Sub(at)))
			}
			slices.Sort(lat)
			b.ReportMetric(float64(n)/elapsed.Seconds(), "appends/s")
			b.ReportMetric(float64(lat[len(lat)/2])/1e6, "delivery-p50-ms")
			b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)])/1e6, "delivery-p99-ms")
		})
	}
}
