package ingest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"articleservice/service/article"
	"articleservice/service/articlelog"
)

func TestAnArticleTooLargeToStoreIsBlamedOnTheDocumentContent(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cfg := articlelog.DefaultConfig()
	cfg.DataDir, cfg.MaxArticleBytes = t.TempDir(), 1000
	log, err := articlelog.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	in := Ingester{Log: log, Process: func(_ context.Context, doc article.Document) (*article.Article, error) {
		return &article.Article{ID: "big", BodyText: string(doc.Content)}, nil
	}}

	_, err = in.Ingest(ctx, article.Document{Content: []byte(strings.Repeat("x", 2000))})
	var fe *article.FieldError
	if !errors.As(err, &fe) || fe.Field != "document.content" || !errors.Is(err, article.ErrTooLarge) ||
		!strings.Contains(fe.Description, "the article made from it") {
		t.Fatalf("err = %v, want too large on document.content", err)
	}
	res, err := in.Ingest(ctx, article.Document{ID: "small", Content: []byte("small")})
	if err != nil || res.ID != "big" || res.Duplicate {
		t.Fatalf("ingest = %+v, %v", res, err)
	}
}
