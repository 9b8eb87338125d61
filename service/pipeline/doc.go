// Package pipeline turns a raw Document into an Article, stage by stage:
// decode the charset, split and parse the front matter, read the page's
// head when metadata is missing, sanitize the body under a policy, read
// text, images and metadata lines out of the sanitized body, and normalize
// the metadata. It is plain Go: no gRPC, no protobuf, no I/O.
//
// Before: the bytes of a crawled document (YAML front matter + page HTML,
// any charset).
//
// After: an article.Article with its title, categories, dates in UTC, body
// HTML and text, images, a content hash and a report of what was removed;
// or a *article.FieldError naming the field and the limit.
package pipeline
