package frontmatter_test

import (
	"errors"
	"fmt"

	"articleservice/service/frontmatter"
)

func Example() {
	doc := []byte(`
---
title: '"Baseball player"'
categories:
 - 设计
 - Dribbble
date: Invalid Date
---
<div>…</div>`)
	raw, body, line, found, closed := frontmatter.Split(doc, 64<<10)
	fmt.Println(found, closed, line)

	fm, err := frontmatter.Parse(raw, frontmatter.Limits{MaxNodes: 1000})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s %q %q\n", fm.Title, fm.Categories, fm.Date)
	fmt.Printf("%s\n", body)
	// Output:
	// true true 3
	// "Baseball player" ["设计" "Dribbble"] "Invalid Date"
	// <div>…</div>
}

func ExampleParse_errors() {
	_, err := frontmatter.Parse([]byte("a: &x [lol, lol]\nb: [*x, *x]\n"), frontmatter.Limits{})
	fmt.Println(errors.Is(err, frontmatter.ErrAlias))

	_, err = frontmatter.Parse([]byte("title: a\n  author: b\n"), frontmatter.Limits{})
	var se *frontmatter.SyntaxError
	if errors.As(err, &se) {
		fmt.Println(se.Line, se.Msg)
	}
	// Output:
	// true
	// 2 mapping values are not allowed in this context
}
