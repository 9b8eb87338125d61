package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	articlev1 "articleservice/proto/article/v1"
)

// syncBuffer is a log destination that tests read while the server writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// edgeServer is a real server on a loopback port, configured beyond what
// startServer covers: TLS, access, limits, metrics, tracing.
type edgeServer struct {
	addr string
	srv  *Server
	logs *syncBuffer
}

// startEdgeServer boots a server with the defaults as changed by edit on
// 127.0.0.1:0 and stops it when the test ends.
func startEdgeServer(tb testing.TB, edit func(*Config)) *edgeServer {
	tb.Helper()
	cfg := DefaultConfig()
	cfg.Addr = "127.0.0.1:0"
	cfg.Log.DataDir = tb.TempDir()
	cfg.TLS.Plaintext = true
	if edit != nil {
		edit(&cfg)
	}
	logs := &syncBuffer{}
	s, err := New(context.Background(), cfg, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if err != nil {
		tb.Fatalf("new server: %v", err)
	}
	lis, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		s.Close()
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, lis) }()
	tb.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			tb.Error("server did not stop")
		}
	})
	return &edgeServer{addr: lis.Addr().String(), srv: s, logs: logs}
}

// conn dials the server, plaintext unless opts say otherwise, and closes
// the connection when the test ends.
func (e *edgeServer) conn(tb testing.TB, opts ...grpc.DialOption) *grpc.ClientConn {
	tb.Helper()
	if len(opts) == 0 {
		opts = []grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}
	}
	conn, err := grpc.NewClient(e.addr, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	return conn
}

func (e *edgeServer) client(tb testing.TB, opts ...grpc.DialOption) articlev1.ArticleServiceClient {
	tb.Helper()
	return articlev1.NewArticleServiceClient(e.conn(tb, opts...))
}

// serveMetrics serves the server's metrics endpoint on 127.0.0.1:0 and
// returns its base URL.
func (e *edgeServer) serveMetrics(tb testing.TB) string {
	tb.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.srv.ServeMetrics(ctx, lis) }()
	tb.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			tb.Errorf("metrics server: %v", err)
		}
	})
	return "http://" + lis.Addr().String()
}

// credential is one client of a token file written by writeTokenFile.
type credential struct {
	name, token string
	certNames   []string
	scopes      []Scope
}

// writeTokenFile writes a token file holding the SHA-256 of each token and
// returns its path.
func writeTokenFile(tb testing.TB, path string, creds ...credential) string {
	tb.Helper()
	if path == "" {
		path = filepath.Join(tb.TempDir(), "tokens.yaml")
	}
	var b strings.Builder
	b.WriteString("clients:\n")
	for _, c := range creds {
		fmt.Fprintf(&b, "  - name: %s\n", c.name)
		if c.token != "" {
			sum := sha256.Sum256([]byte(c.token))
			fmt.Fprintf(&b, "    token_sha256: %s\n", hex.EncodeToString(sum[:]))
		}
		if len(c.certNames) > 0 {
			fmt.Fprintf(&b, "    cert_names: [%s]\n", strings.Join(c.certNames, ", "))
		}
		var scopes []string
		for _, s := range c.scopes {
			scopes = append(scopes, string(s))
		}
		fmt.Fprintf(&b, "    scopes: [%s]\n", strings.Join(scopes, ", "))
	}
	writeChanged(tb, path, b.String())
	return path
}

// writeChanged writes a file and moves its modification time past any it
// had, so that a reload sees a new version even on a coarse clock.
func writeChanged(tb testing.TB, path, content string) {
	tb.Helper()
	next := time.Now()
	if fi, err := os.Stat(path); err == nil && !fi.ModTime().Before(next) {
		next = fi.ModTime().Add(time.Second)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		tb.Fatal(err)
	}
	if err := os.Chtimes(path, next, next); err != nil {
		tb.Fatal(err)
	}
}

// bumpModTime moves the modification times of files written by other
// means past any they had.
func bumpModTime(tb testing.TB, paths ...string) {
	tb.Helper()
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		writeChanged(tb, p, string(b))
	}
}

// scrape reads /metrics.
func scrape(tb testing.TB, base string) map[string]*dto.MetricFamily {
	tb.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("GET /metrics: %s", resp.Status)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		tb.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// metricValue is the value of the counter, gauge or histogram (its count)
// with all of the labels given; 0 when there is none.
func metricValue(fams map[string]*dto.MetricFamily, name string, labels map[string]string) float64 {
	fam := fams[name]
	if fam == nil {
		return 0
	}
	var sum float64
next:
	for _, m := range fam.GetMetric() {
		have := map[string]string{}
		for _, l := range m.GetLabel() {
			have[l.GetName()] = l.GetValue()
		}
		for k, v := range labels {
			if have[k] != v {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			sum += m.GetCounter().GetValue()
		case m.Gauge != nil:
			sum += m.GetGauge().GetValue()
		case m.Histogram != nil:
			sum += float64(m.GetHistogram().GetSampleCount())
		}
	}
	return sum
}
