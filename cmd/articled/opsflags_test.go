package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"articleservice/service/server"
)

func TestOpsFlags(t *testing.T) {
	t.Run("defaults", func(t *testing.T) {
		c, err := parseConfig(nil, env(nil), &bytes.Buffer{})
		if err != nil {
			t.Fatal(err)
		}
		s := c.server
		if s.TLS.CertFile != "" || s.Access.TokenFile != "" || s.Access.Reflection != server.ReflectionOn || s.Access.DisableHealth ||
			s.Metrics.Addr != "" || s.Tracing.OTLPEndpoint != "" || s.Calls.ClientRate != 5000 || s.Calls.ClientStreams != 64 ||
			s.Calls.UnaryTimeout != time.Minute || s.Calls.MaxStreamMessages != 1_000_000 {
			t.Errorf("defaults = %+v", s)
		}
	})
	t.Run("flags_and_env", func(t *testing.T) {
		c, err := parseConfig(
			[]string{"--tls-cert", "/tls/tls.crt", "--tls-key", "/tls/tls.key", "--health=false", "--client-rate", "50", "--pprof"},
			env(map[string]string{
				"ARTICLED_TLS_CLIENT_CA": "/tls/ca.crt", "ARTICLED_TLS_CLIENT_AUTH": "optional",
				"ARTICLED_TOKEN_FILE": "/auth/tokens.yaml", "ARTICLED_REFLECTION": "on",
				"ARTICLED_CLIENT_BURST": "7", "ARTICLED_CLIENT_MAX_STREAMS": "3", "ARTICLED_UNARY_TIMEOUT": "5s",
				"ARTICLED_MAX_STREAM_DOCUMENTS": "10", "ARTICLED_STREAM_IDLE_TIMEOUT": "1m", "ARTICLED_MAX_CONNECTION_IDLE": "2m",
				"ARTICLED_METRICS_ADDR": ":9090", "ARTICLED_OTLP_ENDPOINT": "collector:4317", "ARTICLED_OTLP_INSECURE": "true",
				"ARTICLED_TRACE_SAMPLE_RATIO": "0.25",
			}), &bytes.Buffer{})
		if err != nil {
			t.Fatal(err)
		}
		s := c.server
		want := server.TLSConfig{CertFile: "/tls/tls.crt", KeyFile: "/tls/tls.key", ClientCAFile: "/tls/ca.crt", ClientAuth: "optional"}
		if s.TLS != want {
			t.Errorf("tls = %+v, want %+v", s.TLS, want)
		}
		if s.Access.TokenFile != "/auth/tokens.yaml" || s.Access.Reflection != "on" || !s.Access.DisableHealth {
			t.Errorf("access = %+v", s.Access)
		}
		wantCalls := server.CallLimits{ClientRate: 50, ClientBurst: 7, ClientStreams: 3, UnaryTimeout: 5 * time.Second,
			MaxStreamMessages: 10, StreamIdleTimeout: time.Minute, MaxConnectionIdle: 2 * time.Minute}
		if s.Calls != wantCalls {
			t.Errorf("calls = %+v, want %+v", s.Calls, wantCalls)
		}
		if s.Metrics != (server.MetricsConfig{Addr: ":9090", Pprof: true}) {
			t.Errorf("metrics = %+v", s.Metrics)
		}
		if s.Tracing.OTLPEndpoint != "collector:4317" || !s.Tracing.OTLPInsecure || s.Tracing.SampleRatio != 0.25 {
			t.Errorf("tracing = %+v", s.Tracing)
		}
	})
	t.Run("bad_health_value", func(t *testing.T) {
		_, err := parseConfig(nil, env(map[string]string{"ARTICLED_HEALTH": "perhaps"}), &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), "ARTICLED_HEALTH") {
			t.Fatalf("err = %v, want one naming ARTICLED_HEALTH", err)
		}
	})
}

// TestRunRefusesBadFiles: a certificate or token file that cannot be read
// stops articled at start, naming the file.
func TestRunRefusesBadFiles(t *testing.T) {
	for name, args := range map[string][]string{
		"missing_cert":       {"--tls-cert", "/nonexistent/tls.crt", "--tls-key", "/nonexistent/tls.key"},
		"missing_token_file": {"--token-file", "/nonexistent/tokens.yaml"},
	} {
		t.Run(name, func(t *testing.T) {
			cfg, err := parseConfig(append([]string{"--addr", "127.0.0.1:0", "--data-dir", t.TempDir()}, args...), env(nil), &bytes.Buffer{})
			if err != nil {
				t.Fatal(err)
			}
			err = run(context.Background(), cfg, io.Discard)
			if err == nil || !strings.Contains(err.Error(), "/nonexistent/") {
				t.Fatalf("run = %v, want an error naming the file", err)
			}
		})
	}
}

// TestRunServesMetrics: with --metrics-addr, run serves /metrics and the
// probes beside gRPC.
func TestRunServesMetrics(t *testing.T) {
	free := func() string {
		t.Helper()
		lis, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer lis.Close()
		return lis.Addr().String()
	}
	addr, metricsAddr := free(), free()
	cfg, err := parseConfig([]string{"--addr", addr, "--metrics-addr", metricsAddr, "--data-dir", t.TempDir()}, env(nil), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var logs bytes.Buffer
	go func() { done <- run(ctx, cfg, &syncWriter{buf: &logs}) }()
	defer func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Error(err)
			}
		case <-time.After(30 * time.Second):
			t.Error("run did not return after cancel")
		}
	}()
	// Poll until ready: readiness is what is tested, not its timing.
	var status int
	for range 300 {
		resp, err := http.Get("http://" + metricsAddr + "/readyz")
		if err == nil {
			status = resp.StatusCode
			resp.Body.Close()
			if status == http.StatusOK {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	if status != http.StatusOK {
		t.Fatalf("/readyz never answered 200 (last %d)", status)
	}
	resp, err := http.Get("http://" + metricsAddr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "articled_document_size_bytes") || !strings.Contains(string(body), "go_goroutines") {
		t.Errorf("/metrics lacks the server's metrics:\n%.500s", body)
	}
}
