// Package extract reads a sanitized body once and derives what the article
// needs from it: plain text by paragraph, images with alt text and
// captions, labelled metadata lines ("原标题：", "来源：", "责任编辑：") lifted
// out of the body, and blocks left empty by sanitization dropped. It also
// reads a page's <head> for documents that carry no front matter, and
// derives the summary and language from the text.
//
// Before (sanitized HTML):
//
//	<p>　　原标题：旧标题</p><p>　　正文第一段。</p><p></p><p>责任编辑：王翔 </p>
//
// After: HTML "<p>　　正文第一段。</p>", Text "正文第一段。",
// OriginalTitle "旧标题", Editor "王翔", two lines extracted, one block empty.
package extract
