package main

import (
	"bytes"
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestParseConfig(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		check   func(testing.TB, config)
		wantErr string
	}{
		{name: "defaults_listen_on_50051", check: func(tb testing.TB, c config) {
			if c.server.Addr != ":50051" || c.server.Pipeline.DefaultZone.String() != "UTC" || c.logFormat != "text" {
				tb.Errorf("defaults = %+v", c)
			}
		}},
		{name: "env_sets_flags", env: map[string]string{"ARTICLED_ADDR": ":7000", "ARTICLED_MAX_DOCUMENT_BYTES": "99", "ARTICLED_DEFAULT_ZONE": "Asia/Shanghai", "ARTICLED_LOG_LEVEL": "debug"},
			check: func(tb testing.TB, c config) {
				if c.server.Addr != ":7000" || c.server.Pipeline.Limits.MaxDocumentBytes != 99 || c.server.Pipeline.DefaultZone.String() != "Asia/Shanghai" || c.logLevel.String() != "DEBUG" {
					tb.Errorf("config = %+v", c)
				}
			}},
		{name: "flag_wins_over_env", args: []string{"--addr", ":8000"}, env: map[string]string{"ARTICLED_ADDR": ":7000"},
			check: func(tb testing.TB, c config) {
				if c.server.Addr != ":8000" {
					tb.Errorf("addr = %q, want the flag's", c.server.Addr)
				}
			}},
		{name: "log_defaults_embed_nats_under_data", check: func(tb testing.TB, c config) {
			l := c.server.Log
			if l.URL != "" || l.DataDir != "data" || l.Listen != "" || l.Stream != "ARTICLES" || l.Replicas != 1 || c.server.IngestWindow != 64 {
				tb.Errorf("log defaults = %+v", l)
			}
		}},
		{name: "log_flags_and_env_set_the_log", args: []string{"--nats-url", "nats://a:4222,nats://b:4222", "--nats-replicas", "3", "--subscribe-max-lag", "50"},
			env: map[string]string{"ARTICLED_NATS_MAX_AGE": "720h", "ARTICLED_NATS_STREAM": "NEWS", "ARTICLED_DATA_DIR": "/var/lib/articled"},
			check: func(tb testing.TB, c config) {
				l := c.server.Log
				if l.URL != "nats://a:4222,nats://b:4222" || l.Replicas != 3 || l.MaxLag != 50 || l.MaxAge != 720*time.Hour || l.Stream != "NEWS" || l.DataDir != "/var/lib/articled" {
					tb.Errorf("log config = %+v", l)
				}
			}},
		{name: "oversized_nats_payload_is_an_error", args: []string{"--nats-max-payload", "1000000000"}, wantErr: "nats-max-payload"},
		{name: "zero_ingest_window_is_an_error", args: []string{"--ingest-window", "0"}, wantErr: "ingest-window"},
		{name: "ingest_window_bytes_default_flag_and_env", env: map[string]string{"ARTICLED_INGEST_WINDOW_BYTES": "1048576"},
			check: func(tb testing.TB, c config) {
				if c.server.IngestWindowBytes != 1<<20 {
					tb.Errorf("ingest window bytes %d from the environment, want 1048576", c.server.IngestWindowBytes)
				}
				d, err := parseConfig(nil, env(nil), &bytes.Buffer{})
				if err != nil || d.server.IngestWindowBytes != 16<<20 {
					tb.Errorf("default ingest window bytes %d (%v), want 16 MiB", d.server.IngestWindowBytes, err)
				}
			}},
		{name: "negative_ingest_window_bytes_is_an_error", args: []string{"--ingest-window-bytes", "-1"}, wantErr: "ingest-window-bytes"},
		{name: "pipeline_settings_from_env", env: map[string]string{"ARTICLED_TRACKING_PARAMS": "utm_*, ref", "ARTICLED_TITLE_SUFFIXES": "新浪财经", "ARTICLED_MAX_CONCURRENT_DOCUMENTS": "3", "ARTICLED_FUTURE_SKEW": "1h", "ARTICLED_MEMORY_LIMIT": "0"},
			check: func(tb testing.TB, c config) {
				p := c.server.Pipeline
				if strings.Join(p.TrackingParams, "|") != "utm_*|ref" || strings.Join(p.TitleSuffixes, "|") != "新浪财经" || p.Limits.MaxConcurrent != 3 || p.FutureSkew != time.Hour || c.memoryLimit != 0 {
					tb.Errorf("pipeline config = %+v, memory limit %d", p, c.memoryLimit)
				}
			}},
		{name: "memory_limit_defaults_unless_GOMEMLIMIT", env: map[string]string{"GOMEMLIMIT": "1GiB"},
			check: func(tb testing.TB, c config) {
				if c.memoryLimit != 0 {
					tb.Errorf("memory limit %d with GOMEMLIMIT set, want 0 (the runtime's)", c.memoryLimit)
				}
			}},
		{name: "gc_percent_defaults_unless_GOGC", env: map[string]string{"GOGC": "50"},
			check: func(tb testing.TB, c config) {
				if c.gcPercent != 0 {
					tb.Errorf("gc percent %d with GOGC set, want 0 (the runtime's)", c.gcPercent)
				}
				d, err := parseConfig(nil, env(nil), &bytes.Buffer{})
				if err != nil || d.gcPercent != 200 {
					tb.Errorf("default gc percent %d (%v), want 200", d.gcPercent, err)
				}
				f, err := parseConfig([]string{"--gc-percent", "100"}, env(map[string]string{"ARTICLED_GC_PERCENT": "300"}), &bytes.Buffer{})
				if err != nil || f.gcPercent != 100 {
					tb.Errorf("gc percent %d (%v) from the flag over the environment, want 100", f.gcPercent, err)
				}
			}},
		{name: "bad_env_value_is_an_error", env: map[string]string{"ARTICLED_MAX_NESTING_DEPTH": "deep"}, wantErr: "ARTICLED_MAX_NESTING_DEPTH"},
		{name: "unknown_zone_is_an_error", args: []string{"--default-zone", "Mars/Olympus"}, wantErr: "default-zone"},
		{name: "bad_log_format_is_an_error", args: []string{"--log-format", "xml"}, wantErr: "log-format"},
		{name: "stray_argument_is_an_error", args: []string{"serve"}, wantErr: "unexpected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseConfig(tt.args, env(tt.env), &bytes.Buffer{})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

// TestRunServesUntilCancelled boots articled's run on a free port, checks
// health and stops it as SIGTERM would.
func TestRunServesUntilCancelled(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := lis.Addr().String()
	lis.Close()
	cfg, err := parseConfig([]string{"--addr", addr, "--log-format", "json", "--data-dir", t.TempDir()}, env(nil), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var logs bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, cfg, &syncWriter{buf: &logs}) }()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	cctx, ccancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer ccancel()
	resp, err := healthpb.NewHealthClient(conn).Check(cctx, &healthpb.HealthCheckRequest{}, grpc.WaitForReady(true))
	if err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("health = %v, %v", resp, err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("run did not return after cancel")
	}
}
