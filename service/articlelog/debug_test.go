package articlelog

import (
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

func TestDebugStall(t *testing.T) {
	for _, variant := range []string{"tcp", "inproc", "inproc_threshold"} {
		stalls := 0
		for round := range 40 {
			l := openLog(t, func(c *Config) { c.Listen = "127.0.0.1:0" })
			for i := range 30 {
				mustAppend(t, l, art(fmt.Sprint("a", i), "s", "en", fmt.Sprint(i)), DedupByID)
			}
			js := l.js
			if variant == "tcp" {
				nc, err := nats.Connect("nats://" + l.ListenAddr().String())
				if err != nil {
					t.Fatal(err)
				}
				defer nc.Close()
				js, _ = jetstream.New(nc)
			}
			cons, err := js.OrderedConsumer(testCtx(t), l.cfg.Stream, jetstream.OrderedConsumerConfig{DeliverPolicy: jetstream.DeliverAllPolicy})
			if err != nil {
				t.Fatal(err)
			}
			opts := []jetstream.PullMessagesOpt{jetstream.PullMaxMessages(16), jetstream.PullHeartbeat(2 * time.Second)}
			if variant == "inproc_threshold" {
				opts = append(opts, jetstream.PullThresholdMessages(15))
			}
			it, err := cons.Messages(opts...)
			if err != nil {
				t.Fatal(err)
			}
			for i := range 30 {
				t0 := time.Now()
				if _, err := it.Next(); err != nil {
					t.Fatal(err)
				}
				if d := time.Since(t0); d > 500*time.Millisecond {
					stalls++
					t.Logf("%s round %d: next %d took %v", variant, round, i, d)
				}
			}
			it.Stop()
		}
		t.Logf("%s: %d stalls", variant, stalls)
	}
}
