package main

import (
	"fmt"
	"io"
	"strings"
)

// pooledDocsPerSec is pages per second over both sets: the speed the
// ratios and the speed floors compare.
func (s *Score) pooledDocsPerSec() float64 {
	pages, secs := 0, 0.0
	for _, r := range []*Run{s.Traf, s.Read} {
		if r != nil {
			pages += r.Pages
			secs += r.Elapsed.Seconds()
		}
	}
	if secs == 0 {
		return 0
	}
	return float64(pages) / secs
}

// speedRatio is s's pooled docs/s over base's; ok is false when base did
// not run.
func speedRatio(s *Score, scores []*Score, base string) (float64, bool) {
	for _, b := range scores {
		if b.Extractor == base && b.pooledDocsPerSec() > 0 {
			return s.pooledDocsPerSec() / b.pooledDocsPerSec(), true
		}
	}
	return 0, false
}

// printTable writes one markdown table, a row per extractor.
func printTable(w io.Writer, scores []*Score) {
	head := []string{"extractor", "T precision", "T recall", "T F", "R precision", "R recall", "R F1"}
	head = append(head, metaFields...)
	head = append(head, "errors T / R", "docs/s T / R", "MB/s T / R", "allocs/page T / R", "× go-trafilatura", "× go-readability", "allocs × go-trafilatura")
	row(w, head)
	sep := make([]string, len(head))
	for i := range sep {
		sep[i] = "---:"
	}
	sep[0] = ":---"
	row(w, sep)
	for _, s := range scores {
		cells := []string{s.Extractor,
			f3(s.Counts.Precision()), f3(s.Counts.Recall()), f3(s.Counts.F()),
			f3(s.P), f3(s.R), f3(s.F1)}
		for _, f := range metaFields {
			t := s.Fields[f]
			cells = append(cells, fmt.Sprintf("%d/%d %.1f%%", t.Right, t.Total, 100*t.Rate()))
		}
		cells = append(cells,
			fmt.Sprintf("%d / %d", s.TrafErrors, s.ReadErrors),
			pair(s, "%.1f", Run.DocsPerSec),
			pair(s, "%.2f", Run.MBPerSec),
			pair(s, "%.0f", Run.AllocsPerPage),
			ratioCell(s, scores, nameTrafilatura),
			ratioCell(s, scores, nameReadability),
			allocRatioCell(s, scores, nameTrafilatura))
		row(w, cells)
	}
}

func row(w io.Writer, cells []string) {
	fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
}

func f3(v float64) string { return fmt.Sprintf("%.3f", v) }

func pair(s *Score, format string, fig func(Run) float64) string {
	return fmt.Sprintf(format+" / "+format, fig(*s.Traf), fig(*s.Read))
}

func ratioCell(s *Score, scores []*Score, base string) string {
	r, ok := speedRatio(s, scores, base)
	if !ok {
		return "–"
	}
	return fmt.Sprintf("%.2f×", r)
}

// pooledAllocsPerPage is heap allocations per page over both sets.
func (s *Score) pooledAllocsPerPage() float64 {
	pages, allocs := 0, uint64(0)
	for _, r := range []*Run{s.Traf, s.Read} {
		if r != nil {
			pages += r.Pages
			allocs += r.Mallocs
		}
	}
	if pages == 0 {
		return 0
	}
	return float64(allocs) / float64(pages)
}

// allocRatioCell is s's allocations per page as a share of base's, over
// both sets; "–" when base did not run.
func allocRatioCell(s *Score, scores []*Score, base string) string {
	for _, b := range scores {
		if b.Extractor == base && b.pooledAllocsPerPage() > 0 {
			return fmt.Sprintf("%.2f×", s.pooledAllocsPerPage()/b.pooledAllocsPerPage())
		}
	}
	return "–"
}
