package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"

	articlev1 "articleservice/proto/article/v1"
)

// multi is a flag that may be given more than once.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

var subscribeCommand = command{
	name:     "subscribe",
	synopsis: "--addr HOST:PORT [--from CURSOR|--since TIME|--from-start] [filters] [--limit N]",
	about: `Prints the articles of the server's article log as they are stored, one
LogEntry per line on stdout ({"cursor","storedAt","article"}, protojson), until
interrupted or --limit is reached. Without a start flag delivery starts from
now. Once subscribed it says on stderr after which cursor it is waiting, so a
subscription whose filters match nothing yet is visibly alive; after a server
restart or a too-slow read it resumes by itself after the last cursor printed.
Filters of one kind match any value given; filters of different kinds must
all match.

Exit status: 0 interrupted or --limit reached, 1 the subscription failed (the
message says the cursor to resume with --from), 2 usage error.
`,
	where:  remoteOnly,
	stream: true,
}

// filterFlags registers the ArticleFilter flags subscribe and list share.
func filterFlags(set *flag.FlagSet, f *articlev1.ArticleFilter) {
	set.Var((*multi)(&f.Sites), "site", "only this site (repeatable)")
	set.Var((*multi)(&f.Sections), "section", "only this section (repeatable)")
	set.Var((*multi)(&f.CategoryKeys), "category", "only articles with this category key (repeatable)")
	set.Var((*multi)(&f.Languages), "language", "only this language or its variants, e.g. zh or en (repeatable)")
}

// describeFilter is a filter as its flags, for messages.
func describeFilter(f *articlev1.ArticleFilter) string {
	var parts []string
	for _, g := range []struct {
		flag   string
		values []string
	}{{"site", f.GetSites()}, {"section", f.GetSections()}, {"category", f.GetCategoryKeys()}, {"language", f.GetLanguages()}} {
		for _, v := range g.values {
			parts = append(parts, "--"+g.flag+" "+v)
		}
	}
	if len(parts) == 0 {
		return "every article"
	}
	return "articles matching " + strings.Join(parts, " ")
}

func subscribeCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c common
	var sf startFlags
	var limit int
	var f articlev1.ArticleFilter
	set := newFlagSet(subscribeCommand, stderr, &c)
	set.StringVar(&sf.from, "from", "", "deliver the articles after this cursor (the last one received)")
	set.StringVar(&sf.since, "since", "", "deliver the articles stored since this time (RFC 3339) or this long ago (a duration: 1h)")
	set.BoolVar(&sf.fromStart, "from-start", false, "deliver every article the log holds, from the oldest")
	set.IntVar(&limit, "limit", 0, "exit after this many articles (0: run until interrupted)")
	filterFlags(set, &f)
	if err := parse(set, args, stdout); err != nil {
		return err
	}
	if err := checkWhere(subscribeCommand, c); err != nil {
		return err
	}
	if set.NArg() > 0 {
		return usageError{"subscribe takes no arguments"}
	}
	req := &articlev1.SubscribeRequest{Filter: &f}
	st, err := sf.parse(time.Now())
	if err != nil {
		return err
	}
	switch {
	case st.after != nil:
		req.Start = &articlev1.SubscribeRequest_AfterCursor{AfterCursor: *st.after}
	case st.since != nil:
		req.Start = &articlev1.SubscribeRequest_Since{Since: st.since}
	case st.fromStart:
		req.Start = &articlev1.SubscribeRequest_FromStart{FromStart: true}
	}
	if limit < 0 {
		return usageError{"--limit must not be negative"}
	}
	conn, client, err := dial(&c)
	if err != nil {
		return err
	}
	defer conn.Close()

	out := bufio.NewWriter(stdout)
	defer out.Flush()
	var last uint64
	positioned := false // last is a cursor the log gave us
	announced := false
	received := 0
	wait := 100 * time.Millisecond
	for {
		err := subscribeOnce(ctx, client, req, func(m *articlev1.SubscribeResponse) error {
			last, positioned = m.GetCursor(), true
			if m.GetEntry() == nil {
				// The opening message: where delivery starts. Said once;
				// a resumption says so itself.
				if !announced {
					announced = true
					fmt.Fprintf(stderr, "articlectl: subscribed to %s after cursor %d; waiting for articles (interrupt to stop)\n", describeFilter(&f), last)
				}
				return nil
			}
			b, err := protojson.Marshal(m.GetEntry())
			if err != nil {
				return err
			}
			out.Write(append(b, '\n'))
			if received++; limit > 0 && received >= limit {
				return errLimit
			}
			// Flush while idle so a pipe sees each article as it comes.
			return out.Flush()
		})
		switch code := status.Code(err); {
		case errors.Is(err, errLimit):
			return nil
		case ctx.Err() != nil:
			return nil // interrupted: the normal way to stop
		case positioned && (code == codes.Unavailable || code == codes.ResourceExhausted):
			// A server shutting down, or this reader too slow: resume where
			// we are, as the server says to.
			out.Flush()
			fmt.Fprintf(stderr, "articlectl: %s; resuming after cursor %d\n", status.Convert(err).Message(), last)
			req.Start = &articlev1.SubscribeRequest_AfterCursor{AfterCursor: last}
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(wait):
			}
			wait = min(2*wait, 5*time.Second)
		default:
			if positioned {
				return fmt.Errorf("%w (resume with --from %d)", err, last)
			}
			return err
		}
	}
}

var errLimit = errors.New("limit reached")

// subscribeOnce runs one subscription until it ends, handing each message
// to emit.
func subscribeOnce(ctx context.Context, client articlev1.ArticleServiceClient, req *articlev1.SubscribeRequest, emit func(*articlev1.SubscribeResponse) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sub, err := client.Subscribe(ctx, req)
	if err != nil {
		return err
	}
	for {
		m, err := sub.Recv()
		if err != nil {
			return err
		}
		if err := emit(m); err != nil {
			return err
		}
	}
}

// parseSince reads an RFC 3339 time, or a duration meaning that long
// before now.
func parseSince(s string, now time.Time) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return time.Time{}, errors.New("want an RFC 3339 time or a positive duration")
	}
	return now.Add(-d), nil
}

var getCommand = command{
	name:     "get",
	synopsis: "--addr HOST:PORT ID ...",
	about: `Prints the latest stored version of each article, one LogEntry per line on
stdout, in the order of the IDs given. An unknown ID is reported on stderr and
the rest go on.

Exit status: 0 every article found, 1 an article was not found or the server
failed, 2 usage error.
`,
	where: remoteOnly,
}

func getCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c common
	set := newFlagSet(getCommand, stderr, &c)
	if err := parse(set, args, stdout); err != nil {
		return err
	}
	if err := checkWhere(getCommand, c); err != nil {
		return err
	}
	if set.NArg() == 0 {
		return usageError{"get needs at least one article ID"}
	}
	conn, client, err := dial(&c)
	if err != nil {
		return err
	}
	defer conn.Close()
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	failed := false
	for _, id := range set.Args() {
		cctx, cancel := context.WithTimeout(ctx, c.timeout)
		resp, err := client.GetArticle(cctx, &articlev1.GetArticleRequest{Id: id})
		cancel()
		if err != nil {
			st := status.Convert(err)
			if st.Code() != codes.NotFound && st.Code() != codes.InvalidArgument {
				return err
			}
			fmt.Fprintf(stderr, "%s: %s\n", id, st.Message())
			failed = true
			continue
		}
		b, err := protojson.Marshal(resp.GetEntry())
		if err != nil {
			return err
		}
		out.Write(append(b, '\n'))
	}
	if failed {
		return errFailed
	}
	return nil
}
