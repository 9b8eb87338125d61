package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	articlev1 "articleservice/proto/article/v1"
)

var policiesCommand = command{
	name:     "policies",
	synopsis: "[flags]",
	about: `Lists the sanitization policies as a table: name, version, whether it is the
default, description. Without --addr they are the shipped policies (and
--policy-dir's); with --addr, the ones the server has loaded.

Exit status: 0 listed, 1 the server failed, 2 usage error.
`,
	where: localOrRemote,
}

func policiesCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c common
	set := newFlagSet(policiesCommand, stderr, &c)
	if err := parse(set, args, stdout); err != nil {
		return err
	}
	if err := checkWhere(policiesCommand, c); err != nil {
		return err
	}
	if set.NArg() > 0 {
		return usageError{"policies takes no arguments"}
	}
	var list []*articlev1.PolicyInfo
	if c.addr != "" {
		conn, client, err := dial(&c)
		if err != nil {
			return err
		}
		defer conn.Close()
		ctx, cancel := context.WithTimeout(ctx, c.timeout)
		defer cancel()
		resp, err := client.ListPolicies(ctx, &articlev1.ListPoliciesRequest{})
		if err != nil {
			return err
		}
		list = resp.GetPolicies()
	} else {
		pipe, err := localPipeline(c.policyDir)
		if err != nil {
			return err
		}
		for _, p := range pipe.Policies().List() {
			list = append(list, &articlev1.PolicyInfo{
				Policy:      &articlev1.PolicyRef{Name: p.Name(), Version: p.Version()},
				Description: p.Description(),
				Default:     p == pipe.Policies().Default(),
			})
		}
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tVERSION\tDEFAULT\tDESCRIPTION")
	for _, p := range list {
		def := ""
		if p.GetDefault() {
			def = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.GetPolicy().GetName(), p.GetPolicy().GetVersion(), def, p.GetDescription())
	}
	return tw.Flush()
}
