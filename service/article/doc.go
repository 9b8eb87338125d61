// Package article holds the domain values of ArticleService: the raw document
// a crawler sends, the article made from it, and the typed errors every
// pipeline stage returns for bad input. It knows nothing of gRPC; the
// transport edge converts these values to and from protobuf in one place.
//
// A crawler's document (before):
//
//	---
//	title: '&quot;双十一&quot;来了'
//	categories:
//	 - 金融
//	 - 新浪财经
//	date: Fri, 24 Sep 2021 11:51:18 GMT
//	---
//	<p>　　正文……</p><script>track()</script>
//
// becomes an Article (after) with Title `"双十一"来了`, Site "新浪财经",
// PublishedAt 2021-09-24T11:51:18Z, BodyHTML "<p>　　正文……</p>" and a
// removal report counting one script.
package article
