package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// helpFlag is one flag as `articled --help` prints it.
type helpFlag struct {
	name, kind, def string // def is empty when --help prints no default
}

var (
	helpFlagLine = regexp.MustCompile(`^  -([a-z0-9-]+)(?: ([a-z0-9]+))?$`)
	helpDefault  = regexp.MustCompile(`\(default (.*)\)$`)
)

// helpFlags runs the flag parsing of articled with --help and reads the
// flags from what it prints, as a user sees them.
func helpFlags(tb testing.TB) map[string]helpFlag {
	tb.Helper()
	var out bytes.Buffer
	if _, err := parseConfig([]string{"--help"}, env(nil), &out); !errors.Is(err, flag.ErrHelp) {
		tb.Fatalf("--help: %v, want flag.ErrHelp", err)
	}
	flags := map[string]helpFlag{}
	var cur *helpFlag
	for _, line := range strings.Split(out.String(), "\n") {
		if m := helpFlagLine.FindStringSubmatch(line); m != nil {
			flags[m[1]] = helpFlag{name: m[1], kind: m[2]}
			f := flags[m[1]]
			cur = &f
			continue
		}
		if cur != nil && strings.HasPrefix(line, "    \t") {
			if m := helpDefault.FindStringSubmatch(line); m != nil {
				cur.def = m[1]
			}
			flags[cur.name] = *cur
		}
	}
	if len(flags) < 40 || flags["addr"].def != `":50051"` {
		tb.Fatalf("read %d flags from --help (addr %+v); the parser missed them:\n%s", len(flags), flags["addr"], out.String())
	}
	return flags
}

// docRow is one row of docs/configuration.md's flag table.
type docRow struct {
	flag, env, def string
}

var docFlagRow = regexp.MustCompile("^\\| `--([a-z0-9-]+)` \\| `([A-Z0-9_]+)` \\| ([^|]*) \\|")

func documentedFlags(tb testing.TB) map[string]docRow {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "configuration.md"))
	if err != nil {
		tb.Fatal(err)
	}
	rows := map[string]docRow{}
	for _, line := range strings.Split(string(b), "\n") {
		m := docFlagRow.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if _, dup := rows[m[1]]; dup {
			tb.Errorf("docs/configuration.md documents --%s twice", m[1])
		}
		rows[m[1]] = docRow{flag: m[1], env: m[2], def: strings.TrimSpace(m[3])}
	}
	return rows
}

// TestConfigurationDocumentsEveryFlag: every flag `articled --help` prints
// has its row in docs/configuration.md, with its environment variable and
// the default --help states, and every row names a flag articled has.
func TestConfigurationDocumentsEveryFlag(t *testing.T) {
	flags, rows := helpFlags(t), documentedFlags(t)
	for name, f := range flags {
		r, ok := rows[name]
		if !ok {
			t.Errorf("--%s (articled --help) is not documented in docs/configuration.md", name)
			continue
		}
		if want := "ARTICLED_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_")); r.env != want {
			t.Errorf("--%s: documented variable %s, want %s", name, r.env, want)
		}
		if err := sameDefault(f, r.def); err != nil {
			t.Errorf("--%s: %v", name, err)
		}
	}
	for name := range rows {
		if _, ok := flags[name]; !ok {
			t.Errorf("docs/configuration.md documents --%s, which articled --help does not have", name)
		}
	}
}

// sameDefault compares the default --help prints with the documented one:
// the cell's first value, in backquotes or not, read as the flag's kind.
// A cell may say "(none…)" for a flag without a default.
func sameDefault(f helpFlag, cell string) error {
	if f.name == "max-concurrent-documents" {
		// The default depends on the machine; the cell says how.
		if want := strconv.Itoa(2 * runtime.GOMAXPROCS(0)); f.def != want || !strings.HasPrefix(cell, "2 × CPUs") {
			return errors.New("want the default 2 × CPUs, documented as such: " + f.def + " / " + cell)
		}
		return nil
	}
	first := strings.Fields(strings.NewReplacer("`", " ", ",", " ").Replace(cell))
	if len(first) == 0 {
		return errors.New("no default documented")
	}
	doc := first[0]
	if f.def == "" {
		// --help prints no default for the zero value, and for the flags
		// whose default is set in code (the Func flags).
		switch f.kind {
		case "duration", "int", "float":
			if doc == "0" {
				return nil
			}
		case "":
			if doc == "false" {
				return nil
			}
		}
		if strings.HasPrefix(doc, "(none") || f.name == "tracking-params" && strings.HasPrefix(cell, "`utm_*") {
			return nil
		}
		return errors.New("--help shows no default, the docs say " + cell)
	}
	switch f.kind {
	case "duration":
		want, err1 := time.ParseDuration(f.def)
		got, err2 := time.ParseDuration(doc)
		if err1 != nil || err2 != nil || want != got {
			return errors.New("documented default " + cell + ", --help says " + f.def)
		}
	case "string":
		if want, err := strconv.Unquote(f.def); err != nil || want != doc {
			return errors.New("documented default " + cell + ", --help says " + f.def)
		}
	default:
		if !strings.EqualFold(doc, f.def) {
			return errors.New("documented default " + cell + ", --help says " + f.def)
		}
	}
	return nil
}
