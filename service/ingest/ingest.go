// Package ingest is the use case of storing documents: each is processed
// into its article, which the article log stores unless it holds it
// already. It speaks domain values only; the transport decodes requests
// into them and encodes the outcome.
package ingest

import (
	"context"
	"errors"

	"articleservice/service/article"
	"articleservice/service/articlelog"
)

// contentField is the document field blamed for an article too large to
// store: the article is made from the content.
const contentField = "document.content"

// Ingester processes documents and stores their articles.
type Ingester struct {
	// Process makes a document into its article (the pipeline, as the
	// caller observes it).
	Process func(context.Context, article.Document) (*article.Article, error)
	Log     *articlelog.Log
}

// Prepared is a document made into the article to store, with how it is
// deduplicated.
type Prepared struct {
	Article *article.Article
	Dedup   articlelog.Dedup
}

// Ingest processes a document and stores its article.
func (in Ingester) Ingest(ctx context.Context, doc article.Document) (articlelog.Appended, error) {
	p, err := in.Prepare(ctx, doc)
	if err != nil {
		return articlelog.Appended{}, err
	}
	return in.Store(ctx, p)
}

// Prepare processes a document into the article to store. It is
// deduplicated by the client's id when it gave one, else by content: a
// document sent again without an id gets the same derived id and hash.
func (in Ingester) Prepare(ctx context.Context, doc article.Document) (Prepared, error) {
	a, err := in.Process(ctx, doc)
	if err != nil {
		return Prepared{}, err
	}
	if doc.ID != "" {
		return Prepared{Article: a, Dedup: articlelog.DedupByID}, nil
	}
	return Prepared{Article: a, Dedup: articlelog.DedupByContent}, nil
}

// Store appends a prepared article to the log. An article over the log's
// limit is the document's fault, and is blamed on its content.
func (in Ingester) Store(ctx context.Context, p Prepared) (articlelog.Appended, error) {
	res, err := in.Log.Append(ctx, p.Article, p.Dedup)
	var fe *article.FieldError
	if errors.As(err, &fe) && fe.Field == articlelog.ArticleField {
		blamed := *fe
		blamed.Field = contentField
		return res, &blamed
	}
	return res, err
}
