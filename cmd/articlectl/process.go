package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"

	"google.golang.org/protobuf/encoding/protojson"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/article"
	"articleservice/service/articlepb"
)

type processOpts struct {
	common
	html      bool
	jobs      int
	charset   string
	sourceURL string
	explain   bool
}

// result is the outcome for one input, already rendered as its output
// line and, with --explain, its explanation for stderr.
type result struct {
	name    string
	line    []byte
	explain []byte
	err     error
}

var processCommand = command{
	name:     "process",
	synopsis: "[flags] FILE|DIR|- ...",
	about: `Turns each crawled document (front matter and HTML, or a saved web page) into
an article, printed on stdout as one JSON object (protojson) per line, in input
order. A DIR stands for the *.md, *.html and *.htm files under it, sorted; -
reads stdin. A document that fails is reported on stderr and the rest go on.
Without --addr the pipeline runs in-process with the shipped policies (and
--policy-dir's); with --addr the server processes the documents over one
stream, and a server that cannot be reached, or that refuses the
credentials, stops the run at once. A summary line ends the run on stderr,
and a progress line is drawn there while it runs when stderr is a terminal.

--source-url URL says where the document was fetched from, as a crawler would:
relative links and images resolve against it, the article id derives from it,
and a policy matching its host applies. It must be an absolute http(s) URL. The
one URL applies to every input given, so with several they all get the same id.

--explain lists on stderr, after each document's line, how its body was
obtained, the removal counts by reason and, for a whole page, every block that
main-content extraction dropped, in page order, with its reason, length, a
CSS-like path to write a policy rule with, and the start of its text. The JSON
line then carries the same blocks in "dropped"; stdout stays one object a line.

Exit status: 0 every document processed, 1 a document failed or the run
stopped, 2 usage error.
`,
	where:  localOrRemote,
	policy: true,
}

func processCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var o processOpts
	set := newFlagSet(processCommand, stderr, &o.common)
	set.BoolVar(&o.html, "html", false, "print only each article's body_html")
	set.IntVar(&o.jobs, "jobs", runtime.GOMAXPROCS(0), "documents processed at once in-process")
	set.StringVar(&o.charset, "charset", "", "charset of the inputs (default: detect)")
	set.StringVar(&o.sourceURL, "source-url", "", "absolute http(s) URL the inputs were fetched from: resolves relative links, derives the id, selects a host's policy; applies to every input")
	set.BoolVar(&o.explain, "explain", false, "list on stderr, per document, the removals and the page blocks extraction dropped (reason, length, path, text)")
	if err := parse(set, args, stdout); err != nil {
		return err
	}
	if err := checkWhere(processCommand, o.common); err != nil {
		return err
	}
	if set.NArg() == 0 {
		return usageError{"process needs at least one FILE, DIR or -"}
	}
	if o.jobs < 1 {
		return usageError{"--jobs must be at least 1"}
	}
	if err := checkSourceURL(o.sourceURL); err != nil {
		return err
	}
	inputs, err := expand(set.Args())
	if err != nil {
		return err
	}
	out := bufio.NewWriterSize(stdout, 256<<10)
	bar := newProgress(stderr, len(inputs), "processed", "failed")
	processed, failed := 0, 0
	emit := func(r result) {
		defer func() { bar.count(processed, failed) }()
		if r.err != nil {
			failed++
			bar.clear()
			fmt.Fprintf(stderr, "%s: %v\n", r.name, r.err)
			return
		}
		processed++
		out.Write(r.line)
		if r.explain != nil {
			// The explanation follows its own line even where stdout
			// and stderr share a terminal.
			out.Flush()
			bar.clear()
			stderr.Write(r.explain)
		}
	}
	if o.addr == "" {
		err = processLocal(ctx, o, inputs, stdin, emit)
	} else {
		err = processRemote(ctx, o, inputs, stdin, emit)
	}
	bar.clear()
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	var ue usageError
	if errors.As(err, &ue) {
		return err // nothing was processed: no summary
	}
	summary := fmt.Sprintf("%d documents: %d processed, %d failed", len(inputs), processed, failed)
	if rest := len(inputs) - processed - failed; rest > 0 {
		summary += fmt.Sprintf(", %d not processed", rest)
	}
	fmt.Fprintln(stderr, summary)
	if err != nil {
		return err
	}
	if failed > 0 {
		return errFailed
	}
	return nil
}

// expand replaces each directory by the *.md and *.html files under it, sorted.
func expand(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		if a == "-" {
			out = append(out, a)
			continue
		}
		// A missing file fails on its own when read, like any unreadable
		// one; the rest of the batch still runs.
		st, err := os.Stat(a)
		if err != nil || !st.IsDir() {
			out = append(out, a)
			continue
		}
		var files []string
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.Type().IsRegular() && (filepath.Ext(p) == ".md" || filepath.Ext(p) == ".html" || filepath.Ext(p) == ".htm") {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		slices.Sort(files)
		out = append(out, files...)
	}
	return out, nil
}

func readInput(name string, stdin io.Reader) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(stdin)
	}
	return os.ReadFile(name)
}

// checkSourceURL accepts an empty --source-url or an absolute http(s) URL
// with a host, the kind the pipeline resolves links against.
func checkSourceURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usageError{fmt.Sprintf("--source-url %q: must be an absolute http:// or https:// URL, e.g. https://example.com/news/1.html", s)}
	}
	return nil
}

// render is the result for one article: its output line and, with
// --explain, its explanation.
func (o processOpts) render(name string, content []byte, a *articlev1.Article) result {
	r := result{name: name}
	if o.html {
		r.line = append([]byte(a.GetBodyHtml()), '\n')
	} else {
		b, err := protojson.Marshal(a)
		if err != nil {
			r.err = err
			return r
		}
		r.line = append(b, '\n')
	}
	if o.explain {
		var buf bytes.Buffer
		explainArticle(&buf, name, a)
		r.explain = buf.Bytes()
	}
	return r
}

// processLocal runs the pipeline on o.jobs workers and emits results in
// input order (see inOrder).
func processLocal(ctx context.Context, o processOpts, inputs []string, stdin io.Reader, emit func(result)) error {
	pipe, err := localPipeline(o.policyDir)
	if err != nil {
		return err
	}
	if _, err := pipe.Policies().Lookup(o.policy); err != nil {
		return usageError{fmt.Sprintf("--policy: %v", err)}
	}
	inOrder(ctx, len(inputs), o.jobs, func(i int) result {
		return o.processOne(ctx, pipe, inputs[i], stdin)
	}, emit)
	return ctx.Err()
}

type processor interface {
	Process(context.Context, article.Document) (*article.Article, error)
}

func (o processOpts) processOne(ctx context.Context, pipe processor, name string, stdin io.Reader) result {
	r := result{name: name}
	content, err := readInput(name, stdin)
	if err != nil {
		r.err = err
		return r
	}
	doc := article.Document{Content: content, SourceURL: o.sourceURL, Charset: o.charset, Policy: o.policy, Explain: o.explain}
	a, err := pipe.Process(ctx, doc)
	if err != nil {
		var fe *article.FieldError
		if errors.As(err, &fe) {
			err = errors.New(fe.Field + ": " + fe.Description)
		}
		r.err = err
		return r
	}
	return o.render(name, content, articlepb.ToArticle(a))
}

// processRemote sends every input over one ProcessStream; the server
// answers in order, so results pair with inputs by position.
func processRemote(ctx context.Context, o processOpts, inputs []string, stdin io.Reader, emit func(result)) error {
	conn, client, err := dial(&o.common)
	if err != nil {
		return err
	}
	defer conn.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// A stream that cannot start or breaks ends the run: every document
	// after it would fail the same way.
	streamErr := func(name string, err error) error {
		if callStopsTheRun(conn, err) {
			return &stopError{addr: o.addr, err: err}
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	stream, err := client.ProcessStream(ctx)
	if err != nil {
		return streamErr(inputs[0], err)
	}
	// sent pairs each input with the response to come, in order; an input
	// that could not be read is never sent and carries its error instead.
	// With --explain an item keeps its content, to list the dropped blocks
	// in page order.
	type item struct {
		name    string
		content []byte
		err     error
	}
	sent := make(chan item, len(inputs))
	sendErr := make(chan error, 1)
	go func() {
		defer close(sent)
		for _, name := range inputs {
			content, err := readInput(name, stdin)
			if err != nil {
				sent <- item{name: name, err: err}
				continue
			}
			doc := &articlev1.RawDocument{Content: content, SourceUrl: o.sourceURL, Charset: o.charset, Policy: o.policy, Explain: o.explain}
			req := &articlev1.ProcessStreamRequest{Document: doc}
			if err := stream.Send(req); err != nil {
				sendErr <- err
				return
			}
			it := item{name: name}
			if o.explain {
				it.content = content
			}
			sent <- it
		}
		sendErr <- stream.CloseSend()
	}()
	for it := range sent {
		if it.err != nil {
			emit(result{name: it.name, err: it.err})
			continue
		}
		resp, err := stream.Recv()
		if err != nil {
			return streamErr(it.name, err)
		}
		if de := resp.GetError(); de != nil {
			emit(result{name: it.name, err: errors.New(de.GetMessage())})
			continue
		}
		emit(o.render(it.name, it.content, resp.GetArticle()))
	}
	if err := <-sendErr; err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}
