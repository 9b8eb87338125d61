// Package page finds the article inside a whole web page: the navigation,
// headers, share bars, related lists, comments, cookie and subscribe boxes
// and footers around it are left out, and the article's paragraphs,
// headings, lists, tables, figures, code and quotes are kept in order.
//
// It scores the page the way Readability does — prose paragraphs give
// points to the containers that hold them, links take points away — with
// lengths counted in characters, weighted so that Chinese and Japanese
// text, which has no spaces between words, weighs like prose and not like
// a caption. Class and id names, ARIA roles and HTML5 sectioning tags mark
// chrome. Every block left out is counted under its reason
// ("extract:link-density", "extract:class-hint", …) and, on request,
// listed with its path and text, so a mis-extracted site can be fixed
// with a policy rule.
//
// Before:
//
//	<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
//	<div class="story"><h1>Rain</h1><p>It rained all day, and the rivers rose.</p>…</div>
//	<aside class="related"><a href="/a">Sun returns</a></aside></body>
//
// After (Result.Article, rendered):
//
//	<div><div class="story"><h1>Rain</h1><p>It rained all day, and the rivers rose.</p>…</div></div>
//
// The package knows nothing of policies' allowlists: the sanitizer runs on
// everything extraction keeps.
package page
