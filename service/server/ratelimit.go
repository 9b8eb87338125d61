package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
	"google.golang.org/grpc"
	"google.golang.org/grpc/peer"

	"articleservice/service/pipeline"
)

// CallLimits bound what one client, and one call, may use.
type CallLimits struct {
	// ClientRate is how many RPCs a second one client may start (a stream
	// is one RPC however many messages it carries); 0 sets no limit. A
	// client is its credential's name, or without authentication its IP
	// address.
	ClientRate float64
	// ClientBurst is how many RPCs a client may start at once above the
	// rate; 0 means twice the rate.
	ClientBurst int
	// ClientStreams caps the RPCs one client has open at once, streams and
	// unary calls alike, each from its headers to its end; 0 sets no cap.
	ClientStreams int
	// UnaryTimeout caps the deadline of a unary RPC: one without a deadline,
	// or with a later one, gets this one. 0 leaves deadlines to clients.
	UnaryTimeout time.Duration
	// MaxStreamMessages caps the messages (documents) a client sends on one
	// stream; 0 sets no cap.
	MaxStreamMessages int64
	// StreamIdleTimeout ends a client-streaming RPC whose client has sent
	// nothing for this long; 0 lets streams idle.
	StreamIdleTimeout time.Duration
	// MaxConnectionIdle closes a connection that has had no RPC for this
	// long (the client reconnects when it needs to); 0 keeps it open.
	MaxConnectionIdle time.Duration
}

// streamRetryAfter is the retry delay suggested to a client over its
// cap of open calls: a call's end cannot be foreseen.
const streamRetryAfter = time.Second

// maxTrackedClients is how many clients the limiter tracks before it forgets
// those that are idle.
const maxTrackedClients = 10000

// limitError is a limit a call ran into. errors.go maps it to
// RESOURCE_EXHAUSTED, with a RetryInfo when retryAfter is set.
type limitError struct {
	limit      string // "rate", "streams" or "stream_messages", a metric label
	msg        string
	retryAfter time.Duration
}

func (e *limitError) Error() string { return e.msg }

// errStreamIdle ends a stream whose client sent nothing for too long;
// errors.go maps it to DEADLINE_EXCEEDED.
var errStreamIdle = errors.New("stream idle")

// limiter applies CallLimits.
type limiter struct {
	cfg     CallLimits
	burst   int
	metrics *Metrics

	// unaryCause says why a unary call's deadline passed when the
	// server's set it; written once, shared by every call.
	unaryCause error

	mu        sync.Mutex
	clients   map[string]*clientState
	nextSweep int
}

type clientState struct {
	rate    *rate.Limiter
	streams int
}

func newLimiter(cfg CallLimits, m *Metrics) (*limiter, error) {
	switch {
	case cfg.ClientRate < 0, cfg.ClientBurst < 0, cfg.ClientStreams < 0, cfg.UnaryTimeout < 0,
		cfg.MaxStreamMessages < 0, cfg.StreamIdleTimeout < 0, cfg.MaxConnectionIdle < 0:
		return nil, errors.New("limits: no limit may be negative")
	}
	burst := cfg.ClientBurst
	if burst == 0 {
		burst = max(1, int(2*cfg.ClientRate))
	}
	return &limiter{cfg: cfg, burst: burst, metrics: m, clients: map[string]*clientState{}, nextSweep: maxTrackedClients,
		unaryCause: &deadlineCause{fmt.Sprintf("the server's unary deadline of %s (--unary-timeout) passed", cfg.UnaryTimeout)}}, nil
}

// exempt are the calls no limit applies to: probes and tooling.
func exempt(method string) bool {
	return strings.HasPrefix(method, "/grpc.health.") || strings.HasPrefix(method, "/grpc.reflection.")
}

// longLived are the client-streaming calls that carry a consumer's
// acknowledgements for as long as it consumes, as a subscription lasts:
// neither the cap on a stream's messages nor the idle timeout applies to
// them (a member with nothing to acknowledge sends nothing).
func longLived(method string) bool {
	return method == "/article.v1.ConsumerGroupService/Consume"
}

// clientKey is the credential's name, else the peer's IP address.
func clientKey(ctx context.Context) string {
	if ci := callInfoFrom(ctx); ci != nil && ci.client != "" {
		return "client:" + ci.client
	}
	if p, ok := peer.FromContext(ctx); ok && p.Addr != nil {
		// The address's own IP, without formatting the whole address and
		// splitting it again: this runs on every call.
		if ta, ok := p.Addr.(*net.TCPAddr); ok {
			return "ip:" + ta.IP.String()
		}
		if host, _, err := net.SplitHostPort(p.Addr.String()); err == nil {
			return "ip:" + host
		}
		return "ip:" + p.Addr.String()
	}
	return "unknown"
}

// state returns the client's state, creating it; l.mu is held.
func (l *limiter) state(key string) *clientState {
	st := l.clients[key]
	if st == nil {
		if len(l.clients) >= l.nextSweep {
			l.sweep()
		}
		st = &clientState{}
		if l.cfg.ClientRate > 0 {
			st.rate = rate.NewLimiter(rate.Limit(l.cfg.ClientRate), l.burst)
		}
		l.clients[key] = st
	}
	return st
}

// sweep forgets the clients with no open stream and a full bucket: to them
// a new state is the same as the old one. l.mu is held.
func (l *limiter) sweep() {
	now := time.Now()
	for k, st := range l.clients {
		if st.streams == 0 && (st.rate == nil || st.rate.TokensAt(now) >= float64(l.burst)) {
			delete(l.clients, k)
		}
	}
	l.nextSweep = max(maxTrackedClients, 2*len(l.clients))
}

// admit takes a token from the client's bucket, or says how long to wait.
func (l *limiter) admit(key string) error {
	if l.cfg.ClientRate <= 0 {
		return nil
	}
	l.mu.Lock()
	st := l.state(key)
	l.mu.Unlock()
	now := time.Now()
	r := st.rate.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return &limitError{limit: "rate",
			msg:        fmt.Sprintf("rate limit of %g RPCs a second (burst %d) for this client exceeded; retry after %s", l.cfg.ClientRate, l.burst, d.Round(time.Millisecond)),
			retryAfter: d}
	}
	return nil
}

// openStream counts a client's open call; the returned func closes it.
func (l *limiter) openStream(key string) (func(), error) {
	if l.cfg.ClientStreams <= 0 {
		return func() {}, nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.state(key)
	if st.streams >= l.cfg.ClientStreams {
		return nil, &limitError{limit: "streams",
			msg:        fmt.Sprintf("this client already has %d calls open, the most allowed; wait for one to end", st.streams),
			retryAfter: streamRetryAfter}
	}
	st.streams++
	return func() {
		l.mu.Lock()
		st.streams--
		l.mu.Unlock()
	}, nil
}

func (l *limiter) rejected(ctx context.Context, log *slog.Logger, err error) error {
	if ci := callInfoFrom(ctx); ci != nil {
		ci.refused = true
	}
	var le *limitError
	if errors.As(err, &le) {
		l.metrics.limited(le.limit)
	}
	return toStatus(ctx, log, err).Err()
}

func (l *limiter) unary(log *slog.Logger) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, next grpc.UnaryHandler) (any, error) {
		if exempt(info.FullMethod) {
			return next(ctx, req)
		}
		key := clientKey(ctx)
		if err := l.admit(key); err != nil {
			return nil, l.rejected(ctx, log, err)
		}
		done, err := l.openStream(key)
		if err != nil {
			return nil, l.rejected(ctx, log, err)
		}
		defer done()
		ctx = pipeline.ForClient(ctx, key)
		if t := l.cfg.UnaryTimeout; t > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeoutCause(ctx, t, l.unaryCause)
			defer cancel()
		}
		return next(ctx, req)
	}
}

func (l *limiter) stream(log *slog.Logger) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, next grpc.StreamHandler) error {
		if exempt(info.FullMethod) {
			return next(srv, ss)
		}
		ctx := ss.Context()
		key := clientKey(ctx)
		if err := l.admit(key); err != nil {
			return l.rejected(ctx, log, err)
		}
		done, err := l.openStream(key)
		if err != nil {
			return l.rejected(ctx, log, err)
		}
		defer done()
		ss = &contextStream{ServerStream: ss, ctx: pipeline.ForClient(ctx, key)}
		if info.IsClientStream && !longLived(info.FullMethod) && (l.cfg.MaxStreamMessages > 0 || l.cfg.StreamIdleTimeout > 0) {
			ss = &limitedStream{ServerStream: ss, limits: l, log: log}
		}
		return next(srv, ss)
	}
}

// limitedStream caps the messages a client sends on a stream and the time
// it may leave between them.
type limitedStream struct {
	grpc.ServerStream
	limits   *limiter
	log      *slog.Logger
	received int64
}

func (s *limitedStream) RecvMsg(m any) error {
	limit := s.limits.cfg.MaxStreamMessages
	if limit > 0 && s.received >= limit {
		return s.limits.rejected(s.Context(), s.log, &limitError{limit: "stream_messages",
			msg: fmt.Sprintf("a stream carries at most %d messages; open a new stream for the rest", limit)})
	}
	var err error
	if idle := s.limits.cfg.StreamIdleTimeout; idle > 0 {
		err = s.recvWithin(m, idle)
	} else {
		err = s.ServerStream.RecvMsg(m)
	}
	if err == nil {
		s.received++
	}
	return err
}

// recvWithin receives on a goroutine so that an idle client can be given
// up on: a server cannot otherwise interrupt a blocked RecvMsg. Once the
// handler returns the error, gRPC ends the stream and the receive returns.
func (s *limitedStream) recvWithin(m any, idle time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- s.ServerStream.RecvMsg(m) }()
	t := time.NewTimer(idle)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
		s.limits.metrics.limited("stream_idle")
		return fmt.Errorf("%w: no message for %s; the server ended the stream", errStreamIdle, idle)
	}
}
