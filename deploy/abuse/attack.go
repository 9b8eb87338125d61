package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
)

// attack is one way of pushing the server, run against a fresh server.
type attack struct {
	name, what string
	// auth starts the server with credentials: the probe has a token.
	auth bool
	// minDuration lengthens the attack past -duration.
	minDuration time.Duration
	// setup prepares the server (fills the log); not measured.
	setup func(ctx context.Context, e *env) error
	// run attacks until ctx ends and says how the server answered.
	run func(ctx context.Context, e *env) string
}

// env is what an attack works with.
type env struct {
	addr  string
	token string // the probe's valid token, with auth
	srv   *server
}

// dial opens a connection of its own, as another client would (or the
// same client again: every connection comes from the same address).
func (e *env) dial(opts ...grpc.DialOption) (*grpc.ClientConn, error) {
	opts = append([]grpc.DialOption{
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(64<<20), grpc.MaxCallSendMsgSize(64<<20)),
	}, opts...)
	return grpc.NewClient(e.addr, opts...)
}

// dialFrom opens a connection from another loopback address: the server
// tells clients apart by address (without credentials), and the probe is
// another client than the attacker.
func (e *env) dialFrom(ip string) (*grpc.ClientConn, error) {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	return e.dial(grpc.WithContextDialer(func(ctx context.Context, addr string) (net.Conn, error) {
		return d.DialContext(ctx, "tcp", addr)
	}))
}

// result is what one attack measured.
type result struct {
	name            string
	startMiB        float64 // when the attack began, after the setup
	peakMiB         float64
	health, process *latencies
	probeErrs       int
	probeErr        error // the first
	outcome         string
}

// probeDoc is the small document the probe processes: a short article.
var probeDoc = []byte("---\ntitle: Probe\n---\n<p>" + strings.Repeat("A short paragraph of an ordinary article. ", 40) + "</p>\n")

func runAttack(ctx context.Context, cfg config, a attack) (result, error) {
	dir, err := os.MkdirTemp("", "articled-abuse-")
	if err != nil {
		return result{}, err
	}
	defer os.RemoveAll(dir)
	e := &env{}
	var extra []string
	if a.auth {
		e.token = "probe-token-0123456789"
		sum := sha256.Sum256([]byte(e.token))
		creds := fmt.Sprintf("clients:\n  - name: probe\n    token_sha256: %s\n    scopes: [process, ingest, read]\n", hex.EncodeToString(sum[:]))
		tokens := filepath.Join(dir, "tokens.yaml")
		if err := os.WriteFile(tokens, []byte(creds), 0o600); err != nil {
			return result{}, err
		}
		extra = append(extra, "--token-file", tokens, "--plaintext")
	}
	srv, err := start(cfg.articled, filepath.Join(dir, "data"), append(extra, cfg.serverFlags...)...)
	if err != nil {
		return result{}, err
	}
	defer srv.stop()
	e.addr, e.srv = srv.addr, srv
	if a.setup != nil {
		if err := a.setup(ctx, e); err != nil {
			return result{}, fmt.Errorf("setup: %w", err)
		}
	}
	probeConn, err := e.dialFrom("127.0.0.2")
	if err != nil {
		return result{}, err
	}
	defer probeConn.Close()
	r := result{name: a.name, health: &latencies{}, process: &latencies{}}
	d := max(cfg.duration, a.minDuration)
	actx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	r.startMiB, _ = srv.rssMiB()
	stopRSS := make(chan struct{})
	peak := srv.sampleRSS(stopRSS)
	probeErrs := make(chan int, 1)
	go func() {
		n, first := probe(actx, probeConn, e.token, probeDoc, r.health, r.process)
		r.probeErr = first
		probeErrs <- n
	}()
	r.outcome = a.run(actx, e)
	<-actx.Done()
	r.probeErrs = <-probeErrs
	close(stopRSS)
	r.peakMiB = <-peak
	select {
	case <-srv.exited:
		return r, fmt.Errorf("articled exited during the attack:\n%s", srv.output())
	default:
	}
	return r, nil
}

// codes counts the outcomes of calls by status code.
type codes struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *codes) add(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[status.Code(err).String()]++
}

func (c *codes) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var parts []string
	for k, v := range c.n {
		parts = append(parts, fmt.Sprintf("%s %d", k, v))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}
