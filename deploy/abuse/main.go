// Command abuse runs, against a fresh articled with its default limits for
// each, the attacks of careless or hostile clients that the server's
// memory budget is meant to withstand, and prints for each the server's
// peak RSS and the p99 latency of a health check and of a small Process
// call that another client makes meanwhile.
//
//	go build -o /tmp/articled ./cmd/articled
//	go run ./deploy/abuse -articled /tmp/articled [-duration 10s] [-only NAME] [-max-rss-mib 256]
//
// With -max-rss-mib it exits non-zero when an attack takes the server's
// peak RSS over that; latencies are printed, never compared (the machine
// that runs this is shared with the attack itself).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"
)

type config struct {
	articled  string
	duration  time.Duration
	only      string
	maxRSSMiB int
	// serverFlags are added to every articled's flags.
	serverFlags []string
}

func main() {
	var cfg config
	flag.StringVar(&cfg.articled, "articled", "", "articled binary to run (required)")
	flag.DurationVar(&cfg.duration, "duration", 10*time.Second, "how long each attack runs (the stalled subscribers run past the stall timeout)")
	flag.StringVar(&cfg.only, "only", "", "run only the attacks whose name contains this")
	flag.IntVar(&cfg.maxRSSMiB, "max-rss-mib", 0, "fail when an attack takes the server's peak RSS over this many MiB (0: report only)")
	flag.Func("server-flag", "a flag for articled, e.g. -server-flag=--subscribe-total-bytes=33554432 (repeatable)", func(v string) error {
		cfg.serverFlags = append(cfg.serverFlags, v)
		return nil
	})
	flag.Parse()
	if cfg.articled == "" {
		fmt.Fprintln(os.Stderr, "abuse: -articled is required")
		os.Exit(2)
	}
	if err := run(context.Background(), cfg); err != nil {
		fmt.Fprintln(os.Stderr, "abuse:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg config) error {
	var results []result
	var failed []string
	for _, a := range attacks(cfg) {
		if cfg.only != "" && !strings.Contains(a.name, cfg.only) {
			continue
		}
		fmt.Printf("== %s: %s\n", a.name, a.what)
		r, err := runAttack(ctx, cfg, a)
		if err != nil {
			return fmt.Errorf("%s: %w", a.name, err)
		}
		fmt.Printf("   RSS %.0f MiB at the start, peak %.0f MiB; health p99 %v, Process p99 %v (%d probes); %s\n",
			r.startMiB, r.peakMiB, r.health.p99(), r.process.p99(), r.process.n(), r.outcome)
		results = append(results, r)
		if cfg.maxRSSMiB > 0 && r.peakMiB > float64(cfg.maxRSSMiB) {
			failed = append(failed, fmt.Sprintf("%s: peak RSS %.0f MiB over %d MiB", a.name, r.peakMiB, cfg.maxRSSMiB))
		}
		if r.probeErrs > 0 {
			failed = append(failed, fmt.Sprintf("%s: %d probe calls from the other client failed (first: %v)", a.name, r.probeErrs, r.probeErr))
		}
	}
	fmt.Printf("\n%-22s %14s %12s %12s  %s\n", "attack", "peak RSS MiB", "health p99", "Process p99", "outcome")
	for _, r := range results {
		fmt.Printf("%-22s %14.0f %12v %12v  %s\n", r.name, r.peakMiB, r.health.p99().Round(100*time.Microsecond), r.process.p99().Round(100*time.Microsecond), r.outcome)
	}
	if len(failed) > 0 {
		return errors.New(strings.Join(failed, "; "))
	}
	return nil
}
