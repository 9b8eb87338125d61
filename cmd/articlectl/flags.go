package main

import (
	"errors"
	"flag"
	"io"
	"os"
	"time"

	"google.golang.org/grpc"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/sanitize"
	"articleservice/service/pipeline"
)

// errUsageShown is a flag error the flag package has already printed.
var errUsageShown = errors.New("usage")

// common are the flags every command shares.
type common struct {
	addr      string
	policy    string
	policyDir string
	timeout   time.Duration
	transport transport
}

func newFlagSet(name string, stderr io.Writer, c *common, withPolicy bool) *flag.FlagSet {
	set := flag.NewFlagSet("articlectl "+name, flag.ContinueOnError)
	set.SetOutput(stderr)
	set.StringVar(&c.addr, "addr", "", "server address HOST:PORT; empty runs in-process")
	set.DurationVar(&c.timeout, "timeout", 30*time.Second, "per-call timeout when calling a server")
	set.StringVar(&c.policyDir, "policy-dir", "", "in-process only: directory of policy *.yaml files overriding or adding to the shipped ones")
	c.transport.register(set)
	if withPolicy {
		set.StringVar(&c.policy, "policy", "", "policy name; empty selects the default")
	}
	return set
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return errUsageShown
	}
	return nil
}

// dial connects to the server at c.addr, with the TLS and token flags of
// c. The connection is lazy: errors surface on the first call.
func dial(c *common) (articlev1.ArticleServiceClient, func() error, error) {
	opts, err := c.transport.dialOptions(os.Getenv)
	if err != nil {
		return nil, nil, err
	}
	conn, err := grpc.NewClient(c.addr, append(opts,
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(64<<20), grpc.MaxCallSendMsgSize(64<<20)))...)
	if err != nil {
		return nil, nil, err
	}
	return articlev1.NewArticleServiceClient(conn), conn.Close, nil
}

// localPipeline is the pipeline the server would run with its defaults.
func localPipeline(policyDir string) (*pipeline.Pipeline, error) {
	policies, err := sanitize.Builtin()
	if policyDir != "" {
		policies, err = sanitize.LoadDir(policyDir)
	}
	if err != nil {
		return nil, err
	}
	return pipeline.New(pipeline.Config{Limits: pipeline.DefaultLimits()}, policies), nil
}
