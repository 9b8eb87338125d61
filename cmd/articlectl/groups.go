package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"

	articlev1 "articleservice/proto/article/v1"
)

var groupsCommand = command{
	name: "groups",
	synopsis: `--addr HOST:PORT [list] [--json]
       articlectl groups --addr HOST:PORT get NAME
       articlectl groups --addr HOST:PORT create NAME [--from CURSOR|--since TIME|--from-start]
                         [filters] [--ack-wait D] [--max-deliveries N] [--max-ack-pending N]
       articlectl groups --addr HOST:PORT delete NAME`,
	about: `Manages the server's consumer groups (articlectl consume consumes one).

list (the default) prints every group with where it stands: articles pending
delivery, delivered and not yet acknowledged, redelivered, set aside, and the
lag (pending plus unacknowledged); --json prints one GetConsumerGroupResponse
per line instead. get prints one group's settings and state as JSON, with the
articles it set aside most recently. create makes a group, starting from now
unless a start flag says otherwise; creating one that exists with the same
settings is not an error. delete removes a group and its place in the log.
create and delete need a credential with the admin scope, list and get read.

Exit status: 0 success, 1 the server refused or failed, 2 usage error.
`,
	where: remoteOnly,
}

func groupsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c common
	var asJSON bool
	var sf startFlags
	var ackWait time.Duration
	var maxDeliveries, maxAckPending int
	var f articlev1.ArticleFilter
	set := newFlagSet(groupsCommand, stderr, &c)
	set.BoolVar(&asJSON, "json", false, "list: one GetConsumerGroupResponse JSON per line")
	set.StringVar(&sf.from, "from", "", "create: start after this cursor")
	set.StringVar(&sf.since, "since", "", "create: start at the articles stored since this time (RFC 3339) or this long ago (a duration: 1h)")
	set.BoolVar(&sf.fromStart, "from-start", false, "create: start from the oldest article the log holds")
	set.DurationVar(&ackWait, "ack-wait", 0, "create: time a member has to acknowledge an article before it is redelivered (0: the server's default)")
	set.IntVar(&maxDeliveries, "max-deliveries", 0, "create: deliveries of an article before it is set aside (0: the server's default)")
	set.IntVar(&maxAckPending, "max-ack-pending", 0, "create: most unacknowledged articles the whole group holds (0: the server's default)")
	filterFlags(set, &f)
	// Flags may come before or after the subcommand and its name.
	if err := parse(set, args, stdout); err != nil {
		return err
	}
	rest := set.Args()
	var words []string
	for len(rest) > 0 {
		words = append(words, rest[0])
		if err := parse(set, rest[1:], stdout); err != nil {
			return err
		}
		rest = set.Args()
	}
	if err := checkWhere(groupsCommand, c); err != nil {
		return err
	}
	sub := "list"
	if len(words) > 0 {
		sub, words = words[0], words[1:]
	}
	wantName := sub != "list"
	switch {
	case sub != "list" && sub != "get" && sub != "create" && sub != "delete":
		return usageError{fmt.Sprintf("groups: unknown subcommand %q (want list, get, create or delete)", sub)}
	case wantName && len(words) != 1:
		return usageError{fmt.Sprintf("groups %s takes one group name", sub)}
	case !wantName && len(words) > 0:
		return usageError{"groups list takes no arguments"}
	}
	group := &articlev1.ConsumerGroup{Filter: &f, AckWait: durationOrNil(ackWait), MaxDeliveries: int32(maxDeliveries), MaxAckPending: int32(maxAckPending)}
	if sub == "create" {
		group.Name = words[0]
		st, err := sf.parse(time.Now())
		if err != nil {
			return err
		}
		switch {
		case st.after != nil:
			group.Start = &articlev1.ConsumerGroup_AfterCursor{AfterCursor: *st.after}
		case st.since != nil:
			group.Start = &articlev1.ConsumerGroup_Since{Since: st.since}
		case st.fromStart:
			group.Start = &articlev1.ConsumerGroup_FromStart{FromStart: true}
		}
	} else {
		var given []string
		set.Visit(func(fl *flag.Flag) {
			if fl.Name != "addr" && fl.Name != "json" && fl.Name != "timeout" && !isTransportFlag(fl.Name) {
				given = append(given, "--"+fl.Name)
			}
		})
		if len(given) > 0 {
			return usageError{fmt.Sprintf("groups %s: %v apply to create only", sub, given)}
		}
	}

	conn, _, err := dial(&c)
	if err != nil {
		return err
	}
	defer conn.Close()
	client := articlev1.NewConsumerGroupServiceClient(conn)
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	switch sub {
	case "list":
		resp, err := client.ListConsumerGroups(ctx, &articlev1.ListConsumerGroupsRequest{})
		if err != nil {
			return err
		}
		if asJSON {
			for _, g := range resp.GetGroups() {
				b, err := protojson.Marshal(g)
				if err != nil {
					return err
				}
				out.Write(append(b, '\n'))
			}
			return nil
		}
		if len(resp.GetGroups()) == 0 {
			fmt.Fprintln(stderr, "articlectl: no consumer groups (articlectl groups create NAME makes one)")
			return nil
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "GROUP\tPENDING\tUNACKED\tREDELIVERED\tSET ASIDE\tLAG\tACKED TO\t")
		for _, g := range resp.GetGroups() {
			st := g.GetState()
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t\n", g.GetGroup().GetName(), st.GetPending(), st.GetAckPending(),
				st.GetRedelivered(), st.GetSetAside(), st.GetLag(), st.GetAcknowledgedCursor())
		}
		return tw.Flush()
	case "get":
		resp, err := client.GetConsumerGroup(ctx, &articlev1.GetConsumerGroupRequest{Name: words[0]})
		if err != nil {
			return err
		}
		return writeIndented(out, resp)
	case "create":
		resp, err := client.CreateConsumerGroup(ctx, &articlev1.CreateConsumerGroupRequest{Group: group})
		if err != nil {
			return err
		}
		if !resp.GetCreated() {
			fmt.Fprintf(stderr, "articlectl: group %s already exists with these settings\n", group.GetName())
		}
		return writeIndented(out, resp.GetGroup())
	default: // delete
		if _, err := client.DeleteConsumerGroup(ctx, &articlev1.DeleteConsumerGroupRequest{Name: words[0]}); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "articlectl: group %s deleted\n", words[0])
		return nil
	}
}

func durationOrNil(d time.Duration) *durationpb.Duration {
	if d == 0 {
		return nil
	}
	return durationpb.New(d)
}

func isTransportFlag(name string) bool {
	switch name {
	case "tls", "ca", "cert", "key", "server-name", "token":
		return true
	}
	return false
}

// writeIndented prints a message as indented JSON.
func writeIndented(w io.Writer, m proto.Message) error {
	b, err := protojson.MarshalOptions{Multiline: true}.Marshal(m)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
