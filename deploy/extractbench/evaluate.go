package main

import (
	"fmt"
	"io"
	"strings"
)

// Metadata fields scored on the readability set, in table order.
var metaFields = []string{"title", "byline", "published", "site", "language"}

// fieldRules are the fields' getters and what counts as right for each.
var fieldRules = map[string]struct {
	got, want func(Result, Meta) string
	right     func(got, want string) bool
}{
	"title":     {func(r Result, _ Meta) string { return r.Title }, func(_ Result, m Meta) string { return m.Title }, TitleRight},
	"byline":    {func(r Result, _ Meta) string { return r.Byline }, func(_ Result, m Meta) string { return m.Byline }, BylineRight},
	"published": {func(r Result, _ Meta) string { return r.Published }, func(_ Result, m Meta) string { return m.Published }, PublishedRight},
	"site":      {func(r Result, _ Meta) string { return r.SiteName }, func(_ Result, m Meta) string { return m.SiteName }, SiteRight},
	"language":  {func(r Result, _ Meta) string { return r.Language }, func(_ Result, m Meta) string { return m.Language }, LanguageRight},
}

// Tally is right answers out of pages that expect one.
type Tally struct{ Right, Total int }

// Rate is Right/Total, 0 when nothing was expected.
func (t Tally) Rate() float64 { return ratio(t.Right, t.Total) }

// Score is one extractor's figures on both sets.
type Score struct {
	Extractor string
	Traf      *Run // nil when the set was not run
	Read      *Run
	// Trafilatura set.
	Counts     Counts
	TrafErrors int
	// Readability set: means of per-page shingle figures, and field tallies.
	P, R, F1   float64
	Fields     map[string]Tally
	ReadErrors int
}

// PageRecord is one page's outcome, as -json writes it.
type PageRecord struct {
	Set       string                 `json:"set"`
	Extractor string                 `json:"extractor"`
	Page      string                 `json:"page"`
	URL       string                 `json:"url"`
	Error     string                 `json:"error,omitempty"`
	TextBytes int                    `json:"text_bytes"`
	Counts    *Counts                `json:"counts,omitempty"`
	Missed    []string               `json:"missed,omitempty"`   // "with" snippets not found
	Included  []string               `json:"included,omitempty"` // "without" snippets found
	P         *float64               `json:"p,omitempty"`
	R         *float64               `json:"r,omitempty"`
	F1        *float64               `json:"f1,omitempty"`
	Fields    map[string]FieldRecord `json:"fields,omitempty"`
}

// FieldRecord is one expected metadata field of a page.
type FieldRecord struct {
	Got   string `json:"got"`
	Want  string `json:"want"`
	Right bool   `json:"right"`
}

const (
	setTrafilatura = "trafilatura"
	setReadability = "readability"
)

// scoreTrafilatura pools the snippet counts of every page. A page the
// extractor failed on adds no counts at all, as in the comparison script
// (it evaluates only when err == nil); the table reports how many.
func scoreTrafilatura(s *Score, run *Run, pages []Page) []PageRecord {
	s.Traf = run
	recs := make([]PageRecord, len(pages))
	for i, p := range pages {
		res := run.Results[i]
		rec := PageRecord{Set: setTrafilatura, Extractor: run.Extractor, Page: p.Name, URL: p.URL, TextBytes: len(res.Text)}
		if res.Err != nil {
			s.TrafErrors++
			rec.Error = res.Err.Error()
			recs[i] = rec
			continue
		}
		c := EvaluateSnippets(res.Text, p.With, p.Without)
		s.Counts = s.Counts.Add(c)
		rec.Counts = &c
		for _, w := range p.With {
			if !strings.Contains(res.Text, w) {
				rec.Missed = append(rec.Missed, w)
			}
		}
		for _, w := range p.Without {
			if res.Text != "" && strings.Contains(res.Text, w) {
				rec.Included = append(rec.Included, w)
			}
		}
		recs[i] = rec
	}
	return recs
}

// scoreReadability averages the per-page shingle figures and tallies each
// metadata field over the pages that expect it.
func scoreReadability(s *Score, run *Run, pages []Page) []PageRecord {
	s.Read = run
	s.Fields = map[string]Tally{}
	recs := make([]PageRecord, len(pages))
	for i, p := range pages {
		res := run.Results[i]
		// Unlike on the trafilatura set, a failed page stays in: its empty
		// result scores 0, so failing never raises a mean.
		pr, rc, f1 := ShingleScore(res.Text, p.WantText)
		s.P += pr / float64(len(pages))
		s.R += rc / float64(len(pages))
		s.F1 += f1 / float64(len(pages))
		rec := PageRecord{Set: setReadability, Extractor: run.Extractor, Page: p.Name, URL: p.URL, TextBytes: len(res.Text),
			P: &pr, R: &rc, F1: &f1, Fields: map[string]FieldRecord{}}
		if res.Err != nil {
			s.ReadErrors++
			rec.Error = res.Err.Error()
		}
		for _, f := range metaFields {
			rule := fieldRules[f]
			want := rule.want(res, p.WantMeta)
			if want == "" {
				continue
			}
			got := rule.got(res, p.WantMeta)
			right := rule.right(got, want)
			t := s.Fields[f]
			t.Total++
			if right {
				t.Right++
			}
			s.Fields[f] = t
			rec.Fields[f] = FieldRecord{Got: got, Want: want, Right: right}
		}
		recs[i] = rec
	}
	return recs
}

// verboseF1 is the body F1 under which -v lists a readability page.
const verboseF1 = 0.9

// printMisses lists what an extractor got wrong, one line per miss:
// page, field, got, want, tab-separated so misses can be sorted and
// classified.
// recs, pages and run.Results are in the same order.
func printMisses(w io.Writer, recs []PageRecord, pages []Page, run *Run) {
	for i, r := range recs {
		if r.Error != "" {
			fmt.Fprintf(w, "%s\t%s\terror\t%s\t-\n", r.Set, r.Page, oneLine(r.Error, 120))
		}
		for _, m := range r.Missed {
			fmt.Fprintf(w, "%s\t%s\twith\t(absent)\t%s\n", r.Set, r.Page, oneLine(m, 120))
		}
		for _, m := range r.Included {
			fmt.Fprintf(w, "%s\t%s\twithout\t(present)\t%s\n", r.Set, r.Page, oneLine(m, 120))
		}
		if r.F1 != nil && *r.F1 < verboseF1 {
			fmt.Fprintf(w, "%s\t%s\tbody\tP=%.3f R=%.3f F1=%.3f %q\t%q\n", r.Set, r.Page, *r.P, *r.R, *r.F1,
				oneLine(run.Results[i].Text, 80), oneLine(pages[i].WantText, 80))
		}
		for _, f := range metaFields {
			if fr, ok := r.Fields[f]; ok && !fr.Right {
				fmt.Fprintf(w, "%s\t%s\t%s\t%q\t%q\n", r.Set, r.Page, f, fr.Got, fr.Want)
			}
		}
	}
}

// oneLine shortens s to at most n runes on one line.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
