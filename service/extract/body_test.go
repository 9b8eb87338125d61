package extract_test

import (
	"net/url"
	"reflect"
	"testing"

	"articleservice/service/article"
	"articleservice/service/extract"
)

func parseURL(tb testing.TB, s string) *url.URL {
	tb.Helper()
	u, err := url.Parse(s)
	if err != nil {
		tb.Fatal(err)
	}
	return u
}

func TestReadText(t *testing.T) {
	tests := []struct {
		name     string
		html     string
		wantText string
		reason   string
	}{
		{"paragraphs are separated by a blank line", "<p>第一段。</p><p>第二段。</p>", "第一段。\n\n第二段。", "Text keeps paragraphs apart"},
		{"headings and list items are paragraphs", "<h2>小标题</h2><ul><li>一</li><li>二</li></ul>", "小标题\n\n一\n\n二", "every block breaks the text"},
		{"br breaks a line", "<p>よろしくお願いします<br>コピペ用⤵︎ ⤵︎</p>", "よろしくお願いします\nコピペ用⤵︎ ⤵︎", "testdata/corpus/0007.md"},
		{"two br start a paragraph", "<p>a<br><br>b</p>", "a\n\nb", "an empty line is a paragraph break"},
		{"many br still leave one blank line", "<p>a<br><br><br><br>b</p>", "a\n\nb", "Text never holds two blank lines in a row"},
		{"source line breaks are spaces", "<p>第一行\n第二行</p>", "第一行 第二行", "as a browser renders them"},
		{"inline markup joins its text", "<p>某在线旅<font>游</font>平台<b>数据</b>显示</p>", "某在线旅游平台数据显示", "testdata/corpus/0104.md splits words across <font>"},
		{"full-width indentation is stripped", "<p>　　今年“五一”假期，国内旅游市场强势复苏。</p>", "今年“五一”假期，国内旅游市场强势复苏。", "Chinese news indents with U+3000"},
		{"nbsp is stripped", "<p>&nbsp;&nbsp;正文&nbsp;</p>", "正文", "entity spaces are whitespace"},
		{"whitespace inside a line collapses", "<p>a  \t  b</p>", "a b", "one space between words"},
		{"entities are decoded", "<p>R&amp;D &lt;tag&gt; &#8220;引号&#8221;</p>", "R&D <tag> “引号”", "Text is plain text"},
		{"pre is kept verbatim", "<pre>  func main() {\n\tx :=  1\n  }</pre>", "  func main() {\n\tx :=  1\n  }", "indentation and spacing are content in code"},
		{"pre blank-line runs shrink to one", "<pre>a\n\n\n\nb</pre>", "a\n\nb", "a blank line separates paragraphs; two would mean an empty one"},
		{"pre crlf becomes lf", "<pre>a\r\nb\rc</pre>", "a\nb\nc", "HTML reads CR LF and CR as LF"},
		{"pre left open ends with its parent", "<div><pre>code  x</div><p>a   b</p>", "code  x\n\na b", "text after the block is not preformatted"},
		{"empty document gives no text", "", "", "nothing to read"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := extract.Read([]byte(tc.html), nil)
			if got.Text != tc.wantText {
				t.Errorf("Text = %q, want %q (%s)", got.Text, tc.wantText, tc.reason)
			}
		})
	}
}

func TestReadDropsEmptyBlocks(t *testing.T) {
	tests := []struct {
		name      string
		html      string
		wantHTML  string
		wantEmpty int
		reason    string
	}{
		{"empty paragraphs are dropped and counted", "<p>正文</p><p></p><p> &nbsp;\u3000</p><div></div>", "<p>正文</p>", 3, "nothing visible is left in them"},
		{"nested empty blocks each count", "<div><p></p></div><p>x</p>", "<p>x</p>", 2, "the div is empty once its paragraph is gone"},
		{"paragraph of line breaks is dropped", "<p><br><br></p><p>x</p>", "<p>x</p>", 1, "br alone shows nothing"},
		{"block with an image stays", `<p><img src="https://a.example/x.jpg"></p>`, `<p><img src="https://a.example/x.jpg"></p>`, 0, "an image is visible"},
		{"image in an unclosed inline keeps its block", `<p><font><img src="https://a.example/x.jpg"></p><p>后文</p>`, `<p><font><img src="https://a.example/x.jpg"></p><p>后文</p>`, 0, "the font closes with the paragraph and its image counts"},
		{"void element before an image keeps its block", `<p><wbr><img src="https://a.example/x.jpg"></p>`, `<p><wbr><img src="https://a.example/x.jpg"></p>`, 0, "a void element has no end tag to carry the image's mark"},
		{"rule keeps its block", "<div><hr></div>", "<div><hr></div>", 0, "a rule is visible"},
		{"list items stay even when empty", "<ul><li></li><li>x</li></ul>", "<ul><li></li><li>x</li></ul>", 0, "removing them would change the list"},
		{"table cells stay even when empty", "<table><tr><td></td><td>x</td></tr></table>", "<table><tr><td></td><td>x</td></tr></table>", 0, "removing them would shift columns"},
		{"block with text stays", "<div>  <p>正文</p>  </div>", "<div> <p>正文</p> </div>", 0, "whitespace between tags is squeezed, not the block"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := extract.Read([]byte(tc.html), nil)
			if string(got.HTML) != tc.wantHTML || got.Empty != tc.wantEmpty {
				t.Errorf("HTML, Empty = %q, %d; want %q, %d (%s)", got.HTML, got.Empty, tc.wantHTML, tc.wantEmpty, tc.reason)
			}
		})
	}
}

func TestReadImages(t *testing.T) {
	base := parseURL(t, "https://www.animen.com.tw/news/detail/1234.html")
	tests := []struct {
		name   string
		html   string
		base   *url.URL
		want   []article.Image
		reason string
	}{
		{
			name:   "alt, width and height are read",
			html:   `<img alt="Barry's X – Mobile  App " width="768" height="579" src="https://cdn.dribbble.com/a.png?compress=1&amp;resize=400x300">`,
			want:   []article.Image{{URL: "https://cdn.dribbble.com/a.png?compress=1&resize=400x300", Alt: "Barry's X – Mobile App", Width: 768, Height: 579}},
			reason: "testdata/corpus Dribbble shots; attribute entities are decoded, alt whitespace collapsed",
		},
		{
			name:   "unusable dimensions are unknown",
			html:   `<img src="https://a.example/1.jpg" width="100%" height="-5"><img src="https://a.example/2.jpg" width="3000000000" height=" 457 ">`,
			want:   []article.Image{{URL: "https://a.example/1.jpg"}, {URL: "https://a.example/2.jpg", Height: 457}},
			reason: "a percentage, a negative or a number past int32 is no pixel size",
		},
		{
			name:   "duplicate urls are removed",
			html:   `<p><img src="https://img.pawoo.net/a.png" alt="image "></p><p><img src="https://img.pawoo.net/a.png" alt="again"></p>`,
			want:   []article.Image{{URL: "https://img.pawoo.net/a.png", Alt: "image"}},
			reason: "the first occurrence is kept",
		},
		{
			name:   "urls equal after resolving are duplicates",
			html:   `<img src="/animen_image/a.jpg"><img src="https://www.animen.com.tw/animen_image/a.jpg">`,
			base:   base,
			want:   []article.Image{{URL: "https://www.animen.com.tw/animen_image/a.jpg"}},
			reason: "duplicates are judged on the absolute URL",
		},
		{
			name:   "relative urls are resolved against base",
			html:   `<img src="/animen_image/a.jpg"><img src="img/b.jpg"><img src="//n.sinaimg.cn/c.jpg">`,
			base:   base,
			want:   []article.Image{{URL: "https://www.animen.com.tw/animen_image/a.jpg"}, {URL: "https://www.animen.com.tw/news/detail/img/b.jpg"}, {URL: "https://n.sinaimg.cn/c.jpg"}},
			reason: "root-relative, path-relative and protocol-relative",
		},
		{
			name:   "relative urls without base are left out",
			html:   `<img src="/animen_image/a.jpg"><img src="//n.sinaimg.cn/c.jpg">`,
			want:   []article.Image{{URL: "https://n.sinaimg.cn/c.jpg"}},
			reason: "nothing to resolve them against",
		},
		{
			name:   "non-http sources are left out",
			html:   `<img src="javascript:alert(1)"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="><img>`,
			base:   base,
			want:   nil,
			reason: "only fetchable images are images",
		},
		{
			name:   "figcaption captions the images of its figure",
			html:   `<figure><img src="https://img01.vgtime.com/a.jpg"><img src="https://img01.vgtime.com/b.jpg"><figcaption>《多罗罗》宣传图</figcaption></figure>`,
			want:   []article.Image{{URL: "https://img01.vgtime.com/a.jpg", Caption: "《多罗罗》宣传图"}, {URL: "https://img01.vgtime.com/b.jpg", Caption: "《多罗罗》宣传图"}},
			reason: "a caption describes every image of the figure",
		},
		{
			name:   "figcaption before the image captions it",
			html:   `<figure><figcaption>图为发布会现场</figcaption><img src="https://a.example/x.jpg"></figure>`,
			want:   []article.Image{{URL: "https://a.example/x.jpg", Caption: "图为发布会现场"}},
			reason: "HTML allows the caption first",
		},
		{
			name:   "empty figcaption gives no caption",
			html:   `<figure contenteditable="false"><img style="width:600px;" src="https://img01.vgtime.com/a.jpg"><figcaption class="vg_insert_img_notice"></figcaption></figure>`,
			want:   []article.Image{{URL: "https://img01.vgtime.com/a.jpg"}},
			reason: "testdata/corpus vgtime figures have empty captions",
		},
		{
			name:   "caption stays inside its figure",
			html:   `<figure><figcaption>只属于这里</figcaption></figure><img src="https://a.example/y.jpg"><figure><img src="https://a.example/z.jpg"></figure>`,
			want:   []article.Image{{URL: "https://a.example/y.jpg"}, {URL: "https://a.example/z.jpg"}},
			reason: "other images are not described by it",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := extract.Read([]byte(tc.html), tc.base)
			if len(got.Images) == 0 && len(tc.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got.Images, tc.want) {
				t.Errorf("Images =\n %+v\nwant\n %+v\n(%s)", got.Images, tc.want, tc.reason)
			}
		})
	}
	t.Run("caption text stays in the body text", func(t *testing.T) {
		got := extract.Read([]byte(`<figure><img src="https://a.example/x.jpg"><figcaption>图为现场</figcaption></figure><p>正文。</p>`), nil)
		if got.Text != "图为现场\n\n正文。" {
			t.Errorf("Text = %q, want the caption as a paragraph", got.Text)
		}
	})
}
