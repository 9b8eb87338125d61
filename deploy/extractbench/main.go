// Command extractbench measures main-content extraction of articleservice
// side by side with go-trafilatura (with and without fallback) and
// go-readability, in one run, over go-trafilatura's comparison pages and
// go-readability's test pages, and prints one markdown table.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
)

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "extractbench:", err)
		os.Exit(1)
	}
}

var allExtractors = []string{nameService, nameTrafilatura, nameTrafilaturaFallback, nameReadability}

func run(args []string, stdout, stderr io.Writer) error {
	start := time.Now()
	fs := flag.NewFlagSet("extractbench", flag.ContinueOnError)
	trafDir := fs.String("trafilatura-dir", "", "go-trafilatura module directory (default: from go mod download "+trafilaturaModule+")")
	readDir := fs.String("readability-dir", "", "go-readability module directory (default: from go mod download "+readabilityModule+")")
	only := fs.String("only", "", "comma-separated extractors to run, of "+strings.Join(allExtractors, ", ")+" (default all)")
	verbose := fs.Bool("v", false, "print articleservice's per-page misses (set, page, field, got, want) to stderr")
	jsonOut := fs.String("json", "", "write per-page results of every extractor to this file")
	passes := fs.Int("passes", 1, "timed passes per extractor and set; the fastest is kept (scores come from the first)")
	floors := registerFloors(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	names, err := selectExtractors(*only)
	if err != nil {
		return err
	}

	if *trafDir == "" {
		if *trafDir, err = moduleDir(trafilaturaModule); err != nil {
			return err
		}
	}
	if *readDir == "" {
		if *readDir, err = moduleDir(readabilityModule); err != nil {
			return err
		}
	}
	traf, err := loadTrafilatura(*trafDir)
	if err != nil {
		return err
	}
	read, err := loadReadability(*readDir)
	if err != nil {
		return err
	}
	for _, s := range traf.Skipped {
		fmt.Fprintln(stderr, "trafilatura set: skipped", s)
	}

	var scores []*Score
	var extractors []Extractor
	var records []PageRecord
	for _, name := range names {
		ex, err := newExtractor(name)
		if err != nil {
			return err
		}
		s := &Score{Extractor: name}
		fmt.Fprintf(stderr, "running %s over %d + %d pages\n", name, len(traf.Pages), len(read))
		tr := measure(ex, setTrafilatura, traf.Pages)
		trecs := scoreTrafilatura(s, &tr, traf.Pages)
		rr := measure(ex, setReadability, read)
		rrecs := scoreReadability(s, &rr, read)
		if *verbose && name == nameService {
			fmt.Fprintln(stderr, "set\tpage\tfield\tgot\twant")
			printMisses(stderr, trecs, traf.Pages, &tr)
			printMisses(stderr, rrecs, read, &rr)
		}
		// The texts are scored; keeping them would only grow the heap
		// the next extractor's allocations are measured on.
		tr.Results, rr.Results = nil, nil
		scores, extractors = append(scores, s), append(extractors, ex)
		records = append(records, trecs...)
		records = append(records, rrecs...)
	}

	// The other passes go round the extractors, so each one's fastest is
	// taken from passes spread over the same stretch of time.
	for pass := 1; pass < *passes; pass++ {
		fmt.Fprintf(stderr, "timing pass %d of %d\n", pass+1, *passes)
		for i, ex := range extractors {
			retime(ex, scores[i].Traf, traf.Pages)
			retime(ex, scores[i].Read, read)
		}
	}

	fmt.Fprintf(stdout, "T = go-trafilatura comparison set: %d pages (%d test-files/comparison, %d test-files/mock), %.1f MB; snippet P/R/F pooled as its script does.\n",
		len(traf.Pages), traf.FromComparison, traf.FromMock, mb(traf.Pages))
	fmt.Fprintf(stdout, "R = go-readability test pages: %d pages, %.1f MB; 4-word-shingle P/R/F1 means over pages; metadata right/expected.\n",
		len(read), mb(read))
	fmt.Fprintf(stdout, "Speed: one goroutine, fastest of %d pass(es); × columns are docs/s over both sets against the peer in this run.\n\n", max(*passes, 1))
	printTable(stdout, scores)
	fmt.Fprintf(stdout, "\nrun time %s\n", time.Since(start).Round(time.Second))

	if *jsonOut != "" {
		if err := writeJSON(*jsonOut, records); err != nil {
			return err
		}
	}
	if failed := checkFloors(floors, scores); len(failed) > 0 {
		for _, f := range failed {
			fmt.Fprintln(stderr, "floor:", f)
		}
		return fmt.Errorf("%d floor(s) not met", len(failed))
	}
	return nil
}

func selectExtractors(only string) ([]string, error) {
	if only == "" {
		return allExtractors, nil
	}
	var names []string
	for _, n := range strings.Split(only, ",") {
		n = strings.TrimSpace(n)
		if !slices.Contains(allExtractors, n) {
			return nil, fmt.Errorf("-only: unknown extractor %q (have %s)", n, strings.Join(allExtractors, ", "))
		}
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	// Table order stays fixed whatever order -only names them in.
	slices.SortFunc(names, func(a, b string) int {
		return slices.Index(allExtractors, a) - slices.Index(allExtractors, b)
	})
	return names, nil
}

func newExtractor(name string) (Extractor, error) {
	switch name {
	case nameService:
		return newServiceExtractor()
	case nameTrafilatura:
		return newTrafilatura(false), nil
	case nameTrafilaturaFallback:
		return newTrafilatura(true), nil
	case nameReadability:
		return newReadability(), nil
	}
	return Extractor{}, fmt.Errorf("unknown extractor %q", name)
}

func mb(pages []Page) float64 {
	n := 0
	for _, p := range pages {
		n += len(p.HTML)
	}
	return float64(n) / 1e6
}

func writeJSON(path string, records []PageRecord) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("json: %w", err)
	}
	enc := json.NewEncoder(f)
	enc.SetIndent("", " ")
	if err := enc.Encode(records); err != nil {
		f.Close()
		return fmt.Errorf("json: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("json: %w", err)
	}
	return nil
}
