package server

import (
	"context"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"
)

// recoverUnary turns a panic in a handler into Internal, logging the stack:
// one bad document must not take the server down.
func recoverUnary(log *slog.Logger) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, next grpc.UnaryHandler) (resp any, err error) {
		defer func() {
			if r := recover(); r != nil {
				log.ErrorContext(ctx, "panic", "method", info.FullMethod, "panic", r, "stack", string(debug.Stack()))
				err = status.Error(codes.Internal, "internal error")
			}
		}()
		return next(ctx, req)
	}
}

func recoverStream(log *slog.Logger) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, next grpc.StreamHandler) (err error) {
		defer func() {
			if r := recover(); r != nil {
				log.ErrorContext(ss.Context(), "panic", "method", info.FullMethod, "panic", r, "stack", string(debug.Stack()))
				err = status.Error(codes.Internal, "internal error")
			}
		}()
		return next(srv, ss)
	}
}

// The log lines of calls refused by authentication or a limit are kept to
// refusedLogBurst at once and refusedLogRate a second on average, however
// fast a client sends them; the next line logged says how many were left
// out (refused_unlogged=N). The metrics count every call.
const (
	refusedLogRate  = 1
	refusedLogBurst = 10
)

// callLogger writes the log line of every call, those of refused calls at
// a bounded rate.
type callLogger struct {
	log        *slog.Logger
	refused    *rate.Limiter
	suppressed atomic.Int64
}

func newCallLogger(log *slog.Logger) *callLogger {
	return &callLogger{log: log, refused: rate.NewLimiter(refusedLogRate, refusedLogBurst)}
}

func (l *callLogger) unary() grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, next grpc.UnaryHandler) (any, error) {
		start := time.Now()
		resp, err := next(ctx, req)
		l.logCall(ctx, info.FullMethod, start, err)
		return resp, err
	}
}

func (l *callLogger) stream() grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, next grpc.StreamHandler) error {
		start := time.Now()
		err := next(srv, ss)
		l.logCall(ss.Context(), info.FullMethod, start, err)
		return err
	}
}

func (l *callLogger) logCall(ctx context.Context, method string, start time.Time, err error) {
	var suppressed int64
	if ci := callInfoFrom(ctx); ci != nil && ci.refused {
		if !l.refused.Allow() {
			l.suppressed.Add(1)
			return
		}
	}
	suppressed = l.suppressed.Swap(0)
	log := l.log
	code := status.Code(err)
	level := slog.LevelInfo
	switch {
	case code == codes.OK && (strings.HasPrefix(method, "/grpc.health.") || strings.HasPrefix(method, "/grpc.reflection.")):
		// Probes and grpcurl's reflection calls would drown the log.
		level = slog.LevelDebug
	case code == codes.OK, code == codes.InvalidArgument, code == codes.ResourceExhausted, code == codes.Canceled,
		code == codes.NotFound, code == codes.OutOfRange, code == codes.Aborted, code == codes.AlreadyExists:
	case code == codes.Unavailable:
		// A subscription ended by a shutdown, or the log briefly out of reach.
		level = slog.LevelWarn
	case code == codes.Unauthenticated, code == codes.PermissionDenied:
		// The client's mistake, or someone trying tokens: not the server's.
		level = slog.LevelWarn
	default:
		level = slog.LevelError
	}
	if !log.Enabled(ctx, level) {
		// Building the line costs more than a small call: skip it at a
		// level the handler drops.
		return
	}
	attrs := []slog.Attr{
		slog.String("method", method),
		slog.String("code", code.String()),
		slog.Duration("duration", time.Since(start)),
	}
	if p, ok := peer.FromContext(ctx); ok {
		attrs = append(attrs, slog.String("peer", p.Addr.String()))
	}
	attrs = append(attrs, callAttrs(ctx)...)
	if err != nil && code != codes.Internal {
		attrs = append(attrs, slog.String("error", status.Convert(err).Message()))
	}
	if suppressed > 0 {
		attrs = append(attrs, slog.Int64("refused_unlogged", suppressed))
	}
	log.LogAttrs(ctx, level, "rpc", attrs...)
}
