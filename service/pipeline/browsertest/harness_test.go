//go:build browser

package browsertest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/debugger"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Mode is how an output is put into a page.
type Mode string

const (
	// SSR serves the output inside the body of the page's HTML.
	SSR Mode = "ssr"
	// Inner sets a container's innerHTML to the output, and clones it in
	// from a <template> whose innerHTML was set to it.
	Inner Mode = "inner"
)

// Modes are the embeddings every output is checked in.
var Modes = []Mode{SSR, Inner}

// Finding kinds: what the harness saw.
const (
	KindDOM        = "dom"        // dangerous markup in the parsed DOM
	KindScript     = "script"     // the debugger or the page's report-only CSP saw a script that is not the harness's
	KindTrap       = "trap"       // alert, confirm, prompt or print was called
	KindDialog     = "dialog"     // a JavaScript dialog opened
	KindNavigation = "navigation" // a navigation to javascript:, vbscript: or an HTML data: URL, or away from the page
	KindHarness    = "harness"    // the page could not be checked (counts as a failure)
)

// Finding is one thing that makes an output unsafe.
type Finding struct {
	Kind   string
	Detail string
}

func (f Finding) String() string { return f.Kind + ": " + f.Detail }

// PageResult is what one page load found. DOM findings are attributed to
// the output they were found in; script, trap, dialog and navigation
// findings are the page's, in Global.
type PageResult struct {
	PerOutput [][]Finding
	Global    []Finding
	// Unverified lists the outputs of a server-rendered batch that did not
	// parse as they parse alone (an unclosed element of one reached into
	// the next): they must be checked on a page of their own.
	Unverified []int
	Clicked    int
}

// Clean reports whether the page found nothing.
func (r *PageResult) Clean() bool {
	if len(r.Global) > 0 {
		return false
	}
	for _, f := range r.PerOutput {
		if len(f) > 0 {
			return false
		}
	}
	return true
}

// All returns every finding of the page.
func (r *PageResult) All() []Finding {
	all := slices.Clone(r.Global)
	for _, f := range r.PerOutput {
		all = append(all, f...)
	}
	return all
}

// Harness is a headless Chromium with a loopback test server that serves
// the pages to check. It is safe for concurrent use: Check takes a free tab.
type Harness struct {
	secret  string
	srv     *httptest.Server
	host    string // the server's host:port
	origin  string // http://host:port
	binding string // the CDP binding the traps report through
	trapURL string
	chkURL  string
	jsDir   string // origin/secret/js/: every harness script is below it

	mu    sync.Mutex
	files map[string]servedFile

	allocCancel, browserCancel context.CancelFunc
	browserCtx                 context.Context
	tabs                       chan *tab

	// SettleTime is how long the check waits for the page to settle
	// before it walks the DOM, and again after the clicks.
	SettleTime time.Duration
	// ClickSettleTime is how long it waits after each click, for the
	// navigation it starts: a later navigation would cancel a javascript:
	// URL that has not run yet.
	ClickSettleTime time.Duration
	// PageTimeout bounds one page check.
	PageTimeout time.Duration

	noTraps bool
	loads   atomic.Int64
	proxied atomic.Int64
}

type servedFile struct {
	contentType string
	body        []byte
}

// chromiumPath is the browser the harness starts.
func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// Config configures StartHarness.
type Config struct {
	// Tabs is the number of pages checked at once (default 1).
	Tabs int
	// NoTraps leaves alert, confirm, prompt and print as they are, so that
	// a call opens a real dialog: the negative control uses it to show that
	// the dialog check works without the traps.
	NoTraps bool
}

// StartHarness starts the test server and the browser.
func StartHarness(cfg Config) (*Harness, error) {
	tabs := max(cfg.Tabs, 1)
	exe := chromiumPath()
	if _, err := exec.LookPath(exe); err != nil {
		return nil, fmt.Errorf("chromium not found (set CHROMIUM to its path): %w", err)
	}
	var sec [16]byte
	if _, err := rand.Read(sec[:]); err != nil {
		return nil, err
	}
	h := &Harness{
		secret:          hex.EncodeToString(sec[:]),
		files:           map[string]servedFile{},
		SettleTime:      30 * time.Millisecond,
		ClickSettleTime: 10 * time.Millisecond,
		PageTimeout:     90 * time.Second,
		noTraps:         cfg.NoTraps,
	}
	h.binding = "__bt" + h.secret
	// httptest.NewServer listens on 127.0.0.1.
	h.srv = httptest.NewServer(http.HandlerFunc(h.serve))
	h.host = h.srv.Listener.Addr().String()
	if host, _, _ := net.SplitHostPort(h.host); host != "127.0.0.1" {
		h.srv.Close()
		return nil, fmt.Errorf("test server listens on %s, want 127.0.0.1", h.host)
	}
	h.origin = "http://" + h.host
	h.jsDir = h.origin + "/" + h.secret + "/js/"
	h.trapURL = h.jsDir + "trap.js"
	h.chkURL = h.jsDir + "check.js"

	profile, err := os.MkdirTemp("", "browsertest-profile-")
	if err != nil {
		h.srv.Close()
		return nil, err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(profile),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// Nothing leaves the machine: every request for another host goes
		// to the test server as a proxy, which answers 204; no name is
		// resolved; navigations are answered by the harness itself.
		chromedp.Flag("proxy-server", h.origin),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.Flag("force-webrtc-ip-handling-policy", "disable_non_proxied_udp"),
		// Keep every frame in the page's process, so that the page's CDP
		// session sees the scripts of all of them.
		chromedp.Flag("disable-site-isolation-trials", true),
		chromedp.Flag("disable-features", "IsolateOrigins,site-per-process,Translate,MediaRouter,OptimizationHints,HttpsUpgrades"),
	}
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	h.allocCancel = func() {
		allocCancel()
		os.RemoveAll(profile)
	}
	h.browserCtx, h.browserCancel = chromedp.NewContext(allocCtx)
	// The first Do starts the browser, which then lives as long as the
	// context: it must not be one with a timeout. Its first tab stays idle;
	// the checks run in tabs of their own.
	if err := chromedp.Do(h.browserCtx); err != nil {
		h.Close()
		return nil, fmt.Errorf("start chromium: %w", err)
	}
	h.tabs = make(chan *tab, tabs)
	for range tabs {
		t, err := h.newTab()
		if err != nil {
			h.Close()
			return nil, fmt.Errorf("start chromium: %w", err)
		}
		h.tabs <- t
	}
	return h, nil
}

// Close stops the browser and the server.
func (h *Harness) Close() {
	if h.browserCancel != nil {
		h.browserCancel()
	}
	if h.allocCancel != nil {
		h.allocCancel()
	}
	h.srv.Close()
}

// Loads is the number of pages loaded so far.
func (h *Harness) Loads() int64 { return h.loads.Load() }

// Proxied is the number of requests for other hosts that the test server
// answered as the browser's proxy: none of them left the machine.
func (h *Harness) Proxied() int64 { return h.proxied.Load() }

// serve answers the browser: the registered harness files, and an empty
// 204 for anything else, for this host or, as the browser's proxy, any
// other.
func (h *Harness) serve(w http.ResponseWriter, r *http.Request) {
	if r.Host != h.host {
		h.proxied.Add(1)
	}
	if r.Method == http.MethodGet && r.Host == h.host {
		h.mu.Lock()
		f, ok := h.files[r.URL.Path]
		h.mu.Unlock()
		if ok {
			w.Header().Set("Content-Type", f.contentType)
			w.Header().Set("Cache-Control", "no-store")
			if strings.HasPrefix(f.contentType, "text/html") {
				w.Header().Set("Content-Security-Policy-Report-Only", "script-src 'nonce-"+h.secret+"' 'report-sample'; report-uri /"+h.secret+"/csp")
			}
			w.Write(f.body)
			return
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *Harness) register(path, contentType string, body []byte) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.files[path] = servedFile{contentType, body}
	return h.origin + path
}

func (h *Harness) unregister(paths ...string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, p := range paths {
		delete(h.files, p)
	}
}

// ownScript reports whether a script URL is one of the harness's own. The
// secret in the path cannot be guessed by markup.
func (h *Harness) ownScript(url string) bool {
	return strings.HasPrefix(url, h.jsDir)
}

// ssrPrefix and ssrSuffix frame a server-rendered page; checkJS rebuilds
// the same page for one output to compare parses.
const (
	ssrPrefix = `<!doctype html><html><head><meta charset="utf-8"></head><body>`
	ssrSuffix = `</body></html>`
)

// ssrPage is the server-rendered page: each output raw inside its own
// <div data-bt="TOKEN:i"> in the body.
//
// Outputs are not balanced markup, and what one leaves open would reach
// into the next container. So a container is closed by closers(output):
// an end tag for each <select> and <table> of the output, which closes it
// if it was left open (a </div> does not reach through it), then one
// </div> more than the output has <div> tags: each pops every element open
// above the nearest open div, so the last one closes the container even
// when the output left divs, or other elements, open. Between two
// containers the page has formattingReset: a formatting element such as
// <a> or <b> left unclosed stays in the parser's list of active formatting
// elements after its container closes, and the parser would reopen it in
// every later container; its end tag, with the element no longer open,
// takes it off the list. End tags with nothing to close are ignored and
// add no node.
//
// None of this is trusted: checkJS compares each output's nodes with a
// parse of the output alone on such a page, and an output that differs is
// checked again on a page of its own.
func ssrPage(token string, outs []string) []byte {
	var b strings.Builder
	b.WriteString(ssrPrefix)
	for i, o := range outs {
		if i > 0 {
			b.WriteString(formattingReset)
		}
		fmt.Fprintf(&b, `<div data-bt="%s:%d">`, token, i)
		b.WriteString(o)
		b.WriteString(closers(o))
	}
	b.WriteString(ssrSuffix)
	return []byte(b.String())
}

func closers(o string) string {
	lo := strings.ToLower(o)
	var b strings.Builder
	for _, el := range []string{"select", "table"} {
		b.WriteString(strings.Repeat("</"+el+">", strings.Count(lo, "<"+el)))
	}
	b.WriteString(strings.Repeat("</div>", 1+strings.Count(lo, "<div")))
	return b.String()
}

// formattingReset is the end tags of the formatting elements, three times:
// each end tag takes one entry off the list. An output that leaves more
// entries of one element than that is caught by the comparison.
var formattingReset = strings.Repeat("</a></b></big></code></em></font></i></nobr></s></small></strike></strong></tt></u>", 3)

func newToken() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Check loads one page holding outs in the given mode, in a free tab.
func (h *Harness) Check(ctx context.Context, mode Mode, outs []string) (*PageResult, error) {
	var t *tab
	select {
	case t = <-h.tabs:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	res, err := t.check(ctx, mode, outs)
	if err != nil && t.ctx.Err() == nil {
		// The tab may be stuck: replace it.
		t.close()
		if nt, err2 := h.newTab(); err2 == nil {
			t = nt
		} else {
			err = errors.Join(err, fmt.Errorf("replace tab: %w", err2))
		}
	}
	h.tabs <- t
	return res, err
}

// tab is one browser tab with the harness's listeners.
type tab struct {
	h      *Harness
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	cur     *job // the page being checked; nil between pages
	stray   []Finding
	ready   bool
	allowed string // the one document request to let through
}

// job collects what one page load did.
type job struct {
	url      string
	closing  bool
	findings []Finding
	scripts  []runtimeScript
}

type runtimeScript struct {
	id  cdp.ScriptID
	url string
}

// newTab opens a tab and sets it up: the debugger (which never pauses),
// the binding and traps, the interception of document requests, and the
// listeners that record what the pages in it do.
func (h *Harness) newTab() (*tab, error) {
	ctx, cancel := chromedp.NewContext(h.browserCtx)
	t := &tab{h: h, ctx: ctx, cancel: cancel}
	// The first Do opens the tab, which lives as long as its context.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		return nil, err
	}
	if err := chromedp.Listen(ctx, t.onEvent); err != nil {
		cancel()
		return nil, err
	}
	setup, setupCancel := context.WithTimeout(ctx, 60*time.Second)
	defer setupCancel()
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	pauses := chromedp.Events(ctx, debugger.Paused)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			t.answer(ev)
		}
	}()
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	go func() {
		for _, err := range pauses {
			if err != nil {
				return
			}
			chromedp.Call(ctx, debugger.Resume, debugger.ResumeParams{})
		}
	}()
	steps := []func() error{
		func() error { _, err := chromedp.Call(setup, debugger.Enable, debugger.EnableParams{}); return err },
		func() error {
			_, err := chromedp.Call(setup, debugger.SetSkipAllPauses, debugger.SetSkipAllPausesParams{Skip: true})
			return err
		},
		func() error {
			_, err := chromedp.Call(setup, runtime.AddBinding, runtime.AddBindingParams{Name: h.binding})
			return err
		},
		func() error {
			src := fmt.Sprintf(trapJS, h.binding, h.trapURL)
			if h.noTraps {
				src = "//# sourceURL=" + h.trapURL
			}
			_, err := chromedp.Call(setup, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
				Source: src, RunImmediately: new(true)})
			return err
		},
		func() error {
			_, err := chromedp.Call(setup, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{
				{URLPattern: "*", ResourceType: network.ResourceTypeDocument, RequestStage: fetch.RequestStageRequest}}})
			return err
		},
	}
	for _, s := range steps {
		if err := s(); err != nil {
			cancel()
			return nil, err
		}
	}
	if err := chromedp.Do(setup, chromedp.Navigate("about:blank")); err != nil {
		cancel()
		return nil, err
	}
	t.mu.Lock()
	t.ready = true
	t.mu.Unlock()
	return t, nil
}

// close closes the tab.
func (t *tab) close() { t.cancel() }

// add records a finding for the page being checked; one seen between pages
// goes to the next page, so that nothing is lost.
func (t *tab) add(f Finding) {
	if !t.ready {
		return
	}
	if t.cur != nil {
		t.cur.findings = append(t.cur.findings, f)
	} else {
		t.stray = append(t.stray, f)
	}
}

// onEvent runs in the tab's message loop: fast, and no commands.
func (t *tab) onEvent(ev any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch ev := ev.(type) {
	case *debugger.EventScriptParsed:
		if !t.h.ownScript(ev.URL) {
			t.add(Finding{KindScript, fmt.Sprintf("script parsed (url %q, line %d)", clip(ev.URL), ev.StartLine)})
			if t.cur != nil {
				t.cur.scripts = append(t.cur.scripts, runtimeScript{ev.ScriptID, ev.URL})
			}
		}
	case *debugger.EventScriptFailedToParse:
		if !t.h.ownScript(ev.URL) {
			t.add(Finding{KindScript, fmt.Sprintf("script failed to parse (url %q, line %d)", clip(ev.URL), ev.StartLine)})
		}
	case *runtime.EventBindingCalled:
		if ev.Name == t.h.binding {
			t.add(trapFinding(ev.Payload))
		}
	case *page.EventJavascriptDialogOpening:
		t.add(Finding{KindDialog, fmt.Sprintf("%s dialog %q", ev.Type, clip(ev.Message))})
	case *page.EventFrameRequestedNavigation:
		if d := dangerousURL(ev.URL); d != "" {
			t.add(Finding{KindNavigation, fmt.Sprintf("navigation requested to %s URL %q (%s)", d, clip(ev.URL), ev.Reason)})
		}
	case *page.EventNavigatedWithinDocument:
		if d := dangerousURL(ev.URL); d != "" {
			t.add(Finding{KindNavigation, fmt.Sprintf("navigated within document to %s URL %q", d, clip(ev.URL))})
		}
	case *page.EventWindowOpen:
		if d := dangerousURL(ev.URL); d != "" {
			t.add(Finding{KindNavigation, fmt.Sprintf("window opened on %s URL %q", d, clip(ev.URL))})
		}
	case *page.EventFrameNavigated:
		u := ev.Frame.URL + ev.Frame.URLFragment
		if d := dangerousURL(u); d != "" {
			t.add(Finding{KindNavigation, fmt.Sprintf("frame navigated to %s URL %q", d, clip(u))})
		} else if ev.Frame.ParentID == "" && t.cur != nil && !t.cur.closing && ev.Frame.URL != t.cur.url {
			t.add(Finding{KindNavigation, fmt.Sprintf("the page navigated away to %q", clip(u))})
		}
	}
}

// answer decides a paused document request: the page being loaded goes
// through once; every other navigation gets an empty 204, which leaves the
// page where it is.
func (t *tab) answer(ev fetch.EventRequestPaused) {
	u := ev.Request.URL + ev.Request.URLFragment
	t.mu.Lock()
	pass := t.allowed != "" && ev.Request.URL == t.allowed
	if pass {
		t.allowed = ""
	}
	if d := dangerousURL(u); d != "" {
		t.add(Finding{KindNavigation, fmt.Sprintf("request for %s URL %q", d, clip(u))})
	}
	t.mu.Unlock()
	if pass {
		chromedp.Call(t.ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		return
	}
	chromedp.Call(t.ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: ev.RequestID, ResponseCode: 204})
}

type checkOutput struct {
	Found      int        `json:"found"`
	Per        [][]string `json:"per"`
	Global     []string   `json:"global"`
	Unverified []int      `json:"unverified"`
	Clicked    int        `json:"clicked"`
}

func (t *tab) check(ctx context.Context, mode Mode, outs []string) (*PageResult, error) {
	h := t.h
	token := newToken()
	dir := "/" + h.secret + "/"
	var pageURL string
	var paths []string
	innerSrc := ""
	switch mode {
	case SSR:
		p := dir + "page/" + token + ".html"
		paths = append(paths, p)
		pageURL = h.register(p, "text/html; charset=utf-8", ssrPage(token, outs))
	case Inner:
		js, err := json.Marshal(outs)
		if err != nil {
			return nil, err
		}
		jp := dir + "js/inner-" + token + ".js"
		innerSrc = h.register(jp, "text/javascript; charset=utf-8", fmt.Appendf(nil, innerJS, token, js))
		p := dir + "page/" + token + ".html"
		pageURL = h.register(p, "text/html; charset=utf-8",
			[]byte(ssrPrefix+`<script nonce="`+h.secret+`" src="`+innerSrc+`"></script>`+ssrSuffix))
		paths = append(paths, p, jp)
	default:
		return nil, fmt.Errorf("unknown mode %q", mode)
	}
	defer h.unregister(paths...)

	j := &job{url: pageURL}
	t.mu.Lock()
	j.findings = append(j.findings, t.stray...)
	t.stray = nil
	t.cur = j
	t.allowed = pageURL
	t.mu.Unlock()
	h.loads.Add(1)

	// Commands need the tab's context; the caller's only cancels them.
	callerCtx := ctx
	ctx, cancel := context.WithTimeout(t.ctx, h.PageTimeout)
	defer cancel()
	defer context.AfterFunc(callerCtx, cancel)()
	var chk checkOutput
	err := func() error {
		if err := chromedp.Do(ctx, chromedp.Navigate(pageURL)); err != nil {
			return fmt.Errorf("load page: %w", err)
		}
		tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
		if err != nil {
			return err
		}
		world, err := chromedp.Call(ctx, page.CreateIsolatedWorld, page.CreateIsolatedWorldParams{
			FrameID: tree.FrameTree.Frame.ID, WorldName: "browsertest-" + h.secret})
		if err != nil {
			return fmt.Errorf("create isolated world: %w", err)
		}
		if err := t.exposeClosedShadowRoots(ctx, outs, world.ExecutionContextID); err != nil {
			return err
		}
		args, err := json.Marshal([]any{mode, token, outs, innerSrc, h.SettleTime.Milliseconds(), h.ClickSettleTime.Milliseconds()})
		if err != nil {
			return err
		}
		expr := checkJS + "(..." + string(args) + ")\n//# sourceURL=" + h.chkURL + "\n"
		res, err := chromedp.Call(ctx, runtime.Evaluate, runtime.EvaluateParams{
			Expression: expr, ContextID: world.ExecutionContextID,
			AwaitPromise: new(true), ReturnByValue: new(true), Silent: new(true)})
		if err != nil {
			return fmt.Errorf("run check: %w", err)
		}
		if res.ExceptionDetails != nil {
			return fmt.Errorf("check threw: %s", exceptionText(res.ExceptionDetails))
		}
		var s string
		if err := json.Unmarshal(res.Result.Value, &s); err != nil {
			return fmt.Errorf("check result: %w", err)
		}
		if err := json.Unmarshal([]byte(s), &chk); err != nil {
			return fmt.Errorf("check result: %w", err)
		}
		if len(chk.Per) != len(outs) {
			return fmt.Errorf("check returned %d results for %d outputs", len(chk.Per), len(outs))
		}
		return nil
	}()

	// Leave the page, so that all it did is reported before the job ends.
	t.mu.Lock()
	j.closing = true
	t.mu.Unlock()
	leaveErr := chromedp.Do(ctx, chromedp.Navigate("about:blank"))
	// Sources of the first foreign scripts, for the report.
	t.mu.Lock()
	scripts := slices.Clone(j.scripts)
	t.mu.Unlock()
	var sources []Finding
	for i, s := range scripts {
		if i == 3 {
			break
		}
		src, err := chromedp.Call(ctx, debugger.GetScriptSource, debugger.GetScriptSourceParams{ScriptID: s.id})
		if err == nil {
			sources = append(sources, Finding{KindScript, fmt.Sprintf("source of script (url %q): %q", clip(s.url), clip(src.ScriptSource))})
		}
	}
	t.mu.Lock()
	t.cur = nil
	t.allowed = ""
	findings := append(j.findings, sources...)
	t.mu.Unlock()

	if err == nil && leaveErr != nil {
		err = fmt.Errorf("leave page: %w", leaveErr)
	}
	res := &PageResult{PerOutput: make([][]Finding, len(outs)), Global: findings, Clicked: chk.Clicked}
	if err != nil {
		return res, err
	}
	for i, fs := range chk.Per {
		for _, f := range fs {
			res.PerOutput[i] = append(res.PerOutput[i], Finding{KindDOM, f})
		}
	}
	for _, f := range chk.Global {
		res.Global = append(res.Global, Finding{KindDOM, f})
	}
	res.Unverified = chk.Unverified
	return res, nil
}

// trapFinding describes a report of the trap script: a call of alert,
// confirm, prompt or print, or a violation of the page's report-only CSP,
// which allows no script at all. Chromium reports an inline script when it
// is about to run, an event handler attribute when it is compiled, and a
// javascript: URL when it is navigated to.
func trapFinding(payload string) Finding {
	var m struct {
		Fn  string `json:"fn"`
		Arg string `json:"arg"`
		URL string `json:"url"`
		CSP *struct {
			Directive string `json:"directive"`
			Blocked   string `json:"blocked"`
			Sample    string `json:"sample"`
			Source    string `json:"source"`
			Line      int    `json:"line"`
		} `json:"csp"`
	}
	if err := json.Unmarshal([]byte(payload), &m); err != nil {
		return Finding{KindTrap, "unreadable trap report " + clip(payload)}
	}
	if m.Fn == "csp" && m.CSP != nil {
		if dangerousURL(m.CSP.Sample) == "javascript:" {
			return Finding{KindNavigation, fmt.Sprintf("javascript: URL ran in %s: %q (CSP %s)", clip(m.URL), clip(m.CSP.Sample), m.CSP.Directive)}
		}
		return Finding{KindScript, fmt.Sprintf("script in %s (report-only CSP %s, blocked %q, sample %q)", clip(m.URL), m.CSP.Directive, clip(m.CSP.Blocked), clip(m.CSP.Sample))}
	}
	return Finding{KindTrap, fmt.Sprintf("%s(%q) called in %s", m.Fn, m.Arg, clip(m.URL))}
}

// exposeClosedShadowRoots hands the closed shadow roots of the page to the
// isolated world, where checkJS walks them too: JavaScript cannot reach a
// closed root from its host. Markup makes one only with a declarative
// <template shadowrootmode=closed> (a script making one is already a
// failure), so pages whose outputs have no "shadowroot" skip this.
func (t *tab) exposeClosedShadowRoots(ctx context.Context, outs []string, world runtime.ExecutionContextID) error {
	if !slices.ContainsFunc(outs, func(o string) bool { return strings.Contains(strings.ToLower(o), "shadowroot") }) {
		return nil
	}
	doc, err := chromedp.Call(ctx, dom.GetDocument, dom.GetDocumentParams{Depth: new(int64(-1)), Pierce: new(true)})
	if err != nil {
		return fmt.Errorf("get document: %w", err)
	}
	var closed []cdp.BackendNodeID
	var find func(n *cdp.Node)
	find = func(n *cdp.Node) {
		if n == nil {
			return
		}
		if n.ShadowRootType == cdp.ShadowRootTypeClosed {
			closed = append(closed, n.BackendNodeID)
		}
		for _, c := range n.Children {
			find(c)
		}
		for _, c := range n.ShadowRoots {
			find(c)
		}
		find(n.TemplateContent)
		find(n.ContentDocument)
	}
	find(doc.Root)
	for _, id := range closed {
		obj, err := chromedp.Call(ctx, dom.ResolveNode, dom.ResolveNodeParams{BackendNodeID: id, ExecutionContextID: world})
		if err != nil {
			return fmt.Errorf("resolve a closed shadow root: %w", err)
		}
		_, err = chromedp.Call(ctx, runtime.CallFunctionOn, runtime.CallFunctionOnParams{
			FunctionDeclaration: "function () { (globalThis.__btClosedRoots = globalThis.__btClosedRoots || []).push(this); }\n//# sourceURL=" + t.h.chkURL + "\n",
			ObjectID:            obj.Object.ObjectID, Silent: new(true)})
		if err != nil {
			return fmt.Errorf("expose a closed shadow root: %w", err)
		}
	}
	return nil
}

func exceptionText(d *runtime.ExceptionDetails) string {
	s := d.Text
	if d.Exception != nil && d.Exception.Description != "" {
		s += " " + d.Exception.Description
	}
	return s
}

func clip(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}

// dangerousURL returns the kind of a URL that runs script or renders
// markup when navigated to ("javascript:", "vbscript:", "data:text/html"),
// or "". Like the URL parser it ignores leading and trailing C0 controls
// and spaces, and tabs and newlines anywhere.
func dangerousURL(u string) string {
	u = strings.TrimFunc(u, func(r rune) bool { return r <= 0x20 })
	u = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, u)
	scheme, rest, ok := strings.Cut(u, ":")
	if !ok {
		return ""
	}
	switch strings.ToLower(scheme) {
	case "javascript", "vbscript":
		return strings.ToLower(scheme) + ":"
	case "data":
		mime := strings.ToLower(strings.TrimLeft(rest, " \t\n\f\r"))
		for _, m := range []string{"text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml"} {
			if strings.HasPrefix(mime, m) {
				return "data:" + m
			}
		}
	}
	return ""
}
