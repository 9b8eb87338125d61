//go:build browser

package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"articleservice/sanitize"
	"articleservice/service/article"
	"articleservice/service/page"
	"articleservice/service/pipeline"
)

// payload is one entry of the testdata/xss/*.json lists.
type payload struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Payload string `json:"payload"`
}

const (
	// pageBatch is the number of outputs on one page: articles are
	// longer than sanitized payloads alone.
	pageBatch = 30
	// pageTabs is the number of pages checked at once.
	pageTabs = 2
	// pageReported bounds the failures printed in full.
	pageReported = 25
)

func loadXSSPayloads(t *testing.T) []payload {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "xss", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/xss/*.json files")
	}
	var all []payload
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var ps []payload
		if err := json.Unmarshal(src, &ps); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(ps) == 0 {
			t.Fatalf("%s: no payloads", f)
		}
		all = append(all, ps...)
	}
	return all
}

// wrapper puts a payload inside the article of a whole page.
type wrapper struct {
	name string
	doc  func(payload string) article.Document
	// around is text next to the payload: an article that holds it kept
	// the payload's surroundings, so the sanitizer, not extraction, had
	// the last word on the payload.
	around string
}

// The pages' prose: long enough, with commas and without links, for
// extraction to take the article and leave the chrome.
var (
	enProse = []string{
		"The river rose three metres overnight, flooding the lower town, and the council opened the school hall to the families who had to leave their homes before dawn.",
		"By noon the water had reached the market square, where traders carried their stock to the upper floors, and volunteers filled sandbags along the old stone bridge.",
		"Engineers said the new flood wall, finished only last spring, had held along most of its length, though a section near the railway station gave way shortly after ten.",
		"Forecasters expect the rain to ease by Thursday, but they warned that the ground is saturated, so even a light shower could send the river over its banks again.",
	}
	zhProse = []string{
		"受持续强降雨影响，长江中下游干流水位全线上涨，武汉关水位昨日超过警戒线，防汛部门已启动四级应急响应。",
		"沿江各地组织干部群众上堤巡查，重点排查管涌、渗漏等险情，确保大堤安全，同时转移低洼地区的群众。",
		"气象部门预计，未来三天流域内仍有大到暴雨，局部地区雨量可能超过一百毫米，需防范山洪和城市内涝。",
	}
)

const (
	enHead = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>River floods the lower town | The Valley Courier</title>
<meta name="description" content="Hundreds leave their homes as the water rises."><meta property="og:title" content="River floods the lower town">
<link rel="stylesheet" href="/site.css"></head>
<body><header class="site-header"><a href="/">The Valley Courier</a></header>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<main><article><h1>Water reaches the market square</h1>
`
	enTail = `</article>
<aside class="related"><h2>Related</h2><ul><li><a href="/sun">Sun returns to the valley</a></li></ul></aside></main>
<footer><p>© 2024 The Valley Courier. All rights reserved.</p></footer>
</body></html>
`
	zhHead = `---
title: 长江中下游进入主汛期
categories:
 - 新浪财经
 - 新浪财经－国內
---
<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>长江中下游进入主汛期_新浪财经</title>
<meta name="keywords" content="长江,汛期"></head>
<body><div class="top-nav"><a href="/">首页</a> <a href="/news">新闻</a> <a href="/finance">财经</a></div>
<div class="main-content"><h1 class="main-title">长江干流水位全线上涨</h1><div class="article" id="artibody">
`
	zhTail = `</div></div>
<div class="related"><a href="/1">国务院常务会议部署进一步做好防汛抗旱工作</a></div>
<div class="footer">新浪公司 版权所有</div>
</body></html>
`
)

var wrappers = []wrapper{
	{
		// The payload in the middle of a sentence of the article, as a
		// comment quoted in a story would be.
		name: "in a paragraph",
		doc: func(pl string) article.Document {
			return article.Document{Content: []byte(enHead +
				"<p>" + enProse[0] + "</p>\n<p>" + enProse[1] + " A reader wrote: " + pl + " and the editor replied.</p>\n" +
				"<p>" + enProse[2] + "</p>\n<p>" + enProse[3] + "</p>\n" + enTail)}
		},
		around: "A reader wrote:",
	},
	{
		// The payload as a block of its own between paragraphs, on a page
		// with a source URL, against which relative URLs are resolved.
		name: "a block between paragraphs, with a source URL",
		doc: func(pl string) article.Document {
			return article.Document{SourceURL: "https://news.example.com/2024/05/story.html", Content: []byte(enHead +
				"<p>" + enProse[0] + "</p>\n<p>" + enProse[1] + "</p>\n" + pl + "\n" +
				"<p>" + enProse[2] + "</p>\n<p>" + enProse[3] + "</p>\n" + enTail)}
		},
		around: enProse[2],
	},
	{
		// A Chinese page behind front matter that selects the sina
		// policy, the payload in a paragraph.
		name: "in a Chinese paragraph, sina policy",
		doc: func(pl string) article.Document {
			return article.Document{Content: []byte(zhHead +
				"<p>" + zhProse[0] + "</p>\n<p>" + zhProse[1] + pl + "。</p>\n<p>" + zhProse[2] + "</p>\n" + zhTail)}
		},
		around: zhProse[1],
	},
}

// pageUse is one processing of a page that gave an output.
type pageUse struct {
	payload string // id
	wrapper string
	policy  string
	src     string
}

// TestBrowserXSSFullPages puts every payload of testdata/xss inside the
// article of whole pages, sends each page through the whole pipeline
// (main-content extraction, then the sanitizer) and loads each distinct
// Article.BodyHTML in headless Chromium, as a server-rendered page and
// through innerHTML and a cloned <template>. It fails if any script runs,
// a click navigates to a javascript: URL, or the parsed DOM holds markup
// that can run script.
func TestBrowserXSSFullPages(t *testing.T) {
	start := time.Now()
	set, err := sanitize.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	p := pipeline.New(pipeline.Config{Limits: pipeline.DefaultLimits()}, set)
	payloads := loadXSSPayloads(t)

	var outs []string
	index := map[string]int{}
	var uses [][]pageUse
	processed, refused, fragments := 0, 0, 0
	policies := map[string]int{}
	kept := map[string]int{} // by wrapper: articles that kept the payload's surroundings
	for _, pl := range payloads {
		for _, w := range wrappers {
			processed++
			a, err := p.Process(context.Background(), w.doc(pl.Payload))
			if errors.Is(err, article.ErrTooLarge) {
				refused++ // refusing the input is safe
				continue
			}
			if err != nil {
				t.Errorf("%s %s: Process: %v", pl.ID, w.name, err)
				continue
			}
			if a.Extraction != article.ExtractionPage {
				// The wrapper did not exercise the page path.
				fragments++
				t.Errorf("%s %s: extraction %q, want page", pl.ID, w.name, a.Extraction)
			}
			policies[a.Policy.Name]++
			if strings.Contains(a.BodyText, w.around) {
				kept[w.name]++
			}
			i, ok := index[a.BodyHTML]
			if !ok {
				i = len(outs)
				index[a.BodyHTML] = i
				outs = append(outs, a.BodyHTML)
				uses = append(uses, nil)
			}
			uses[i] = append(uses[i], pageUse{pl.ID, w.name, a.Policy.Name, pl.Payload})
		}
	}
	processTime := time.Since(start)

	h, err := StartHarness(Config{Tabs: pageTabs})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Minute)
	defer cancel()
	var st Stats
	fails := h.CheckAll(ctx, outs, pageBatch, &st)

	var pol []string
	for _, name := range slices.Sorted(maps.Keys(policies)) {
		pol = append(pol, fmt.Sprintf("%s %d", name, policies[name]))
	}
	t.Logf("payloads x full-page wrappers: %d x %d = %d pages through pipeline.Process (%d refused as too large, %d not extracted as pages); policies applied: %s",
		len(payloads), len(wrappers), processed, refused, fragments, strings.Join(pol, ", "))
	var keptBy []string
	for _, w := range wrappers {
		keptBy = append(keptBy, fmt.Sprintf("%s %d of %d", w.name, kept[w.name], len(payloads)))
	}
	t.Logf("articles that kept the text around the payload: %s", strings.Join(keptBy, "; "))
	t.Logf("distinct articles loaded: %d, each in %d modes (%s)", len(outs), len(Modes), pageModeNames())
	t.Logf("pages loaded: %d (%d batches of up to %d articles, %d single-article pages, %d of them for articles that parsed differently in their batch); %d elements clicked",
		h.Loads(), st.Batches.Load(), pageBatch, st.Singles.Load(), st.Unverified.Load(), st.Clicked.Load())
	failed := map[int]bool{}
	for _, f := range fails {
		for _, i := range f.Outputs {
			failed[i] = true
		}
	}
	t.Logf("failures (executions or dangerous markup): %d (%d distinct articles)", len(fails), len(failed))
	t.Logf("requests for other hosts, answered by the test server as the browser's proxy: %d", h.Proxied())
	t.Logf("time: %s (processing %s)", time.Since(start).Round(time.Millisecond), processTime.Round(time.Millisecond))

	for n, f := range fails {
		if n == pageReported {
			t.Errorf("... and %d more failures", len(fails)-pageReported)
			break
		}
		t.Error(describePageFailure(f, outs, uses))
	}
}

func pageModeNames() string {
	var s []string
	for _, m := range Modes {
		s = append(s, string(m))
	}
	return strings.Join(s, ", ")
}

// describePageFailure names the article, the payloads and wrappers that
// give it, and what the browser saw.
func describePageFailure(f Failure, outs []string, uses [][]pageUse) string {
	var b strings.Builder
	fmt.Fprintf(&b, "UNSAFE in mode %s", f.Mode)
	if len(f.Outputs) > 1 {
		fmt.Fprintf(&b, " (only together, in a batch of %d articles)", len(f.Outputs))
	}
	b.WriteString(":\n")
	for k, i := range f.Outputs {
		if k == 5 {
			fmt.Fprintf(&b, "  ... and %d more articles\n", len(f.Outputs)-5)
			break
		}
		us := uses[i]
		var names []string
		for _, u := range us {
			names = append(names, u.payload+" ("+u.wrapper+", policy "+u.policy+")")
		}
		if len(names) > 8 {
			names = append(names[:8], fmt.Sprintf("... %d more", len(names)-8))
		}
		fmt.Fprintf(&b, "  article %q\n  from payload %q\n  payloads (wrapper, policy): %s\n", outs[i], us[0].src, strings.Join(names, ", "))
	}
	for k, fd := range f.Findings {
		if k == 12 {
			fmt.Fprintf(&b, "  ... and %d more findings\n", len(f.Findings)-12)
			break
		}
		fmt.Fprintf(&b, "  - %s\n", fd)
	}
	return b.String()
}

// TestBrowserFullPageControl: the full-page suite can fail. Unsafe
// payloads in the same wrappers, with the article extracted but not
// sanitized, are each reported, in every mode; the same pages through the
// whole pipeline, and a harmless payload, are not.
func TestBrowserFullPageControl(t *testing.T) {
	unsafe := []string{
		`<img src=x onerror=alert(1)>`,
		`<a href="javascript:alert(2)">the gauge data</a>`,
		`<video><source onerror="alert(3)"></video>`,
		`<details open ontoggle="print()">more</details>`,
		`<iframe srcdoc="<script>confirm(4)</script>"></iframe>`,
	}
	set, err := sanitize.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	p := pipeline.New(pipeline.Config{Limits: pipeline.DefaultLimits()}, set)
	var raw, safe []string
	for _, pl := range unsafe {
		for _, w := range wrappers {
			doc := w.doc(pl)
			body := doc.Content
			if i := bytes.Index(body, []byte("<!DOCTYPE")); i > 0 {
				body = body[i:] // past the front matter
			}
			pg, err := page.Parse(body, page.Limits{MaxDepth: 256})
			if err != nil {
				t.Fatal(err)
			}
			res := page.Extract(pg, page.Options{})
			var b bytes.Buffer
			if err := html.Render(&b, res.Article); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), "alert") && !strings.Contains(b.String(), "print()") && !strings.Contains(b.String(), "confirm") {
				t.Fatalf("%s %q: extraction alone left out the payload, so the control shows nothing: %s", w.name, pl, b.String())
			}
			raw = append(raw, b.String())
			a, err := p.Process(context.Background(), doc)
			if err != nil {
				t.Fatal(err)
			}
			safe = append(safe, a.BodyHTML)
		}
	}
	a, err := p.Process(context.Background(), wrappers[0].doc(`<b>harmless</b>`))
	if err != nil {
		t.Fatal(err)
	}
	safe = append(safe, a.BodyHTML)

	h, err := StartHarness(Config{Tabs: pageTabs})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	outs := append(slices.Clone(raw), safe...)
	var st Stats
	fails := h.CheckAll(ctx, outs, 8, &st)
	got := map[Mode]map[int]bool{SSR: {}, Inner: {}}
	for _, f := range fails {
		for _, i := range f.Outputs {
			got[f.Mode][i] = true
		}
		if len(f.Outputs) != 1 {
			t.Errorf("%s: a failure of %d articles, want each unsafe one alone: %v", f.Mode, len(f.Outputs), f.Findings)
		}
	}
	for _, mode := range Modes {
		for i := range outs {
			switch {
			case i < len(raw) && !got[mode][i]:
				t.Errorf("%s: unsanitized article %d not reported: %q", mode, i, outs[i])
			case i >= len(raw) && got[mode][i]:
				t.Errorf("%s: sanitized article %d reported: %q", mode, i, outs[i])
			}
		}
	}
	t.Logf("%d unsanitized articles (%d payloads x %d wrappers) reported in %d of %d mode checks; %d sanitized articles clean; %d pages loaded",
		len(raw), len(unsafe), len(wrappers), len(got[SSR])+len(got[Inner]), 2*len(raw), len(safe), h.Loads())
}
