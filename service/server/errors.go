package server

import (
	"context"
	"errors"
	"log/slog"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"articleservice/service/article"
)

// toStatus is the one place domain errors become gRPC statuses. Bad input
// carries a BadRequest naming the field; anything else is logged here and
// reaches the client only as "internal error".
func toStatus(ctx context.Context, log *slog.Logger, err error) *status.Status {
	var fe *article.FieldError
	switch {
	case errors.As(err, &fe):
		code := codes.InvalidArgument
		if errors.Is(err, article.ErrTooLarge) {
			code = codes.ResourceExhausted
		}
		st := status.New(code, fe.Field+": "+fe.Description)
		if d, derr := st.WithDetails(&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{
			{Field: fe.Field, Description: fe.Description},
		}}); derr == nil {
			st = d
		}
		return st
	case errors.Is(err, context.Canceled):
		return status.New(codes.Canceled, "request canceled")
	case errors.Is(err, context.DeadlineExceeded):
		return status.New(codes.DeadlineExceeded, "deadline exceeded")
	}
	if st, ok := status.FromError(err); ok {
		return st
	}
	log.ErrorContext(ctx, "internal error", "err", err)
	return status.New(codes.Internal, "internal error")
}

// codeNames spell codes as google.rpc.Code does, for DocumentError.code.
var codeNames = map[codes.Code]string{
	codes.InvalidArgument:   "INVALID_ARGUMENT",
	codes.ResourceExhausted: "RESOURCE_EXHAUSTED",
	codes.Canceled:          "CANCELLED",
	codes.DeadlineExceeded:  "DEADLINE_EXCEEDED",
	codes.Internal:          "INTERNAL",
}

func codeName(c codes.Code) string {
	if n, ok := codeNames[c]; ok {
		return n
	}
	return "UNKNOWN"
}

// fieldViolations reads the BadRequest detail of a status, if it has one.
func fieldViolations(st *status.Status) []*errdetails.BadRequest_FieldViolation {
	for _, d := range st.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			return br.GetFieldViolations()
		}
	}
	return nil
}
