package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/sanitize"
	"articleservice/service/articlepb"
	"articleservice/service/pipeline"
)

// sanitizer cleans one fragment, in-process or through a server; both
// answer as the Sanitize RPC does.
type sanitizer func(ctx context.Context, html string) (*articlev1.SanitizeResponse, error)

var sanitizeCommand = command{
	name:     "sanitize",
	synopsis: "[flags] < FRAGMENT.html",
	about: `Cleans the HTML fragment read on stdin under a policy and prints it on stdout,
ending with a newline. With --jsonl, stdin holds one {"id":…,"html":…} object
per line and stdout gets one {"id":…,"html":…} per line, the HTML exactly as
cleaned; a bad line is reported on stderr with its number and the rest go on.
Without --addr the sanitizer runs in-process with the shipped policies (and
--policy-dir's); with --addr the server's Sanitize call does it.

Exit status: 0 cleaned, 1 a line failed, 2 usage error.
`,
	where:  localOrRemote,
	policy: true,
}

func sanitizeCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var c common
	var jsonl, explain bool
	set := newFlagSet(sanitizeCommand, stderr, &c)
	set.BoolVar(&jsonl, "jsonl", false, `bulk mode: read lines {"id":…,"html":…}, write {"id":…,"html":…}`)
	set.BoolVar(&explain, "explain", false, "print what was removed, and why, on stderr")
	if err := parse(set, args, stdout); err != nil {
		return err
	}
	if err := checkWhere(sanitizeCommand, c); err != nil {
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
		resp, err := clean(ctx, string(in))
		if err != nil {
			return err
		}
		if explain {
			printExplain(stderr, "", resp)
		}
		html := resp.GetHtml()
		// A line of its own, so the shell prompt does not follow the
		// fragment; --jsonl gives the HTML byte for byte.
		if html != "" && !strings.HasSuffix(html, "\n") {
			html += "\n"
		}
		_, err = io.WriteString(stdout, html)
		return err
	}
	return sanitizeLines(ctx, clean, stdin, stdout, stderr, explain)
}

type fragment struct {
	ID   json.RawMessage `json:"id"`
	HTML string          `json:"html"`
}

// sanitizeLines is the bulk mode: one JSON object per line in, one out. A
// bad line is reported on stderr with its line number and the run goes on.
func sanitizeLines(ctx context.Context, clean sanitizer, stdin io.Reader, stdout, stderr io.Writer, explain bool) error {
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
		resp, err := clean(ctx, f.HTML)
		if err != nil {
			fmt.Fprintf(stderr, "line %d: %v\n", n, err)
			failed = true
			continue
		}
		if explain {
			printExplain(stderr, fmt.Sprintf("line %d: ", n), resp)
		}
		out := resp.GetHtml()
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
		conn, client, err := dial(&c)
		if err != nil {
			return nil, nil, err
		}
		return func(ctx context.Context, html string) (*articlev1.SanitizeResponse, error) {
			ctx, cancel := context.WithTimeout(ctx, c.timeout)
			defer cancel()
			return client.Sanitize(ctx, &articlev1.SanitizeRequest{Html: html, Policy: c.policy})
		}, conn.Close, nil
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
	return func(_ context.Context, html string) (*articlev1.SanitizeResponse, error) {
		res, err := p.Sanitize([]byte(html), sanitize.Options{MaxDepth: depth, Explain: true})
		if err != nil {
			return nil, err
		}
		return articlepb.ToSanitizeResponse(&res, p), nil
	}, func() error { return nil }, nil
}

// printExplain writes what a sanitization removed: counts by reason, then
// the items themselves.
func printExplain(w io.Writer, prefix string, resp *articlev1.SanitizeResponse) {
	fmt.Fprintf(w, "%spolicy %s (%s)\n", prefix, resp.GetPolicy().GetName(), resp.GetPolicy().GetVersion())
	for _, r := range resp.GetRemovals() {
		fmt.Fprintf(w, "%s  %-22s %d\n", prefix, r.GetReason(), r.GetCount())
	}
	for _, it := range resp.GetRemoved() {
		what := "<" + it.GetElement() + ">"
		if it.GetAttribute() != "" {
			what += " " + it.GetAttribute() + "=" + strconv.Quote(it.GetValue())
		} else if it.GetValue() != "" {
			what += " " + strconv.Quote(it.GetValue())
		}
		fmt.Fprintf(w, "%s  removed %-16s %s\n", prefix, it.GetReason(), what)
	}
	if resp.GetRemovedTruncated() {
		fmt.Fprintf(w, "%s  … more removed items not listed\n", prefix)
	}
}
