// Package server is the gRPC edge of ArticleService: it converts between
// protobuf messages and the pipeline's values, maps the pipeline's errors
// to status codes in one place, and runs the gRPC server with health,
// reflection, logging and panic recovery.
//
// Before (a grpcurl call):
//
//	grpcurl -plaintext -d '{"document":{"content":"LS0tCnRpdGxlOiBoaQotLS0KPHA+aGk8L3A+"}}' \
//	  localhost:50051 article.v1.ArticleService/Process
//
// After: {"article": {"id": "c…", "title": "hi", "bodyHtml": "<p>hi</p>", …}}
package server
