// Package htmltok tokenizes an HTML body held in memory, token for token
// as golang.org/x/net/html's Tokenizer does, at a fraction of its cost.
//
// x/net/html reads through an io.Reader one byte at a time, copies every
// tag name and allocates for every attribute key it checks for
// duplicates. A crawled body is already in memory, and almost all of it is
// text and plain tags: this tokenizer reads those with byte searches and
// hands the rest — NUL bytes, script bodies with "<!--", unterminated
// tags and comments, unusual attribute entities — to an x/net/html
// Tokenizer started at that token, so every token is the one x/net/html
// would return. A fuzz test holds it to that.
//
// Before, with x/net/html:
//
//	z := html.NewTokenizer(bytes.NewReader(body))
//	for z.Next() != html.ErrorToken {
//		name, _ := z.TagName() // a copy per tag
//	}
//
// After:
//
//	z := htmltok.New(body)
//	for z.Next() != html.ErrorToken {
//		name := z.Name() // interned; no copy for a name HTML knows
//	}
//
// The slices Raw, Text and TagAttr return may point into the body: read
// them, never write to them.
package htmltok
