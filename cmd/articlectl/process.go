package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"

	"google.golang.org/protobuf/encoding/protojson"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/article"
	"articleservice/service/server"
)

type processOpts struct {
	common
	html    bool
	jobs    int
	charset string
}

// result is the outcome for one input, already rendered as its output line.
type result struct {
	name string
	line []byte
	err  error
}

func processCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var o processOpts
	set := newFlagSet("process", stderr, &o.common, true)
	set.BoolVar(&o.html, "html", false, "print only each article's body_html")
	set.IntVar(&o.jobs, "jobs", runtime.GOMAXPROCS(0), "documents processed at once in-process")
	set.StringVar(&o.charset, "charset", "", "charset of the inputs (default: detect)")
	if err := parse(set, args); err != nil {
		return err
	}
	if set.NArg() == 0 {
		return usageError{"process needs at least one FILE, DIR or -"}
	}
	if o.jobs < 1 {
		return usageError{"--jobs must be at least 1"}
	}
	inputs, err := expand(set.Args())
	if err != nil {
		return err
	}
	out := bufio.NewWriterSize(stdout, 256<<10)
	failed := 0
	emit := func(r result) {
		if r.err != nil {
			failed++
			fmt.Fprintf(stderr, "%s: %v\n", r.name, r.err)
			return
		}
		out.Write(r.line)
	}
	if o.addr == "" {
		err = processLocal(ctx, o, inputs, stdin, emit)
	} else {
		err = processRemote(ctx, o, inputs, stdin, emit)
	}
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
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

func (o processOpts) render(a *articlev1.Article) ([]byte, error) {
	if o.html {
		return append([]byte(a.GetBodyHtml()), '\n'), nil
	}
	b, err := protojson.Marshal(a)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
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
	a, err := pipe.Process(ctx, article.Document{Content: content, Charset: o.charset, Policy: o.policy})
	if err != nil {
		var fe *article.FieldError
		if errors.As(err, &fe) {
			err = errors.New(fe.Field + ": " + fe.Description)
		}
		r.err = err
		return r
	}
	r.line, r.err = o.render(server.ArticleToProto(a))
	return r
}

// processRemote sends every input over one ProcessStream; the server
// answers in order, so results pair with inputs by position.
func processRemote(ctx context.Context, o processOpts, inputs []string, stdin io.Reader, emit func(result)) error {
	client, closeConn, err := dial(&o.common)
	if err != nil {
		return err
	}
	defer closeConn()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := client.ProcessStream(ctx)
	if err != nil {
		return err
	}
	// sent pairs each input with the response to come, in order; an input
	// that could not be read is never sent and carries its error instead.
	type item struct {
		name string
		err  error
	}
	sent := make(chan item, len(inputs))
	sendErr := make(chan error, 1)
	go func() {
		defer close(sent)
		for _, name := range inputs {
			content, err := readInput(name, stdin)
			if err != nil {
				sent <- item{name, err}
				continue
			}
			req := &articlev1.ProcessStreamRequest{Document: &articlev1.RawDocument{Content: content, Charset: o.charset, Policy: o.policy}}
			if err := stream.Send(req); err != nil {
				sendErr <- err
				return
			}
			sent <- item{name: name}
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
			return fmt.Errorf("%s: %w", it.name, err)
		}
		if de := resp.GetError(); de != nil {
			emit(result{name: it.name, err: errors.New(de.GetMessage())})
			continue
		}
		line, err := o.render(resp.GetArticle())
		emit(result{name: it.name, line: line, err: err})
	}
	if err := <-sendErr; err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}
