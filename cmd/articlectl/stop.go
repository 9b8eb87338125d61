package main

import (
	"fmt"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/connectivity"
	"google.golang.org/grpc/status"
)

// callStopsTheRun reports whether a failed call means that every call to
// come would fail the same way, so a batch stops instead of printing one
// line per input: the server cannot be reached (the connection is not
// ready, which tells a refused or broken connection from a server that
// answered UNAVAILABLE itself), or it refuses this client's credentials.
func callStopsTheRun(conn *grpc.ClientConn, err error) bool {
	switch status.Code(err) {
	case codes.Unauthenticated, codes.PermissionDenied:
		return true
	case codes.Unavailable:
		return conn.GetState() != connectivity.Ready
	}
	return false
}

// stopError ends a batch after a call that every later one would repeat.
type stopError struct {
	addr string
	err  error
}

func (e *stopError) Error() string {
	st := status.Convert(e.err)
	if st.Code() == codes.Unavailable {
		return fmt.Sprintf("stopped: cannot reach the server at %s: %s", e.addr, st.Message())
	}
	return fmt.Sprintf("stopped: the server at %s refused the call: %s: %s", e.addr, st.Code(), st.Message())
}

func (e *stopError) Unwrap() error { return e.err }
