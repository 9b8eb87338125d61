package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"articleservice/service/server"
	"articleservice/service/server/servertest"
)

// startSecureServer runs a server with TLS and a token file holding token
// with the process scope; it returns the address and the CA file.
func startSecureServer(tb testing.TB, token string) (addr, caFile string) {
	tb.Helper()
	ca := servertest.NewCA(tb, "articlectl-test")
	cert, key := ca.Server(tb, "articled")
	sum := sha256.Sum256([]byte(token))
	tokens := filepath.Join(tb.TempDir(), "tokens.yaml")
	file := fmt.Sprintf("clients:\n  - name: ctl\n    token_sha256: %s\n    scopes: [process]\n", hex.EncodeToString(sum[:]))
	if err := os.WriteFile(tokens, []byte(file), 0o600); err != nil {
		tb.Fatal(err)
	}
	cfg := server.DefaultConfig()
	cfg.Log.DataDir = tb.TempDir()
	cfg.TLS = server.TLSConfig{CertFile: cert, KeyFile: key}
	cfg.Access.TokenFile = tokens
	s, err := server.New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		tb.Fatal(err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		s.Close()
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Serve(ctx, lis); close(done) }()
	tb.Cleanup(func() { cancel(); <-done })
	return lis.Addr().String(), ca.CAFile
}

func TestRemoteWithTLSAndToken(t *testing.T) {
	addr, ca := startSecureServer(t, "s3cret-token")

	if r := ctl(t, "", "policies", "--addr", addr, "--ca", ca, "--token", "s3cret-token"); r.code != exitOK || !strings.Contains(r.stdout, "article") {
		t.Errorf("with CA and token: exit %d, stderr %q", r.code, r.stderr)
	}
	t.Setenv("ARTICLECTL_TOKEN", "s3cret-token")
	if r := ctl(t, "<p>hi</p>", "sanitize", "--addr", addr, "--tls", "--ca", ca); r.code != exitOK || !strings.Contains(r.stdout, "<p>hi</p>") {
		t.Errorf("token from ARTICLECTL_TOKEN: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	t.Setenv("ARTICLECTL_TOKEN", "")
	r := ctl(t, "", "policies", "--addr", addr, "--ca", ca, "--token", "wrong")
	if r.code != exitFailed || !strings.Contains(r.stderr, "Unauthenticated") || strings.Contains(r.stderr, "wrong") {
		t.Errorf("wrong token: exit %d, stderr %q; want exit 1, Unauthenticated, and the token not echoed", r.code, r.stderr)
	}
	if r := ctl(t, "", "policies", "--addr", addr, "--ca", ca); r.code != exitFailed || !strings.Contains(r.stderr, "Unauthenticated") {
		t.Errorf("no token: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := ctl(t, "", "policies", "--addr", addr, "--token", "s3cret-token"); r.code != exitUsage || !strings.Contains(r.stderr, "needs --tls") {
		t.Errorf("token without TLS: exit %d, stderr %q; want a usage error", r.code, r.stderr)
	}
	if r := ctl(t, "", "policies", "--addr", addr, "--tls", "--token", "s3cret-token"); r.code != exitFailed {
		t.Errorf("TLS without the test CA: exit %d, want 1 (the certificate is not trusted)", r.code)
	}
}
