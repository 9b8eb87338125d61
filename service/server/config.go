package server

import (
	"errors"
	"fmt"
	"os"
	"time"

	"articleservice/service/articlelog"
	"articleservice/service/pipeline"
)

// Config configures the server.
type Config struct {
	// Addr is the TCP address to listen on.
	Addr string
	// MaxMessageBytes caps a gRPC message in either direction.
	MaxMessageBytes int
	// PolicyDir holds policy files that override or add to the shipped ones; empty means shipped only.
	PolicyDir string
	// Reload reloads the policies on every value received (articled sends
	// SIGHUP here); nil never reloads.
	Reload <-chan os.Signal
	// Pipeline configures document processing and its limits.
	Pipeline pipeline.Config
	// StreamRate caps documents per second on one ProcessStream; 0 means no cap.
	StreamRate float64
	// MaxConcurrentStreams caps concurrent RPCs per client connection.
	MaxConcurrentStreams uint32
	// ShutdownTimeout is how long a graceful stop may take before in-flight RPCs are cut off.
	ShutdownTimeout time.Duration
	// KeepaliveTime is the idle time after which the server pings a client.
	KeepaliveTime time.Duration
	// KeepaliveTimeout is how long the server waits for a ping ack.
	KeepaliveTimeout time.Duration
	// Log configures the article log that Ingest appends to and Subscribe,
	// GetArticle and ListArticles read.
	Log articlelog.Config
	// IngestWindow caps the documents one IngestStream holds between reading
	// them and acknowledging them; past it the server stops reading and gRPC
	// flow control slows the client down.
	IngestWindow int
	// IngestWindowBytes caps the bytes of the documents one IngestStream
	// holds between reading them and acknowledging them (one document is
	// always read); 0 means only IngestWindow applies.
	IngestWindowBytes int

	// TLS configures transport security; without a certificate the server
	// speaks plaintext.
	TLS TLSConfig
	// Access configures authentication and which services are exposed.
	Access AccessConfig
	// Calls bounds what one client and one call may use.
	Calls CallLimits
	// Metrics configures the HTTP endpoint of metrics, probes and pprof.
	Metrics MetricsConfig
	// Tracing configures OpenTelemetry tracing; off by default.
	Tracing TracingConfig
}

// DefaultConfig returns the configuration articled runs with when no flag
// or environment variable says otherwise.
func DefaultConfig() Config {
	pipe := pipeline.DefaultConfig()
	return Config{
		Addr: ":50051",
		// Room for a document at the size limit plus its hints, so the
		// pipeline's limit, which names the field, is met first.
		MaxMessageBytes:      pipe.Limits.MaxDocumentBytes + 1<<20,
		Pipeline:             pipe,
		StreamRate:           5000,
		MaxConcurrentStreams: 256,
		ShutdownTimeout:      15 * time.Second,
		KeepaliveTime:        2 * time.Minute,
		KeepaliveTimeout:     20 * time.Second,
		Log:                  articlelog.DefaultConfig(),
		IngestWindow:         64,
		IngestWindowBytes:    16 << 20,
		Calls: CallLimits{
			ClientRate:        5000,
			ClientStreams:     64,
			UnaryTimeout:      time.Minute,
			MaxStreamMessages: 1_000_000,
			StreamIdleTimeout: 5 * time.Minute,
			MaxConnectionIdle: 15 * time.Minute,
		},
		Tracing: TracingConfig{SampleRatio: 1},
	}
}

// Validate checks the settings the server itself owns, every problem
// joined; New calls it. The article log checks its own when it opens, and
// transport security and access theirs when the server builds them, so
// that a bad file is named. Problems name articled's flags, which is how
// operators set these.
func (c Config) Validate() error {
	var errs []error
	if c.IngestWindow < 1 {
		errs = append(errs, fmt.Errorf("--ingest-window %d: want at least 1", c.IngestWindow))
	}
	if c.IngestWindowBytes < 0 {
		errs = append(errs, fmt.Errorf("--ingest-window-bytes %d: want 0 (no byte bound) or more", c.IngestWindowBytes))
	}
	return errors.Join(errs...)
}
