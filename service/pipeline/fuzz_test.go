package pipeline

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"articleservice/service/article"
)

// FuzzProcess feeds arbitrary bytes through the whole pipeline, fragments
// and whole pages alike: it must return either a typed field error or an
// article whose text is valid UTF-8 and whose body, parsed as a browser
// parses it, holds nothing that runs script (see checkSafe).
func FuzzProcess(f *testing.F) {
	for _, name := range []string{"0002", "0102", "0153", "0164"} {
		f.Add(readFile(f, corpusDir+"/"+name+".md"))
	}
	f.Add([]byte(aliasBomb))
	f.Add([]byte("---\ntitle: [\n---\n"))
	f.Add([]byte("<svg><script>alert(1)</script></svg><p onclick=x>y"))
	// Whole pages, so that fuzzing covers main-content extraction too.
	f.Add([]byte(storyPage("")))
	f.Add([]byte("---\ntitle: River floods\n---\n" + storyPage(`<figure><img src="/a.jpg" alt="x"><figcaption>The square at noon.</figcaption></figure>`)))
	f.Add([]byte(`<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>长江汛情</title></head><body>` +
		`<nav><a href="/">首页</a> <a href="/news">新闻</a></nav><div class="box"><h1>长江中下游进入主汛期</h1>` +
		`<p>受持续强降雨影响，长江中下游干流水位全线上涨，武汉关水位昨日超过警戒线，防汛部门已启动四级应急响应。</p>` +
		`<p>沿江各地组织干部群众上堤巡查，重点排查管涌、渗漏等险情，确保大堤安全，同时转移低洼地区的群众。</p></div>` +
		`<div class="box"><ul><li><a href="/1">国务院常务会议部署进一步做好防汛抗旱工作</a></li><li><a href="/2">多地发布暴雨橙色预警</a></li></ul></div>` +
		`<footer>版权所有</footer></body></html>`))
	f.Add([]byte(storyPage(`<p>The gauge data, as published, <script>document.write("<p>injected</p>")</script> was late.</p><script src="https://cdn.example/track.js"></script>`)))
	f.Add([]byte(storyPage(`<p>A reader wrote, <img src=x onerror=alert(1)> and <a href="javascript:alert(2)">this link</a>, <svg><a xlink:href="javascript:alert(3)"><text>x</text></a></svg> and <math><mtext><table><mglyph><style><img src=x onerror=alert(4)></style></mglyph></table></mtext></math>.</p>` +
		`<iframe srcdoc="<script>alert(5)</script>"></iframe><noscript><p title="</noscript><img src=x onerror=alert(6)>"></noscript>`)))
	lim := DefaultLimits()
	lim.MaxDocumentBytes = 64 << 10
	p := newPipeline(f, Config{Limits: lim})
	f.Fuzz(func(t *testing.T, content []byte) {
		a, err := p.Process(context.Background(), article.Document{Content: content})
		if err != nil {
			var fe *article.FieldError
			if !errors.As(err, &fe) || fe.Field == "" || fe.Description == "" {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		for what, s := range map[string]string{"title": a.Title, "body_text": a.BodyText, "body_html": a.BodyHTML, "summary": a.Summary} {
			if !utf8.ValidString(s) {
				t.Errorf("%s is not valid UTF-8", what)
			}
		}
		// Parsed as a browser parses it: no on* attribute, javascript: or
		// other script URL, srcdoc, <script> or <style> whatever the
		// spelling.
		checkSafe(t, a.BodyHTML)
		if a.Extraction != article.ExtractionPage && a.Extraction != article.ExtractionFragment {
			t.Errorf("extraction %q, want page or fragment", a.Extraction)
		}
		if strings.Contains(a.BodyText, "\n\n\n") {
			t.Errorf("body_text has more than one blank line in a row: %q", a.BodyText)
		}
	})
}
