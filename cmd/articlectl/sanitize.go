package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/sanitize"
	"articleservice/service/pipeline"
)

// sanitizer cleans one fragment, in-process or through a server.
type sanitizer func(ctx context.Context, html string) (string, error)

func sanitizeCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var c common
	var jsonl bool
	set := newFlagSet("sanitize", stderr, &c, true)
	set.BoolVar(&jsonl, "jsonl", false, `bulk mode: read lines {"id":…,"html":…}, write {"id":…,"html":…}`)
	if err := parse(set, args); err != nil {
		return err
	}
	if set.NArg() > 0 {
		return usageError{"sanitize reads HTML on stdin and takes no arguments"}
	}
	clean, closeFn, err := newSanitizer(c)
	if err != nil {
		return err
	}
	defer closeFn()
	if !jsonl {
		in, err := io.ReadAll(stdin)
		if err != nil {
			return err
		}
		out, err := clean(ctx, string(in))
		if err != nil {
			return err
		}
		_, err = io.WriteString(stdout, out)
		return err
	}
	return sanitizeLines(ctx, clean, stdin, stdout, stderr)
}

type fragment struct {
	ID   json.RawMessage `json:"id"`
	HTML string          `json:"html"`
}

// sanitizeLines is the bulk mode: one JSON object per line in, one out. A
// bad line is reported on stderr with its line number and the run goes on.
func sanitizeLines(ctx context.Context, clean sanitizer, stdin io.Reader, stdout, stderr io.Writer) error {
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	failed := false
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var f fragment
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
			fmt.Fprintf(stderr, "line %d: %v\n", n, err)
			failed = true
			continue
		}
		out, err := clean(ctx, f.HTML)
		if err != nil {
			fmt.Fprintf(stderr, "line %d: %v\n", n, err)
			failed = true
			continue
		}
		if f.ID == nil {
			f.ID = json.RawMessage("null")
		}
		if err := enc.Encode(fragment{ID: f.ID, HTML: out}); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if failed {
		return errFailed
	}
	return nil
}

func newSanitizer(c common) (sanitizer, func() error, error) {
	if c.addr != "" {
		client, closeConn, err := dial(c.addr)
		if err != nil {
			return nil, nil, err
		}
		return func(ctx context.Context, html string) (string, error) {
			ctx, cancel := context.WithTimeout(ctx, c.timeout)
			defer cancel()
			resp, err := client.Sanitize(ctx, &articlev1.SanitizeRequest{Html: html, Policy: c.policy})
			return resp.GetHtml(), err
		}, closeConn, nil
	}
	pipe, err := localPipeline(c.policyDir)
	if err != nil {
		return nil, nil, err
	}
	p, err := pipe.Policies().Lookup(c.policy)
	if err != nil {
		return nil, nil, usageError{fmt.Sprintf("--policy: %v", err)}
	}
	depth := pipeline.DefaultLimits().MaxNestingDepth
	return func(_ context.Context, html string) (string, error) {
		res, err := p.Sanitize([]byte(html), sanitize.Options{MaxDepth: depth})
		return string(res.HTML), err
	}, func() error { return nil }, nil
}
