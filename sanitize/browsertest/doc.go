// Package browsertest proves the shipped sanitization policies safe in a
// real browser. Its tests send every payload of testdata/xss through every
// shipped policy and load each distinct output in headless Chromium, both
// as a server-rendered page and through innerHTML and a cloned <template>.
// A test fails if any script runs (alert, confirm, prompt or print is
// called in any frame, a dialog opens, the debugger sees a script that is
// not the harness's own, or the page's report-only Content-Security-Policy,
// which allows no script, reports one), if clicking a link, area or button
// runs a javascript: URL, or if the parsed DOM (with SVG and MathML,
// shadow roots, <template> content and frames) holds an on* attribute, a
// <script> element, a srcdoc attribute or a URL attribute that resolves to
// javascript:, vbscript: or an HTML data: URL.
//
// Outputs repeat, so each distinct one is loaded once, many to a page,
// each in its own container. A page that finds anything has each of its
// outputs loaded again alone, to attribute the finding; a server-rendered
// output that does not parse in its batch exactly as it parses alone is
// loaded alone too. The browser reaches only the loopback test server: it
// is the browser's proxy and answers every other request with an empty 204,
// and every navigation away from the page is answered with a 204 as well.
//
// The tests need Chromium and the build tag "browser", so that the default
// go test ./... does not:
//
//	go test -tags browser -count=1 -v -run TestBrowser ./sanitize/browsertest/
//
// or make browser. The browser is /usr/bin/chromium unless the environment
// variable CHROMIUM names another executable. TestBrowserNegativeControl
// feeds unsanitized, unsafe markup to the same harness and checks that the
// harness reports each, so a pass of the suite means something.
package browsertest
