//go:build browser

package browsertest

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
)

// control is unsafe markup that the harness must catch, with the kinds of
// finding that must be among what it reports in each mode: each of the
// harness's checks is needed for at least one of them.
type control struct {
	html string
	ssr  []string
	// inner: innerHTML does not run <script> elements, so some controls
	// are caught only by the DOM check there.
	inner []string
}

var controls = []control{
	{`<img src=x onerror=alert(1)>`, kinds(KindDOM, KindScript, KindTrap), kinds(KindDOM, KindScript, KindTrap)},
	{`<a href="javascript:alert(1)">x</a>`, kinds(KindDOM, KindNavigation, KindTrap), kinds(KindDOM, KindNavigation, KindTrap)},
	{`<svg><script>alert(1)</script></svg>`, kinds(KindDOM, KindScript, KindTrap), kinds(KindDOM)},
	{`<script>document.title = "no trap called"</script>`, kinds(KindDOM, KindScript), kinds(KindDOM)},
	{`<script>(</script>`, kinds(KindDOM, KindScript), kinds(KindDOM)}, // fails to parse
	{`<iframe srcdoc="<script>confirm(1)</script>"></iframe>`, kinds(KindDOM, KindTrap), kinds(KindDOM, KindTrap)},
	{`<details open ontoggle="print()">x</details>`, kinds(KindDOM, KindTrap), kinds(KindDOM, KindTrap)},
	{`<form action="javascript:prompt(1)"><button>go</button></form>`, kinds(KindDOM, KindNavigation), kinds(KindDOM, KindNavigation)},
	{`<form><input type=submit formaction="javascript:alert(1)"></form>`, kinds(KindDOM, KindNavigation), kinds(KindDOM, KindNavigation)},
	{`<map name=m><area shape=default href="javascript:alert(1)"></map>`, kinds(KindDOM, KindNavigation), kinds(KindDOM, KindNavigation)},
	{`<svg><a href="javascript:alert(1)"><text y="20">x</text></a></svg>`, kinds(KindDOM, KindNavigation), kinds(KindDOM, KindNavigation)},
	{`<math><mtext><a href="  jav&#x09;ascript:alert(1)">x</a></mtext></math>`, kinds(KindDOM, KindNavigation), kinds(KindDOM, KindNavigation)},
	// A navigation cancels a javascript: URL that has not run yet: the
	// clicks must not let the second link hide the first.
	{`<a href="javascript:alert(1)">x</a><a href="http://192.0.2.1/">y</a>`, kinds(KindDOM, KindNavigation), kinds(KindDOM, KindNavigation)},
	{`<object data="data:text/html,<script>alert(1)</script>"></object>`, kinds(KindDOM, KindNavigation), kinds(KindDOM, KindNavigation)},
	{`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`, kinds(KindDOM), kinds(KindDOM)},
	{`<svg><a><animate attributeName="href" to="javascript:alert(1)"/><text y="20">x</text></a></svg>`, kinds(KindDOM), kinds(KindDOM)},
	{`<template><img src=x onerror=alert(1)></template>`, kinds(KindDOM), kinds(KindDOM)},
	{`<div><template shadowrootmode="open"><img src=x onerror=alert(1)></template></div>`, kinds(KindDOM, KindTrap), kinds(KindDOM)},
	{`<div><template shadowrootmode="closed"><a href="javascript:alert(1)">x</a></template></div>`, kinds(KindDOM), kinds(KindDOM)},
	// Clobbering document.createElement and a form's properties must not
	// stop the harness.
	{`<img name="createElement"><form name="f"><input name="attributes"></form><img src=x onerror=alert(1)>`,
		kinds(KindDOM, KindTrap), kinds(KindDOM, KindTrap)},
}

func kinds(k ...string) []string { return k }

func kindsOf(fs []Finding) map[string]bool {
	m := map[string]bool{}
	for _, f := range fs {
		m[f.Kind] = true
	}
	return m
}

// TestBrowserNegativeControl feeds unsafe markup, unsanitized, to the
// harness and checks that it reports each, by the checks expected: the
// suite can fail.
func TestBrowserNegativeControl(t *testing.T) {
	h, err := StartHarness(Config{Tabs: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	t.Run("alone", func(t *testing.T) {
		// Some checks here wait for events (a toggle, an iframe's load):
		// leave them more time than the suite needs.
		defer func(d time.Duration) { h.SettleTime = d }(h.SettleTime)
		h.SettleTime = 150 * time.Millisecond
		for _, c := range controls {
			for _, mode := range Modes {
				want := c.ssr
				if mode == Inner {
					want = c.inner
				}
				r, err := h.Check(ctx, mode, []string{c.html})
				if err != nil {
					t.Errorf("%s %q: %v", mode, c.html, err)
					continue
				}
				got := kindsOf(r.All())
				for _, k := range want {
					if !got[k] {
						t.Errorf("%s %q: no %s finding; got %v", mode, c.html, k, r.All())
					}
				}
				if len(got) == 0 {
					t.Errorf("%s %q: not detected", mode, c.html)
				} else {
					t.Logf("%s %q: detected (%s)", mode, c.html, strings.Join(slices.Sorted(maps.Keys(got)), ", "))
				}
			}
		}
	})

	// In batches, among safe outputs and outputs that break the parse of
	// what follows them, each unsafe output must still be reported, as
	// itself, and no safe one.
	t.Run("batched", func(t *testing.T) {
		var outs []string
		unsafe := map[int]bool{}
		breakers := []string{`<textarea>`, `<p><b><i>unclosed`, `<div><table><tr><td>x`, `<select><option>`,
			`<a href="https://example.com/">open`, `<plaintext>`, `<svg><desc>`, `<form><div>`}
		for i, c := range controls {
			outs = append(outs, `<p>safe `+c.html[:1]+`</p>`, breakers[i%len(breakers)])
			unsafe[len(outs)] = true
			outs = append(outs, c.html)
		}
		var st Stats
		fails := h.CheckAll(ctx, outs, 16, &st)
		got := map[Mode]map[int]bool{SSR: {}, Inner: {}}
		for _, f := range fails {
			if len(f.Outputs) != 1 {
				t.Errorf("%s: a failure of %d outputs, want each unsafe output alone: %v", f.Mode, len(f.Outputs), f.Findings)
				continue
			}
			got[f.Mode][f.Outputs[0]] = true
		}
		for _, mode := range Modes {
			for i := range outs {
				switch {
				case unsafe[i] && !got[mode][i]:
					t.Errorf("%s: unsafe output %d %q not reported in a batch", mode, i, outs[i])
				case !unsafe[i] && got[mode][i]:
					t.Errorf("%s: safe output %d %q reported", mode, i, outs[i])
				}
			}
		}
		t.Logf("%d outputs (%d unsafe) in batches of 16: %d pages, %d alone, %d of them for outputs that parsed differently in their batch; %d failures",
			len(outs), len(unsafe), st.Batches.Load()+st.Singles.Load(), st.Singles.Load(), st.Unverified.Load(), len(fails))
	})

	// Without the traps, a call of alert opens a real dialog: the dialog
	// check must see it, and dismiss it so that the page goes on.
	t.Run("dialog", func(t *testing.T) {
		h, err := StartHarness(Config{NoTraps: true})
		if err != nil {
			t.Fatal(err)
		}
		defer h.Close()
		for _, mode := range Modes {
			r, err := h.Check(ctx, mode, []string{`<img src=x onerror=alert(1)><img src=y onerror=confirm(2)>`})
			if err != nil {
				t.Fatalf("%s: %v", mode, err)
			}
			n := 0
			for _, f := range r.All() {
				if f.Kind == KindDialog {
					n++
				}
			}
			if n < 2 {
				t.Errorf("%s: %d dialogs seen, want 2: %v", mode, n, r.All())
			}
		}
	})

	// Safe markup gives no finding at all, so that the suite's pass is not
	// only a harness that reports nothing.
	t.Run("safe", func(t *testing.T) {
		safe := `<p>Text <a href="https://example.com/" rel="nofollow noreferrer" target="_blank">link</a> <a href="/rel">rel</a> <a href="mailto:a@example.com">mail</a></p>` +
			`<img src="https://example.com/x.png" alt="x"><table><tr><td>cell</td></tr></table>`
		for _, mode := range Modes {
			r, err := h.Check(ctx, mode, []string{safe})
			if err != nil {
				t.Fatalf("%s: %v", mode, err)
			}
			if !r.Clean() {
				t.Errorf("%s: safe markup reported: %v", mode, r.All())
			}
			if r.Clicked == 0 {
				t.Errorf("%s: no link clicked", mode)
			}
		}
	})
}
