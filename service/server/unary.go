package server

import (
	"context"
	"errors"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// interceptFirst returns a copy of desc whose unary methods run the
// server's interceptors before their request message is read. Generated
// handlers read the message first, so a client that sent headers and never
// the message was held with no deadline, no rate and no count against its
// open calls; now request ids, the log, authentication, the per-client
// limits and the unary deadline apply from the moment a call starts, and
// the deadline bounds the wait for the message. The interceptors get a nil
// request: none of them reads it. With deep, the call's goroutine is
// grown to callStack first: the methods that run the pipeline need it.
// failed holds what the server's codec could not decode.
func interceptFirst(desc *grpc.ServiceDesc, deep bool, failed *undecodable) *grpc.ServiceDesc {
	d := *desc
	d.Methods = make([]grpc.MethodDesc, len(desc.Methods))
	for i, m := range desc.Methods {
		generated := m.Handler
		info := &grpc.UnaryServerInfo{FullMethod: "/" + desc.ServiceName + "/" + m.MethodName}
		m.Handler = func(srv any, stream context.Context, dec func(any) error, interceptor grpc.UnaryServerInterceptor) (any, error) {
			if deep {
				growStack(0)
			}
			handler := func(ctx context.Context, _ any) (any, error) {
				return generated(srv, ctx, receiveWithin(ctx, stream, dec, failed), nil)
			}
			if interceptor == nil {
				return handler(stream, nil)
			}
			info := *info
			info.Server = srv
			return interceptor(stream, nil, &info, handler)
		}
		d.Methods[i] = m
	}
	return &d
}

// receiveWithin reads the request message within ctx, the call's context
// as the interceptors made it from stream, gRPC's. gRPC ends a blocked
// read when stream ends; when ctx can end first (the server's unary
// deadline is earlier than the client's, or the client set none), the
// read runs on a goroutine of its own and the call ends with ctx, and
// once the handler returns the error gRPC ends the call and the read
// returns; the message it was decoding into is dropped. A message that
// does not decode is INVALID_ARGUMENT (see decodeCodec).
func receiveWithin(ctx, stream context.Context, dec func(any) error, failed *undecodable) func(any) error {
	decode := func(m any) error {
		if err := dec(m); err != nil {
			return err
		}
		return failed.take(m, "the request message")
	}
	return func(m any) error {
		if ctx.Done() == nil {
			return decode(m)
		}
		if endsWith(ctx, stream) {
			// Most clients set a deadline, and most are shorter than the
			// server's: no goroutine per call.
			err := decode(m)
			if err != nil && stream.Err() != nil {
				<-ctx.Done() // ctx ends with stream, as soon as its end reaches it
				return messageNotReceived(ctx)
			}
			return err
		}
		done := make(chan error, 1)
		go func() { done <- decode(m) }()
		select {
		case err := <-done:
			return err
		case <-ctx.Done():
			return messageNotReceived(ctx)
		}
	}
}

// endsWith reports whether ctx, derived from stream, can end only when
// stream does: only a deadline of its own would end it sooner, and it
// has none before stream's.
func endsWith(ctx, stream context.Context) bool {
	d, ok := ctx.Deadline()
	sd, sok := stream.Deadline()
	return ok == sok && d.Equal(sd)
}

// messageNotReceived is the status of a call whose message did not come
// before its context ended.
func messageNotReceived(ctx context.Context) error {
	if ctx.Err() == context.Canceled {
		return status.Error(codes.Canceled, "request canceled before its message was received")
	}
	return deadlineStatus(ctx, errors.New("the request message was not received")).Err()
}
