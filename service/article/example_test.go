package article_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"articleservice/sanitize"
	"articleservice/service/article"
	"articleservice/service/pipeline"
)

func ExampleFieldError() {
	err := fmt.Errorf("process: %w", article.TooLarge("document.content", "document of 5000000 bytes", 4194304, "bytes"))
	var fe *article.FieldError
	fmt.Println(errors.As(err, &fe), fe.Field)
	fmt.Println(errors.Is(err, article.ErrTooLarge), errors.Is(err, article.ErrInvalid))
	fmt.Println(fe.Description)
	// Output:
	// true document.content
	// true false
	// document of 5000000 bytes exceeds the limit of 4194304 bytes
}

// A crawler's document and the Article the pipeline makes of it: the
// title's entities decoded, the site taken from the categories (with two,
// the first), the date in UTC, the full-width indentation trimmed, the
// script removed and counted.
func Example_crawledDocument() {
	policies, err := sanitize.Builtin()
	if err != nil {
		panic(err)
	}
	p := pipeline.New(pipeline.Config{Limits: pipeline.DefaultLimits()}, policies)
	doc := article.Document{Content: []byte(`---
title: '&quot;双十一&quot;来了'
categories:
 - 金融
 - 新浪财经
date: Fri, 24 Sep 2021 11:51:18 GMT
---
<p>　　正文……</p><script>track()</script>`)}
	a, err := p.Process(context.Background(), doc)
	if err != nil {
		panic(err)
	}
	fmt.Println(a.Title)
	fmt.Println(a.Site, "/", a.Section)
	fmt.Println(a.PublishedAt.Format(time.RFC3339))
	fmt.Printf("%q\n", a.BodyHTML)
	fmt.Println(a.Removals)
	// Output:
	// "双十一"来了
	// 金融 / 新浪财经
	// 2021-09-24T11:51:18Z
	// "<p>正文……</p>"
	// [{script 1}]
}
