// Package frontmatter splits a crawled document into its YAML front matter
// and its HTML body, and reads the front matter into typed fields under
// limits: a size cap, a node cap and no aliases, so a hostile header can
// neither balloon memory nor hide a billion laughs. Front matter in the
// simple shape crawlers write is decoded by a small scanner, anything else
// by yaml.v3, which the scanner is fuzzed against.
//
// The package Example shows a document split and its front matter read:
// values stay raw (normalizing them is the next stage's job); go test
// checks its output.
package frontmatter
