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
func interceptFirst(desc *grpc.ServiceDesc, deep bool) *grpc.ServiceDesc {
	d := *desc
	d.Methods = make([]grpc.MethodDesc, len(desc.Methods))
	for i, m := range desc.Methods {
		generated := m.Handler
		info := &grpc.UnaryServerInfo{FullMethod: "/" + desc.ServiceName + "/" + m.MethodName}
		m.Handler = func(srv any, ctx context.Context, dec func(any) error, interceptor grpc.UnaryServerInterceptor) (any, error) {
			if deep {
				growStack(0)
			}
			handler := func(ctx context.Context, _ any) (any, error) {
				return generated(srv, ctx, receiveWithin(ctx, dec), nil)
			}
			if interceptor == nil {
				return handler(ctx, nil)
			}
			info := *info
			info.Server = srv
			return interceptor(ctx, nil, &info, handler)
		}
		d.Methods[i] = m
	}
	return &d
}

// receiveWithin reads the request message within ctx: a server cannot
// interrupt a blocked read otherwise. A message that does not decode is
// INVALID_ARGUMENT (see decodeCodec). Once the handler returns the error,
// gRPC ends the call and the read returns; the message it was decoding
// into is dropped.
func receiveWithin(ctx context.Context, dec func(any) error) func(any) error {
	decode := func(m any) error {
		if err := dec(m); err != nil {
			return err
		}
		return takeUndecodable(m, "the request message")
	}
	return func(m any) error {
		if ctx.Done() == nil {
			return decode(m)
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

// messageNotReceived is the status of a call whose message did not come
// before its context ended.
func messageNotReceived(ctx context.Context) error {
	if ctx.Err() == context.Canceled {
		return status.Error(codes.Canceled, "request canceled before its message was received")
	}
	return deadlineStatus(ctx, errors.New("the request message was not received")).Err()
}
