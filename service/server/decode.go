package server

import (
	"fmt"
	"sync"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/encoding"
	encproto "google.golang.org/grpc/encoding/proto"
	"google.golang.org/grpc/mem"
	"google.golang.org/grpc/status"
)

// A request message that does not decode (malformed protobuf, invalid
// UTF-8 in a proto3 string field) is the client's error. gRPC reports a
// codec's error as INTERNAL and writes that status itself, before any
// handler or interceptor sees it; so the server's codec does not fail:
// it records the message as undecodable, and the call's receive (the
// unary handler's decode, a stream's RecvMsg) answers INVALID_ARGUMENT.

// undecodable holds the messages one server's codec could not decode,
// with why, until the receive that asked for them takes them back. Every
// receive on the server goes through take: unary methods through
// interceptFirst, streams through recvDecoded.
type undecodable struct {
	m sync.Map // message (a pointer) -> error
}

// decodeCodec is the protobuf codec of the server, recording decode errors
// instead of returning them.
type decodeCodec struct {
	encoding.CodecV2
	failed *undecodable
}

func serverCodec(failed *undecodable) grpc.ServerOption {
	return grpc.ForceServerCodecV2(decodeCodec{encoding.GetCodecV2(encproto.Name), failed})
}

func (c decodeCodec) Unmarshal(data mem.BufferSlice, v any) error {
	if err := c.CodecV2.Unmarshal(data, v); err != nil {
		c.failed.m.Store(v, err)
	}
	return nil
}

// encoded is a response the server marshalled itself, sent as it is: a
// handler that must hold a response while the client's flow control holds
// it back then holds it once, as bytes, rather than as a message and the
// bytes gRPC marshals from it.
type encoded []byte

func (c decodeCodec) Marshal(v any) (mem.BufferSlice, error) {
	if b, ok := v.(encoded); ok {
		return mem.BufferSlice{mem.SliceBuffer(b)}, nil
	}
	return c.CodecV2.Marshal(v)
}

// take is the INVALID_ARGUMENT status of m if the codec could not decode
// it, else nil. what says which message it was ("the request message",
// "message 3 of the stream").
func (u *undecodable) take(m any, what string) error {
	err, ok := u.m.LoadAndDelete(m)
	if !ok {
		return nil
	}
	return status.Error(codes.InvalidArgument, fmt.Sprintf("%s cannot be decoded as the method's request type: %v", what, err))
}

// decodingStream answers INVALID_ARGUMENT for a message that does not
// decode, naming its place in the stream.
type decodingStream struct {
	grpc.ServerStream
	failed   *undecodable
	received int64
}

func (s *decodingStream) RecvMsg(m any) error {
	if err := s.ServerStream.RecvMsg(m); err != nil {
		return err
	}
	i := s.received
	s.received++
	return s.failed.take(m, fmt.Sprintf("message %d of the stream (counting from 0)", i))
}

// recvDecoded is the stream interceptor that puts decodingStream next to
// the transport, under every other interceptor, so that none of them
// counts an undecodable message as received.
func (u *undecodable) recvDecoded(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, next grpc.StreamHandler) error {
	return next(srv, &decodingStream{ServerStream: ss, failed: u})
}
