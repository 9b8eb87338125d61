package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	articlev1 "articleservice/proto/article/v1"
)

const corpusDir = "../../testdata/corpus"

// buildArticled builds this command into a temporary directory.
func buildArticled(tb testing.TB) string {
	tb.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		tb.Skip("no go tool on PATH to build articled with")
	}
	bin := filepath.Join(tb.TempDir(), "articled")
	args := []string{"build", "-o", bin}
	if raceBuild {
		args = append(args, "-race")
	}
	cmd := exec.Command(goTool, append(args, ".")...)
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// child is an articled process serving on a loopback port.
type child struct {
	cmd    *exec.Cmd
	addr   string
	exited chan struct{}
	mu     sync.Mutex
	logs   bytes.Buffer
}

// startChild runs bin on dataDir and waits for it to serve; it is killed,
// if still running, when the test ends.
func startChild(tb testing.TB, bin, dataDir string) *child {
	tb.Helper()
	cmd := exec.Command(bin, "--addr", "127.0.0.1:0", "--data-dir", dataDir, "--log-format", "json")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ARTICLED_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatalf("start articled: %v", err)
	}
	c := &child{cmd: cmd, exited: make(chan struct{})}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			c.mu.Lock()
			c.logs.Write(append(sc.Bytes(), '\n'))
			c.mu.Unlock()
			var line struct{ Msg, Addr string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "serving" {
				addr <- line.Addr
			}
		}
		io.Copy(io.Discard, stderr)
		cmd.Wait()
		close(c.exited)
	}()
	tb.Cleanup(func() {
		cmd.Process.Kill()
		<-c.exited
	})
	select {
	case c.addr = <-addr:
	case <-c.exited:
		tb.Fatalf("articled exited before serving:\n%s", c.output())
	}
	return c
}

func (c *child) output() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.logs.String()
}

func (c *child) kill(tb testing.TB) {
	tb.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		tb.Fatalf("kill articled: %v", err)
	}
	<-c.exited
}

func dialChild(tb testing.TB, addr string) articlev1.ArticleServiceClient {
	tb.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	return articlev1.NewArticleServiceClient(conn)
}

func corpusDocs(tb testing.TB) []*articlev1.RawDocument {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.md"))
	if len(files) == 0 {
		tb.Fatal("no corpus")
	}
	sort.Strings(files)
	var docs []*articlev1.RawDocument
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		docs = append(docs, &articlev1.RawDocument{Id: filepath.Base(f), Content: b})
	}
	return docs
}

// TestKilledServerLosesNothingAcknowledged: articled killed with SIGKILL
// in the middle of an IngestStream keeps, after a restart on the same data
// dir, every article it acknowledged, exactly once; a subscriber resuming
// from its last cursor misses nothing; and sending the corpus again stores
// only what is missing.
func TestKilledServerLosesNothingAcknowledged(t *testing.T) {
	if testing.Short() {
		t.Skip("a crash test: go test without -short runs it")
	}
	bin := buildArticled(t)
	dataDir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	docs := corpusDocs(t)

	first := startChild(t, bin, dataDir)
	client := dialChild(t, first.addr)
	sub, err := client.Subscribe(ctx, &articlev1.SubscribeRequest{Start: &articlev1.SubscribeRequest_FromStart{FromStart: true}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sub.Recv(); err != nil {
		t.Fatalf("opening message: %v", err)
	}
	seenBefore := make(chan []*articlev1.LogEntry, 1)
	go func() {
		var got []*articlev1.LogEntry
		for {
			m, err := sub.Recv()
			if err != nil {
				seenBefore <- got
				return
			}
			got = append(got, m.GetEntry())
		}
	}()
	stream, err := client.IngestStream(ctx)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for _, d := range docs {
			if stream.Send(&articlev1.IngestStreamRequest{Document: d}) != nil {
				return
			}
		}
		stream.CloseSend()
	}()
	const killAfter = 60
	var acked []*articlev1.IngestStreamResponse
	for {
		resp, err := stream.Recv()
		if err != nil {
			break
		}
		if resp.GetError() != nil {
			t.Fatalf("document %d: %v", resp.GetIndex(), resp.GetError())
		}
		acked = append(acked, resp)
		if len(acked) == killAfter {
			first.kill(t)
		}
	}
	if len(acked) < killAfter || len(acked) == len(docs) {
		t.Fatalf("%d of %d documents acknowledged: the kill did not land mid-ingestion", len(acked), len(docs))
	}
	before := <-seenBefore
	t.Logf("acknowledged %d of %d before the kill; the subscriber had %d", len(acked), len(docs), len(before))

	second := startChild(t, bin, dataDir)
	client = dialChild(t, second.addr)
	t.Run("every_acknowledged_article_is_stored_at_its_cursor", func(t *testing.T) {
		for _, a := range acked {
			resp, err := client.GetArticle(ctx, &articlev1.GetArticleRequest{Id: a.GetId()})
			if err != nil || resp.GetEntry().GetCursor() != a.GetCursor() {
				t.Fatalf("get %s = %v, %v; want cursor %d\n%s", a.GetId(), resp.GetEntry().GetCursor(), err, a.GetCursor(), second.output())
			}
		}
	})
	t.Run("the_log_holds_each_article_once", func(t *testing.T) {
		seen := map[string]bool{}
		req := &articlev1.ListArticlesRequest{PageSize: 100}
		for {
			resp, err := client.ListArticles(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range resp.GetEntries() {
				if seen[e.GetArticle().GetId()] {
					t.Fatalf("%s stored twice", e.GetArticle().GetId())
				}
				seen[e.GetArticle().GetId()] = true
			}
			if req.PageToken = resp.GetNextPageToken(); req.PageToken == "" {
				break
			}
		}
		if len(seen) < len(acked) {
			t.Fatalf("%d articles stored, %d acknowledged", len(seen), len(acked))
		}
	})
	t.Run("a_resumed_subscriber_and_a_second_ingestion_complete_the_log", func(t *testing.T) {
		var after uint64
		if len(before) > 0 {
			after = before[len(before)-1].GetCursor()
		}
		resumed, err := client.Subscribe(ctx, &articlev1.SubscribeRequest{Start: &articlev1.SubscribeRequest_AfterCursor{AfterCursor: after}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := resumed.Recv(); err != nil {
			t.Fatalf("resume after cursor %d: %v", after, err)
		}
		again, err := client.IngestStream(ctx)
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			for _, d := range docs {
				if again.Send(&articlev1.IngestStreamRequest{Document: d}) != nil {
					return
				}
			}
			again.CloseSend()
		}()
		for i := range docs {
			resp, err := again.Recv()
			if err != nil {
				t.Fatalf("second ingestion, ack %d: %v", i, err)
			}
			if i < len(acked) && (resp.GetOutcome() != articlev1.IngestOutcome_INGEST_OUTCOME_DUPLICATE || resp.GetCursor() != acked[i].GetCursor()) {
				t.Fatalf("second ingestion of acknowledged %s = %v, want a duplicate at %d", docs[i].GetId(), resp, acked[i].GetCursor())
			}
		}
		if _, err := again.Recv(); !errors.Is(err, io.EOF) {
			t.Fatalf("after the last ack: %v", err)
		}
		all := append([]*articlev1.LogEntry(nil), before...)
		for len(all) < len(docs) {
			m, err := resumed.Recv()
			if err != nil {
				t.Fatalf("resumed subscriber after %d entries: %v", len(all), err)
			}
			all = append(all, m.GetEntry())
		}
		seen := map[string]bool{}
		var last uint64
		for _, e := range all {
			id := e.GetArticle().GetId()
			if seen[id] || e.GetCursor() <= last {
				t.Fatalf("%s at cursor %d after cursor %d (seen before: %v)", id, e.GetCursor(), last, seen[id])
			}
			seen[id], last = true, e.GetCursor()
		}
		for _, d := range docs {
			if !seen[d.GetId()] {
				t.Fatalf("%s never delivered", d.GetId())
			}
		}
	})
}
