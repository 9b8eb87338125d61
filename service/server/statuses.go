package server

import (
	"context"
	"log/slog"

	"google.golang.org/grpc"
)

// Handlers return domain errors; these interceptors turn them into the
// call's status (toStatus), next to the handler, so that they see the
// context the handler ran with (the unary deadline, and whose it is) and
// that the metrics and the log line, further out, read the final code.

func statusUnary(log *slog.Logger) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, next grpc.UnaryHandler) (any, error) {
		resp, err := next(ctx, req)
		if err != nil {
			return nil, toStatus(ctx, log, err).Err()
		}
		return resp, nil
	}
}

func statusStream(log *slog.Logger) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, next grpc.StreamHandler) error {
		if err := next(srv, ss); err != nil {
			return toStatus(ss.Context(), log, err).Err()
		}
		return nil
	}
}
