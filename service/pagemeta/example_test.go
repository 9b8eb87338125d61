package pagemeta_test

import (
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/net/html"

	"articleservice/service/pagemeta"
)

func ExampleRead() {
	page := `<html lang="en-GB"><head>
<title>Rain floods the valley | The Daily</title>
<meta property="og:site_name" content="The Daily">
<meta property="og:image" content="/img/rain.jpg">
<link rel="canonical" href="/2024/05/31/rain-floods-the-valley">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
  "headline": "Rain floods the valley", "datePublished": "2024-05-31T08:00:00Z",
  "author": [{"@type": "Person", "name": "Ann Lee"}, {"@type": "Person", "name": "Bo Chen"}]}</script>
</head><body><header><h1 class="logo">The Daily</h1></header>
<article><h1>Rain floods the valley</h1><p class="byline">By Ann Lee and Bo Chen | May 31, 2024</p></article>
</body></html>`
	root, _ := html.Parse(strings.NewReader(page))
	pageURL, _ := url.Parse("https://daily.example/news/rain?utm_source=feed")
	m := pagemeta.Read(root, pageURL)
	fmt.Println(m.Title)
	fmt.Println(m.Byline)
	fmt.Println(m.Published, m.Language, m.SiteName)
	fmt.Println(m.Image)
	fmt.Println(m.Canonical)
	fmt.Println(pagemeta.CleanTitle("Rain floods the valley | The Daily", m.SiteName, ""))
	// Output:
	// Rain floods the valley
	// Ann Lee, Bo Chen
	// 2024-05-31T08:00:00Z en-GB The Daily
	// https://daily.example/img/rain.jpg
	// https://daily.example/2024/05/31/rain-floods-the-valley
	// Rain floods the valley
}

func ExampleCleanTitle() {
	fmt.Println(pagemeta.CleanTitle("Rain floods the valley - The Daily", "The Daily", ""))
	fmt.Println(pagemeta.CleanTitle("Rain floods the valley | World news | The Guardian", "", ""))
	fmt.Println(pagemeta.CleanTitle("Xbox One X review: A console that keeps up", "", ""))
	fmt.Println(pagemeta.CleanTitle("人工智能迈上新台阶_科技_腾讯网", "腾讯网", ""))
	// Output:
	// Rain floods the valley
	// Rain floods the valley
	// Xbox One X review: A console that keeps up
	// 人工智能迈上新台阶
}
