// Command articlectl is the client of ArticleService and its offline batch
// tool: process, sanitize and policies run in-process without --addr and
// call a server with it; ingest, subscribe, get, list, consume and groups
// use the server's article log and need --addr; policy lint checks policy
// files offline.
// docs/articlectl.md describes every command; articlectl COMMAND --help
// describes one.
//
// Exit status: 0 success, 1 a document failed or the run stopped, 2 usage
// error.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit statuses.
const (
	exitOK      = 0
	exitFailed  = 1
	exitUsage   = 2
	usageString = `usage:
  articlectl process [--addr HOST:PORT] [--policy NAME] [--html] [--jobs N]
                     [--source-url URL] [--explain] FILE|DIR|- ...
  articlectl sanitize [--addr HOST:PORT] [--policy NAME] [--jsonl] [--explain]
  articlectl policies [--addr HOST:PORT]
  articlectl policy lint FILE ...
  articlectl ingest --addr HOST:PORT [--jobs N] [--id-from-name] FILE|DIR|- ...
  articlectl subscribe --addr HOST:PORT [--from CURSOR|--since TIME|--from-start]
                       [--site S] [--section S] [--category K] [--language L] [--limit N]
  articlectl get --addr HOST:PORT ID ...
  articlectl list --addr HOST:PORT [--site S] [--section S] [--category K] [--language L]
                  [--limit N] [--page-size N] [--page-token TOKEN]
  articlectl consume --addr HOST:PORT --group NAME [--exec CMD] [--jobs N] [--limit N]
  articlectl groups --addr HOST:PORT [list|get NAME|create NAME [flags]|delete NAME]
process, sanitize and policies run in-process without --addr (--policy-dir
adds policy files) and call the server at HOST:PORT with it. ingest,
subscribe, get, list, consume and groups use the server's article log and
need --addr.
articlectl COMMAND --help describes a command and its flags.
`
)

// errFailed means at least one document failed; each failure was already
// reported on stderr.
var errFailed = errors.New("some documents failed")

// usageError is a bad command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usageString)
		return exitUsage
	}
	var err error
	switch args[0] {
	case "process":
		err = processCmd(ctx, args[1:], stdin, stdout, stderr)
	case "sanitize":
		err = sanitizeCmd(ctx, args[1:], stdin, stdout, stderr)
	case "policies":
		err = policiesCmd(ctx, args[1:], stdout, stderr)
	case "policy":
		err = policyCmd(ctx, args[1:], stdout, stderr)
	case "ingest":
		err = ingestCmd(ctx, args[1:], stdin, stdout, stderr)
	case "subscribe":
		err = subscribeCmd(ctx, args[1:], stdout, stderr)
	case "get":
		err = getCmd(ctx, args[1:], stdout, stderr)
	case "list":
		err = listCmd(ctx, args[1:], stdout, stderr)
	case "consume":
		err = consumeCmd(ctx, args[1:], stdout, stderr)
	case "groups":
		err = groupsCmd(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usageString)
		return exitOK
	default:
		err = usageError{fmt.Sprintf("unknown command %q", args[0])}
	}
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "articlectl: %v\n%s", err, usageString)
		return exitUsage
	case errors.Is(err, errUsageShown):
		return exitUsage
	case errors.Is(err, errHelpShown):
		return exitOK
	case errors.Is(err, errFailed):
		return exitFailed
	default:
		fmt.Fprintln(stderr, "articlectl:", err)
		return exitFailed
	}
}
