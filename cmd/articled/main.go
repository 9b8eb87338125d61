// Command articled serves the ArticleService gRPC API.
//
// Every flag has an environment equivalent: --max-message-bytes is
// ARTICLED_MAX_MESSAGE_BYTES. A flag on the command line wins over the
// environment.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // --default-zone must work in images without a zoneinfo database

	"articleservice/service/server"
)

type config struct {
	server    server.Config
	logLevel  slog.Level
	logFormat string
	// memoryLimit is the Go runtime's soft memory limit; 0 leaves it alone.
	memoryLimit int64
	// gcPercent is the runtime's GC target percentage, as GOGC; 0 leaves
	// it alone.
	gcPercent int
}

func main() {
	cfg, err := parseConfig(os.Args[1:], os.Getenv, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "articled:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP) // reload the policies
	cfg.server.Reload = hup
	if err := run(ctx, cfg, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "articled:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg config, logOut io.Writer) error {
	opts := &slog.HandlerOptions{Level: cfg.logLevel}
	var h slog.Handler = slog.NewTextHandler(logOut, opts)
	if cfg.logFormat == "json" {
		h = slog.NewJSONHandler(logOut, opts)
	}
	if cfg.memoryLimit > 0 {
		debug.SetMemoryLimit(cfg.memoryLimit)
	}
	if cfg.gcPercent > 0 {
		debug.SetGCPercent(cfg.gcPercent)
	}
	return server.Run(ctx, cfg.server, slog.New(h))
}

func parseConfig(args []string, getenv func(string) string, usage io.Writer) (config, error) {
	cfg := config{server: server.DefaultConfig(), logFormat: "text"}
	s := &cfg.server
	lim := &s.Pipeline.Limits
	zone := s.Pipeline.DefaultZone.String()
	fs := flag.NewFlagSet("articled", flag.ContinueOnError)
	fs.SetOutput(usage)
	fs.StringVar(&s.Addr, "addr", s.Addr, "TCP address to listen on")
	fs.IntVar(&s.MaxMessageBytes, "max-message-bytes", s.MaxMessageBytes, "largest gRPC message received or sent")
	fs.StringVar(&s.PolicyDir, "policy-dir", s.PolicyDir, "directory of policy *.yaml files overriding or adding to the shipped ones")
	fs.IntVar(&lim.MaxDocumentBytes, "max-document-bytes", lim.MaxDocumentBytes, "largest raw document (and Sanitize fragment) accepted")
	fs.IntVar(&lim.MaxFrontMatterBytes, "max-front-matter-bytes", lim.MaxFrontMatterBytes, "largest YAML front matter accepted")
	fs.IntVar(&lim.MaxFrontMatterNodes, "max-front-matter-nodes", lim.MaxFrontMatterNodes, "most YAML nodes in a front matter")
	fs.IntVar(&lim.MaxNestingDepth, "max-nesting-depth", lim.MaxNestingDepth, "deepest element nesting accepted in a body")
	fs.IntVar(&lim.MaxPageElements, "max-page-elements", lim.MaxPageElements, "most elements accepted in a whole page (main-content extraction measures each)")
	fs.IntVar(&lim.MaxConcurrent, "max-concurrent-documents", lim.MaxConcurrent, "documents (and Sanitize fragments) processed at once; more wait for a slot (0: no cap)")
	fs.Func("title-suffixes", "comma-separated site names stripped from the end of titles after a separator", func(v string) error {
		s.Pipeline.TitleSuffixes = splitList(v)
		return nil
	})
	fs.Func("tracking-params", "comma-separated query parameters stripped from links and images (a trailing * matches a prefix; default utm_*, spm, fbclid, ...)", func(v string) error {
		s.Pipeline.TrackingParams = splitList(v)
		if s.Pipeline.TrackingParams == nil {
			s.Pipeline.TrackingParams = []string{}
		}
		return nil
	})
	fs.DurationVar(&s.Pipeline.FutureSkew, "future-skew", s.Pipeline.FutureSkew, "how far in the future a publication date may be before it is flagged")
	cfg.memoryLimit = 200 << 20
	if getenv("GOMEMLIMIT") != "" {
		cfg.memoryLimit = 0 // the runtime already took the environment's
	}
	fs.Int64Var(&cfg.memoryLimit, "memory-limit", cfg.memoryLimit, "soft memory limit of the process in bytes, as GOMEMLIMIT (0: none)")
	// The runtime's default, 100, collects whenever the heap doubles: for
	// a heap of a few tens of MiB, many times a second under load, each
	// collection slowing every pointer write while it marks. Within the
	// memory limit above, which makes the collector work harder as the
	// heap nears it whatever this says, a heap may grow to three times
	// what is live.
	cfg.gcPercent = 200
	if getenv("GOGC") != "" {
		cfg.gcPercent = 0 // the runtime already took the environment's
	}
	fs.IntVar(&cfg.gcPercent, "gc-percent", cfg.gcPercent, "the garbage collector's target heap growth in percent, as GOGC (0: the runtime's)")
	fs.StringVar(&zone, "default-zone", zone, "IANA time zone for dates written without one")
	fs.Float64Var(&s.StreamRate, "stream-rate", s.StreamRate, "most documents per second on one ProcessStream (0: no cap)")
	fs.Func("max-concurrent-streams", fmt.Sprintf("most concurrent RPCs per connection (default %d)", s.MaxConcurrentStreams), func(v string) error {
		var n uint32
		_, err := fmt.Sscan(v, &n)
		s.MaxConcurrentStreams = n
		return err
	})
	fs.DurationVar(&s.ShutdownTimeout, "shutdown-timeout", s.ShutdownTimeout, "how long a graceful stop may take before RPCs are cut off")
	fs.DurationVar(&s.KeepaliveTime, "keepalive-time", s.KeepaliveTime, "idle time after which the server pings a client")
	fs.DurationVar(&s.KeepaliveTimeout, "keepalive-timeout", s.KeepaliveTimeout, "how long to wait for a ping ack")
	lg := &s.Log
	maxPayload := int(lg.MaxPayload)
	fs.StringVar(&lg.DataDir, "data-dir", lg.DataDir, "where the embedded NATS server stores the article log")
	fs.StringVar(&lg.URL, "nats-url", lg.URL, "NATS servers of an external cluster, comma-separated; empty embeds a NATS server")
	fs.StringVar(&lg.CredsFile, "nats-creds", lg.CredsFile, "NATS user credentials file for --nats-url")
	fs.StringVar(&lg.Listen, "nats-listen", lg.Listen, "HOST:PORT on which the embedded NATS server also accepts NATS clients; empty: none")
	fs.BoolVar(&lg.SyncAlways, "nats-sync-always", lg.SyncAlways, "embedded: fsync every article before acknowledging it")
	fs.IntVar(&maxPayload, "nats-max-payload", maxPayload, "embedded: largest NATS message accepted")
	fs.StringVar(&lg.Stream, "nats-stream", lg.Stream, "JetStream stream holding the article log")
	fs.StringVar(&lg.SubjectPrefix, "nats-subject-prefix", lg.SubjectPrefix, "first tokens of the log's subjects: PREFIX.articles.>")
	fs.DurationVar(&lg.MaxAge, "nats-max-age", lg.MaxAge, "remove articles older than this (0: keep)")
	fs.Int64Var(&lg.MaxBytes, "nats-max-bytes", lg.MaxBytes, "remove the oldest articles past this size of the log (0: no limit)")
	fs.IntVar(&lg.Replicas, "nats-replicas", lg.Replicas, "servers of the cluster holding the log (1 when embedded)")
	fs.DurationVar(&lg.DuplicateWindow, "nats-duplicate-window", lg.DuplicateWindow, "how long the same content is recognised as a duplicate under another id")
	fs.DurationVar(&lg.StartTimeout, "nats-start-timeout", lg.StartTimeout, "how long startup waits for the NATS cluster")
	fs.DurationVar(&lg.RetryTimeout, "nats-retry-timeout", lg.RetryTimeout, "how long an ingest or read keeps retrying while the log is unavailable")
	fs.IntVar(&s.IngestWindow, "ingest-window", s.IngestWindow, "documents one IngestStream reads ahead of its acknowledgements")
	fs.IntVar(&s.IngestWindowBytes, "ingest-window-bytes", s.IngestWindowBytes, "bytes of documents one IngestStream reads ahead of its acknowledgements (one document always; 0: no byte bound)")
	fs.IntVar(&lg.SubscribeBuffer, "subscribe-buffer", lg.SubscribeBuffer, "articles a subscription holds ahead of its client")
	fs.IntVar(&lg.MaxLag, "subscribe-max-lag", lg.MaxLag, "stored articles a live subscriber may fall behind before its subscription ends")
	fs.IntVar(&lg.SubscribeMaxBytes, "subscribe-max-bytes", lg.SubscribeMaxBytes, "bytes of articles one subscription holds for its client (one article always)")
	fs.Int64Var(&lg.SubscribeTotalBytes, "subscribe-total-bytes", lg.SubscribeTotalBytes, "bytes of articles all subscriptions together hold for their clients")
	fs.DurationVar(&lg.SubscribeStallTimeout, "subscribe-stall-timeout", lg.SubscribeStallTimeout, "how long a subscription's client may leave articles unread before the subscription ends")
	fs.IntVar(&lg.MaxPageSize, "list-max-page-size", lg.MaxPageSize, "largest ListArticles page")
	fs.IntVar(&lg.MaxPageBytes, "list-max-page-bytes", lg.MaxPageBytes, "bytes of articles in one ListArticles page, at most the message size less 1 KiB; a page is cut short there")
	fs.IntVar(&lg.ListScanLimit, "list-scan-limit", lg.ListScanLimit, "stored articles one ListArticles call reads at most")
	fs.IntVar(&lg.MaxFilterValues, "max-filter-values", lg.MaxFilterValues, "most values in each field of an article filter")
	fs.DurationVar(&lg.GroupAckWait, "group-ack-wait", lg.GroupAckWait, "a consumer group's ack wait when it names none (at least 1s)")
	fs.IntVar(&lg.GroupMaxDeliveries, "group-max-deliveries", lg.GroupMaxDeliveries, "deliveries of an article before a consumer group sets it aside, when the group names none")
	fs.IntVar(&lg.GroupMaxAckPending, "group-max-ack-pending", lg.GroupMaxAckPending, "unacknowledged articles a whole consumer group holds, when the group names none")
	fs.IntVar(&lg.MemberMaxInFlight, "member-max-in-flight", lg.MemberMaxInFlight, "unacknowledged articles one group member holds, when it asks for none")
	fs.Int64Var(&lg.MemberMaxBytes, "member-max-bytes", lg.MemberMaxBytes, "bytes of unacknowledged articles one group member holds at most (one article always)")
	fs.IntVar(&lg.MaxGroups, "max-groups", lg.MaxGroups, "most consumer groups on the log")
	opsFlags(fs, s)
	fs.TextVar(&cfg.logLevel, "log-level", slog.LevelInfo, "log level: debug, info, warn or error")
	fs.StringVar(&cfg.logFormat, "log-format", cfg.logFormat, "log format: text or json")

	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		name := "ARTICLED_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v := getenv(name); v != "" && envErr == nil {
			if err := f.Value.Set(v); err != nil {
				envErr = fmt.Errorf("%s=%q: %w", name, v, err)
			}
		}
	})
	if envErr != nil {
		return cfg, envErr
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if maxPayload < 1 || maxPayload > 64<<20 {
		return cfg, fmt.Errorf("--nats-max-payload %d: want 1 to %d bytes", maxPayload, 64<<20)
	}
	lg.MaxPayload = int32(maxPayload)
	if err := s.Validate(); err != nil {
		return cfg, err
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return cfg, fmt.Errorf("--default-zone: %w", err)
	}
	s.Pipeline.DefaultZone = loc
	switch cfg.logFormat {
	case "text", "json":
	default:
		return cfg, fmt.Errorf("--log-format %q: want text or json", cfg.logFormat)
	}
	return cfg, nil
}

func splitList(v string) []string {
	var out []string
	for _, f := range strings.Split(v, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
