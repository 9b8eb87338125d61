package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHelpSaysOnlyWhatApplies(t *testing.T) {
	tests := []struct {
		cmd     []string
		reason  string
		want    []string
		notWant []string
	}{
		{[]string{"ingest"}, "ingest needs a server: nothing of in-process runs",
			[]string{"usage: articlectl ingest --addr HOST:PORT", "required: the article log lives in the server", "-id-from-name", "Exit status"},
			[]string{"in-process", "policy-dir"}},
		{[]string{"subscribe"}, "subscribe reads the server's log",
			[]string{"usage: articlectl subscribe", "-from string", "-site value", "waiting"},
			[]string{"in-process", "policy-dir", "-policy ", "-timeout"}},
		{[]string{"get"}, "get reads the server's log",
			[]string{"usage: articlectl get --addr HOST:PORT ID"}, []string{"in-process", "policy-dir", "-policy "}},
		{[]string{"list"}, "list reads the server's log",
			[]string{"usage: articlectl list", "-page-token string", "-limit int", "-language value"}, []string{"in-process", "policy-dir", "-policy "}},
		{[]string{"consume"}, "consume is a member of a group on the server",
			[]string{"usage: articlectl consume --addr HOST:PORT --group NAME", "-exec string", "-jobs int", "acknowledges", "Exit status"},
			[]string{"in-process", "policy-dir", "-policy ", "-timeout"}},
		{[]string{"groups"}, "groups manages the server's groups",
			[]string{"usage: articlectl groups --addr HOST:PORT", "create NAME", "-from-start", "-ack-wait duration", "admin scope"},
			[]string{"in-process", "policy-dir", "-policy "}},
		{[]string{"process"}, "process runs either way and says so",
			[]string{"empty runs in-process", "in-process only", "-source-url string", "stops the run at once"}, nil},
		{[]string{"sanitize"}, "sanitize runs either way",
			[]string{"empty runs in-process", "-jsonl", "ending with a newline"}, nil},
		{[]string{"policies"}, "policies runs either way and has no --policy",
			[]string{"empty runs in-process", "-policy-dir"}, []string{"-policy string"}},
		{[]string{"policy", "lint"}, "lint is offline: no server flags",
			[]string{"usage: articlectl policy lint FILE", "every problem"}, []string{"-addr", "-timeout"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.cmd, "_")+"_help_is_its_own", func(t *testing.T) {
			r := ctl(t, "", append(tt.cmd, "--help")...)
			if r.code != exitOK || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q; want the help on stdout and exit 0", r.code, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("help lacks %q (%s):\n%s", w, tt.reason, r.stdout)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(r.stdout, w) {
					t.Errorf("help has %q (%s):\n%s", w, tt.reason, r.stdout)
				}
			}
		})
	}
}

func TestPolicyDirIsInProcessOnly(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "mine.yaml"), []byte("name: mine\nextends: article\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := refusingAddr(t) // a usage error comes before any call
	tests := []struct {
		name   string
		reason string
		args   []string
	}{
		{"process_with_addr", "the server applies its own policies: the files would be silently ignored", []string{"process", "--addr", addr, "--policy-dir", dir, corpusDir}},
		{"sanitize_with_addr", "same for Sanitize", []string{"sanitize", "--addr", addr, "--policy-dir", dir}},
		{"policies_with_addr", "the server's list would not show the files", []string{"policies", "--addr", addr, "--policy-dir=" + dir}},
		{"ingest", "ingest always calls a server", []string{"ingest", "--addr", addr, "--policy-dir", dir, corpusDir}},
		{"subscribe", "subscribe reads stored articles", []string{"subscribe", "--addr", addr, "-policy-dir", dir}},
		{"list", "list reads stored articles", []string{"list", "--addr", addr, "--policy-dir", dir}},
	}
	for _, tt := range tests {
		t.Run(tt.name+"_is_a_usage_error", func(t *testing.T) {
			r := ctl(t, "<p>x</p>", tt.args...)
			if r.code != exitUsage || !strings.Contains(r.stderr, "--policy-dir applies in-process only") || r.stdout != "" {
				t.Fatalf("exit %d, stdout %q, stderr %q; want a usage error (%s)", r.code, r.stdout, r.stderr, tt.reason)
			}
		})
	}
	t.Run("in_process_it_applies", func(t *testing.T) {
		r := ctl(t, "", "policies", "--policy-dir", dir)
		if r.code != exitOK || !strings.Contains(r.stdout, "mine") {
			t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("an_empty_directory_is_named", func(t *testing.T) {
		empty := t.TempDir()
		r := ctl(t, "", "process", "--policy-dir", empty, filepath.Join(corpusDir, "0002.md"))
		if r.code != exitFailed || !strings.Contains(r.stderr, "policy directory "+empty+": no *.yaml policy files") || strings.Contains(r.stderr, " .:") {
			t.Fatalf("exit %d, stderr %q; want the directory named", r.code, r.stderr)
		}
	})
}

func TestSanitizeEndsWithANewline(t *testing.T) {
	tests := []struct {
		name, reason, in, want string
	}{
		{"fragment_gets_a_newline", "the shell prompt must not follow the fragment", `<b>x</b>`, "<b>x</b>\n"},
		{"newline_is_not_doubled", "a fragment ending with a newline keeps one", "<p>x</p>\n", "<p>x</p>\n"},
		{"nothing_left_prints_nothing", "an empty result is not a blank line", `<script>x</script>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if r := ctl(t, tt.in, "sanitize"); r.code != exitOK || r.stdout != tt.want {
				t.Fatalf("exit %d, stdout %q, want %q (%s)", r.code, r.stdout, tt.want, tt.reason)
			}
		})
	}
}

func TestPolicyLintReportsEveryProblem(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bad := write("bad.yaml", "name: bad\ncolour: blue\nelements:\n  a: [href, onclick]\nlinks:\n  nofolow: yes\npriority: high\nurl_schemes: [javascript]\n")
	good := write("good.yaml", "name: good\nextends: article\n")
	missing := filepath.Join(dir, "missing.yaml")
	r := ctl(t, "", "policy", "lint", bad, good, missing)
	for _, want := range []string{
		bad + `:2: unknown key "colour"`,
		bad + `:4: attribute "onclick" of a is an event handler`,
		bad + `:6: unknown key "nofolow" in links (did you mean nofollow?)`,
		bad + `:7: priority: want a whole number, not "high"`,
		bad + `:8: url scheme "javascript"`,
		missing,
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	for _, goTerm := range []string{"sanitize.", "in type", "unmarshal", "[]string"} {
		if strings.Contains(r.stderr, goTerm) {
			t.Errorf("stderr names a Go type (%q):\n%s", goTerm, r.stderr)
		}
	}
	if r.code != exitFailed || r.stdout != good+": ok\n" {
		t.Errorf("exit %d, stdout %q; want exit 1 and only the good file ok", r.code, r.stdout)
	}
}
