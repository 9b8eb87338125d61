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
// ExampleExtract shows a page and the article found in it, with the
// reasons the rest was left out; go test checks its output.
//
// The package knows nothing of policies' allowlists: the sanitizer runs on
// everything extraction keeps.
package page
