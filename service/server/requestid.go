package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

// requestIDKey is the metadata key of a request id, in requests and in
// response headers.
const requestIDKey = "x-request-id"

// callInfo is what the interceptors learn about a call, for its log line:
// the outermost interceptor puts it in the context, inner ones fill it in.
type callInfo struct {
	requestID string
	// client is the credential's name; empty when authentication is off.
	client string
	// refused is set when authentication or a limit refused the call: such
	// calls come as fast as a client can send them, and are logged at a
	// bounded rate (callLogger).
	refused bool
}

type callInfoKey struct{}

func callInfoFrom(ctx context.Context) *callInfo {
	ci, _ := ctx.Value(callInfoKey{}).(*callInfo)
	return ci
}

// callAttrs are the log attributes of a call's callInfo and trace.
func callAttrs(ctx context.Context) []slog.Attr {
	var attrs []slog.Attr
	if ci := callInfoFrom(ctx); ci != nil {
		attrs = append(attrs, slog.String("request_id", ci.requestID))
		if ci.client != "" {
			attrs = append(attrs, slog.String("client", ci.client))
		}
	}
	if sc := trace.SpanContextFromContext(ctx); sc.IsSampled() {
		attrs = append(attrs, slog.String("trace_id", sc.TraceID().String()))
	}
	return attrs
}

// requestID is the client's x-request-id when it is a sane one, else a
// new random id.
func requestID(ctx context.Context) string {
	md, _ := metadata.FromIncomingContext(ctx)
	if vals := md.Get(requestIDKey); len(vals) > 0 && validRequestID(vals[0]) {
		return vals[0]
	}
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}

// validRequestID accepts up to 128 printable ASCII characters, so that a
// client's id can go into logs and headers as it is.
func validRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] < 0x21 || id[i] > 0x7e {
			return false
		}
	}
	return true
}

func withCallInfo(ctx context.Context) (context.Context, *callInfo) {
	ci := &callInfo{requestID: requestID(ctx)}
	trace.SpanFromContext(ctx).SetAttributes(attribute.String("request.id", ci.requestID))
	return context.WithValue(ctx, callInfoKey{}, ci), ci
}

// requestIDUnary puts the request id in the context and the response
// header. It runs first, so every later interceptor and the log see it.
func requestIDUnary() grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, next grpc.UnaryHandler) (any, error) {
		ctx, ci := withCallInfo(ctx)
		_ = grpc.SetHeader(ctx, metadata.Pairs(requestIDKey, ci.requestID))
		return next(ctx, req)
	}
}

func requestIDStream() grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, next grpc.StreamHandler) error {
		ctx, ci := withCallInfo(ss.Context())
		_ = ss.SetHeader(metadata.Pairs(requestIDKey, ci.requestID))
		return next(srv, &contextStream{ServerStream: ss, ctx: ctx})
	}
}

// contextStream is a server stream with a context of its own.
type contextStream struct {
	grpc.ServerStream
	ctx context.Context
}

func (s *contextStream) Context() context.Context { return s.ctx }
