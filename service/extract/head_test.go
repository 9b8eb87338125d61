package extract_test

import (
	"strings"
	"testing"

	"articleservice/service/extract"
)

func TestReadHead(t *testing.T) {
	fullHead := `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">` +
		`<title> “五一”假期国内游火爆 &amp; 4口之家
		_新浪财经 </title>` +
		`<meta name="author" content=" 新浪财经 "><meta name="description" content=" 今年“五一”假期，
		国内旅游市场强势复苏 ">` +
		`<meta property="og:image" content="https://n.sinaimg.cn/a.png">` +
		`<meta property="article:published_time" content="2021-05-05T15:25:48+08:00">` +
		`<meta property="og:site_name" content="新浪财经"><base href="https://finance.sina.com.cn/">` +
		`</head><body><p>正文</p></body></html>`
	tests := []struct {
		name   string
		html   string
		want   extract.Head
		reason string
	}{
		{
			name: "full head gives every field",
			html: fullHead,
			want: extract.Head{
				Title: "“五一”假期国内游火爆 & 4口之家 _新浪财经", Author: "新浪财经", Description: "今年“五一”假期， 国内旅游市场强势复苏",
				Image: "https://n.sinaimg.cn/a.png", Published: "2021-05-05T15:25:48+08:00", SiteName: "新浪财经",
				Language: "zh-CN", BaseHref: "https://finance.sina.com.cn/",
			},
			reason: "a page without front matter states its metadata in <head>",
		},
		{
			name:   "og title stands in for a missing title",
			html:   `<head><meta property="og:title" content="Excel如何產生隨機亂數"></head>`,
			want:   extract.Head{Title: "Excel如何產生隨機亂數"},
			reason: "og:title is the fallback",
		},
		{
			name:   "twitter title stands in for a missing title",
			html:   `<head><meta name="twitter:title" content="A &amp; B"></head>`,
			want:   extract.Head{Title: "A & B"},
			reason: "twitter:title is a fallback too",
		},
		{
			name:   "title wins over an earlier og title",
			html:   `<head><meta property="og:title" content="社交标题"><title>页面标题</title></head>`,
			want:   extract.Head{Title: "页面标题"},
			reason: "the fallback must not depend on the order of the tags",
		},
		{
			name:   "title wins over a later og title",
			html:   `<head><title>页面标题</title><meta property="og:title" content="社交标题"></head>`,
			want:   extract.Head{Title: "页面标题"},
			reason: "the fallback is only for a missing title",
		},
		{
			name:   "og title stands in for a blank title",
			html:   `<head><title>  </title><meta property="og:title" content="社交标题"></head>`,
			want:   extract.Head{Title: "社交标题"},
			reason: "a title of whitespace is no title",
		},
		{
			name:   "first author wins",
			html:   `<head><meta name="author" content="甲"><meta property="article:author" content="乙"></head>`,
			want:   extract.Head{Author: "甲"},
			reason: "setOnce keeps the first statement",
		},
		{
			name:   "meta names are case-insensitive",
			html:   `<head><meta NAME="Author" content="作者"><meta Property="OG:Image" content="https://a.example/i.jpg"></head>`,
			want:   extract.Head{Author: "作者", Image: "https://a.example/i.jpg"},
			reason: "HTML attribute names and these values are not case-sensitive",
		},
		{
			name:   "empty content is ignored",
			html:   `<head><meta name="author" content=" "><meta name="author" content="作者"></head>`,
			want:   extract.Head{Author: "作者"},
			reason: "a blank statement says nothing",
		},
		{
			name:   "pubdate is a published time",
			html:   `<head><meta name="pubdate" content="2021-04-11 00:30:33"></head>`,
			want:   extract.Head{Published: "2021-04-11 00:30:33"},
			reason: "kept raw for normalize.Date",
		},
		{
			name:   "reading stops at body",
			html:   `<html lang="en"><head><title>T</title></head><body><meta name="author" content="late"><title>Other</title>`,
			want:   extract.Head{Title: "T", Language: "en"},
			reason: "metadata after <body> is content",
		},
		{
			name:   "reading stops at the first content element",
			html:   `<div><meta name="author" content="x"></div>`,
			want:   extract.Head{},
			reason: "a crawled body without front matter starts with <div>",
		},
		{
			name:   "crawled body gives nothing",
			html:   "\n<div>   \n<hr><p>よろしくお願いします</p></div>",
			want:   extract.Head{},
			reason: "testdata/corpus bodies have no head",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := extract.ReadHead([]byte(tc.html)); got != tc.want {
				t.Errorf("ReadHead =\n %+v\nwant\n %+v\n(%s)", got, tc.want, tc.reason)
			}
		})
	}
	t.Run("metadata past the scan window is not read", func(t *testing.T) {
		page := "<head>" + strings.Repeat("<!-- padding -->", 300<<10/16) + `<meta name="author" content="far"></head>`
		if got := extract.ReadHead([]byte(page)); got.Author != "" {
			t.Errorf("Author = %q, want none: metadata lives at the top", got.Author)
		}
	})
}
