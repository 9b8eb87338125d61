package normalize_test

import (
	"errors"
	"fmt"
	"net/url"
	"time"

	"articleservice/service/normalize"
)

func ExampleTitle() {
	fmt.Println(normalize.Title("  &quot;双十一&quot;\n来了 "))
	// Output: "双十一" 来了
}

func ExampleCategories() {
	fmt.Printf("%q\n", normalize.Categories([]string{" 金融", "金融", "- 新浪财经", "新浪财经－国內"}))
	// Output: ["金融" "新浪财经" "新浪财经－国內"]
}

func ExampleCategoryKey() {
	fmt.Println(normalize.CategoryKey("新浪财经－国內"))
	fmt.Println(normalize.CategoryKey("ＡｃＦｕｎ"))
	// Output:
	// 新浪财经-国內
	// acfun
}

func ExampleSiteSection() {
	site, section := normalize.SiteSection([]string{"金融", "新浪财经", "新浪财经－国內"})
	fmt.Println(site, section)
	// Output: 新浪财经 新浪财经－国內
}

func ExampleDate() {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	t, _ := normalize.Date("Fri, 24 Sep 2021 11:51:18 GMT", nil)
	fmt.Println(t.Format(time.RFC3339))
	t, _ = normalize.Date("2021-04-11 00:30:33", shanghai)
	fmt.Println(t.Format(time.RFC3339))
	_, err = normalize.Date("Fri, 24 Sep 2021 11:51:18 CST", shanghai)
	fmt.Println(errors.Is(err, normalize.ErrDate))
	_, err = normalize.Date("Invalid Date", nil)
	fmt.Println(errors.Is(err, normalize.ErrDate))
	// Output:
	// 2021-09-24T11:51:18Z
	// 2021-04-10T16:30:33Z
	// true
	// true
}

func ExampleURL() {
	base, _ := url.Parse("https://www.animen.com.tw/news/1.html")
	fmt.Println(normalize.URL("//n.sinaimg.cn/a.jpg", nil))
	fmt.Println(normalize.URL("/animen_image/b.jpg", base))
	fmt.Printf("%q\n", normalize.URL("/animen_image/b.jpg", nil))
	fmt.Printf("%q\n", normalize.URL("javascript:alert(1)", base))
	// Output:
	// https://n.sinaimg.cn/a.jpg
	// https://www.animen.com.tw/animen_image/b.jpg
	// ""
	// ""
}
