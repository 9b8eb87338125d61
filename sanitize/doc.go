// Package sanitize is ArticleService's policy engine: HTML allowlists
// written in YAML, validated when loaded, compiled once to bluemonday and
// shared read-only, plus a report of what each call removed and why.
//
// A policy file declares the elements and attributes a body may keep, the
// URL schemes links and images may use, what happens to relative URLs, and
// which lazy-loading attributes hold an image's real source. Loading
// refuses, with file:line, anything that would re-open a hole: script,
// style, iframe and their kin, on* attributes, style attributes,
// javascript:/vbscript:/data: schemes.
//
// Sanitize runs a tokenizer pre-pass that does what bluemonday cannot —
// count removals by reason, promote data-src to src, resolve relative URLs
// against the document's base, bound the nesting depth — and then hands the
// result to bluemonday, which enforces the same allowlist. The report is
// ours; the safety guarantee is bluemonday's.
//
// The package Example shows a fragment before and after the default
// policy, and its report; go test checks its output.
//
// The package imports nothing else of ArticleService but its own table of
// elements, htmlelem, and never logs.
package sanitize
