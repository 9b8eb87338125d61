package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// session is a fenced shell block of the README, split the way a newcomer
// runs it: setup lines, the one line that starts the server, and grpcurl
// calls against it.
type session struct {
	setup      []string
	serverArgs []string
	calls      []string
}

// readmeSession reads the first ```sh block after heading in README.md.
// Lines ending in a backslash continue on the next line; comments after
// "  #" are dropped. The server line is the one that runs articled
// ("go run ./cmd/articled" or a built articled); "go build" lines are left
// out, since the test binary is articled already.
func readmeSession(tb testing.TB, heading string) session {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		tb.Fatal(err)
	}
	doc := string(b)
	i := strings.Index(doc, "\n"+heading+"\n")
	if i < 0 {
		tb.Fatalf("README.md has no %q section", heading)
	}
	doc = doc[i:]
	start := strings.Index(doc, "\n```sh\n")
	if start < 0 {
		tb.Fatalf("README.md: no sh block under %q", heading)
	}
	doc = doc[start+len("\n```sh\n"):]
	doc = doc[:strings.Index(doc, "\n```")]
	doc = strings.ReplaceAll(doc, "\\\n", "")
	var s session
	server := regexp.MustCompile(`^(?:go run \./cmd/articled|\S*bin/articled)\b(.*?)(?:\s*&)?$`)
	for _, line := range strings.Split(doc, "\n") {
		if c := strings.Index(line, "  #"); c >= 0 {
			line = line[:c]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "go build "); ok {
			// What follows the build on its line is setup.
			if _, after, ok := strings.Cut(rest, "&&"); ok {
				s.setup = append(s.setup, strings.TrimSpace(after))
			}
			continue
		}
		switch m := server.FindStringSubmatch(line); {
		case m != nil:
			if s.serverArgs != nil {
				tb.Fatalf("README.md %q starts the server twice", heading)
			}
			s.serverArgs = append([]string{}, strings.Fields(m[1])...)
		case strings.HasPrefix(line, "grpcurl "):
			s.calls = append(s.calls, line)
		default:
			if s.serverArgs != nil {
				tb.Fatalf("README.md %q: %q after the server started is neither a grpcurl call nor understood by this test", heading, line)
			}
			s.setup = append(s.setup, line)
		}
	}
	if len(s.calls) == 0 {
		tb.Fatalf("README.md %q has no grpcurl call", heading)
	}
	return s
}

// tool finds a program the README's sessions need: on PATH, else where
// `go install` puts it. In CI (.ci/run installs grpcurl) a missing tool
// fails the test; elsewhere it skips, so that `go test ./...` works
// before grpcurl is installed.
func tool(tb testing.TB, name string) string {
	tb.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	if gopath, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		p := filepath.Join(strings.TrimSpace(string(gopath)), "bin", name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		tb.Fatalf("%s is not installed; CI installs it (.ci/run)", name)
	}
	tb.Skipf("%s is not installed (go install github.com/fullstorydev/grpcurl/cmd/grpcurl@v1.9.4); CI runs this test", name)
	return ""
}

// startArticled runs articled in-process with the session's arguments,
// its files resolved in dir, on a free loopback port, and returns the
// address the README's localhost:50051 stands for.
func startArticled(tb testing.TB, args []string, dir string) string {
	tb.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	addr := lis.Addr().String()
	lis.Close()
	abs := make([]string, len(args))
	for i, a := range args {
		abs[i] = a
		if _, err := os.Stat(filepath.Join(dir, a)); err == nil && !strings.HasPrefix(a, "-") {
			abs[i] = filepath.Join(dir, a)
		}
	}
	cfg, err := parseConfig(append(abs, "--addr", addr, "--data-dir", tb.TempDir()), env(nil), &bytes.Buffer{})
	if err != nil {
		tb.Fatalf("articled %v: %v", args, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncWriter{buf: &bytes.Buffer{}}
	done := make(chan error, 1)
	go func() { done <- run(ctx, cfg, logs) }()
	tb.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			tb.Errorf("articled: %v", err)
		}
	})
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(logs.String(), "msg=serving"); {
		select {
		case err := <-done:
			tb.Fatalf("articled %v stopped: %v\n%s", args, err, logs.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			tb.Fatalf("articled %v did not start:\n%s", args, logs.String())
		}
	}
	return addr
}

// runCall runs one grpcurl line of the README in bash, the README's
// localhost:50051 replaced by addr, with grpcurl found by tool.
func runCall(tb testing.TB, grpcurl, line, addr, dir string, env []string) string {
	tb.Helper()
	line = strings.Replace(line, "grpcurl ", `"$GRPCURL" `, 1)
	line = strings.ReplaceAll(line, "localhost:50051", addr)
	cmd := exec.Command("bash", "-c", line)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GRPCURL="+grpcurl), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		tb.Errorf("%s: %v\n%s", line, err, out)
	}
	return string(out)
}

// TestReadmeSessions runs the README's two grpcurl sessions as written:
// against the plaintext server of the first steps, and against a server
// with TLS and a token file, whose certificate and token the README's own
// openssl lines make. Every call must succeed; list and health must show
// the services and SERVING.
func TestReadmeSessions(t *testing.T) {
	grpcurl := tool(t, "grpcurl")
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T, call, out string) {
		t.Helper()
		switch {
		case strings.HasSuffix(call, " list") && (!strings.Contains(out, "article.v1.ArticleService") || !strings.Contains(out, "grpc.health.v1.Health")):
			t.Errorf("%s listed:\n%s", call, out)
		case strings.HasSuffix(call, "Health/Check") && !strings.Contains(out, `"status": "SERVING"`):
			t.Errorf("%s answered:\n%s", call, out)
		case strings.HasSuffix(call, "ListPolicies") && !strings.Contains(out, `"name": "article"`):
			t.Errorf("%s answered:\n%s", call, out)
		}
	}

	t.Run("plaintext_calls_succeed", func(t *testing.T) {
		s := readmeSession(t, "## A grpcurl session")
		if len(s.setup) != 0 || s.serverArgs != nil {
			t.Fatalf("the plaintext session has setup %q or starts a server %q: the first steps' server is meant", s.setup, s.serverArgs)
		}
		addr := startArticled(t, nil, root)
		for _, c := range s.calls {
			check(t, c, runCall(t, grpcurl, c, addr, root, nil))
		}
	})

	t.Run("tls_and_token_calls_succeed", func(t *testing.T) {
		tool(t, "openssl")
		s := readmeSession(t, "## grpcurl against a TLS + token server")
		if s.serverArgs == nil || len(s.setup) == 0 {
			t.Fatalf("the secured session starts no server (%q) or has no setup (%q)", s.serverArgs, s.setup)
		}
		tmp := t.TempDir()
		state := t.TempDir()
		script := "set -euo pipefail\n" + strings.Join(s.setup, "\n") +
			"\npwd > \"$STATE/dir\"\nprintf %s \"$TOKEN\" > \"$STATE/token\"\n"
		cmd := exec.Command("bash", "-c", script)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "TMPDIR="+tmp, "STATE="+state)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("the session's setup:\n%s\n%v\n%s", script, err, out)
		}
		dir, _ := os.ReadFile(filepath.Join(state, "dir"))
		token, _ := os.ReadFile(filepath.Join(state, "token"))
		if len(token) == 0 || !strings.HasPrefix(string(dir), tmp) {
			t.Fatalf("the setup left the token %q and the directory %q", token, dir)
		}
		work := strings.TrimSpace(string(dir))
		addr := startArticled(t, s.serverArgs, work)
		for _, c := range s.calls {
			check(t, c, runCall(t, grpcurl, c, addr, work, []string{"TOKEN=" + string(token)}))
		}
		// The same calls without the token fail: they are not open to all.
		for _, c := range s.calls {
			anon := strings.Replace(c, `-H "authorization: Bearer $TOKEN" `, "", 1)
			if anon == c {
				t.Fatalf("%s: no token header to take away", c)
			}
			cmd := exec.Command("bash", "-c", strings.ReplaceAll(strings.Replace(anon, "grpcurl ", `"$GRPCURL" `, 1), "localhost:50051", addr))
			cmd.Dir = work
			cmd.Env = append(os.Environ(), "GRPCURL="+grpcurl)
			if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "Unauthenticated") {
				t.Errorf("%s without a token: %v\n%s\nwant Unauthenticated", c, err, out)
			}
		}
	})
}

// TestReadmeFirstSteps: the README's two first commands are the server
// with its embedded defaults (no flag: TestReadmeSessions starts it so)
// and the test command CI runs.
func TestReadmeFirstSteps(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	ci, err := os.ReadFile(filepath.Join("..", "..", ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	i := strings.Index(readme, "\n## First steps\n")
	j := strings.Index(readme[i+1:], "\n## ")
	if i < 0 || j < 0 {
		t.Fatal("README.md has no First steps section")
	}
	block := regexp.MustCompile("(?s)```sh\n(.*?)```").FindStringSubmatch(readme[i : i+1+j])
	if block == nil {
		t.Fatal("README.md: no sh block in First steps")
	}
	var cmds []string
	for _, line := range strings.Split(strings.TrimSpace(block[1]), "\n") {
		if c := strings.Index(line, "  #"); c >= 0 {
			line = line[:c]
		}
		cmds = append(cmds, strings.TrimSpace(line))
	}
	if len(cmds) != 2 || cmds[0] != "go run ./cmd/articled" {
		t.Fatalf("first steps %q, want the server with its defaults and the test command", cmds)
	}
	if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(cmds[1]) + `$`).Match(ci) {
		t.Errorf("the README's test command %q is not a line of .ci/run", cmds[1])
	}
}
