package articlelog

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"articleservice/service/budget"
)

// Log is the article log on one JetStream stream. It is safe for
// concurrent use; every method may be called from any goroutine until Close.
type Log struct {
	cfg    Config
	nc     *nats.Conn
	js     jetstream.JetStream
	stream jetstream.Stream
	// setAside holds the consumer groups' set-aside records.
	setAside   jetstream.Stream
	maxArticle int
	// subscribed holds the bytes of the articles every subscription holds
	// for its reader (Config.SubscribeTotalBytes).
	subscribed *budget.Bytes

	ns     *natsserver.Server // nil with an external cluster
	unlock func() error       // releases DataDir; nil with an external cluster

	closeOnce sync.Once
	closeErr  error
	// closing is set before Close closes the connection: the disconnect
	// that follows is deliberate and reported as "closed" only.
	closing atomic.Bool
}

// Open connects to the log, embedding a NATS server when cfg.URL is empty,
// and creates or updates its stream from cfg.
func Open(ctx context.Context, cfg Config) (*Log, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("article log config: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.StartTimeout)
	defer cancel()
	l := &Log{cfg: cfg, subscribed: budget.New(cfg.SubscribeTotalBytes)}
	if err := l.connect(); err != nil {
		l.Close()
		return nil, err
	}
	js, err := jetstream.New(l.nc)
	if err != nil {
		l.Close()
		return nil, fmt.Errorf("jetstream: %w", err)
	}
	l.js = js
	if l.stream, err = l.ensureStream(ctx, l.streamConfig()); err != nil {
		l.Close()
		return nil, err
	}
	if l.setAside, err = l.ensureStream(ctx, l.setAsideStreamConfig()); err != nil {
		l.Close()
		return nil, err
	}
	l.maxArticle = int(l.nc.MaxPayload()) - headerRoom
	if cfg.MaxArticleBytes > 0 && cfg.MaxArticleBytes < l.maxArticle {
		l.maxArticle = cfg.MaxArticleBytes
	}
	return l, nil
}

// headerRoom is kept free of the largest payload for the headers.
const headerRoom = 1 << 10

// Close closes the connection and, when embedded, shuts the server down
// and releases the data directory. Subscriptions still open fail with
// ErrClosed.
func (l *Log) Close() error {
	l.closeOnce.Do(func() {
		l.closing.Store(true)
		if l.nc != nil {
			l.nc.Close()
		}
		if l.ns != nil {
			l.ns.Shutdown()
			l.ns.WaitForShutdown()
		}
		if l.unlock != nil {
			l.closeErr = l.unlock()
		}
	})
	return l.closeErr
}

// MaxArticleBytes is the largest marshalled article Append accepts.
func (l *Log) MaxArticleBytes() int { return l.maxArticle }

// ListenAddr is where the embedded server accepts NATS clients, or nil
// when it accepts none (or the log is external).
func (l *Log) ListenAddr() net.Addr {
	if l.ns == nil || l.cfg.Listen == "" {
		return nil
	}
	return l.ns.Addr()
}

func (l *Log) connect() error {
	opts := []nats.Option{nats.Name(l.cfg.Name)}
	url := l.cfg.URL
	if url == "" {
		ns, err := l.startEmbedded()
		if err != nil {
			return err
		}
		l.ns = ns
		opts = append(opts, nats.InProcessServer(ns))
	} else {
		opts = append(opts,
			nats.MaxReconnects(-1),
			nats.ReconnectWait(250*time.Millisecond),
			nats.ReconnectJitter(250*time.Millisecond, time.Second),
			nats.Timeout(5*time.Second))
		if l.cfg.CredsFile != "" {
			creds, err := credsOption(l.cfg.CredsFile)
			if err != nil {
				return err
			}
			opts = append(opts, creds)
		}
	}
	if ev := l.cfg.Events; ev != nil {
		opts = append(opts,
			nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
				if !l.closing.Load() {
					ev(Event{Kind: "disconnected", Err: err})
				}
			}),
			nats.ReconnectHandler(func(nc *nats.Conn) { ev(Event{Kind: "reconnected", URL: nc.ConnectedUrlRedacted()}) }),
			nats.ClosedHandler(func(nc *nats.Conn) { ev(Event{Kind: "closed", Err: nc.LastError()}) }))
	}
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		if url == "" {
			return fmt.Errorf("connect to the embedded nats server: %w", err)
		}
		return fmt.Errorf("connect to nats at %s: %w", redactURL(url), err)
	}
	l.nc = nc
	return nil
}

// redactURL drops user information from a list of server URLs for errors.
func redactURL(list string) string {
	parts := strings.Split(list, ",")
	for i, p := range parts {
		if at := strings.LastIndex(p, "@"); at >= 0 {
			if s := strings.Index(p, "://"); s >= 0 && s < at {
				parts[i] = p[:s+3] + "***" + p[at:]
			}
		}
	}
	return strings.Join(parts, ",")
}

func (l *Log) startEmbedded() (*natsserver.Server, error) {
	dir, err := filepath.Abs(l.cfg.DataDir)
	if err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	l.unlock = unlock
	opts := &natsserver.Options{
		ServerName: "articled",
		JetStream:  true,
		StoreDir:   dir,
		SyncAlways: l.cfg.SyncAlways,
		MaxPayload: l.cfg.MaxPayload,
		NoSigs:     true,
		DontListen: true,
	}
	if l.cfg.Listen != "" {
		host, port, err := net.SplitHostPort(l.cfg.Listen)
		if err != nil {
			return nil, fmt.Errorf("nats listen %q: %w", l.cfg.Listen, err)
		}
		p, err := strconv.Atoi(port)
		if err != nil || p < 0 || p > 65535 {
			return nil, fmt.Errorf("nats listen %q: bad port", l.cfg.Listen)
		}
		if p == 0 {
			p = natsserver.RANDOM_PORT
		}
		opts.Host, opts.Port, opts.DontListen = host, p, false
	}
	ns, err := natsserver.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("embedded nats server: %w", err)
	}
	logs := &captureLogger{next: l.cfg.ServerLogger}
	ns.SetLoggerV2(logs, false, false, false)
	go ns.Start()
	if !ns.ReadyForConnections(30 * time.Second) {
		ns.Shutdown()
		return nil, fmt.Errorf("embedded nats server did not start: %s", logs.failure())
	}
	if !ns.JetStreamEnabled() {
		ns.Shutdown()
		return nil, fmt.Errorf("embedded nats server: jetstream did not start: %s", logs.failure())
	}
	return ns, nil
}

// captureLogger keeps the last error the embedded server logged, for the
// error Open returns, and passes every line on.
type captureLogger struct {
	next ServerLogger
	mu   sync.Mutex
	last string
}

func (c *captureLogger) keep(format string, v []any) {
	c.mu.Lock()
	c.last = fmt.Sprintf(format, v...)
	c.mu.Unlock()
}

func (c *captureLogger) failure() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.last == "" {
		return "no reason given"
	}
	return c.last
}

func (c *captureLogger) Noticef(format string, v ...any) {
	if c.next != nil {
		c.next.Noticef(format, v...)
	}
}

func (c *captureLogger) Warnf(format string, v ...any) {
	if c.next != nil {
		c.next.Warnf(format, v...)
	}
}

func (c *captureLogger) Fatalf(format string, v ...any) {
	c.keep(format, v)
	if c.next != nil {
		c.next.Fatalf(format, v...)
	}
}

func (c *captureLogger) Errorf(format string, v ...any) {
	c.keep(format, v)
	if c.next != nil {
		c.next.Errorf(format, v...)
	}
}

func (c *captureLogger) Debugf(format string, v ...any) {
	if c.next != nil {
		c.next.Debugf(format, v...)
	}
}

func (c *captureLogger) Tracef(format string, v ...any) {
	if c.next != nil {
		c.next.Tracef(format, v...)
	}
}

func (l *Log) streamConfig() jetstream.StreamConfig {
	maxBytes := l.cfg.MaxBytes
	if maxBytes <= 0 {
		maxBytes = -1
	}
	return jetstream.StreamConfig{
		Name:        l.cfg.Stream,
		Description: "ArticleService article log: article.v1.Article messages, one subject per article id",
		Subjects:    []string{l.allSubjects()},
		Retention:   jetstream.LimitsPolicy,
		Discard:     jetstream.DiscardOld,
		Storage:     jetstream.FileStorage,
		Replicas:    l.cfg.Replicas,
		MaxAge:      l.cfg.MaxAge,
		MaxBytes:    maxBytes,
		MaxMsgs:     -1,
		Duplicates:  l.cfg.DuplicateWindow,
		// A read after an acknowledged append must see it whichever
		// replica of articled serves the read. A stream of one replica has
		// one copy, so direct gets (which skip the JetStream API queue: the
		// duplicate check of every append is one) see what it stored; with
		// more, a direct get may be answered by a follower that lags, so
		// reads go to the stream leader.
		AllowDirect: l.cfg.Replicas <= 1,
	}
}

// ensureStream creates a stream or brings its settings to cfg, waiting
// while a cluster is still forming.
func (l *Log) ensureStream(ctx context.Context, cfg jetstream.StreamConfig) (jetstream.Stream, error) {
	var b backoff
	for {
		actx, cancel := context.WithTimeout(ctx, attemptTimeout)
		s, err := l.js.CreateOrUpdateStream(actx, cfg)
		cancel()
		if err == nil {
			return s, nil
		}
		// Another replica of articled created it between our update and
		// create: update it now.
		if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
			continue
		}
		if !transient(err) && !clusterForming(err) && !(errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil) {
			return nil, fmt.Errorf("create stream %s: %w", cfg.Name, err)
		}
		if werr := b.wait(ctx); werr != nil {
			return nil, fmt.Errorf("create stream %s: %w: %w", cfg.Name, ErrUnavailable, err)
		}
	}
}

// transient errors end when a leader is elected or a connection is
// re-established: the operation is retried.
func transient(err error) bool {
	switch {
	case errors.Is(err, nats.ErrTimeout), errors.Is(err, nats.ErrNoResponders),
		errors.Is(err, jetstream.ErrNoStreamResponse), errors.Is(err, nats.ErrConnectionReconnecting),
		errors.Is(err, nats.ErrReconnectBufExceeded), errors.Is(err, nats.ErrDisconnected),
		errors.Is(err, jetstream.ErrJetStreamNotEnabled):
		return true
	}
	var ae *jetstream.APIError
	if errors.As(err, &ae) {
		switch ae.ErrorCode {
		case 10008, // JetStream system temporarily unavailable
			10009, // cluster can not handle request (no leader yet)
			10004, // incomplete results
			10118, // stream is offline
			10163: // expected last sequence per subject temporarily unavailable
			return true
		}
	}
	return false
}

// clusterForming errors come from a cluster whose servers have not all
// met yet: only creating the stream waits them out.
func clusterForming(err error) bool {
	var ae *jetstream.APIError
	if errors.As(err, &ae) {
		switch ae.ErrorCode {
		case 10005, // no suitable peers for placement
			10023, // insufficient resources
			10076: // JetStream not enabled (yet)
			return true
		}
	}
	return false
}

func closedErr(err error) bool {
	return errors.Is(err, nats.ErrConnectionClosed) || errors.Is(err, jetstream.ErrConnectionClosed)
}

// backoff waits between retries: 20 ms doubling to 1 s.
type backoff struct{ next time.Duration }

func (b *backoff) wait(ctx context.Context) error {
	if b.next == 0 {
		b.next = 20 * time.Millisecond
	}
	d := b.next
	b.next = min(2*b.next, time.Second)
	return sleep(ctx, d)
}

// attemptTimeout bounds one request of a retried operation.
const attemptTimeout = 2 * time.Second

// retry runs op until it succeeds, fails for good, or ctx (bounded by
// RetryTimeout) ends; transient failures are retried.
func (l *Log) retry(ctx context.Context, op func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeoutCause(ctx, l.cfg.RetryTimeout, errRetryTimeout)
	defer cancel()
	var b backoff
	for {
		actx, acancel := context.WithTimeout(ctx, attemptTimeout)
		err := op(actx)
		acancel()
		if err == nil {
			return nil
		}
		if err = l.classify(ctx, err); err != nil {
			return err
		}
		if werr := b.wait(ctx); werr != nil {
			return l.giveUp(ctx)
		}
	}
}

// classify returns nil for a failure worth retrying, else the error to
// return.
func (l *Log) classify(ctx context.Context, err error) error {
	switch {
	case closedErr(err):
		return ErrClosed
	case ctx.Err() != nil:
		return l.giveUp(ctx)
	case transient(err), errors.Is(err, context.DeadlineExceeded):
		// An attempt that timed out while ctx has time left is retried.
		return nil
	}
	return err
}

// errRetryTimeout is the cause of a retried operation's context when
// RetryTimeout passed, rather than the caller's deadline.
var errRetryTimeout = errors.New("the article log's retry timeout passed")

// giveUp is the error of an operation whose context ended: the log is
// unavailable only when RetryTimeout passed; a caller's own deadline (or
// cancellation) that passed first is returned as the caller's, with
// context.DeadlineExceeded (context.Canceled) and the context's cause.
func (l *Log) giveUp(ctx context.Context) error {
	if errors.Is(ctx.Err(), context.Canceled) {
		return ctx.Err()
	}
	if l.nc.IsClosed() {
		return ErrClosed
	}
	if cause := context.Cause(ctx); cause != errRetryTimeout {
		if cause == nil || cause == context.DeadlineExceeded {
			return fmt.Errorf("the article log did not answer before the caller's deadline: %w", context.DeadlineExceeded)
		}
		return fmt.Errorf("the article log did not answer before %w", cause)
	}
	return fmt.Errorf("%w: no answer within %v", ErrUnavailable, l.cfg.RetryTimeout)
}
