// Package frontmatter splits a crawled document into its YAML front matter
// and its HTML body, and reads the front matter into typed fields under
// limits: a size cap, a node cap and no aliases, so a hostile header can
// neither balloon memory nor hide a billion laughs.
//
// Before:
//
//	---
//	title: '"Baseball player"'
//	categories:
//	 - 设计
//	 - Dribbble
//	date: Invalid Date
//	---
//	<div>…</div>
//
// After: FrontMatter{Title: `"Baseball player"`, Categories: ["设计",
// "Dribbble"], Date: "Invalid Date"} and the body "<div>…</div>". Values stay
// raw; normalizing them is the next stage's job.
package frontmatter
