// Command report reads the JSON reports ghz writes (ghz -O json -o FILE) and
// prints them for the load-test scripts.
//
//	report summary [-expect CODE] NAME FILE
//	report table [-ratio A/B]... [-messages NAME=N]... NAME=FILE...
//	report calls NAME=FILE...
//
// summary prints one run: calls, RPS, latency percentiles and the status
// codes and errors, and exits with status 1 when any call did not return OK,
// or with -expect, when any call did not fail with that code (as ghz names
// codes: ResourceExhausted, InvalidArgument, ...).
//
// table prints one row per run (requests, errors, RPS, p50/p95/p99) and,
// for each -ratio A/B, A's RPS over B's and A's p99 over B's. -messages
// NAME=N says that one call of NAME carries N messages (a ProcessStream
// stream of N documents): its messages per second are printed too and are
// what its RPS ratios use; a p99 ratio involving it is not printed, since
// its latency is that of a whole stream. -cpu NAME=SECONDS gives the CPU
// time the server used during NAME's run: the table then prints the CPU
// per call (per message for -messages runs), and each ratio A/B also
// B's CPU per call over A's, which a noisy machine moves less than it
// moves calls per second.
//
// calls prints one line per run of a single call (ghz -n 1): its status,
// how long it took and its error message.
//
// Nothing here compares a number with a threshold.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ghzReport is the part of ghz's JSON report used here; durations are in
// nanoseconds.
type ghzReport struct {
	Name                   string         `json:"name"`
	EndReason              string         `json:"endReason"`
	Count                  int64          `json:"count"`
	Total                  time.Duration  `json:"total"`
	Average                time.Duration  `json:"average"`
	Fastest                time.Duration  `json:"fastest"`
	Slowest                time.Duration  `json:"slowest"`
	RPS                    float64        `json:"rps"`
	ErrorDistribution      map[string]int `json:"errorDistribution"`
	StatusCodeDistribution map[string]int `json:"statusCodeDistribution"`
	LatencyDistribution    []struct {
		Percentage int           `json:"percentage"`
		Latency    time.Duration `json:"latency"`
	} `json:"latencyDistribution"`
	Options struct {
		Call        string `json:"call"`
		Concurrency int    `json:"concurrency"`
		Connections int    `json:"connections"`
	} `json:"options"`
}

func (r *ghzReport) ok() int64 { return int64(r.StatusCodeDistribution["OK"]) }

// errors counts the calls that did not return OK.
func (r *ghzReport) errors() int64 { return r.Count - r.ok() }

// pct is a latency percentile, or -1 when ghz did not report it (no call
// succeeded).
func (r *ghzReport) pct(p int) time.Duration {
	for _, l := range r.LatencyDistribution {
		if l.Percentage == p {
			return l.Latency
		}
	}
	return -1
}

func load(file string) (*ghzReport, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var r ghzReport
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return &r, nil
}

func ms(d time.Duration) string {
	if d < 0 {
		return "-"
	}
	return strconv.FormatFloat(float64(d)/1e6, 'f', 2, 64) + "ms"
}

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "summary":
		err = summary(os.Args[2:])
	case "table":
		err = table(os.Args[2:])
	case "calls":
		err = calls(os.Args[2:])
	default:
		usage()
	}
	var failed errFailed
	switch {
	case errors.As(err, &failed):
		os.Exit(1)
	case err != nil:
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(2)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: report summary [-expect CODE] NAME FILE\n       report table [-ratio A/B]... [-messages NAME=N]... NAME=FILE...\n       report calls NAME=FILE...")
	os.Exit(2)
}

// errFailed: some calls did not return OK (already reported).
type errFailed struct{}

func (errFailed) Error() string { return "some calls did not return OK" }

func summary(args []string) error {
	fs := flag.NewFlagSet("report summary", flag.ExitOnError)
	expect := fs.String("expect", "", "status code every call must return (default OK)")
	fs.Parse(args)
	if fs.NArg() != 2 {
		usage()
	}
	name := fs.Arg(0)
	r, err := load(fs.Arg(1))
	if err != nil {
		return err
	}
	fmt.Printf("  %s: %s, concurrency %d over %d connections\n", name, r.Name, r.Options.Concurrency, r.Options.Connections)
	fmt.Printf("    %d calls in %.2fs (%s): %.1f calls/s\n", r.Count, r.Total.Seconds(), r.EndReason, r.RPS)
	if len(r.LatencyDistribution) == 0 {
		// ghz fills in percentiles, fastest and slowest from successful
		// calls only.
		fmt.Printf("    latency: average %s (no call succeeded, so ghz gives no percentiles)\n", ms(r.Average))
	} else {
		fmt.Printf("    latency: fastest %s, average %s, p50 %s, p95 %s, p99 %s, slowest %s\n",
			ms(r.Fastest), ms(r.Average), ms(r.pct(50)), ms(r.pct(95)), ms(r.pct(99)), ms(r.Slowest))
	}
	var codes []string
	for _, c := range slices.Sorted(maps.Keys(r.StatusCodeDistribution)) {
		codes = append(codes, fmt.Sprintf("%s %d", c, r.StatusCodeDistribution[c]))
	}
	fmt.Printf("    status: %s\n", strings.Join(codes, ", "))
	for _, e := range slices.Sorted(maps.Keys(r.ErrorDistribution)) {
		msg := e
		if len(msg) > 300 {
			msg = msg[:300] + "..."
		}
		fmt.Printf("    error x%d: %s\n", r.ErrorDistribution[e], msg)
	}
	switch {
	case r.Count == 0:
		return errFailed{}
	case *expect != "":
		if int64(r.StatusCodeDistribution[*expect]) != r.Count {
			fmt.Printf("    expected every call to return %s\n", *expect)
			return errFailed{}
		}
	case r.errors() > 0:
		return errFailed{}
	}
	return nil
}

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func table(args []string) error {
	fs := flag.NewFlagSet("report table", flag.ExitOnError)
	var ratios, messages listFlag
	fs.Var(&ratios, "ratio", "A/B: print A's RPS and p99 over B's (repeatable)")
	fs.Var(&messages, "messages", "NAME=N: one call of NAME carries N messages (repeatable)")
	var cpus listFlag
	fs.Var(&cpus, "cpu", "NAME=SECONDS: the server's CPU time during NAME's run (repeatable)")
	fs.Parse(args)

	type row struct {
		name string
		r    *ghzReport
		per  int     // messages per call
		cpu  float64 // server CPU seconds during the run; 0 when not given
	}
	// cpuPer is the server's CPU time per message in microseconds, or 0.
	cpuPer := func(w *row) float64 {
		if w.cpu <= 0 || w.r.ok() == 0 {
			return 0
		}
		return w.cpu * 1e6 / float64(w.r.ok()*int64(w.per))
	}
	var rows []row
	byName := map[string]*row{}
	for _, a := range fs.Args() {
		name, file, ok := strings.Cut(a, "=")
		if !ok {
			return fmt.Errorf("%q: want NAME=FILE", a)
		}
		r, err := load(file)
		if err != nil {
			return err
		}
		rows = append(rows, row{name: name, r: r, per: 1})
	}
	for i := range rows {
		byName[rows[i].name] = &rows[i]
	}
	for _, m := range messages {
		name, n, ok := strings.Cut(m, "=")
		per, err := strconv.Atoi(n)
		if !ok || err != nil || per < 1 {
			return fmt.Errorf("-messages %q: want NAME=N", m)
		}
		if r := byName[name]; r != nil {
			r.per = per
		}
	}
	for _, c := range cpus {
		name, v, ok := strings.Cut(c, "=")
		sec, err := strconv.ParseFloat(v, 64)
		if !ok || err != nil || sec < 0 {
			return fmt.Errorf("-cpu %q: want NAME=SECONDS", c)
		}
		if r := byName[name]; r != nil {
			r.cpu = sec
		}
	}

	fmt.Printf("  %-10s %-40s %5s %9s %7s %10s %10s %10s %10s %10s\n",
		"target", "call", "conc", "requests", "errors", "RPS", "p50", "p95", "p99", "CPU/call")
	for i := range rows {
		w := &rows[i]
		call := w.r.Options.Call
		if j := strings.LastIndex(call, "."); j >= 0 {
			call = call[:j] + "/" + call[j+1:]
		}
		cpu := "-"
		if c := cpuPer(w); c > 0 {
			cpu = fmt.Sprintf("%.0fus", c)
		}
		fmt.Printf("  %-10s %-40s %5d %9d %7d %10.1f %10s %10s %10s %10s\n",
			w.name, call, w.r.Options.Concurrency, w.r.Count, w.r.errors(), w.r.RPS,
			ms(w.r.pct(50)), ms(w.r.pct(95)), ms(w.r.pct(99)), cpu)
	}
	for _, w := range rows {
		if w.per > 1 {
			fmt.Printf("  %s: %.1f calls/s x %d messages = %.1f messages/s\n", w.name, w.r.RPS, w.per, w.r.RPS*float64(w.per))
		}
	}
	if len(ratios) > 0 {
		fmt.Println("  ratios (same run):")
	}
	for _, q := range ratios {
		an, bn, ok := strings.Cut(q, "/")
		a, b := byName[an], byName[bn]
		if !ok || a == nil || b == nil {
			continue // a run that was skipped
		}
		line := fmt.Sprintf("    %-22s RPS %7.3f", an+"/"+bn, a.r.RPS*float64(a.per)/(b.r.RPS*float64(b.per)))
		if a.per > 1 || b.per > 1 {
			line += "  (messages/s)"
		} else if pa, pb := a.r.pct(99), b.r.pct(99); pa > 0 && pb > 0 {
			line += fmt.Sprintf("   p99 %7.3f", float64(pa)/float64(pb))
		}
		if ca, cb := cpuPer(a), cpuPer(b); ca > 0 && cb > 0 {
			line += fmt.Sprintf("   calls per CPU second %7.3f", cb/ca)
		}
		fmt.Println(line)
	}
	return nil
}

func calls(args []string) error {
	for _, a := range args {
		name, file, ok := strings.Cut(a, "=")
		if !ok {
			return fmt.Errorf("%q: want NAME=FILE", a)
		}
		r, err := load(file)
		if err != nil {
			return err
		}
		codes := slices.Sorted(maps.Keys(r.StatusCodeDistribution))
		msg := strings.Join(slices.Sorted(maps.Keys(r.ErrorDistribution)), "; ")
		if len(msg) > 160 {
			msg = msg[:160] + "..."
		}
		fmt.Printf("  %-14s %-18s in %9s  %s\n", name, strings.Join(codes, ","), ms(r.Average), msg)
	}
	return nil
}
