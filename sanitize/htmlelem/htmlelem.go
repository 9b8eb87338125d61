// Package htmlelem classifies HTML elements the way the sanitizer and the
// readers of its output both need to: which never have content, and which
// break text into lines. It is one table so that the two cannot drift.
package htmlelem

// Void reports whether name is a void element: it has no content and no
// end tag, so it never nests. keygen and param are obsolete but still
// parsed as void by browsers.
func Void(name string) bool {
	switch name {
	case "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
		"param", "source", "track", "wbr":
		return true
	}
	return false
}

// Block reports whether name is a block both the sanitizer and the readers
// of its output start a new line of text at.
func Block(name string) bool {
	switch name {
	case "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
		"blockquote", "figure", "figcaption", "pre", "table", "tr", "td", "th", "hr":
		return true
	}
	return false
}

// Sectioning reports whether name is a sectioning block (section,
// article, header, footer): common in raw pages, which the sanitizer
// reads, and kept by no shipped policy.
func Sectioning(name string) bool {
	switch name {
	case "section", "article", "header", "footer":
		return true
	}
	return false
}

// TablePart reports whether name is a part of a table that holds rows or
// a caption (caption, thead, tbody, tfoot).
func TablePart(name string) bool {
	switch name {
	case "caption", "thead", "tbody", "tfoot":
		return true
	}
	return false
}
