package server

import (
	"errors"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/status"

	articlev1 "articleservice/proto/article/v1"
)

// corpus is every document of the corpus with its file name as client id,
// in file order.
func corpus(tb testing.TB) []*articlev1.RawDocument {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(corpusDir, "*.md"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no corpus: %v", err)
	}
	sort.Strings(files)
	var docs []*articlev1.RawDocument
	for _, f := range files {
		docs = append(docs, &articlev1.RawDocument{Id: filepath.Base(f), Content: corpusDoc(tb, filepath.Base(f))})
	}
	return docs
}

// ingestAll sends docs over one IngestStream and returns the response to
// each, failing the test on a stream error or an out-of-order response.
func ingestAll(tb testing.TB, client articlev1.ArticleServiceClient, docs []*articlev1.RawDocument) []*articlev1.IngestStreamResponse {
	tb.Helper()
	stream, err := client.IngestStream(callCtx(tb))
	if err != nil {
		tb.Fatalf("ingest stream: %v", err)
	}
	go func() {
		for _, d := range docs {
			if err := stream.Send(&articlev1.IngestStreamRequest{Document: d}); err != nil {
				return
			}
		}
		stream.CloseSend()
	}()
	var out []*articlev1.IngestStreamResponse
	for i := range docs {
		resp, err := stream.Recv()
		if err != nil {
			tb.Fatalf("ack %d: %v", i, err)
		}
		if resp.GetIndex() != int64(i) {
			tb.Fatalf("ack %d has index %d", i, resp.GetIndex())
		}
		out = append(out, resp)
	}
	if _, err := stream.Recv(); !errors.Is(err, io.EOF) {
		tb.Fatalf("after the last ack: %v, want EOF", err)
	}
	return out
}

// collect reads a subscription's opening message, then n entries.
func collect(tb testing.TB, sub articlev1.ArticleService_SubscribeClient, n int) (opening uint64, entries []*articlev1.LogEntry) {
	tb.Helper()
	first, err := sub.Recv()
	if err != nil {
		tb.Fatalf("opening message: %v", err)
	}
	if first.GetEntry() != nil {
		tb.Fatalf("opening message carries an entry")
	}
	for len(entries) < n {
		m, err := sub.Recv()
		if err != nil {
			tb.Fatalf("after %d entries: %v", len(entries), err)
		}
		if m.GetCursor() != m.GetEntry().GetCursor() {
			tb.Fatalf("message cursor %d, entry cursor %d", m.GetCursor(), m.GetEntry().GetCursor())
		}
		entries = append(entries, m.GetEntry())
	}
	return first.GetCursor(), entries
}

// resumeCursor reads the cursor of a subscription status's ErrorInfo.
func resumeCursor(tb testing.TB, err error) (string, uint64) {
	tb.Helper()
	st := status.Convert(err)
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			c, perr := strconv.ParseUint(info.GetMetadata()["cursor"], 10, 64)
			if perr != nil {
				tb.Fatalf("ErrorInfo cursor %q: %v", info.GetMetadata()["cursor"], perr)
			}
			return info.GetReason(), c
		}
	}
	tb.Fatalf("status %v carries no ErrorInfo", st)
	return "", 0
}

// checkLogOrder fails unless entries hold each of ids exactly once, in
// order, with increasing cursors.
func checkLogOrder(tb testing.TB, entries []*articlev1.LogEntry, ids []string) {
	tb.Helper()
	if len(entries) != len(ids) {
		tb.Fatalf("%d entries, want %d", len(entries), len(ids))
	}
	var last uint64
	for i, e := range entries {
		if e.GetArticle().GetId() != ids[i] {
			tb.Fatalf("entry %d is %q, want %q", i, e.GetArticle().GetId(), ids[i])
		}
		if e.GetCursor() <= last {
			tb.Fatalf("entry %d at cursor %d after cursor %d", i, e.GetCursor(), last)
		}
		last = e.GetCursor()
	}
}

func docIDs(docs []*articlev1.RawDocument) []string {
	var out []string
	for _, d := range docs {
		out = append(out, d.GetId())
	}
	return out
}
