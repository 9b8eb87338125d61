package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// wholePage is a saved web page: chrome around an article, a hidden
// newsletter box between the article and the footer, and a relative link
// in the article.
const wholePage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Harbour bridge reopens after two years of repairs</title></head>
<body>
<nav id="top"><ul><li><a href="/world/">World</a></li><li><a href="/business/">Business</a></li><li><a href="/sport/">Sport</a></li><li><a href="/contact/">Contact</a></li></ul></nav>
<div id="main">
<article>
<h1>Harbour bridge reopens after two years of repairs</h1>
<p>The harbour bridge reopened to traffic on Monday morning after two years of repairs that replaced its deck, its cables and most of the steel of its northern span, the city's transport office said.</p>
<p>Engineers found the corrosion during a routine inspection and closed the bridge within a week. Ferries carried commuters across the harbour while the work went on, and the city added buses on the inland route.</p>
<p>The repairs cost more than the original estimate, mostly because of the price of steel, according to a <a href="/reports/bridge-2024.html">report by the city's auditors</a> published last month.</p>
<p>Traffic is expected to return to its level before the closure within a few weeks, and the ferry timetable will go back to its winter schedule at the end of the month.</p>
</article>
</div>
<div class="newsletter" style="display:none">Subscribe to our newsletter</div>
<footer class="site-footer"><p>© 2024 Example News · <a href="/privacy">Privacy</a> · <a href="/terms">Terms</a></p></footer>
</body></html>
`

// articleOut is the part of an output line these tests read.
type articleOut struct {
	ID         string `json:"id"`
	BodyHTML   string `json:"bodyHtml"`
	SourceURL  string `json:"sourceUrl"`
	Extraction string `json:"extraction"`
	Policy     struct {
		Name string `json:"name"`
	} `json:"policy"`
	Links []struct {
		URL string `json:"url"`
	} `json:"links"`
	Dropped []struct {
		Reason, Path, Text string
	} `json:"dropped"`
}

// parseArticles reads stdout as one JSON object per line.
func parseArticles(tb testing.TB, stdout string) []articleOut {
	tb.Helper()
	var out []articleOut
	for _, l := range strings.SplitAfter(stdout, "\n") {
		if l == "" {
			continue
		}
		if !strings.HasSuffix(l, "\n") {
			tb.Fatalf("stdout does not end with a newline: %q", l)
		}
		var a articleOut
		if err := json.Unmarshal([]byte(l), &a); err != nil {
			tb.Fatalf("stdout line is not one JSON object: %v\n%s", err, l)
		}
		out = append(out, a)
	}
	return out
}

func writePage(tb testing.TB, name, content string) string {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}

func TestProcessExplainListsDroppedBlocksInPageOrder(t *testing.T) {
	page := writePage(t, "page.html", wholePage)
	fragment := filepath.Join(corpusDir, "0002.md")
	for _, mode := range [][]string{nil, {"--addr", startServer(t)}} {
		r := ctl(t, "", append(append([]string{"process", "--explain"}, mode...), page, fragment)...)
		if r.code != exitOK {
			t.Fatalf("%v: exit %d, stderr %q", mode, r.code, r.stderr)
		}
		arts := parseArticles(t, r.stdout)
		if len(arts) != 2 {
			t.Fatalf("%v: %d output lines, want one per input", mode, len(arts))
		}
		if arts[0].Extraction != "EXTRACTION_PAGE" || arts[1].Extraction != "EXTRACTION_FRAGMENT" {
			t.Errorf("%v: extraction %q and %q, want a page then a fragment", mode, arts[0].Extraction, arts[1].Extraction)
		}
		if len(arts[0].Dropped) < 3 {
			t.Errorf("%v: the page's JSON lists %d dropped blocks, want nav, hidden box and footer", mode, len(arts[0].Dropped))
		}

		// stderr: the page's explanation, then the fragment's.
		pageAt, fragAt := strings.Index(r.stderr, page+": extraction page"), strings.Index(r.stderr, fragment+": extraction fragment")
		if pageAt < 0 || fragAt < pageAt {
			t.Fatalf("%v: stderr lacks the page's then the fragment's explanation:\n%s", mode, r.stderr)
		}
		explained := r.stderr[pageAt:fragAt]
		for _, re := range []string{
			`(?m)^    extract:chrome +2$`,
			`(?m)^    extract:hidden +1$`,
			`(?m)^    REASON +CHARS +PATH +TEXT — WHY$`,
		} {
			if !regexp.MustCompile(re).MatchString(explained) {
				t.Errorf("%v: explanation does not match %s:\n%s", mode, re, explained)
			}
		}
		// One line per block, in page order: the nav, the hidden box (which
		// the service lists first), then the footer.
		blocks := []*regexp.Regexp{
			regexp.MustCompile(`(?m)^    extract:chrome +\d+  nav#top +"World Business Sport Contact" — <nav> is page chrome$`),
			regexp.MustCompile(`(?m)^    extract:hidden +27  html>body>div\.newsletter +"Subscribe to our newsletter" — .+$`),
			regexp.MustCompile(`(?m)^    extract:chrome +\d+  html>body>footer\.site-footer +"© 2024 Example News · Privacy · Terms" — <footer> is page chrome$`),
		}
		last := -1
		for _, re := range blocks {
			loc := re.FindStringIndex(explained)
			if loc == nil {
				t.Errorf("%v: no line matches %s:\n%s", mode, re, explained)
				continue
			}
			if loc[0] < last {
				t.Errorf("%v: %s is listed out of page order:\n%s", mode, re, explained)
			}
			last = loc[0]
		}
		if strings.Contains(r.stderr, "{") {
			t.Errorf("%v: JSON on stderr:\n%s", mode, r.stderr)
		}
	}
}

func TestProcessExplainWithHTML(t *testing.T) {
	r := ctl(t, wholePage, "process", "--explain", "--html", "-")
	if r.code != exitOK || strings.Contains(r.stdout, "nav") || !strings.HasPrefix(r.stdout, "<div>") {
		t.Errorf("exit %d, stdout %q", r.code, r.stdout)
	}
	if !strings.Contains(r.stderr, "-: extraction page") || !strings.Contains(r.stderr, "nav#top") {
		t.Errorf("stderr %q", r.stderr)
	}
}

func TestProcessSourceURL(t *testing.T) {
	page := writePage(t, "bridge.html", wholePage)
	const src = "https://news.example.com/2024/05/bridge.html"
	for _, mode := range [][]string{nil, {"--addr", startServer(t)}} {
		plain := ctl(t, "", append(append([]string{"process"}, mode...), page)...)
		withURL := ctl(t, "", append(append([]string{"process", "--source-url", src}, mode...), page)...)
		if plain.code != exitOK || withURL.code != exitOK {
			t.Fatalf("%v: exit %d and %d, stderr %q %q", mode, plain.code, withURL.code, plain.stderr, withURL.stderr)
		}
		a, b := parseArticles(t, plain.stdout)[0], parseArticles(t, withURL.stdout)[0]
		if strings.Contains(a.BodyHTML, "https://news.example.com/") {
			t.Errorf("%v: without --source-url the body already has absolute links: %s", mode, a.BodyHTML)
		}
		if !strings.Contains(b.BodyHTML, `href="https://news.example.com/reports/bridge-2024.html"`) {
			t.Errorf("%v: the relative link is not resolved against --source-url: %s", mode, b.BodyHTML)
		}
		if len(b.Links) != 1 || b.Links[0].URL != "https://news.example.com/reports/bridge-2024.html" {
			t.Errorf("%v: links %+v", mode, b.Links)
		}
		if b.SourceURL != src {
			t.Errorf("%v: sourceUrl %q", mode, b.SourceURL)
		}
		if a.ID == b.ID || !strings.HasPrefix(b.ID, "u") {
			t.Errorf("%v: ids %q without and %q with --source-url; want a different, URL-derived (u…) id", mode, a.ID, b.ID)
		}

		// The URL's host selects the site's policy.
		r := ctl(t, "", append(append([]string{"process", "--source-url", "https://sspai.com/post/1"}, mode...), page)...)
		if r.code != exitOK || parseArticles(t, r.stdout)[0].Policy.Name != "sspai" {
			t.Errorf("%v: a sspai.com URL: exit %d, stdout %q, stderr %q; want policy sspai", mode, r.code, r.stdout, r.stderr)
		}
	}
}

// readSpy fails the test when anything reads it.
type readSpy struct{ tb testing.TB }

func (s readSpy) Read([]byte) (int, error) {
	s.tb.Error("stdin was read")
	return 0, io.EOF
}

func TestProcessBadSourceURLFailsBeforeAnyWork(t *testing.T) {
	// An address nothing listens on: dialing it would fail otherwise.
	for _, mode := range [][]string{nil, {"--addr", "127.0.0.1:1"}} {
		for _, bad := range []string{"ftp://x", "not a url", "/news/1.html", "news.example.com/1.html", "https://", "http:opaque", "https://exa mple.com/"} {
			var out, errb strings.Builder
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			args := append(append([]string{"process", "--source-url", bad}, mode...), filepath.Join(t.TempDir(), "missing.md"), "-")
			code := run(ctx, args, readSpy{t}, &out, &errb)
			cancel()
			if code != exitUsage {
				t.Errorf("%v %q: exit %d, want %d", mode, bad, code, exitUsage)
			}
			if want := `articlectl: --source-url "` + bad + `": must be an absolute http:// or https:// URL`; !strings.HasPrefix(errb.String(), want) {
				t.Errorf("%v %q: stderr %q, want it to start with %q", mode, bad, errb.String(), want)
			}
			if strings.Contains(errb.String(), "missing.md") || out.Len() != 0 {
				t.Errorf("%v %q: inputs were processed: stdout %q, stderr %q", mode, bad, out.String(), errb.String())
			}
		}
	}
}

func TestProcessHelpNamesTheNewFlags(t *testing.T) {
	r := ctl(t, "", "process", "--help")
	for _, want := range []string{"-source-url string", "-explain", "The\none URL applies to every input given", "in page order"} {
		if r.code != exitOK || !strings.Contains(r.stdout, want) {
			t.Errorf("process --help: exit %d, stdout lacks %q:\n%s", r.code, want, r.stdout)
		}
	}
}
