package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// server is one articled process on a loopback port.
type server struct {
	cmd    *exec.Cmd
	addr   string
	exited chan struct{}

	mu   sync.Mutex
	logs bytes.Buffer
}

// start runs articled on a fresh data directory with its defaults and the
// given extra flags, and waits until it serves.
func start(bin, dataDir string, extra ...string) (*server, error) {
	args := append([]string{"--addr", "127.0.0.1:0", "--data-dir", dataDir, "--log-format", "json", "--metrics-addr", ""}, extra...)
	cmd := exec.Command(bin, args...)
	for _, kv := range os.Environ() {
		// Nothing from the calling environment changes the defaults.
		if !strings.HasPrefix(kv, "ARTICLED_") && !strings.HasPrefix(kv, "GOGC=") && !strings.HasPrefix(kv, "GOMEMLIMIT=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start articled: %w", err)
	}
	s := &server{cmd: cmd, exited: make(chan struct{})}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			s.mu.Lock()
			s.logs.Write(append(sc.Bytes(), '\n'))
			s.mu.Unlock()
			var line struct{ Msg, Addr string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "serving" {
				select {
				case addr <- line.Addr:
				default:
				}
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
		_ = cmd.Wait()
		close(s.exited)
	}()
	select {
	case s.addr = <-addr:
		return s, nil
	case <-s.exited:
		return nil, fmt.Errorf("articled exited before serving:\n%s", s.output())
	case <-time.After(60 * time.Second):
		s.stop()
		return nil, fmt.Errorf("articled did not serve within 60s:\n%s", s.output())
	}
}

func (s *server) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logs.String()
}

// logLines counts the log lines at level (e.g. "ERROR").
func (s *server) logLines(level string) int {
	n := 0
	for _, l := range strings.Split(s.output(), "\n") {
		var line struct{ Level string }
		if json.Unmarshal([]byte(l), &line) == nil && line.Level == level {
			n++
		}
	}
	return n
}

func (s *server) stop() {
	_ = s.cmd.Process.Kill()
	<-s.exited
}

// rssMiB reads the resident set size of the server from /proc.
func (s *server) rssMiB() (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, err := strconv.ParseFloat(f[1], 64)
			return kb / 1024, err
		}
	}
	return 0, fmt.Errorf("no VmRSS in /proc/%d/status", s.cmd.Process.Pid)
}

// sampleRSS records the peak RSS every 20 ms until stop is closed.
func (s *server) sampleRSS(stop <-chan struct{}) <-chan float64 {
	out := make(chan float64, 1)
	go func() {
		peak := 0.0
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			if v, err := s.rssMiB(); err == nil && v > peak {
				peak = v
			}
			select {
			case <-stop:
				out <- peak
				return
			case <-t.C:
			}
		}
	}()
	return out
}
