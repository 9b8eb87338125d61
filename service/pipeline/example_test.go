package pipeline_test

import (
	"context"
	"fmt"

	"articleservice/sanitize"
	"articleservice/service/article"
	"articleservice/service/pipeline"
)

func Example() {
	policies, err := sanitize.Builtin()
	if err != nil {
		panic(err)
	}
	p := pipeline.New(pipeline.Config{Limits: pipeline.DefaultLimits()}, policies)
	doc := []byte(`---
title: '&quot;双十一&quot;来了'
categories:
 - 金融
 - 新浪财经
 - 新浪财经－国內
date: Fri, 24 Sep 2021 11:51:18 GMT
---
<p>　　正文第一段。</p><script>track()</script>
<p class="article-editor">责任编辑：王翔 </p>`)
	a, err := p.Process(context.Background(), article.Document{Content: doc})
	if err != nil {
		panic(err)
	}
	fmt.Println(a.Title)
	fmt.Println(a.Site, "/", a.Section, a.CategoryKeys)
	fmt.Println(a.PublishedAt)
	fmt.Println(a.Editor)
	fmt.Printf("%q\n", a.BodyHTML)
	fmt.Printf("%q\n", a.BodyText)
	fmt.Println(a.Removals)
	// Output:
	// "双十一"来了
	// 新浪财经 / 新浪财经－国內 [金融 新浪财经 新浪财经-国內]
	// 2021-09-24 11:51:18 +0000 UTC
	// 王翔
	// "<p>正文第一段。</p>"
	// "正文第一段。"
	// [{attribute 1} {rule:editor 1} {script 1}]
}
