// Package pagemeta reads what a whole web page says about itself: title,
// the article's headline, byline, publication and modification dates,
// site name, language, description, lead image and canonical URL.
//
// Read walks the page's parsed tree once. Each field comes from the best
// source the page has, in an order of preference modelled on
// Readability.js, trafilatura and htmldate: schema.org JSON-LD first
// (arrays, @graph and @id references followed), then Open Graph, Twitter,
// Dublin Core and other <meta> names, then the markup (<title>, <html
// lang>, <link rel=canonical>, microdata, rel=author, byline classes,
// <time datetime>, h1), and for the publication date, at last, a date in
// the page's address. Values are returned as found, entities decoded and
// whitespace collapsed; dates are not parsed.
//
// ExampleRead and ExampleCleanTitle show a page and what is read from it;
// go test checks their output.
//
// Nothing the page holds makes Read panic or hold much memory: a JSON-LD
// script over 256 KiB is skipped, at most 1 MiB of JSON-LD and 1024 of
// its objects are read per page, malformed JSON-LD is skipped, and at
// most 48 candidate byline and date elements are kept.
package pagemeta
