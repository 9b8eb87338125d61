package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	articlev1 "articleservice/proto/article/v1"
)

var ingestCommand = command{
	name:     "ingest",
	synopsis: "--addr HOST:PORT [flags] FILE|DIR|- ...",
	about: `Sends each crawled document to the server, which processes it as process
does and stores the article in its article log. Prints one JSON object per
document on stdout, in input order: {"file","id","cursor","outcome"}, the
outcome being "created" or "duplicate" (already stored: ingest is idempotent,
so a run can be repeated). A DIR stands for the *.md, *.html and *.htm files
under it, sorted; - reads stdin. A document that fails is reported on stderr
and the rest go on; a server that cannot be reached, or that refuses the
credentials, stops the run at once. A summary line ends the run on stderr,
and a progress line is drawn there while it runs when stderr is a terminal.

Exit status: 0 every document stored, 1 a document failed or the run
stopped, 2 usage error.
`,
	where:  remoteOnly,
	policy: true,
}

type ingestOpts struct {
	common
	jobs        int
	charset     string
	idsFromName bool
}

// ingested is the outcome for one input, in input order.
type ingested struct {
	name string
	resp *articlev1.IngestResponse
	err  error
}

// ingestLine is what ingest prints per stored document.
type ingestLine struct {
	File    string `json:"file"`
	ID      string `json:"id"`
	Cursor  string `json:"cursor"`
	Outcome string `json:"outcome"`
}

func ingestCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var o ingestOpts
	set := newFlagSet(ingestCommand, stderr, &o.common)
	set.IntVar(&o.jobs, "jobs", 8, "documents sent at once")
	set.StringVar(&o.charset, "charset", "", "charset of the inputs (default: detect)")
	set.BoolVar(&o.idsFromName, "id-from-name", false, "send each file's name, without its extension, as the document id")
	if err := parse(set, args, stdout); err != nil {
		return err
	}
	if err := checkWhere(ingestCommand, o.common); err != nil {
		return err
	}
	if set.NArg() == 0 {
		return usageError{"ingest needs at least one FILE, DIR or -"}
	}
	if o.jobs < 1 {
		return usageError{"--jobs must be at least 1"}
	}
	inputs, err := expand(set.Args())
	if err != nil {
		return err
	}
	conn, client, err := dial(&o.common)
	if err != nil {
		return err
	}
	defer conn.Close()

	// run stops handing out documents once one call shows that every
	// call would fail.
	run, stop := context.WithCancel(ctx)
	defer stop()
	out := bufio.NewWriter(stdout)
	enc := json.NewEncoder(out)
	bar := newProgress(stderr, len(inputs), "created", "duplicate", "failed")
	var created, duplicate, failed int
	var stopped *stopError
	inOrder(run, len(inputs), o.jobs, func(i int) ingested {
		return o.ingestOne(run, client, inputs[i], stdin)
	}, func(p ingested) {
		switch {
		case p.err != nil && stopped != nil:
			// Not sent, or cut off by the stop: counted as not ingested.
		case p.err != nil && callStopsTheRun(conn, p.err):
			stopped = &stopError{addr: o.addr, err: p.err}
			stop()
		case p.err != nil:
			failed++
			bar.clear()
			fmt.Fprintf(stderr, "%s: %s\n", p.name, describeErr(p.err))
		case p.resp.GetOutcome() == articlev1.IngestOutcome_INGEST_OUTCOME_DUPLICATE:
			duplicate++
		default:
			created++
		}
		if p.err == nil {
			enc.Encode(ingestLine{File: p.name, ID: p.resp.GetId(), Cursor: strconv.FormatUint(p.resp.GetCursor(), 10),
				Outcome: strings.ToLower(strings.TrimPrefix(p.resp.GetOutcome().String(), "INGEST_OUTCOME_"))})
		}
		bar.count(created, duplicate, failed)
	})
	bar.clear()
	if err := out.Flush(); err != nil {
		return err
	}
	summary := fmt.Sprintf("%d documents: %d created, %d duplicate, %d failed", len(inputs), created, duplicate, failed)
	if rest := len(inputs) - created - duplicate - failed; rest > 0 {
		summary += fmt.Sprintf(", %d not ingested", rest)
	}
	fmt.Fprintln(stderr, summary)
	if stopped != nil {
		return stopped
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if failed > 0 {
		return errFailed
	}
	return nil
}

func (o ingestOpts) ingestOne(ctx context.Context, client articlev1.ArticleServiceClient, name string, stdin io.Reader) ingested {
	r := ingested{name: name}
	content, err := readInput(name, stdin)
	if err != nil {
		r.err = err
		return r
	}
	doc := &articlev1.RawDocument{Content: content, Charset: o.charset, Policy: o.policy}
	if o.idsFromName && name != "-" {
		base := filepath.Base(name)
		doc.Id = strings.TrimSuffix(base, filepath.Ext(base))
	}
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	r.resp, r.err = client.Ingest(ctx, &articlev1.IngestRequest{Document: doc})
	return r
}

// describeErr is a failed call as one line: the status code and message,
// or the error itself when it is not a status.
func describeErr(err error) string {
	if st, ok := status.FromError(err); ok && st.Code() != codes.OK {
		return st.Code().String() + ": " + st.Message()
	}
	return err.Error()
}
