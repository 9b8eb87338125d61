package main

import (
	"bufio"
	"context"
	"fmt"
	"io"

	"google.golang.org/protobuf/encoding/protojson"

	articlev1 "articleservice/proto/article/v1"
)

var listCommand = command{
	name:     "list",
	synopsis: "--addr HOST:PORT [filters] [--limit N] [--page-size N] [--page-token TOKEN]",
	about: `Prints the stored articles in log order, oldest first, one LogEntry per line
on stdout ({"cursor","storedAt","article"}, protojson), as ListArticles pages
through them. It stops after --limit articles (0: the whole log) or at the end
of the log, and says on stderr how many it printed and, when there are more,
the --page-token that continues exactly after the last one printed (with the
same filters). Filters of one kind match any value given; filters of
different kinds must all match. A page token is bound to its filters.

Exit status: 0 listed, 1 the server failed, 2 usage error.
`,
	where: remoteOnly,
}

func listCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c common
	var f articlev1.ArticleFilter
	var limit, pageSize int
	var token string
	set := newFlagSet(listCommand, stderr, &c)
	filterFlags(set, &f)
	set.IntVar(&limit, "limit", 20, "print at most this many articles (0: every article to the end of the log)")
	set.IntVar(&pageSize, "page-size", 100, "articles asked for per call; the server lowers it to its cap (100 by default)")
	set.StringVar(&token, "page-token", "", "continue after the last article of an earlier list (the token it printed), with the same filters")
	if err := parse(set, args, stdout); err != nil {
		return err
	}
	if err := checkWhere(listCommand, c); err != nil {
		return err
	}
	switch {
	case set.NArg() > 0:
		return usageError{"list takes no arguments"}
	case limit < 0:
		return usageError{"--limit must not be negative"}
	case pageSize < 1:
		return usageError{"--page-size must be at least 1"}
	}
	conn, client, err := dial(&c)
	if err != nil {
		return err
	}
	defer conn.Close()
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	printed := 0
	for {
		// Never ask for more than --limit still allows: a page cut short
		// would have no token for the articles after the cut.
		size := pageSize
		if limit > 0 {
			size = min(size, limit-printed)
		}
		cctx, cancel := context.WithTimeout(ctx, c.timeout)
		resp, err := client.ListArticles(cctx, &articlev1.ListArticlesRequest{Filter: &f, PageSize: int32(min(size, 1<<30)), PageToken: token})
		cancel()
		if err != nil {
			out.Flush()
			fmt.Fprintf(stderr, "articlectl: %d articles listed before the failure\n", printed)
			return fmt.Errorf("list: %s", describeErr(err))
		}
		for _, e := range resp.GetEntries() {
			b, err := protojson.Marshal(e)
			if err != nil {
				return err
			}
			out.Write(append(b, '\n'))
			printed++
		}
		token = resp.GetNextPageToken()
		switch {
		case token == "":
			if err := out.Flush(); err != nil {
				return err
			}
			fmt.Fprintf(stderr, "articlectl: %d articles listed; end of the log\n", printed)
			return nil
		case limit > 0 && printed >= limit:
			if err := out.Flush(); err != nil {
				return err
			}
			fmt.Fprintf(stderr, "articlectl: %d articles listed; more with --page-token %s\n", printed, token)
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}
