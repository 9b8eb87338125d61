package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"articleservice/service/article"
)

// accuracyLabelDir holds the hand-checked labels: one YAML file per corpus
// document, written by reading the raw document, never the service's output.
const accuracyLabelDir = "../../testdata/labels"

// accuracyLabel is one labelled document. An omitted or empty key means the
// expected value is empty.
type accuracyLabel struct {
	File           string   `yaml:"file"`
	Title          string   `yaml:"title"`
	Author         string   `yaml:"author"`
	Byline         string   `yaml:"byline"`
	Editor         string   `yaml:"editor"`
	SourceName     string   `yaml:"source_name"`
	OriginalTitle  string   `yaml:"original_title"`
	Categories     []string `yaml:"categories"`
	Site           string   `yaml:"site"`
	Section        string   `yaml:"section"`
	PublishedAt    string   `yaml:"published_at"`
	LeadImage      string   `yaml:"lead_image"`
	Language       string   `yaml:"language"`
	Images         []string `yaml:"images"`
	FirstParagraph string   `yaml:"first_paragraph"`
	Notes          string   `yaml:"notes"`
}

// accuracyField compares one field of an article with its label. Text
// fields compare as strings, list fields as ordered lists.
type accuracyField struct {
	name string
	// required fields must be right on every labelled document; the
	// others are measured and reported, not failed.
	required bool
	want     func(l *accuracyLabel) any
	got      func(a *article.Article) any
}

var accuracyFields = []accuracyField{
	{name: "title", required: true,
		want: func(l *accuracyLabel) any { return l.Title },
		got:  func(a *article.Article) any { return a.Title }},
	{name: "author", required: true,
		want: func(l *accuracyLabel) any { return l.Author },
		got:  func(a *article.Article) any { return a.Author }},
	{name: "byline",
		want: func(l *accuracyLabel) any { return l.Byline },
		got:  func(a *article.Article) any { s, _ := accuracyByline(a); return s }},
	{name: "editor",
		want: func(l *accuracyLabel) any { return l.Editor },
		got:  func(a *article.Article) any { return a.Editor }},
	{name: "source_name",
		want: func(l *accuracyLabel) any { return l.SourceName },
		got:  func(a *article.Article) any { return a.SourceName }},
	{name: "original_title",
		want: func(l *accuracyLabel) any { return l.OriginalTitle },
		got:  func(a *article.Article) any { return a.OriginalTitle }},
	{name: "categories", required: true,
		want: func(l *accuracyLabel) any { return accuracyList(l.Categories) },
		got:  func(a *article.Article) any { return accuracyList(a.Categories) }},
	{name: "site",
		want: func(l *accuracyLabel) any { return l.Site },
		got:  func(a *article.Article) any { return a.Site }},
	{name: "section",
		want: func(l *accuracyLabel) any { return l.Section },
		got:  func(a *article.Article) any { return a.Section }},
	{name: "published_at", required: true,
		want: func(l *accuracyLabel) any { return l.PublishedAt },
		got: func(a *article.Article) any {
			if a.PublishedAt.IsZero() {
				return ""
			}
			return a.PublishedAt.UTC().Format(time.RFC3339)
		}},
	{name: "lead_image", required: true,
		want: func(l *accuracyLabel) any { return l.LeadImage },
		got: func(a *article.Article) any {
			if a.LeadImage == nil {
				return ""
			}
			return a.LeadImage.URL
		}},
	{name: "language",
		want: func(l *accuracyLabel) any { return l.Language },
		got:  func(a *article.Article) any { return a.Language }},
	{name: "images",
		want: func(l *accuracyLabel) any { return accuracyList(l.Images) },
		got: func(a *article.Article) any {
			urls := []string{}
			for _, img := range a.Images {
				urls = append(urls, img.URL)
			}
			return urls
		}},
	{name: "first_paragraph",
		want: func(l *accuracyLabel) any { return l.FirstParagraph },
		got:  func(a *article.Article) any { return accuracyFirstParagraph(a.BodyText) }},
}

// TestAccuracy processes every labelled document and compares the article
// with its label field by field, printing each miss and a per-field table.
// It fails only for the fields the issue requires to be right everywhere
// (title, categories, author, published_at, lead_image); the others are
// reported so their progress can be read in the log.
func TestAccuracy(t *testing.T) {
	labels := accuracyLoadLabels(t)
	_, hasByline := accuracyByline(&article.Article{})
	if !hasByline {
		t.Log("byline: article.Article has no Byline field yet; the byline field is skipped")
	}
	p := newPipeline(t, Config{})

	correct := make(map[string]int, len(accuracyFields))
	misses := make(map[string][]string, len(accuracyFields))
	sites := map[string]bool{}
	for _, l := range labels {
		sites[l.Site] = true
		doc := readFile(t, filepath.Join(corpusDir, l.File))
		a, err := p.Process(context.Background(), documentOf(doc))
		if err != nil {
			// An unprocessed document gets every field wrong; the
			// required ones then fail the test below.
			t.Errorf("%s: process: %v", l.File, err)
			a = &article.Article{}
		}
		for _, f := range accuracyFields {
			if f.name == "byline" && !hasByline {
				continue
			}
			got, want := f.got(a), f.want(&l)
			if reflect.DeepEqual(got, want) {
				correct[f.name]++
				continue
			}
			misses[f.name] = append(misses[f.name], fmt.Sprintf("%s %s: got %q, want %q", l.File, f.name, got, want))
		}
	}

	for _, f := range accuracyFields {
		for _, m := range misses[f.name] {
			t.Log(m)
		}
	}

	var table strings.Builder
	fmt.Fprintf(&table, "accuracy over %d labelled documents from %d sites\n", len(labels), len(sites))
	fmt.Fprintf(&table, "%-16s | %9s | %7s | %6s\n", "field", "documents", "correct", "%")
	for _, f := range accuracyFields {
		if f.name == "byline" && !hasByline {
			fmt.Fprintf(&table, "%-16s | %9s | %7s | %6s\n", f.name, "-", "-", "skipped")
			continue
		}
		n := len(labels)
		fmt.Fprintf(&table, "%-16s | %9d | %7d | %5.1f%%\n", f.name, n, correct[f.name], 100*float64(correct[f.name])/float64(n))
	}
	t.Log("\n" + table.String())

	for _, f := range accuracyFields {
		if f.required && len(misses[f.name]) > 0 {
			t.Errorf("%s: %d of %d labelled documents wrong; the issue requires 100%%", f.name, len(misses[f.name]), len(labels))
		}
	}
}

// accuracyLoadLabels reads and validates every label file: unknown keys,
// a file key that does not name the label's own document, or a malformed
// published_at are mistakes in the label set and stop the test.
func accuracyLoadLabels(tb testing.TB) []accuracyLabel {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join(accuracyLabelDir, "*.yaml"))
	if err != nil || len(paths) == 0 {
		tb.Fatalf("no labels in %s (err %v)", accuracyLabelDir, err)
	}
	slices.Sort(paths)
	labels := make([]accuracyLabel, 0, len(paths))
	for _, path := range paths {
		var l accuracyLabel
		dec := yaml.NewDecoder(bytes.NewReader(readFile(tb, path)))
		dec.KnownFields(true)
		if err := dec.Decode(&l); err != nil && !errors.Is(err, io.EOF) {
			tb.Fatalf("%s: %v", path, err)
		}
		stem := strings.TrimSuffix(filepath.Base(path), ".yaml")
		if l.File != stem+".md" {
			tb.Fatalf("%s: file is %q, want %q", path, l.File, stem+".md")
		}
		if l.PublishedAt != "" {
			if _, err := time.Parse(time.RFC3339, l.PublishedAt); err != nil {
				tb.Fatalf("%s: published_at: %v", path, err)
			}
		}
		labels = append(labels, l)
	}
	return labels
}

// accuracyByline reads Article.Byline by name, so this test compiles and
// runs whether or not the field exists yet; ok reports whether it does.
func accuracyByline(a *article.Article) (byline string, ok bool) {
	v := reflect.ValueOf(a).Elem().FieldByName("Byline")
	if !v.IsValid() || v.Kind() != reflect.String {
		return "", false
	}
	return v.String(), true
}

// accuracyFirstParagraph returns the first non-blank "\n\n"-separated
// paragraph of the body text with its whitespace collapsed, as the labels
// write it.
func accuracyFirstParagraph(body string) string {
	for _, para := range strings.Split(body, "\n\n") {
		if s := strings.Join(strings.Fields(para), " "); s != "" {
			return s
		}
	}
	return ""
}

// accuracyList makes an absent list and an empty one compare equal.
func accuracyList(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
