package server

import (
	"maps"
	"strconv"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/articlelog"
)

// details reads the ErrorInfo and ResourceInfo of err's status, failing
// when either is missing.
func details(tb testing.TB, err error) (*errdetails.ErrorInfo, *errdetails.ResourceInfo) {
	tb.Helper()
	var info *errdetails.ErrorInfo
	var res *errdetails.ResourceInfo
	for _, d := range status.Convert(err).Details() {
		switch d := d.(type) {
		case *errdetails.ErrorInfo:
			info = d
		case *errdetails.ResourceInfo:
			res = d
		}
	}
	if info == nil || res == nil {
		tb.Fatalf("status %v: ErrorInfo %v, ResourceInfo %v, want both", err, info, res)
	}
	return info, res
}

func TestNotFoundAndOutOfRangeCarryDetails(t *testing.T) {
	ts := startServer(t, Config{})
	acks := ingestAll(t, ts.client, corpus(t)[:3])
	last := acks[len(acks)-1].GetCursor()
	lastS := strconv.FormatUint(last, 10)
	subscribeErr := func(after uint64) error {
		sub, err := ts.client.Subscribe(callCtx(t), &articlev1.SubscribeRequest{Start: &articlev1.SubscribeRequest_AfterCursor{AfterCursor: after}})
		if err != nil {
			return err
		}
		_, err = sub.Recv()
		return err
	}
	tests := []struct {
		name     string
		reason   string // why the case matters to a client
		call     func() error
		code     codes.Code
		info     *errdetails.ErrorInfo
		resource *errdetails.ResourceInfo
	}{
		{
			name:   "unknown_id_names_the_article_and_the_cursor_to_wait_after",
			reason: "a client waiting for an article subscribes after last_cursor and misses nothing",
			call: func() error {
				_, err := ts.client.GetArticle(callCtx(t), &articlev1.GetArticleRequest{Id: "nope"})
				return err
			},
			code:     codes.NotFound,
			info:     &errdetails.ErrorInfo{Reason: "ARTICLE_NOT_FOUND", Domain: "article.v1", Metadata: map[string]string{"id": "nope", "last_cursor": lastS}},
			resource: &errdetails.ResourceInfo{ResourceType: "article.v1.Article", ResourceName: "nope"},
		},
		{
			name:   "cursor_past_the_end_names_the_last_cursor",
			reason: "a client resuming from a cursor of another log reads where this one ends without parsing the message",
			call:   func() error { return subscribeErr(last + 5) },
			code:   codes.OutOfRange,
			info: &errdetails.ErrorInfo{Reason: "CURSOR_BEYOND_END", Domain: "article.v1", Metadata: map[string]string{
				"requested_cursor": strconv.FormatUint(last+5, 10), "first_cursor": "1", "last_cursor": lastS}},
			resource: &errdetails.ResourceInfo{ResourceType: "article.v1.LogEntry", ResourceName: strconv.FormatUint(last+5, 10)},
		},
		{
			name:   "cursor_just_past_the_end_is_out_of_range_too",
			reason: "the off-by-one a client makes when it resumes after last+1",
			call:   func() error { return subscribeErr(last + 1) },
			code:   codes.OutOfRange,
			info: &errdetails.ErrorInfo{Reason: "CURSOR_BEYOND_END", Domain: "article.v1", Metadata: map[string]string{
				"requested_cursor": strconv.FormatUint(last+1, 10), "first_cursor": "1", "last_cursor": lastS}},
			resource: &errdetails.ResourceInfo{ResourceType: "article.v1.LogEntry", ResourceName: strconv.FormatUint(last+1, 10)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if status.Code(err) != tt.code {
				t.Fatalf("err = %v, want %v (%s)", err, tt.code, tt.reason)
			}
			info, res := details(t, err)
			if info.GetReason() != tt.info.GetReason() || info.GetDomain() != tt.info.GetDomain() || !maps.Equal(info.GetMetadata(), tt.info.GetMetadata()) {
				t.Errorf("ErrorInfo %v, want %v (%s)", info, tt.info, tt.reason)
			}
			if res.GetResourceType() != tt.resource.GetResourceType() || res.GetResourceName() != tt.resource.GetResourceName() || res.GetDescription() == "" {
				t.Errorf("ResourceInfo %v, want %v with a description (%s)", res, tt.resource, tt.reason)
			}
		})
	}
}

// TestExpiredCursorSaysSo maps a cursor older than the retained articles
// directly: the log's retention is a stream limit the test cannot trigger
// at a chosen cursor without timing.
func TestExpiredCursorSaysSo(t *testing.T) {
	st := outOfRangeStatus(&articlelog.CursorError{Cursor: 3, First: 10, Last: 40})
	info, res := details(t, st.Err())
	want := map[string]string{"requested_cursor": "3", "first_cursor": "10", "last_cursor": "40"}
	if st.Code() != codes.OutOfRange || info.GetReason() != "CURSOR_EXPIRED" || !maps.Equal(info.GetMetadata(), want) || res.GetResourceName() != "3" {
		t.Fatalf("status %v, ErrorInfo %v, ResourceInfo %v", st, info, res)
	}
}
