package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"articleservice/sanitize"
)

// policyCmd is "articlectl policy lint FILE...": it checks policy files
// offline exactly as the server would load them over the shipped policies.
func policyCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "lint" {
		return usageError{"policy needs a subcommand: policy lint FILE..."}
	}
	files := args[1:]
	if len(files) == 0 {
		return usageError{"policy lint needs at least one FILE"}
	}
	srcs := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		srcs[f] = b
	}
	if err := sanitize.Lint(srcs); err != nil {
		fmt.Fprintln(stderr, err)
		return errFailed
	}
	for _, f := range files {
		fmt.Fprintf(stdout, "%s: ok\n", f)
	}
	return nil
}
