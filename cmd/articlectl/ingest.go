package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"google.golang.org/grpc/status"

	articlev1 "articleservice/proto/article/v1"
)

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
	set := newFlagSet("ingest", stderr, &o.common, true)
	set.IntVar(&o.jobs, "jobs", 8, "documents sent at once")
	set.StringVar(&o.charset, "charset", "", "charset of the inputs (default: detect)")
	set.BoolVar(&o.idsFromName, "id-from-name", false, "send each file's name, without its extension, as the document id")
	if err := parse(set, args); err != nil {
		return err
	}
	if err := needsServer("ingest", o.common); err != nil {
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
	client, closeConn, err := dial(&o.common)
	if err != nil {
		return err
	}
	defer closeConn()

	out := bufio.NewWriter(stdout)
	enc := json.NewEncoder(out)
	bar := newProgress(stderr, len(inputs))
	var created, duplicate, failed int
	inOrder(ctx, len(inputs), o.jobs, func(i int) ingested {
		return o.ingestOne(ctx, client, inputs[i], stdin)
	}, func(p ingested) {
		switch {
		case p.err != nil:
			failed++
			bar.clear()
			fmt.Fprintf(stderr, "%s: %v\n", p.name, p.err)
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
	fmt.Fprintf(stderr, "%d documents: %d created, %d duplicate, %d failed\n", len(inputs), created, duplicate, failed)
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
	if st, ok := status.FromError(r.err); ok && r.err != nil {
		r.err = errors.New(st.Code().String() + ": " + st.Message())
	}
	return r
}

// needsServer refuses a command that reads or writes the article log
// without --addr: the log lives in the server.
func needsServer(name string, c common) error {
	if c.addr == "" {
		return usageError{name + " needs --addr HOST:PORT: the article log lives in the server"}
	}
	return nil
}
