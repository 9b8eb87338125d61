// Package extract reads a sanitized body once and derives what the article
// needs from it: plain text by paragraph, images with alt text and
// captions, and elements left empty by sanitization dropped. It also reads
// a page's <head> for documents that carry no front matter, and derives
// the summary and language from the text. (Metadata lines such as
// "责任编辑：…" are the policy's extract rules, applied by package sanitize.)
//
// ExampleRead shows a sanitized body and what is read from it; go test
// checks its output.
package extract
