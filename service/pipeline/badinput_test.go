package pipeline

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"articleservice/service/article"
)

func gbk(tb testing.TB, s string) []byte {
	tb.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// aliasBomb is the "billion laughs" of YAML: nine levels of nine aliases.
const aliasBomb = `---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
title: [*h,*h,*h,*h,*h,*h,*h,*h,*h]
---
<p>x</p>
`

// TestBadInput feeds hostile and odd documents through the pipeline. Each
// must end in the right typed error, naming the field (and the limit, where
// one applies), or in a correct article; never a panic or a hang.
func TestBadInput(t *testing.T) {
	small := DefaultLimits()
	small.MaxDocumentBytes = 1 << 10
	tests := []struct {
		name   string
		reason string
		doc    article.Document
		limits Limits
		// for errors
		kind      error
		field     string
		mentions  string
		checkArt  func(testing.TB, *article.Article)
		wantWarns []string
	}{
		{
			name: "empty_content_is_invalid", reason: "a crawler bug sends nothing",
			doc: article.Document{}, kind: article.ErrInvalid, field: "document.content", mentions: "empty",
		},
		{
			name: "over_size_limit_is_exhausted", reason: "a document over max_document_bytes must be refused before any work",
			doc: article.Document{Content: []byte("<p>" + strings.Repeat("x", 2000) + "</p>")}, limits: small,
			kind: article.ErrTooLarge, field: "document.content", mentions: "limit of 1024 bytes",
		},
		{
			name: "malformed_yaml_is_invalid_with_line", reason: "a broken header must say where it broke",
			doc:  article.Document{Content: []byte("---\ntitle: ok\ncategories: [a, b\nauthor: x\n---\n<p>x</p>")},
			kind: article.ErrInvalid, field: "document.content", mentions: "document line",
		},
		{
			name: "alias_bomb_is_invalid", reason: "YAML aliases are how a tiny header expands to gigabytes",
			doc: article.Document{Content: []byte(aliasBomb)}, kind: article.ErrInvalid, field: "document.content", mentions: "aliases",
		},
		{
			name: "unclosed_front_matter_is_invalid", reason: "a truncated crawl loses the closing ---",
			doc: article.Document{Content: []byte("---\ntitle: x\n<p>body</p>\n")}, kind: article.ErrInvalid, field: "document.content", mentions: "never closed",
		},
		{
			name: "front_matter_over_limit_is_exhausted", reason: "max_front_matter_bytes bounds the YAML parser's input",
			doc:    article.Document{Content: []byte("---\ntitle: '" + strings.Repeat("t", 5000) + "'\n---\n<p>x</p>")},
			limits: Limits{MaxDocumentBytes: 1 << 20, MaxFrontMatterBytes: 1024, MaxFrontMatterNodes: 100, MaxNestingDepth: 100},
			kind:   article.ErrTooLarge, field: "document.content", mentions: "limit of 1024 bytes",
		},
		{
			name: "too_many_yaml_nodes_is_exhausted", reason: "max_front_matter_nodes bounds a wide header",
			doc:    article.Document{Content: []byte("---\ncategories: [" + strings.Repeat("a,", 200) + "a]\n---\n<p>x</p>")},
			limits: Limits{MaxDocumentBytes: 1 << 20, MaxFrontMatterBytes: 1 << 16, MaxFrontMatterNodes: 100, MaxNestingDepth: 100},
			kind:   article.ErrTooLarge, field: "document.content", mentions: "limit of 100 nodes",
		},
		{
			name: "deep_nesting_is_exhausted", reason: "ten thousand nested divs must not reach a recursive consumer",
			doc:  article.Document{Content: []byte(strings.Repeat("<div>", 10000) + "x")},
			kind: article.ErrTooLarge, field: "document.content", mentions: "limit of 256 levels",
		},
		{
			name: "unknown_policy_is_invalid", reason: "a typo in a policy name must not silently fall back",
			doc: article.Document{Content: []byte("<p>x</p>"), Policy: "nope"}, kind: article.ErrInvalid, field: "document.policy", mentions: "nope",
		},
		{
			name: "unknown_charset_is_invalid", reason: "a charset we cannot decode must not be guessed",
			doc: article.Document{Content: []byte("<p>x</p>"), Charset: "klingon"}, kind: article.ErrInvalid, field: "document.charset",
		},
		{
			name: "relative_source_url_is_invalid", reason: "links cannot be resolved against a relative base",
			doc: article.Document{Content: []byte("<p>x</p>"), SourceURL: "/news/1"}, kind: article.ErrInvalid, field: "document.source_url",
		},
		{
			name: "no_front_matter_uses_html_head", reason: "a plain page still yields an article from its <title> and <meta>",
			doc: article.Document{Content: []byte(`<html lang="en"><head><title>Plain &amp; simple</title><meta name="author" content="Ann"><meta property="article:published_time" content="2021-09-24T11:51:18+08:00"></head><body><p>Body text.</p></body></html>`)},
			checkArt: func(tb testing.TB, a *article.Article) {
				want(tb, "title", a.Title, "Plain & simple")
				want(tb, "author", a.Author, "Ann")
				want(tb, "published_at", a.PublishedAt.Format(time.RFC3339), "2021-09-24T03:51:18Z")
				want(tb, "body_text", a.BodyText, "Body text.")
			},
		},
		{
			name: "invalid_utf8_is_replaced_with_warning", reason: "a truncated multibyte character must not lose the article",
			doc: article.Document{Content: []byte("---\ntitle: ok\n---\n<p>caf\xc3</p>"), Charset: "utf-8"},
			checkArt: func(tb testing.TB, a *article.Article) {
				want(tb, "body_text", a.BodyText, "caf\uFFFD")
			},
			wantWarns: []string{"document.content"},
		},
		{
			name: "gbk_bytes_are_decoded", reason: "Chinese sites still serve GBK; no hint is needed",
			doc: article.Document{Content: gbk(t, "---\ntitle: 中国外贸增长\nauthor: 新浪财经\n---\n<p>　　海关总署公布的数据显示，今年前两个月我国进出口总值同比增长。</p>")},
			checkArt: func(tb testing.TB, a *article.Article) {
				want(tb, "title", a.Title, "中国外贸增长")
				want(tb, "author", a.Author, "新浪财经")
				want(tb, "body_text", a.BodyText, "海关总署公布的数据显示，今年前两个月我国进出口总值同比增长。")
			},
		},
		{
			name: "invalid_date_leaves_date_unset", reason: "the corpus says `date: Invalid Date`; inventing one would be a lie",
			doc: article.Document{Content: []byte("---\ntitle: x\ndate: Invalid Date\n---\n<p>x</p>")},
			checkArt: func(tb testing.TB, a *article.Article) {
				if !a.PublishedAt.IsZero() {
					tb.Errorf("published_at = %v, want unset", a.PublishedAt)
				}
				want(tb, "published_at_raw", a.PublishedAtRaw, "Invalid Date")
			},
			wantWarns: []string{"front_matter.date"},
		},
		{
			name: "null_time_placeholder_is_not_a_date", reason: "`null:null` stands for an unknown time of day",
			doc: article.Document{Content: []byte("---\ntitle: x\ndate: 2022-03-26 null:null\n---\n<p>開演 2022-03-26 null:null</p>")},
			checkArt: func(tb testing.TB, a *article.Article) {
				if !a.PublishedAt.IsZero() {
					tb.Errorf("published_at = %v, want unset", a.PublishedAt)
				}
				want(tb, "body_text", a.BodyText, "開演 2022-03-26 null:null")
			},
			wantWarns: []string{"front_matter.date"},
		},
		{
			name: "nested_and_dashed_categories_are_flattened", reason: "crawlers write ` -  - x` and '- x' for categories",
			doc: article.Document{Content: []byte("---\ncategories:\n - 编程\n -  - 图灵奖获得者\n - '- ACM'\n - ACM\n---\n<p>x</p>")},
			checkArt: func(tb testing.TB, a *article.Article) {
				want(tb, "categories", strings.Join(a.Categories, "|"), "编程|图灵奖获得者|ACM")
			},
		},
		{
			name: "multiline_quoted_title_is_one_line", reason: "YAML folds a quoted title over several lines",
			doc: article.Document{Content: []byte("---\ntitle: '@003_miss_ \"\n  よろしく\n\n  コピペ用\n  \"'\n---\n<p>x</p>")},
			checkArt: func(tb testing.TB, a *article.Article) {
				want(tb, "title", a.Title, `@003_miss_ " よろしく コピペ用 "`)
			},
		},
		{
			name: "zoneless_date_in_configured_zone", reason: "zone-less local times are read in the configured default zone",
			doc: article.Document{Content: []byte("---\ndate: 2021-04-11 00:30:33\n---\n<p>x</p>")},
			checkArt: func(tb testing.TB, a *article.Article) {
				want(tb, "published_at", a.PublishedAt.Format(time.RFC3339), "2021-04-11T00:30:33Z")
			},
		},
		{
			name: "title_entities_decoded", reason: "titles arrive entity-escaped",
			doc: article.Document{Content: []byte("---\ntitle: ' &quot;双十一&quot;  来了 '\n---\n<p>x</p>")},
			checkArt: func(tb testing.TB, a *article.Article) {
				want(tb, "title", a.Title, `"双十一" 来了`)
			},
		},
		{
			name: "only_markup_yields_empty_article", reason: "a body that is all script still gives an article, with nothing in it",
			doc: article.Document{Content: []byte("---\ntitle: t\n---\n<script>alert(1)</script><style>p{}</style><!-- c -->")},
			checkArt: func(tb testing.TB, a *article.Article) {
				want(tb, "body_html", a.BodyHTML, "")
				want(tb, "body_text", a.BodyText, "")
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPipeline(t, Config{Limits: tt.limits})
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			a, err := p.Process(ctx, tt.doc)
			if tt.kind != nil {
				var fe *article.FieldError
				if !errors.As(err, &fe) || !errors.Is(err, tt.kind) {
					t.Fatalf("err = %v, want a %v field error (%s)", err, tt.kind, tt.reason)
				}
				want(t, "field", fe.Field, tt.field)
				if !strings.Contains(fe.Description, tt.mentions) {
					t.Errorf("description %q does not mention %q", fe.Description, tt.mentions)
				}
				return
			}
			if err != nil {
				t.Fatalf("process: %v (%s)", err, tt.reason)
			}
			tt.checkArt(t, a)
			var fields []string
			for _, w := range a.Warnings {
				fields = append(fields, w.Field)
			}
			want(t, "warnings", strings.Join(fields, ","), strings.Join(tt.wantWarns, ","))
		})
	}
}

func want(tb testing.TB, what, got, expected string) {
	tb.Helper()
	if got != expected {
		tb.Errorf("%s = %q, want %q", what, got, expected)
	}
}
