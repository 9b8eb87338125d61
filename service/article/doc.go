// Package article holds the domain values of ArticleService: the raw document
// a crawler sends, the article made from it, and the typed errors every
// pipeline stage returns for bad input. It knows nothing of gRPC; the
// transport edge converts these values to and from protobuf in one place.
//
// Example_crawledDocument (example_test.go) shows a crawler's document and
// the Article the pipeline makes of it; go test checks its output.
package article
