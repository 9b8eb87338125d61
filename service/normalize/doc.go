// Package normalize turns raw metadata values into the article's canonical
// forms; every function is pure and keeps nothing between calls.
//
// Before → after:
//
//	Title("  &quot;双十一&quot;\n来了 ")        → `"双十一" 来了`
//	Categories([" 金融", "金融", "新浪财经－国內"]) → ["金融", "新浪财经－国內"]
//	CategoryKey("新浪财经－国內")              → "新浪财经-国內"
//	Date("Fri, 24 Sep 2021 11:51:18 GMT", UTC) → 2021-09-24T11:51:18Z
//	Date("2021-04-11 00:30:33", Asia/Shanghai) → 2021-04-10T16:30:33Z
//	URL("//n.sinaimg.cn/a.jpg")                → "https://n.sinaimg.cn/a.jpg"
package normalize
