package server

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	articlev1 "articleservice/proto/article/v1"
)

// TestReloadSwapsPolicies: a reload signal makes new requests see the
// policy directory as it is now; a broken file keeps the loaded policies.
func TestReloadSwapsPolicies(t *testing.T) {
	dir := t.TempDir()
	write := func(src string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, "site.yaml"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("name: site\nextends: article\nrules:\n  - {name: promo, remove: .promo}\n")
	reload := make(chan os.Signal, 1)
	ts := startServer(t, Config{PolicyDir: dir, Reload: reload})
	sanitizeWith := func() string {
		t.Helper()
		resp, err := ts.client.Sanitize(callCtx(t), &articlev1.SanitizeRequest{Html: `<p class="promo">ad</p><p class="x">text</p>`, Policy: "site"})
		if err != nil {
			t.Fatal(err)
		}
		return resp.GetHtml()
	}
	if got := sanitizeWith(); got != "<p>text</p>" {
		t.Fatalf("before reload: %q", got)
	}
	write("name: site\nextends: article\nrules:\n  - {name: promo, remove: .x}\n")
	reload <- os.Interrupt // any value: articled sends SIGHUP
	waitFor(t, func() bool { return sanitizeWith() == "<p>ad</p>" })

	write("name: site\nelements:\n  a: [href, onclick]\n") // refused
	reload <- os.Interrupt
	// The reload is refused; the loaded policy stays. Give the server a
	// chance to process the signal, then check nothing changed.
	reload <- os.Interrupt
	if got := sanitizeWith(); got != "<p>ad</p>" {
		t.Fatalf("after a refused reload: %q, want the previous policy's output", got)
	}
}

// waitFor polls cond until it holds, failing after a generous bound.
func waitFor(tb testing.TB, cond func() bool) {
	tb.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			tb.Fatal("condition never held")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
