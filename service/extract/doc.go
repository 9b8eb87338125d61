// Package extract reads a sanitized body once and derives what the article
// needs from it: plain text by paragraph, images with alt text and
// captions, and elements left empty by sanitization dropped. It also reads
// a page's <head> for documents that carry no front matter, and derives
// the summary and language from the text. (Metadata lines such as
// "责任编辑：…" are the policy's extract rules, applied by package sanitize.)
//
// Before (sanitized HTML):
//
//	<p>　　正文第一段。</p><p></p><figure><img src="/a.jpg"><figcaption>图为现场</figcaption></figure>
//
// After: HTML without the empty <p>, Text "正文第一段。\n\n图为现场", one
// image captioned "图为现场", one element empty.
package extract
