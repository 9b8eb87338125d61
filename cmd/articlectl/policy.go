package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"articleservice/sanitize"
)

var policyLintCommand = command{
	name:     "policy lint",
	synopsis: "FILE ...",
	about: `Checks policy files offline exactly as a server's --policy-dir would load
them over the shipped policies, and reports on stderr every problem of every
file, each as FILE:LINE: with the policy key at fault; a file without problems
is listed as "FILE: ok" on stdout. Files are checked together, so one may
extend another.

Exit status: 0 every file is valid, 1 a file has problems or cannot be read,
2 usage error.
`,
}

// policyCmd is "articlectl policy lint FILE...": it checks policy files
// offline exactly as the server would load them over the shipped policies.
func policyCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "lint" {
		return usageError{"policy needs a subcommand: policy lint FILE..."}
	}
	set := flag.NewFlagSet("articlectl policy lint", flag.ContinueOnError)
	set.SetOutput(stderr)
	set.Usage = func() {
		fmt.Fprintf(set.Output(), "usage: articlectl %s %s\n\n%s", policyLintCommand.name, policyLintCommand.synopsis, policyLintCommand.about)
	}
	if err := parse(set, args[1:], stdout); err != nil {
		return err
	}
	files := set.Args()
	if len(files) == 0 {
		return usageError{"policy lint needs at least one FILE"}
	}
	srcs := map[string][]byte{}
	bad := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintln(stderr, err)
			bad[f] = true
			continue
		}
		srcs[f] = b
	}
	if err := sanitize.Lint(srcs); err != nil {
		fmt.Fprintln(stderr, err)
		for _, le := range loadErrors(err) {
			bad[le.File] = true
		}
		if len(loadErrors(err)) == 0 {
			return errFailed // not about one file: every file is suspect
		}
	}
	for _, f := range files {
		if !bad[f] {
			fmt.Fprintf(stdout, "%s: ok\n", f)
		}
	}
	if len(bad) > 0 {
		return errFailed
	}
	return nil
}

// loadErrors are the *sanitize.LoadError leaves of a joined error.
func loadErrors(err error) []*sanitize.LoadError {
	var le *sanitize.LoadError
	if errors.As(err, &le) {
		if _, joined := err.(interface{ Unwrap() []error }); !joined {
			return []*sanitize.LoadError{le}
		}
	}
	var out []*sanitize.LoadError
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			out = append(out, loadErrors(e)...)
		}
	}
	return out
}
