package sanitize_test

import (
	"strings"
	"testing"

	"articleservice/sanitize"
)

// TestArticleExtractRules runs the article policy's metadata rules over the
// label lines Chinese news pages write.
func TestArticleExtractRules(t *testing.T) {
	set, err := sanitize.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	p, err := set.Lookup("article")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name                             string
		html                             string
		wantHTML                         string
		wantOriginal, wantSource, wantEd string
		wantExtracted                    int
		reason                           string
	}{
		{
			name: "sina labels are lifted out",
			html: `<p class="ori_titlesource">　　<span style="font-family: KaiTi_GB2312, KaiTi;">原标题：“五一”假期国内游火爆！</span></p>` +
				`<p>　　正文第一段。</p><p class="article-editor">责任编辑：王翔 </p>`,
			wantHTML:     "<p>正文第一段。</p>",
			wantOriginal: "“五一”假期国内游火爆！", wantEd: "王翔", wantExtracted: 2,
			reason: "testdata/corpus/0104.md: the original title and editor are metadata, not body",
		},
		{
			name: "source with a full-width colon", html: "<p>正文。</p><p>　　来源：每日经济新闻</p>",
			wantHTML: "<p>正文。</p>", wantSource: "每日经济新闻", wantExtracted: 1,
			reason: "the common form",
		},
		{
			name: "source with an ascii colon and spaces", html: "<p>正文。</p><p>　　来源： 健康上海12320</p>",
			wantHTML: "<p>正文。</p>", wantSource: "健康上海12320", wantExtracted: 1,
			reason: "space after the colon is not part of the value",
		},
		{
			name: "source with a bar", html: "<p>正文。</p><p>　　来源|九派新闻、新华每日电讯</p>",
			wantHTML: "<p>正文。</p>", wantSource: "九派新闻、新华每日电讯", wantExtracted: 1,
			reason: "a bar separates too",
		},
		{
			name: "source with a spaced bar", html: "<p>正文。</p><p>　　来源 | 现代快报</p>",
			wantHTML: "<p>正文。</p>", wantSource: "现代快报", wantExtracted: 1,
			reason: "spaces around the bar",
		},
		{
			name: "original title with a space", html: "<p>　　原标题 9分钟被美国主持人打断23次，秦刚：请让我说完！</p><p>正文。</p>",
			wantHTML: "<p>正文。</p>", wantOriginal: "9分钟被美国主持人打断23次，秦刚：请让我说完！", wantExtracted: 1,
			reason: "whitespace alone separates too",
		},
		{
			name: "traditional labels", html: "<p>來源：中央社</p><p>責任編輯：林</p><p>正文。</p>",
			wantHTML: "<p>正文。</p>", wantSource: "中央社", wantEd: "林", wantExtracted: 2,
			reason: "Taiwanese sites write the same labels in traditional characters",
		},
		{
			name: "editor value keeps its inner space", html: `<p>正文。</p><p class="article-editor">责任编辑：梁斌 SF055 </p>`,
			wantHTML: "<p>正文。</p>", wantEd: "梁斌 SF055", wantExtracted: 1,
			reason: "the editor code belongs to the name",
		},
		{
			name: "two label lines in one paragraph", html: "<p>正文。</p><p>来源：新浪财经<br>责任编辑：王翔</p>",
			wantHTML: "<p>正文。</p>", wantSource: "新浪财经", wantEd: "王翔", wantExtracted: 2,
			reason: "each line is a label; the source must not swallow the editor line",
		},
		{
			name: "label paragraphs split by two br", html: "<p>正文。</p><p>来源：新浪财经<br><br>本文编辑：王翔</p>",
			wantHTML: "<p>正文。</p>", wantSource: "新浪财经", wantEd: "王翔", wantExtracted: 2,
			reason: "every line of the paragraph is a label",
		},
		{
			name: "empty label value is still removed", html: `<p>正文。</p><p style="text-align: right;">来源：</p>`,
			wantHTML: "<p>正文。</p>", wantExtracted: 1,
			reason: "testdata/corpus has 来源： with its value lost to sanitization",
		},
		{
			name: "first label value wins", html: "<p>来源：新华社</p><p>来源：人民日报</p><p>正文。</p>",
			wantHTML: "<p>正文。</p>", wantSource: "新华社", wantExtracted: 2,
			reason: "the first statement is the article's",
		},
		{
			name: "word starting with the label is prose", html: "<p>来源于网络的说法不可信。</p>",
			wantHTML: "<p>来源于网络的说法不可信。</p>",
			reason:   "来源于 has no separator after the label",
		},
		{
			name: "label not at the start is prose", html: `<p label="图片备注" class="text-img-note">图片来源：视觉中国</p>`,
			wantHTML: `<p>图片来源：视觉中国</p>`,
			reason:   "an image credit is part of the body",
		},
		{
			name:     "long paragraph starting with the label is prose",
			html:     "<p>来源：" + strings.Repeat("据上海证券报报道，", 12) + "</p>",
			wantHTML: "<p>来源：" + strings.Repeat("据上海证券报报道，", 12) + "</p>",
			reason:   "over 100 characters is a sentence, not a label",
		},
		{
			name: "label line followed by prose line is kept", html: "<p>来源：新浪<br>今年五一假期，国内旅游市场强势复苏，熟悉的模式再度回归，平台数据显示一切向好。</p>",
			wantHTML: "<p>来源：新浪<br>今年五一假期，国内旅游市场强势复苏，熟悉的模式再度回归，平台数据显示一切向好。</p>",
			reason:   "removing the paragraph would remove prose",
		},
		{
			name: "label paragraph with an image is kept", html: `<p>来源：新浪<img src="https://n.sinaimg.cn/a.jpg"></p>`,
			wantHTML: `<p>来源：新浪<img src="https://n.sinaimg.cn/a.jpg"></p>`,
			reason:   "the image is content",
		},
		{
			name: "label in a div is kept", html: "<div>来源：新浪</div>",
			wantHTML: "<div>来源：新浪</div>",
			reason:   "only paragraphs are label lines",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := p.Sanitize([]byte(tc.html), sanitize.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if string(got.HTML) != tc.wantHTML {
				t.Errorf("HTML = %q\nwant   %q (%s)", got.HTML, tc.wantHTML, tc.reason)
			}
			f := got.Fields
			if f["original_title"] != tc.wantOriginal || f["source_name"] != tc.wantSource || f["editor"] != tc.wantEd {
				t.Errorf("fields = %q; want original %q, source %q, editor %q (%s)", f, tc.wantOriginal, tc.wantSource, tc.wantEd, tc.reason)
			}
			n := got.Report.RuleCount("original-title") + got.Report.RuleCount("source") + got.Report.RuleCount("editor")
			if n != tc.wantExtracted {
				t.Errorf("lines extracted = %d, want %d (%s)", n, tc.wantExtracted, tc.reason)
			}
		})
	}
}
