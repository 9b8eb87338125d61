package articlelog

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Config configures the log. DefaultConfig gives the values articled runs
// with; a Config is passed to Open whole.
type Config struct {
	// URL lists the NATS servers of an external cluster, comma-separated
	// ("nats://a:4222,nats://b:4222"). Empty embeds a NATS server in the
	// process, storing the log under DataDir.
	URL string
	// CredsFile is a NATS credentials file for URL: a user JWT with its
	// NKey seed (nsc's .creds), or an NKey seed alone. Empty connects
	// without credentials.
	CredsFile string
	// Name names the NATS connection, as NATS monitoring shows it.
	Name string

	// DataDir is where the embedded server stores the log (in DataDir/jetstream).
	DataDir string
	// Listen is a HOST:PORT on which the embedded server also accepts NATS
	// clients, so that NATS tools can read the log; empty accepts none.
	Listen string
	// SyncAlways makes the embedded server fsync every article before
	// acknowledging it, so an acknowledged article survives a power loss and
	// not only a crash of the process.
	SyncAlways bool
	// MaxPayload is the largest NATS message the embedded server accepts.
	MaxPayload int32

	// Stream is the JetStream stream holding the log.
	Stream string
	// SubjectPrefix starts every subject of the log: articles are stored on
	// <SubjectPrefix>.articles.<site>.<language>.<id>.
	SubjectPrefix string
	// MaxAge removes articles older than this; 0 keeps them.
	MaxAge time.Duration
	// MaxBytes removes the oldest articles once the log holds more bytes;
	// 0 or less sets no limit.
	MaxBytes int64
	// Replicas is how many servers of a cluster hold the log (1 embedded).
	Replicas int
	// DuplicateWindow is how long the log remembers the deduplication key
	// of every stored article (JetStream's duplicate window).
	DuplicateWindow time.Duration

	// StartTimeout bounds Open: connecting and creating or updating the
	// stream, while a cluster is still electing its leaders.
	StartTimeout time.Duration
	// RetryTimeout bounds one append or read, retries included, while the
	// log is unavailable (a leader election, a reconnection).
	RetryTimeout time.Duration
	// MaxArticleBytes caps a marshalled article; the connection's largest
	// payload lowers it further. 0 leaves only that.
	MaxArticleBytes int

	// SubscribeBuffer is how many matching articles a subscription holds
	// ahead of its reader.
	SubscribeBuffer int
	// MaxLag is how many stored articles may wait for a live subscriber
	// before its subscription fails with ErrLagging.
	MaxLag int
	// SubscribeMaxBytes caps the bytes of the articles one subscription
	// holds for its reader: fetched, buffered, and the one being delivered.
	// One article is always held, whatever its size.
	SubscribeMaxBytes int
	// SubscribeTotalBytes caps the bytes of the articles all the log's
	// subscriptions hold together; past it, they wait for room.
	SubscribeTotalBytes int64
	// SubscribeStallTimeout ends, with a *StallError, a subscription that
	// has articles waiting for a reader that took none for this long.
	SubscribeStallTimeout time.Duration
	// MaxPageSize caps ListOptions.PageSize.
	MaxPageSize int
	// MaxPageBytes caps the bytes of the articles of one List page, each
	// counted with pageEntryOverhead: a page is cut short there, with a
	// NextPageToken. A page holds at least one article whatever its size.
	MaxPageBytes int
	// ListScanLimit caps the stored articles one List call reads.
	ListScanLimit int
	// MaxFilterValues caps the values of each Filter field.
	MaxFilterValues int

	// GroupAckWait is a consumer group's ack wait when it names none: how
	// long a member has to acknowledge or extend a delivery before the
	// article is handed out again.
	GroupAckWait time.Duration
	// GroupMaxDeliveries is how many times a group delivers an article,
	// when it names no number, before setting it aside.
	GroupMaxDeliveries int
	// GroupMaxAckPending is how many unacknowledged articles a whole group
	// holds at once, when it names no number.
	GroupMaxAckPending int
	// MemberMaxInFlight is how many unacknowledged articles one member of a
	// group holds at once, when it asks for no number.
	MemberMaxInFlight int
	// MemberMaxBytes caps the bytes of the unacknowledged articles one
	// member holds (one article is always allowed); a member asking for
	// more gets this.
	MemberMaxBytes int64
	// MaxGroups caps the consumer groups of the log: each is a durable
	// consumer JetStream keeps in step with every append.
	MaxGroups int

	// ServerLogger receives the embedded server's log lines; nil drops them.
	ServerLogger ServerLogger
	// Events, when set, is told about the NATS connection: disconnected,
	// reconnected, closed. Close reports "closed" only: the disconnect it
	// causes is not news.
	Events func(Event)
}

// ServerLogger has the methods of the nats-server logger.
type ServerLogger interface {
	Noticef(format string, v ...any)
	Warnf(format string, v ...any)
	Fatalf(format string, v ...any)
	Errorf(format string, v ...any)
	Debugf(format string, v ...any)
	Tracef(format string, v ...any)
}

// Event is a change of the NATS connection.
type Event struct {
	// Kind is "disconnected", "reconnected" or "closed".
	Kind string
	// URL is the server connected to, for "reconnected".
	URL string
	// Err is why the connection was lost, if known.
	Err error
}

// DefaultConfig returns the configuration articled runs with by default:
// embedded, under ./data, keeping every article.
func DefaultConfig() Config {
	return Config{
		Name:            "articled",
		DataDir:         "data",
		MaxPayload:      8 << 20,
		Stream:          "ARTICLES",
		SubjectPrefix:   "articleservice",
		Replicas:        1,
		DuplicateWindow: 2 * time.Minute,
		StartTimeout:    30 * time.Second,
		RetryTimeout:    30 * time.Second,
		SubscribeBuffer: 64,
		MaxLag:          10000,
		// 4 MiB a subscription and 32 MiB for all: readers that stop
		// reading hold at most the shared budget, and are ended after the
		// stall timeout. The shared budget also bounds the fetches in
		// flight, and each passes through three or four copies (the
		// store's, the connection's, the client's, the decoded article)
		// before it is counted once: at 64 MiB, sixteen subscriptions
		// opened at once over 5 MB articles took the process up to 64 MiB
		// past its soft memory limit.
		SubscribeMaxBytes:     4 << 20,
		SubscribeTotalBytes:   32 << 20,
		SubscribeStallTimeout: 30 * time.Second,
		MaxPageSize:           100,
		MaxPageBytes:          4 << 20,
		ListScanLimit:         1000,
		MaxFilterValues:       16,
		// The defaults groups.proto states.
		GroupAckWait:       30 * time.Second,
		GroupMaxDeliveries: 5,
		GroupMaxAckPending: 1000,
		MemberMaxInFlight:  16,
		MemberMaxBytes:     4 << 20,
		MaxGroups:          100,
	}
}

// Validate checks the configuration as Open does, every problem joined.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.URL == "" {
		if c.DataDir == "" {
			bad("data dir is required for the embedded server")
		}
		if c.Replicas != 1 {
			bad("replicas %d: the embedded server holds one copy; use an external cluster for more", c.Replicas)
		}
		if c.MaxPayload <= 0 {
			bad("max payload %d: want a positive size", c.MaxPayload)
		}
	} else if c.Listen != "" {
		bad("listen %q applies to the embedded server only, not with a NATS URL", c.Listen)
	}
	if c.Stream == "" || strings.ContainsAny(c.Stream, " \t\r\n.*>/\\") {
		bad("stream %q: want a name without spaces, '.', '*', '>', '/' or '\\'", c.Stream)
	}
	if !validPrefix(c.SubjectPrefix) {
		bad("subject prefix %q: want dot-separated tokens without spaces or wildcards", c.SubjectPrefix)
	}
	if c.Replicas < 1 || c.Replicas > 5 {
		bad("replicas %d: want 1 to 5", c.Replicas)
	}
	if c.MaxAge < 0 {
		bad("max age %v: want 0 (keep) or more", c.MaxAge)
	}
	if c.DuplicateWindow <= 0 {
		bad("duplicate window %v: want a positive duration", c.DuplicateWindow)
	}
	if c.MaxAge > 0 && c.DuplicateWindow > c.MaxAge {
		bad("duplicate window %v exceeds max age %v", c.DuplicateWindow, c.MaxAge)
	}
	for name, v := range map[string]time.Duration{"start timeout": c.StartTimeout, "retry timeout": c.RetryTimeout, "subscribe stall timeout": c.SubscribeStallTimeout,
		"group ack wait": c.GroupAckWait} {
		if v <= 0 {
			bad("%s %v: want a positive duration", name, v)
		}
	}
	for name, v := range map[string]int{"subscribe buffer": c.SubscribeBuffer, "max lag": c.MaxLag, "max page size": c.MaxPageSize, "max page bytes": c.MaxPageBytes,
		"list scan limit": c.ListScanLimit, "max filter values": c.MaxFilterValues, "subscribe max bytes": c.SubscribeMaxBytes,
		"group max deliveries": c.GroupMaxDeliveries, "group max ack pending": c.GroupMaxAckPending, "member max in flight": c.MemberMaxInFlight,
		"max groups": c.MaxGroups} {
		if v < 1 {
			bad("%s %d: want at least 1", name, v)
		}
	}
	if c.SubscribeTotalBytes < int64(c.SubscribeMaxBytes) {
		bad("subscribe total bytes %d: want at least subscribe max bytes (%d)", c.SubscribeTotalBytes, c.SubscribeMaxBytes)
	}
	if c.GroupAckWait > 0 && c.GroupAckWait < minAckWait {
		bad("group ack wait %v: want at least %v", c.GroupAckWait, minAckWait)
	}
	if c.MemberMaxBytes < 1 {
		bad("member max bytes %d: want at least 1", c.MemberMaxBytes)
	}
	if c.MaxArticleBytes < 0 {
		bad("max article bytes %d: want 0 (no cap) or more", c.MaxArticleBytes)
	}
	return errors.Join(errs...)
}

func validPrefix(p string) bool {
	if p == "" {
		return false
	}
	for _, tok := range strings.Split(p, ".") {
		if tok == "" || strings.ContainsAny(tok, " \t\r\n*>") {
			return false
		}
	}
	return true
}
