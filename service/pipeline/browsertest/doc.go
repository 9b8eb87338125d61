// Package browsertest proves the whole pipeline safe in a real browser on
// whole pages: every payload of testdata/xss is put inside the article of
// a full web page (doctype, head, navigation, an article of prose, a
// footer), the page goes through pipeline.Process — main-content
// extraction, then the sanitizer — and each distinct Article.BodyHTML is
// loaded in headless Chromium, as a server-rendered page and through
// innerHTML and a cloned <template>. A test fails if any script runs, a
// click runs a javascript: URL, or the parsed DOM holds markup that can
// run script; TestBrowserFullPageControl shows that the harness reports
// an article extracted without the sanitizer, so that a pass means
// something.
//
// The harness (harness_test.go, js_test.go, run_test.go) is the one of
// sanitize/browsertest, copied: test files cannot be imported, and
// sanitize/ imports nothing of ours, so the suite over the pipeline cannot
// live there. TestHarnessIsSanitizeHarness, which runs without the build
// tag, fails when the copies drift from the originals.
//
// The browser tests need Chromium and the build tag "browser":
//
//	go test -tags browser -count=1 -v -run TestBrowser ./service/pipeline/browsertest/
//
// or make browser, which runs them with sanitize/browsertest's. The
// browser is /usr/bin/chromium unless the environment variable CHROMIUM
// names another executable.
package browsertest
