package articlelog_test

import (
	"context"
	"fmt"
	"os"

	"articleservice/service/article"
	"articleservice/service/articlelog"
)

func Example() {
	dir, err := os.MkdirTemp("", "articlelog-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	cfg := articlelog.DefaultConfig()
	cfg.DataDir = dir // embedded NATS server, JetStream files under dir
	ctx := context.Background()
	log, err := articlelog.Open(ctx, cfg)
	if err != nil {
		panic(err)
	}
	defer log.Close()

	a := &article.Article{ID: "doc-1", Title: "你好", Site: "新浪财经", Language: "zh-Hans", ContentHash: "c1"}
	for range 2 {
		res, err := log.Append(ctx, a, articlelog.DedupByID)
		if err != nil {
			panic(err)
		}
		fmt.Println(res.ID, res.Cursor, res.Duplicate)
	}
	e, err := log.Get(ctx, "doc-1")
	if err != nil {
		panic(err)
	}
	fmt.Println(e.Cursor, e.Article.GetTitle())
	// Output:
	// doc-1 1 false
	// doc-1 1 true
	// 1 你好
}
