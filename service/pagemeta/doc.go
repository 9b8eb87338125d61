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
// Before:
//
//	<html lang="en-GB"><head>
//	<title>Rain floods the valley | The Daily</title>
//	<meta property="og:site_name" content="The Daily">
//	<script type="application/ld+json">{"@type": "NewsArticle",
//	  "headline": "Rain floods the valley", "datePublished": "2024-05-31T08:00:00Z",
//	  "author": [{"@type": "Person", "name": "Ann Lee"}, {"@type": "Person", "name": "Bo Chen"}]}</script>
//	</head><body>…<p class="byline">By Ann Lee and Bo Chen | May 31, 2024</p>…</body></html>
//
// After:
//
//	Meta{Title: "Rain floods the valley", Headline: "Rain floods the valley",
//	  Byline: "Ann Lee, Bo Chen", Published: "2024-05-31T08:00:00Z",
//	  SiteName: "The Daily", Language: "en-GB"}
//
// and CleanTitle("Rain floods the valley | The Daily", "The Daily", "") is
// "Rain floods the valley".
//
// Nothing the page holds makes Read panic or hold much memory: a JSON-LD
// script over 256 KiB is skipped, at most 1 MiB of JSON-LD and 1024 of
// its objects are read per page, malformed JSON-LD is skipped, and at
// most 48 candidate byline and date elements are kept.
package pagemeta
