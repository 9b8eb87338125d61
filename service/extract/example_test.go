package extract_test

import (
	"fmt"
	"net/url"

	"articleservice/service/extract"
)

func ExampleRead() {
	sanitized := `<p>　　正文第一段。</p><p></p>` +
		`<figure><img src="/a.jpg" alt="现场" width="600"><figcaption>图为现场</figcaption></figure>`
	base, _ := url.Parse("https://finance.sina.com.cn/china/2021-05-05/doc.shtml")
	b := extract.Read([]byte(sanitized), base)
	fmt.Printf("%s\n", b.HTML)
	fmt.Printf("%q\n", b.Text)
	fmt.Println(b.Empty)
	for _, img := range b.Images {
		fmt.Println(img.URL, img.Alt, img.Width, img.Caption)
	}
	// Output:
	// <p>　　正文第一段。</p><figure><img src="/a.jpg" alt="现场" width="600"><figcaption>图为现场</figcaption></figure>
	// "正文第一段。\n\n图为现场"
	// 1
	// https://finance.sina.com.cn/a.jpg 现场 600 图为现场
}

func ExampleReadHead() {
	h := extract.ReadHead([]byte(`<html lang="ja"><head><meta property="og:title" content="回転寿司の使い方">` +
		`<meta name="author" content="pawoo"></head><body>…`))
	fmt.Println(h.Title, h.Author, h.Language)
	// Output: 回転寿司の使い方 pawoo ja
}

func ExampleSummary() {
	fmt.Println(extract.Summary("第一段。\n\n第二段。"))
	text := "今年“五一”假期，国内旅游市场强势复苏，熟悉的“人从众”模式再度回归。某在线旅游平台数据显示，今年“五一”期间，" +
		"国内旅游订单量同比增长超过一倍，门票预订同比大涨超四倍。酒店预订同比涨超两倍，民宿预订量也创下历史新高，亲子游成为假期出游的重要组成部分。"
	fmt.Println(extract.Summary(text))
	// Output:
	// 第一段。 第二段。
	// 今年“五一”假期，国内旅游市场强势复苏，熟悉的“人从众”模式再度回归。某在线旅游平台数据显示，今年“五一”期间，国内旅游订单量同比增长超过一倍，门票预订同比大涨超四倍。
}

func ExampleLanguage() {
	fmt.Println(extract.Language("国内旅游市场强势复苏"), extract.Language("よろしくお願いします"),
		extract.Language("The market and the economy"), extract.Language("055889256"))
	// Output: zh-Hans ja en und
}
