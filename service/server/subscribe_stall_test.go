package server

import (
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	articlev1 "articleservice/proto/article/v1"
)

// TestStalledSubscriberIsEndedWithItsCursor: a client that opens a
// subscription and stops reading is ended, once it leaves articles unread
// for the stall timeout, with RESOURCE_EXHAUSTED, reason
// SUBSCRIBER_STALLED and the cursor to resume from; resuming there
// delivers the rest in order. Before, the server's Send waited on the
// client for as long as the stream lasted, holding the subscription's
// buffer and fetch, and nothing ended it (the lag limit is checked only
// between sends).
func TestStalledSubscriberIsEndedWithItsCursor(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Log.SubscribeMaxBytes, cfg.Log.SubscribeStallTimeout = 16<<10, 300*time.Millisecond
	ts := startServer(t, mergeDefaults(cfg))
	var ids []string
	for _, a := range ingestAll(t, ts.client, corpus(t)[:200]) {
		if a.GetOutcome() == created {
			ids = append(ids, a.GetId())
		}
	}

	// Small flow-control windows: what the client does not read backs up
	// to the server after a few articles.
	conn := ts.dial(t, grpc.WithInitialWindowSize(64<<10), grpc.WithInitialConnWindowSize(64<<10))
	sub, err := articlev1.NewArticleServiceClient(conn).Subscribe(callCtx(t), &articlev1.SubscribeRequest{Start: &articlev1.SubscribeRequest_FromStart{FromStart: true}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sub.Recv(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second) // the client reads nothing

	var got []*articlev1.LogEntry
	var recvErr error
	for {
		m, err := sub.Recv()
		if err != nil {
			recvErr = err
			break
		}
		got = append(got, m.GetEntry())
	}
	if status.Code(recvErr) != codes.ResourceExhausted {
		t.Fatalf("a subscriber that stopped reading, after %d entries: %v, want RESOURCE_EXHAUSTED", len(got), recvErr)
	}
	if len(got) == 0 || len(got) == len(ids) {
		t.Fatalf("the stalled subscriber received %d of %d articles before its end", len(got), len(ids))
	}
	reason, at := resumeCursor(t, recvErr)
	if reason != "SUBSCRIBER_STALLED" || at < got[len(got)-1].GetCursor() {
		t.Fatalf("ErrorInfo %s cursor %d after receiving %d entries (last cursor %d)", reason, at, len(got), got[len(got)-1].GetCursor())
	}
	resumed, err := ts.client.Subscribe(callCtx(t), &articlev1.SubscribeRequest{Start: &articlev1.SubscribeRequest_AfterCursor{AfterCursor: got[len(got)-1].GetCursor()}})
	if err != nil {
		t.Fatal(err)
	}
	_, rest := collect(t, resumed, len(ids)-len(got))
	checkLogOrder(t, append(got, rest...), ids)
}
