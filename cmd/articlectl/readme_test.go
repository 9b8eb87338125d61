package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestReadmeArticlectlSession runs the README's articlectl session as
// written, with the articlectl it builds, against a server of its own (the
// README's localhost:50051): every line must succeed, and what its comments
// promise must be what it prints.
func TestReadmeArticlectlSession(t *testing.T) {
	if testing.Short() {
		t.Skip("builds articlectl: go test without -short runs it")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile("(?s)\n## An articlectl session\n.*?```sh\n(.*?)```").FindSubmatch(b)
	if block == nil {
		t.Fatal("README.md has no sh block under \"## An articlectl session\"")
	}

	// The session runs from a scratch directory that looks like the
	// repository root: testdata, and bin/ where the session's go build
	// puts articlectl.
	dir := t.TempDir()
	if err := os.Symlink(filepath.Join(root, "testdata"), filepath.Join(dir, "testdata")); err != nil {
		t.Fatal(err)
	}
	addr := startServer(t)
	type line struct{ cmd, comment string }
	var lines []line
	for _, l := range strings.Split(string(block[1]), "\n") {
		cmd, comment, _ := strings.Cut(l, "  #")
		cmd = strings.TrimSpace(cmd)
		switch {
		case strings.HasPrefix(cmd, "#"):
			// A comment line tells what the line before it printed.
			if len(lines) > 0 {
				lines[len(lines)-1].comment += strings.TrimSpace(strings.TrimPrefix(cmd, "#"))
			}
			continue
		case cmd == "":
			continue
		case strings.HasPrefix(cmd, "go build "):
			build := exec.Command("go", "build", "-o", filepath.Join(dir, "bin")+"/", "./cmd/articlectl")
			build.Dir = root
			if out, err := build.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", cmd, err, out)
			}
			continue
		}
		lines = append(lines, line{cmd, strings.TrimSpace(comment)})
	}
	if len(lines) < 8 {
		t.Fatalf("the session has %d articlectl lines; the test reads it wrong", len(lines))
	}
	for _, l := range lines {
		if !strings.Contains(l.cmd, "bin/articlectl") {
			t.Fatalf("%q: not an articlectl line", l.cmd)
		}
		cmd := exec.Command("bash", "-c", "set -o pipefail; "+strings.ReplaceAll(l.cmd, "localhost:50051", addr))
		cmd.Dir = dir
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s: %v\nstderr: %s", l.cmd, err, stderr.String())
		}
		// What a comment promises, where it states an output.
		switch {
		case strings.HasPrefix(l.comment, "<"):
			if strings.TrimSpace(stdout.String()) != l.comment {
				t.Errorf("%s printed %q; the README says %q", l.cmd, stdout.String(), l.comment)
			}
		case strings.Contains(l.comment, "documents:"):
			first, _, _ := strings.Cut(l.comment, "  (")
			if !strings.Contains(stderr.String(), first) {
				t.Errorf("%s said %q; the README says %q", l.cmd, stderr.String(), first)
			}
		case strings.Contains(l.cmd, "--limit "):
			n := regexp.MustCompile(`--limit (\d+)`).FindStringSubmatch(l.cmd)[1]
			if got, want := strings.Count(stdout.String(), "\n"), n; strconv.Itoa(got) != want {
				t.Errorf("%s printed %d lines, want %s", l.cmd, got, n)
			}
		case strings.Contains(l.cmd, "> articles.jsonl"):
			out, err := os.ReadFile(filepath.Join(dir, "articles.jsonl"))
			files, _ := filepath.Glob(filepath.Join(root, "testdata", "corpus", "*.md"))
			if err != nil || strings.Count(string(out), "\n") != len(files) {
				t.Errorf("%s wrote %d lines for %d documents (%v)", l.cmd, strings.Count(string(out), "\n"), len(files), err)
			}
		}
	}
}
