package main

import (
	"bytes"
	"errors"
	"net/url"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	trafilatura "github.com/markusmobius/go-trafilatura"
)

// newTrafilatura runs go-trafilatura with the options of its comparison
// script: balanced focus, comments excluded, tables kept.
func newTrafilatura(fallback bool) Extractor {
	name := nameTrafilatura
	if fallback {
		name = nameTrafilaturaFallback
	}
	return Extractor{Name: name, Extract: func(raw []byte, pageURL string) Result {
		u, err := url.ParseRequestURI(pageURL)
		if err != nil {
			return Result{Err: err}
		}
		res, err := trafilatura.Extract(bytes.NewReader(raw), trafilatura.Options{
			EnableFallback:  fallback,
			ExcludeComments: true,
			Focus:           trafilatura.Balanced,
			OriginalURL:     u,
		})
		if err != nil {
			return Result{Err: err}
		}
		m := res.Metadata
		return Result{
			Text:      res.ContentText,
			Title:     m.Title,
			Byline:    m.Author,
			Published: trafilaturaDate(m.Date),
			SiteName:  m.Sitename,
			Language:  m.Language,
		}
	}}
}

// trafilaturaDate keeps a date go-htmldate found without a time of day a
// date, as trafilatura itself prints it.
func trafilaturaDate(t time.Time) string {
	switch {
	case t.IsZero():
		return ""
	case t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0:
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339)
}

// newReadability runs go-readability's default parser.
func newReadability() Extractor {
	return Extractor{Name: nameReadability, Extract: func(raw []byte, pageURL string) Result {
		u, err := url.ParseRequestURI(pageURL)
		if err != nil {
			return Result{Err: err}
		}
		a, err := readability.FromReader(bytes.NewReader(raw), u)
		if err != nil {
			return Result{Err: err}
		}
		r := Result{
			Title:    a.Title(),
			Byline:   a.Byline(),
			SiteName: a.SiteName(),
			Language: a.Language(),
		}
		if a.Node != nil {
			r.Text = strings.TrimSpace(render.InnerText(a.Node))
		}
		switch t, err := a.PublishedTime(); {
		case err == nil:
			r.Published = t.Format(time.RFC3339)
		case !errors.Is(err, readability.ErrTimestampMissing):
			// An unreadable timestamp is a wrong one, not an error of the page.
			r.Published = "unparsable"
		}
		return r
	}}
}
