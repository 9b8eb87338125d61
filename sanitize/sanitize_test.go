package sanitize_test

import (
	"net/url"
	"testing"

	"articleservice/sanitize"
)

// allReasons lists every Reason a Report counts.
var allReasons = []sanitize.Reason{
	sanitize.ReasonComment, sanitize.ReasonScript, sanitize.ReasonStyle, sanitize.ReasonSubtree,
	sanitize.ReasonElement, sanitize.ReasonEventHandler, sanitize.ReasonUnsafeURL, sanitize.ReasonAttribute,
}

// counts is an expected Report: reasons not listed must count zero.
type counts map[sanitize.Reason]int

func mustURL(tb testing.TB, raw string) *url.URL {
	tb.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		tb.Fatal(err)
	}
	return u
}

// checkReport fails tb unless r counts exactly want.
func checkReport(tb testing.TB, r *sanitize.Report, want counts) {
	tb.Helper()
	total := 0
	for _, reason := range allReasons {
		if got := r.Count(reason); got != want[reason] {
			tb.Errorf("Report.Count(%s) = %d, want %d", reason, got, want[reason])
		}
		total += want[reason]
	}
	if got := r.Total(); got != total {
		tb.Errorf("Report.Total() = %d, want %d", got, total)
	}
}

const article = "https://news.example/a/b.html"

func TestSanitize(t *testing.T) {
	const rel = ` rel="nofollow noreferrer noopener" target="_blank"`
	tests := []struct {
		name   string
		reason string
		policy string // "" is the default policy
		base   string // BaseURL; "" for none
		in     string
		want   string
		report counts
	}{
		// Schemes browsers would run.
		{
			name:   "drops_tab_split_javascript_scheme",
			reason: "browsers drop a tab inside a scheme, so java<TAB>script: is javascript:",
			in:     "<a href=\"java\tscript:alert(1)\">x</a>",
			want:   "x",
			report: counts{sanitize.ReasonUnsafeURL: 1},
		},
		{
			name:   "drops_control_char_and_newline_split_scheme",
			reason: "leading space and embedded newline/NUL are ignored by browsers too",
			in:     "<a href=\" jav\nas\x00cript:alert(1)\">x</a>",
			want:   "x",
			report: counts{sanitize.ReasonUnsafeURL: 1},
		},
		{
			name:   "drops_entity_encoded_javascript_scheme",
			reason: "attribute values are entity-decoded before the URL is read",
			in:     `<a href="&#106;avascript&#x3A;alert(1)">x</a>`,
			want:   "x",
			report: counts{sanitize.ReasonUnsafeURL: 1},
		},
		{
			name:   "drops_mixed_case_scheme",
			reason: "schemes are case-insensitive",
			in:     `<A HREF="JaVaScRiPt:alert(1)">x</A>`,
			want:   "x",
			report: counts{sanitize.ReasonUnsafeURL: 1},
		},
		{
			name:   "drops_data_image_src",
			reason: "data: URLs can carry SVG with script; the img has nothing left to show",
			in:     `<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" alt="a">`,
			want:   `<img alt="a">`,
			report: counts{sanitize.ReasonUnsafeURL: 1},
		},
		{
			name:   "drops_unsafe_cite",
			reason: "cite is a URL attribute too",
			in:     `<blockquote cite="vbscript:msgbox(1)">q</blockquote>`,
			want:   `<blockquote>q</blockquote>`,
			report: counts{sanitize.ReasonUnsafeURL: 1},
		},
		{
			name:   "drops_relative_url_resolved_to_unsafe_base",
			reason: "a hostile base URL must not turn a relative link into javascript:",
			base:   "javascript:alert(1)//",
			in:     `<a href="page.html">x</a>`,
			want:   "x",
			report: counts{sanitize.ReasonUnsafeURL: 1},
		},
		{
			name:   "keeps_mailto_link",
			reason: "mailto is an allowed scheme",
			in:     `<a href="mailto:desk@news.example">mail</a>`,
			want:   `<a href="mailto:desk@news.example">mail</a>`,
		},

		// Event handlers and attributes.
		{
			name:   "drops_event_handler",
			reason: "the classic <img src=x onerror=...>",
			base:   article,
			in:     `<img src=x onerror=alert(1)>`,
			want:   `<img src="https://news.example/a/x">`,
			report: counts{sanitize.ReasonEventHandler: 1},
		},
		{
			name:   "drops_uppercase_event_handler",
			reason: "attribute names are case-insensitive",
			in:     `<p ONCLICK="alert(1)" OnMouseOver=alert(2)>x</p>`,
			want:   `<p>x</p>`,
			report: counts{sanitize.ReasonEventHandler: 2},
		},
		{
			name:   "drops_style_and_unknown_attributes",
			reason: "style can load URLs and restyle the page; class and id are page chrome",
			in:     `<p style="background:url(javascript:alert(1))" class="lead" id="x">x</p>`,
			want:   `<p>x</p>`,
			report: counts{sanitize.ReasonAttribute: 3},
		},

		// Elements dropped with their content.
		{
			name:   "drops_script_with_content",
			reason: "script text is code, not article",
			in:     `<p>a</p><script>document.write("<p>b</p>")</script><p>c</p>`,
			want:   `<p>a</p><p>c</p>`,
			report: counts{sanitize.ReasonScript: 1},
		},
		{
			name:   "drops_style_with_content",
			reason: "style text is CSS, not article",
			in:     `<style>p{color:red}</style><p>a</p>`,
			want:   `<p>a</p>`,
			report: counts{sanitize.ReasonStyle: 1},
		},
		{
			name:   "drops_self_closed_script_content",
			reason: "browsers ignore the / of <script/>: what follows up to </script> is still script",
			in:     `<script/>alert(1)</script><p>after</p>`,
			want:   `<p>after</p>`,
			report: counts{sanitize.ReasonScript: 1},
		},
		{
			name:   "drops_self_closed_noscript_content",
			reason: "<noscript/> opens a noscript element; its raw text must not come back as markup",
			base:   article,
			in:     `<noscript/><img src=x onerror=alert(1)></noscript><p>after</p>`,
			want:   `<p>after</p>`,
			report: counts{sanitize.ReasonSubtree: 1},
		},
		{
			name:   "drops_script_inside_svg",
			reason: "<svg><script> runs in foreign content",
			in:     `<svg><script>alert(1)</script></svg><p>ok</p>`,
			want:   `<p>ok</p>`,
			report: counts{sanitize.ReasonSubtree: 1},
		},
		{
			name:   "keeps_content_after_self_closed_svg",
			reason: "foreign content honours <svg/>: it is empty and what follows is ordinary HTML",
			in:     `<svg/><p>after</p>`,
			want:   `<p>after</p>`,
			report: counts{sanitize.ReasonSubtree: 1},
		},
		{
			name:   "drops_math_namespace_confusion",
			reason: "the mglyph/style mXSS: a browser reads the img out of the style; everything in math goes",
			in:     `<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img src=1 onerror=alert(1)&gt;">`,
			want:   ``,
			report: counts{sanitize.ReasonSubtree: 1},
		},
		{
			name:   "drops_noscript_title_breakout",
			reason: "with scripting on, a browser ends noscript inside the title: the img is real markup",
			base:   article,
			in:     `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
			want:   `<img src="https://news.example/a/x">&#34;&gt;`,
			report: counts{sanitize.ReasonSubtree: 1, sanitize.ReasonEventHandler: 1},
		},
		{
			name:   "drops_template_content",
			reason: "template content is inert markup that scripts would clone, not article",
			in:     `<template><p>hidden</p></template><p>shown</p>`,
			want:   `<p>shown</p>`,
			report: counts{sanitize.ReasonSubtree: 1},
		},
		{
			name:   "drops_iframe_srcdoc",
			reason: "srcdoc is a whole document",
			in:     `<iframe srcdoc="<script>alert(1)</script>"></iframe><p>x</p>`,
			want:   `<p>x</p>`,
			report: counts{sanitize.ReasonSubtree: 1},
		},
		{
			name:   "drops_form_controls",
			reason: "forms post somewhere; inputs autofocus into handlers; button text is chrome",
			in:     `<form action="javascript:alert(1)"><input onfocus=alert(1) autofocus><button>Go</button></form>`,
			want:   ``,
			report: counts{sanitize.ReasonElement: 2, sanitize.ReasonSubtree: 1},
		},
		{
			name:   "drops_unclosed_head_but_keeps_body",
			reason: "</head> is optional: the body of <html><head>...<body> must survive",
			in:     `<html><head><meta charset=utf-8><title>T</title><body><p>content</p></body></html>`,
			want:   `<p>content</p>`,
			report: counts{sanitize.ReasonElement: 2, sanitize.ReasonSubtree: 1},
		},
		{
			name:   "drops_closed_head",
			reason: "a full page: the head is metadata, not article",
			in:     "<!DOCTYPE html><html><head><title>T</title><link rel=stylesheet href=a.css></head><body><p>content</p></body></html>",
			want:   `<p>content</p>`,
			report: counts{sanitize.ReasonElement: 2, sanitize.ReasonSubtree: 1},
		},

		// Comments.
		{
			name:   "drops_comment",
			reason: "conditional comments carry markup for old IE",
			in:     `<p>a<!--[if IE]><script>alert(1)</script><![endif]-->b</p>`,
			want:   `<p>ab</p>`,
			report: counts{sanitize.ReasonComment: 1},
		},
		{
			name:   "drops_unclosed_comment",
			reason: "an unclosed comment runs to the end of input and hides what follows",
			in:     `<p>a</p><!-- <img src=x onerror=alert(1)>`,
			want:   `<p>a</p>`,
			report: counts{sanitize.ReasonComment: 1},
		},

		// Text.
		{
			name:   "escapes_text_split_by_dropped_tag",
			reason: "dropping <x> must not splice the '<' before it onto the text after it into a tag",
			base:   article,
			in:     `<<x>img src=x onerror=alert(1)>`,
			want:   `&lt;img src=x onerror=alert(1)&gt;`,
			report: counts{sanitize.ReasonElement: 1},
		},
		{
			name:   "escapes_bare_angle_brackets",
			reason: "text that looks like markup stays text",
			in:     `<p>a < b & c > d</p>`,
			want:   `<p>a &lt; b &amp; c &gt; d</p>`,
		},
		{
			name:   "unwraps_disallowed_element_keeping_text",
			reason: "font and span are styling: their text is article",
			in:     `<p><font color=red>red</font> <span>plain</span></p>`,
			want:   `<p>red plain</p>`,
			report: counts{sanitize.ReasonElement: 2},
		},

		// URL rewriting.
		{
			name:   "upgrades_protocol_relative_url",
			reason: "//host inherits the scheme of the page it is served in; ours is https",
			in:     `<a href="//example.com/x">x</a>`,
			want:   `<a href="https://example.com/x"` + rel + `>x</a>`,
		},
		{
			name:   "resolves_relative_url",
			reason: "relative links mean nothing once the article leaves its page",
			base:   article,
			in:     `<a href="../c.html?q=1#f">c</a>`,
			want:   `<a href="https://news.example/c.html?q=1#f"` + rel + `>c</a>`,
		},
		{
			name:   "keeps_relative_url_without_base",
			reason: "without a base URL there is nothing to resolve against",
			in:     `<a href="c.html">c</a>`,
			want:   `<a href="c.html">c</a>`,
		},
		{
			name:   "keeps_fragment_link",
			reason: "an in-page anchor stays in-page",
			base:   article,
			in:     `<a href="#notes">n</a>`,
			want:   `<a href="#notes">n</a>`,
		},
		{
			name:   "promotes_lazy_data_original",
			reason: "lazy-loading pages put the real image in data-original and a placeholder in src",
			base:   article,
			in:     `<img data-original="/img/1.jpg" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="a">`,
			want:   `<img src="https://news.example/img/1.jpg" alt="a">`,
		},
		{
			name:   "promotes_lazy_data_src_without_src",
			reason: "a lazy image may have no src at all",
			in:     `<img data-src="https://cdn.example/1.jpg">`,
			want:   `<img src="https://cdn.example/1.jpg">`,
		},
		{
			name:   "drops_unsafe_lazy_source",
			reason: "a promoted source is checked like any src",
			in:     `<img data-src="javascript:alert(1)" alt="a">`,
			want:   `<img alt="a">`,
			report: counts{sanitize.ReasonUnsafeURL: 1},
		},
		{
			name:   "ignores_blank_lazy_attribute",
			reason: "an empty data-src is no source; the real src stays",
			in:     `<img data-src=" " src="https://cdn.example/1.jpg">`,
			want:   `<img src="https://cdn.example/1.jpg">`,
		},

		{
			name:   "matches_package_doc",
			reason: "the before/after in doc.go must stay true",
			in:     `<p onclick="steal()">Hi <script>alert(1)</script><img data-src="//img.example/a.jpg" src="blank.gif"></p><!-- ad -->`,
			want:   `<p>Hi <img src="https://img.example/a.jpg"></p>`,
			report: counts{sanitize.ReasonComment: 1, sanitize.ReasonEventHandler: 1, sanitize.ReasonScript: 1},
		},

		// The text policy.
		{
			name:   "text_unwraps_everything_but_paragraphs",
			reason: "the text policy keeps p and br only",
			policy: "text",
			in:     `<h1>Title</h1><p>para <a href="https://example.com/">link</a><br><img src=x></p>`,
			want:   `Title<p>para link<br></p>`,
			report: counts{sanitize.ReasonElement: 3},
		},
		{
			name:   "text_drops_script",
			reason: "script content is dropped under every policy",
			policy: "text",
			in:     `<p>a<script>alert(1)</script></p>`,
			want:   `<p>a</p>`,
			report: counts{sanitize.ReasonScript: 1},
		},
	}
	set := builtin(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := set.Lookup(tt.policy)
			if err != nil {
				t.Fatal(err)
			}
			var opt sanitize.Options
			if tt.base != "" {
				opt.BaseURL = mustURL(t, tt.base)
			}
			res, err := p.Sanitize([]byte(tt.in), opt)
			if err != nil {
				t.Fatalf("Sanitize(%q): %v", tt.in, err)
			}
			if got := string(res.HTML); got != tt.want {
				t.Errorf("Sanitize(%q)\n got: %s\nwant: %s\n(%s)", tt.in, got, tt.want, tt.reason)
			}
			checkReport(t, &res.Report, tt.report)
		})
	}
}
