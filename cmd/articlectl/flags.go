package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"google.golang.org/grpc"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/sanitize"
	"articleservice/service/pipeline"
)

// errUsageShown is a flag error the flag package has already printed.
var errUsageShown = errors.New("usage")

// errHelpShown is --help, answered on stdout.
var errHelpShown = errors.New("help")

// common are the flags every command shares.
type common struct {
	addr      string
	policy    string
	policyDir string
	timeout   time.Duration
	transport transport
}

// where says where a command runs, which decides the flags it has and
// what its --help says of them.
type where int

const (
	// localOrRemote commands run in-process without --addr and call the
	// server with it.
	localOrRemote where = iota
	// remoteOnly commands use the server's article log: --addr is required
	// and --policy-dir does not exist.
	remoteOnly
)

// command describes one command for its flag set and --help.
type command struct {
	name     string
	synopsis string // after "usage: articlectl NAME "
	about    string // what it does; ends with a newline
	where    where
	policy   bool // has --policy
	stream   bool // one long call: no per-call --timeout
}

func newFlagSet(cmd command, stderr io.Writer, c *common) *flag.FlagSet {
	set := flag.NewFlagSet("articlectl "+cmd.name, flag.ContinueOnError)
	set.SetOutput(stderr)
	switch cmd.where {
	case localOrRemote:
		set.StringVar(&c.addr, "addr", "", "server address HOST:PORT to call; empty runs in-process")
		set.StringVar(&c.policyDir, "policy-dir", "", "in-process only: directory of policy *.yaml files overriding or adding to the shipped ones (a server uses its own)")
	case remoteOnly:
		set.StringVar(&c.addr, "addr", "", "server address HOST:PORT (required: the article log lives in the server)")
	}
	if !cmd.stream {
		set.DurationVar(&c.timeout, "timeout", 30*time.Second, "per-call timeout when calling a server")
	}
	c.transport.register(set)
	if cmd.policy {
		set.StringVar(&c.policy, "policy", "", "policy name; empty selects the default (or the one matching the document)")
	}
	set.Usage = func() {
		fmt.Fprintf(set.Output(), "usage: articlectl %s %s\n\n%s\nflags:\n", cmd.name, cmd.synopsis, cmd.about)
		set.PrintDefaults()
	}
	return set
}

// parse parses args; --help prints the command's help on stdout.
func parse(set *flag.FlagSet, args []string, stdout io.Writer) error {
	if slices.ContainsFunc(args, isHelp) {
		set.SetOutput(stdout)
	}
	// A server-only command has no --policy-dir: say why rather than
	// "flag provided but not defined".
	if set.Lookup("addr") != nil && set.Lookup("policy-dir") == nil && slices.ContainsFunc(args, isFlag("policy-dir")) {
		return usageError{fmt.Sprintf("--policy-dir applies in-process only: %s works on the server's article log, with the server's policies (articled --policy-dir)", strings.TrimPrefix(set.Name(), "articlectl "))}
	}
	if err := set.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelpShown
		}
		return errUsageShown
	}
	return nil
}

// isFlag matches -name and --name, alone or with =value.
func isFlag(name string) func(string) bool {
	return func(arg string) bool {
		arg, _, _ = strings.Cut(strings.TrimPrefix(arg, "-"), "=")
		return arg == "-"+name || arg == name
	}
}

func isHelp(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help" || arg == "--h"
}

// checkWhere refuses flags that do not apply where the command runs: a
// command calling a server cannot use local policy files, and one using
// the article log needs a server.
func checkWhere(cmd command, c common) error {
	switch {
	case cmd.where == remoteOnly && c.addr == "":
		return usageError{cmd.name + " needs --addr HOST:PORT: the article log lives in the server"}
	case c.addr != "" && c.policyDir != "":
		return usageError{"--policy-dir applies in-process only: with --addr the server uses its own policies (articled --policy-dir); drop one of them"}
	}
	return nil
}

// dial connects to the server at c.addr, with the TLS and token flags of
// c. The connection is lazy: errors surface on the first call.
func dial(c *common) (*grpc.ClientConn, articlev1.ArticleServiceClient, error) {
	opts, err := c.transport.dialOptions(os.Getenv)
	if err != nil {
		return nil, nil, err
	}
	conn, err := grpc.NewClient(c.addr, append(opts,
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(64<<20), grpc.MaxCallSendMsgSize(64<<20)))...)
	if err != nil {
		return nil, nil, err
	}
	return conn, articlev1.NewArticleServiceClient(conn), nil
}

// localPipeline is the pipeline the server would run with its defaults.
func localPipeline(policyDir string) (*pipeline.Pipeline, error) {
	policies, err := sanitize.LoadDir(policyDir)
	if err != nil {
		return nil, err
	}
	return pipeline.New(pipeline.DefaultConfig(), policies), nil
}
