package main

import (
	"context"
	"fmt"
	"time"

	"articleservice/sanitize"
	"articleservice/service/article"
	"articleservice/service/pipeline"
)

// Result is what an extractor made of one page; empty means not found.
type Result struct {
	Text, Title, Byline, Published, SiteName, Language string
	// Err is the extractor's error: the page then adds nothing to the
	// trafilatura set's counts (as in its script) and scores as an empty
	// result on the readability set.
	Err error
}

// Extractor extracts one page. It must not keep html.
type Extractor struct {
	Name    string
	Extract func(html []byte, pageURL string) Result
}

// Extractor names, as -only takes them.
const (
	nameService             = "articleservice"
	nameTrafilatura         = "go-trafilatura"
	nameTrafilaturaFallback = "go-trafilatura+fallback"
	nameReadability         = "go-readability"
)

// newServiceExtractor builds the service's pipeline once, with the shipped
// policies and default limits, as articled runs it.
func newServiceExtractor() (Extractor, error) {
	set, err := sanitize.Builtin()
	if err != nil {
		return Extractor{}, fmt.Errorf("builtin policies: %w", err)
	}
	p := pipeline.New(pipeline.Config{Limits: pipeline.DefaultLimits()}, set)
	ctx := context.Background()
	return Extractor{Name: nameService, Extract: func(raw []byte, pageURL string) Result {
		a, err := p.Process(ctx, article.Document{Content: raw, SourceURL: pageURL})
		if err != nil {
			return Result{Err: err}
		}
		r := Result{
			Text:     a.BodyText,
			Title:    a.Title,
			Byline:   a.Byline,
			SiteName: a.Site,
			Language: a.Language,
		}
		if r.Byline == "" {
			r.Byline = a.Author
		}
		r.Published = servicePublished(a.PublishedAt, a.PublishedAtRaw)
		return r
	}}, nil
}

// servicePublished scores the time the service parsed, not the raw string,
// except that a raw value stating only a date stays a date: its midnight
// UTC would otherwise be read as a claim about the time of day.
func servicePublished(at time.Time, raw string) string {
	if at.IsZero() {
		return raw
	}
	if d, ok := parseDate(raw); ok && d.prec == dateOnly {
		return at.Format(time.DateOnly)
	}
	return at.Format(time.RFC3339)
}
