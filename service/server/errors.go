package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/protoadapt"
	"google.golang.org/protobuf/types/known/durationpb"

	"articleservice/service/article"
	"articleservice/service/articlelog"
)

// toStatus is the one place domain errors become gRPC statuses. Bad input
// carries a BadRequest naming the field; anything else is logged here and
// reaches the client only as "internal error".
func toStatus(ctx context.Context, log *slog.Logger, err error) *status.Status {
	var fe *article.FieldError
	var re *resumeError
	var le *limitError
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
	case errors.As(err, &re):
		return resumeStatus(re)
	case errors.Is(err, articlelog.ErrNotFound):
		return notFoundStatus(err)
	case errors.Is(err, articlelog.ErrGroupNotFound):
		return groupNotFoundStatus(err)
	case errors.Is(err, articlelog.ErrGroupExists):
		return groupExistsStatus(err)
	case errors.Is(err, articlelog.ErrCursorOutOfRange):
		return outOfRangeStatus(err)
	case errors.Is(err, articlelog.ErrConflict):
		return status.New(codes.Aborted, "the article was being stored concurrently by other requests; send it again")
	case errors.Is(err, articlelog.ErrUnavailable):
		return status.New(codes.Unavailable, err.Error()+"; send it again")
	case errors.Is(err, articlelog.ErrClosed):
		return status.New(codes.Unavailable, "the server is shutting down")
	case errors.Is(err, errUnauthenticated):
		return status.New(codes.Unauthenticated, err.Error())
	case errors.Is(err, errPermissionDenied):
		return status.New(codes.PermissionDenied, err.Error())
	case errors.As(err, &le):
		return limitStatus(le)
	case errors.Is(err, errStreamIdle):
		return status.New(codes.DeadlineExceeded, err.Error())
	case errors.Is(err, context.Canceled):
		return status.New(codes.Canceled, "request canceled")
	case errors.Is(err, context.DeadlineExceeded):
		return deadlineStatus(ctx, err)
	}
	if st, ok := status.FromError(err); ok {
		return st
	}
	log.ErrorContext(ctx, "internal error", "err", err)
	return status.New(codes.Internal, "internal error")
}

// statusCode is the code toStatus gives err, for counting a failure that
// is answered, and logged when unexpected, where it is returned.
func statusCode(ctx context.Context, err error) codes.Code {
	if err == nil {
		return codes.OK
	}
	return toStatus(ctx, slog.New(slog.DiscardHandler), err).Code()
}

// resumeStatus ends a subscription the client can resume: the message and
// an ErrorInfo detail (reason, and the cursor in its metadata) say from
// where.
func resumeStatus(re *resumeError) *status.Status {
	code, reason := codes.Unavailable, "SERVER_SHUTTING_DOWN"
	var lag *articlelog.LagError
	switch {
	case errors.As(re.Err, &lag):
		code, reason = codes.ResourceExhausted, "SUBSCRIBER_TOO_SLOW"
	case errors.Is(re.Err, articlelog.ErrStalled):
		code, reason = codes.ResourceExhausted, "SUBSCRIBER_STALLED"
	case errors.Is(re.Err, errShuttingDown), errors.Is(re.Err, articlelog.ErrClosed):
	default:
		reason = "SUBSCRIPTION_LOST"
	}
	cursor := strconv.FormatUint(re.Cursor, 10)
	st := status.New(code, fmt.Sprintf("%v; resume with after_cursor set to the last cursor received (at most %s)", re.Err, cursor))
	if d, err := st.WithDetails(&errdetails.ErrorInfo{Reason: reason, Domain: "article.v1", Metadata: map[string]string{"cursor": cursor}}); err == nil {
		st = d
	}
	return st
}

// The ErrorInfo reasons of NOT_FOUND and OUT_OF_RANGE, and the ResourceInfo
// types they name: clients match on them, so they are API and never change.
const (
	errorDomain         = "article.v1"
	reasonNotFound      = "ARTICLE_NOT_FOUND"
	reasonCursorBeyond  = "CURSOR_BEYOND_END"
	reasonCursorExpired = "CURSOR_EXPIRED"
	resourceArticle     = "article.v1.Article"
	resourceLogEntry    = "article.v1.LogEntry"
	reasonGroupNotFound = "GROUP_NOT_FOUND"
	reasonGroupExists   = "GROUP_EXISTS"
	resourceGroup       = "article.v1.ConsumerGroup"
)

// groupNotFoundStatus is NOT_FOUND for an unknown consumer group, whose
// ResourceInfo names it.
func groupNotFoundStatus(err error) *status.Status {
	st := status.New(codes.NotFound, err.Error())
	var nf *articlelog.GroupNotFoundError
	if !errors.As(err, &nf) {
		return st
	}
	return withDetails(st,
		&errdetails.ErrorInfo{Reason: reasonGroupNotFound, Domain: errorDomain, Metadata: map[string]string{"group": nf.Name}},
		&errdetails.ResourceInfo{ResourceType: resourceGroup, ResourceName: nf.Name, Description: "no consumer group has this name; CreateConsumerGroup creates it"})
}

// groupExistsStatus is ALREADY_EXISTS for a group created again with other
// settings.
func groupExistsStatus(err error) *status.Status {
	st := status.New(codes.AlreadyExists, err.Error())
	var ge *articlelog.GroupExistsError
	if !errors.As(err, &ge) {
		return st
	}
	return withDetails(st,
		&errdetails.ErrorInfo{Reason: reasonGroupExists, Domain: errorDomain, Metadata: map[string]string{"group": ge.Existing.Name}},
		&errdetails.ResourceInfo{ResourceType: resourceGroup, ResourceName: ge.Existing.Name, Description: "a consumer group of this name exists with other settings; GetConsumerGroup shows them"})
}

// notFoundStatus is NOT_FOUND for an unknown article id. Its ErrorInfo
// carries the id and the log's last cursor at the lookup, so a client
// waiting for the article can subscribe after that cursor and miss nothing;
// its ResourceInfo names the article.
func notFoundStatus(err error) *status.Status {
	st := status.New(codes.NotFound, err.Error())
	var nf *articlelog.NotFoundError
	if !errors.As(err, &nf) {
		return st
	}
	last := strconv.FormatUint(nf.Last, 10)
	return withDetails(st,
		&errdetails.ErrorInfo{Reason: reasonNotFound, Domain: errorDomain, Metadata: map[string]string{"id": nf.ID, "last_cursor": last}},
		&errdetails.ResourceInfo{ResourceType: resourceArticle, ResourceName: nf.ID, Description: "no stored article has this id"})
}

// outOfRangeStatus is OUT_OF_RANGE for a start cursor the log does not
// hold. Its ErrorInfo says whether the cursor is beyond the end or older
// than the retained articles, with the cursors the log holds, so that a
// client can resume from last_cursor (or from_start) without parsing the
// message; its ResourceInfo names the cursor asked for. The asked cursor is
// not under "cursor": in the ErrorInfo of a subscription that ended, that
// key is the cursor to resume after, and this one must never be.
func outOfRangeStatus(err error) *status.Status {
	st := status.New(codes.OutOfRange, err.Error()+"; subscribe from_start, or after a cursor the log holds")
	var ce *articlelog.CursorError
	if !errors.As(err, &ce) {
		return st
	}
	reason := reasonCursorExpired
	if ce.Cursor > ce.Last {
		reason = reasonCursorBeyond
	}
	cursor := strconv.FormatUint(ce.Cursor, 10)
	return withDetails(st,
		&errdetails.ErrorInfo{Reason: reason, Domain: errorDomain, Metadata: map[string]string{
			"requested_cursor": cursor,
			"first_cursor":     strconv.FormatUint(ce.First, 10),
			"last_cursor":      strconv.FormatUint(ce.Last, 10),
		}},
		&errdetails.ResourceInfo{ResourceType: resourceLogEntry, ResourceName: cursor, Description: "the article log holds no entry at this cursor to start after"})
}

// withDetails adds details to st; a detail that cannot be marshalled
// (never, for these messages) leaves st as it is rather than lose the code.
func withDetails(st *status.Status, details ...protoadapt.MessageV1) *status.Status {
	if d, err := st.WithDetails(details...); err == nil {
		return d
	}
	return st
}

// codeNames spell codes as google.rpc.Code does, for DocumentError.code.
var codeNames = map[codes.Code]string{
	codes.InvalidArgument:   "INVALID_ARGUMENT",
	codes.ResourceExhausted: "RESOURCE_EXHAUSTED",
	codes.Canceled:          "CANCELLED",
	codes.DeadlineExceeded:  "DEADLINE_EXCEEDED",
	codes.Internal:          "INTERNAL",
	codes.NotFound:          "NOT_FOUND",
	codes.AlreadyExists:     "ALREADY_EXISTS",
	codes.OutOfRange:        "OUT_OF_RANGE",
	codes.Aborted:           "ABORTED",
	codes.Unavailable:       "UNAVAILABLE",
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

// limitStatus is RESOURCE_EXHAUSTED for a call over a limit, with a
// RetryInfo saying when trying again may succeed.
func limitStatus(le *limitError) *status.Status {
	st := status.New(codes.ResourceExhausted, le.msg)
	if le.retryAfter > 0 {
		if d, err := st.WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(le.retryAfter)}); err == nil {
			st = d
		}
	}
	return st
}

// deadlineCause is the cause the server gives a context whose deadline it
// set (the unary deadline), so that the status says whose deadline passed.
type deadlineCause struct{ msg string }

func (d *deadlineCause) Error() string        { return d.msg }
func (d *deadlineCause) Is(target error) bool { return target == context.DeadlineExceeded }

// deadlineStatus is DEADLINE_EXCEEDED saying whose deadline passed: the
// server's when it set the call's deadline and that one passed, else the
// client's; err, when it says more (what was not answered in time), is
// added.
func deadlineStatus(ctx context.Context, err error) *status.Status {
	var dc *deadlineCause
	var whose string
	switch {
	case errors.As(context.Cause(ctx), &dc):
		whose = dc.msg
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		whose = "the client's deadline passed"
	default:
		return status.New(codes.DeadlineExceeded, "deadline exceeded")
	}
	msg := whose
	if err != nil && err != context.DeadlineExceeded && !strings.Contains(err.Error(), whose) {
		msg += " (" + err.Error() + ")"
	}
	return status.New(codes.DeadlineExceeded, msg)
}
