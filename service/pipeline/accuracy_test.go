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
	want func(l *accuracyLabel) any
	got  func(a *article.Article) any
}

var accuracyFields = []accuracyField{
	{name: "title",
		want: func(l *accuracyLabel) any { return l.Title },
		got:  func(a *article.Article) any { return a.Title }},
	{name: "author",
		want: func(l *accuracyLabel) any { return l.Author },
		got:  func(a *article.Article) any { return a.Author }},
	{name: "byline",
		want: func(l *accuracyLabel) any { return l.Byline },
		got:  func(a *article.Article) any { return a.Byline }},
	{name: "editor",
		want: func(l *accuracyLabel) any { return l.Editor },
		got:  func(a *article.Article) any { return a.Editor }},
	{name: "source_name",
		want: func(l *accuracyLabel) any { return l.SourceName },
		got:  func(a *article.Article) any { return a.SourceName }},
	{name: "original_title",
		want: func(l *accuracyLabel) any { return l.OriginalTitle },
		got:  func(a *article.Article) any { return a.OriginalTitle }},
	{name: "categories",
		want: func(l *accuracyLabel) any { return accuracyList(l.Categories) },
		got:  func(a *article.Article) any { return accuracyList(a.Categories) }},
	{name: "site",
		want: func(l *accuracyLabel) any { return l.Site },
		got:  func(a *article.Article) any { return a.Site }},
	{name: "section",
		want: func(l *accuracyLabel) any { return l.Section },
		got:  func(a *article.Article) any { return a.Section }},
	{name: "published_at",
		want: func(l *accuracyLabel) any { return l.PublishedAt },
		got: func(a *article.Article) any {
			if a.PublishedAt.IsZero() {
				return ""
			}
			return a.PublishedAt.UTC().Format(time.RFC3339)
		}},
	{name: "lead_image",
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

// The Accuracy figures of docs/api.md: the label set's size and spread, and per
// field how many labels have a value (labelled), how many of those the
// article matches (right), and of the documents whose label is empty how
// many articles leave the field empty too (empty), so that an empty label
// is never counted right for free. TestAccuracy fails when any count
// differs: lower is a regression, higher means raising the figure here and
// in docs/api.md.
const (
	accuracyDocuments = 115
	accuracySites     = 28
	accuracyFeeds     = 31
)

var accuracyFloors = map[string]struct{ labelled, right, empty int }{
	"title":           {115, 115, 0},
	"author":          {115, 115, 0},
	"byline":          {10, 5, 105},
	"editor":          {20, 20, 95},
	"source_name":     {10, 10, 105},
	"original_title":  {8, 8, 107},
	"categories":      {115, 115, 0},
	"site":            {115, 115, 0},
	"section":         {115, 115, 0},
	"published_at":    {111, 111, 4},
	"lead_image":      {115, 115, 0},
	"language":        {115, 111, 0},
	"images":          {70, 66, 45},
	"first_paragraph": {108, 85, 7},
}

// accuracyCount is one field's outcome over the label set.
type accuracyCount struct{ labelled, right, empty, keptEmpty int }

// TestAccuracy processes every labelled document and compares the article
// with its label field by field, printing each miss and a per-field table
// whose every count is asserted.
func TestAccuracy(t *testing.T) {
	labels := accuracyLoadLabels(t)
	p := newPipeline(t, Config{})

	counts := make(map[string]*accuracyCount, len(accuracyFields))
	for _, f := range accuracyFields {
		counts[f.name] = &accuracyCount{}
	}
	misses := make(map[string][]string, len(accuracyFields))
	sites, feeds := map[string]bool{}, map[[2]string]bool{}
	for _, l := range labels {
		sites[l.Site] = true
		feeds[accuracyFeed(l.Site, l.Section)] = true
		doc := readFile(t, filepath.Join(corpusDir, l.File))
		a, err := p.Process(context.Background(), documentOf(doc))
		if err != nil {
			// An unprocessed document gets every field wrong.
			t.Errorf("%s: process: %v", l.File, err)
			a = &article.Article{}
		}
		for _, f := range accuracyFields {
			got, want := f.got(a), f.want(&l)
			c, same := counts[f.name], reflect.DeepEqual(got, want)
			switch {
			case !accuracyEmpty(want):
				c.labelled++
				if same {
					c.right++
				}
			default:
				c.empty++
				if same {
					c.keptEmpty++
				}
			}
			if !same {
				misses[f.name] = append(misses[f.name], fmt.Sprintf("%s %s: got %q, want %q", l.File, f.name, got, want))
			}
		}
	}

	for _, f := range accuracyFields {
		for _, m := range misses[f.name] {
			t.Log(m)
		}
	}
	var table strings.Builder
	fmt.Fprintf(&table, "accuracy over %d labelled documents from %d sites (%d feeds)\n", len(labels), len(sites), len(feeds))
	fmt.Fprintf(&table, "%-16s | %8s | %5s | %6s | %11s | %10s\n", "field", "labelled", "right", "%", "empty label", "left empty")
	for _, f := range accuracyFields {
		c := counts[f.name]
		pct := "-"
		if c.labelled > 0 {
			pct = fmt.Sprintf("%.1f%%", 100*float64(c.right)/float64(c.labelled))
		}
		fmt.Fprintf(&table, "%-16s | %8d | %5d | %6s | %11d | %10d\n", f.name, c.labelled, c.right, pct, c.empty, c.keptEmpty)
	}
	t.Log("\n" + table.String())

	t.Run("label_set_is_the_one_the_docs_describe", func(t *testing.T) {
		if len(labels) != accuracyDocuments || len(sites) != accuracySites || len(feeds) != accuracyFeeds {
			t.Errorf("%d labelled documents from %d sites and %d feeds; docs/api.md states %d, %d and %d",
				len(labels), len(sites), len(feeds), accuracyDocuments, accuracySites, accuracyFeeds)
		}
		for _, file := range corpusFiles(t) {
			a, err := p.Process(context.Background(), documentOf(readFile(t, file)))
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			if f := accuracyFeed(a.Site, a.Section); !feeds[f] {
				t.Errorf("%s: feed %s / %s has no labelled document", filepath.Base(file), f[0], f[1])
			}
		}
	})
	t.Run("every_field_has_its_documented_counts", func(t *testing.T) {
		for _, f := range accuracyFields {
			c, want := counts[f.name], accuracyFloors[f.name]
			if c.labelled != want.labelled || c.right != want.right || c.keptEmpty != want.empty {
				t.Errorf("%s: %d of %d labelled right, %d of %d empty labels left empty; docs/api.md states %d of %d, and %d",
					f.name, c.right, c.labelled, c.keptEmpty, c.empty, want.right, want.labelled, want.empty)
			}
		}
	})
	t.Run("every_field_is_measured", func(t *testing.T) {
		measured := map[string]bool{}
		for _, f := range accuracyFields {
			measured[f.name] = true
		}
		for name := range accuracyFloors {
			if !measured[name] {
				t.Errorf("docs/api.md states %s, which no accuracy field measures", name)
			}
		}
		for _, key := range accuracyLabelKeys() {
			if key != "file" && key != "notes" && !measured[key] {
				t.Errorf("labels have %s, which no accuracy field compares", key)
			}
		}
		for _, f := range accuracyFields {
			if _, ok := accuracyFloors[f.name]; !ok {
				t.Errorf("%s is measured but has no figure in docs/api.md", f.name)
			}
		}
	})
}

// accuracyFeed names the feed a document came from: its site and section,
// a stray leading dash of the section (AcFun's "— 番剧") aside.
func accuracyFeed(site, section string) [2]string {
	return [2]string{site, strings.TrimLeft(section, "—-– ")}
}

// accuracyEmpty says a label or value holds nothing.
func accuracyEmpty(v any) bool {
	switch v := v.(type) {
	case string:
		return v == ""
	case []string:
		return len(v) == 0
	}
	panic(fmt.Sprintf("accuracy value of type %T", v))
}

// accuracyLabelKeys returns the YAML keys of accuracyLabel.
func accuracyLabelKeys() []string {
	var keys []string
	typ := reflect.TypeFor[accuracyLabel]()
	for i := range typ.NumField() {
		keys = append(keys, typ.Field(i).Tag.Get("yaml"))
	}
	return keys
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
