package pipeline

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"

	"articleservice/service/frontmatter"
	"articleservice/service/normalize"
)

// boilerplate is what must not survive into an article, by kind.
var boilerplate = map[string]*regexp.Regexp{
	"promo":         regexp.MustCompile(`海量资讯、精准解读|炒股开户享福利|扫码分享|复制代码|查看知乎讨论|查看知乎原文`),
	"editor line":   regexp.MustCompile(`责任编辑[：:]`),
	"css text":      regexp.MustCompile(`&#123;|&#125;|[a-zA-Z0-9_.#\]-]\s*\{\s*[a-z-]+\s*:[^{}]*\}`),
	"comment text":  regexp.MustCompile(`<!--|-->`),
	"empty wrapper": regexp.MustCompile(`<(p|div|span|figure|blockquote|h[1-6])>\s*</(p|div|span|figure|blockquote|h[1-6])>`),
}

// codeRe strips code, whose text may legitimately look like CSS.
var codeRe = regexp.MustCompile(`(?s)<pre>.*?</pre>|<code>.*?</code>`)

// metaLine matches the lines the policies extract or drop on purpose, which
// are not article paragraphs.
// (虎嗅's 作者/监制/题图/头图 credit lines among them).
var metaLine = regexp.MustCompile(`^(原标题|原標題|来源|來源|责任编辑|責任編輯|本文编辑|编辑|本文来自|(作者|监制|题图|头图)\s*[：:|｜丨])|海量资讯、精准解读|炒股开户享福利|复制代码|查看知乎`)

// TestFidelity measures, over the whole corpus, how much of each page's
// visible paragraph text reaches body_text (recall) and how much
// boilerplate survives. `go test ./service/pipeline -run TestFidelity -v`
// prints the figures the README quotes.
func TestFidelity(t *testing.T) {
	p := newPipeline(t, Config{})
	var paras, found, docs int
	survived := map[string]int{}
	for _, file := range corpusFiles(t) {
		doc := readFile(t, file)
		a, err := p.Process(context.Background(), documentOf(doc))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		docs++
		_, body, _, _, _ := frontmatter.Split(doc, 0)
		text := normalize.Space(a.BodyText)
		for _, para := range visibleParagraphs(t, body) {
			if metaLine.MatchString(para) {
				continue
			}
			paras++
			if strings.Contains(text, para) {
				found++
			} else {
				t.Logf("%s: paragraph lost: %.60q", file, para)
			}
		}
		for kind, re := range boilerplate {
			// Code may legitimately look like CSS; empty wrappers are
			// judged on the body as it is.
			html := a.BodyHTML
			if kind != "empty wrapper" {
				html = codeRe.ReplaceAllString(html, "") + "\n" + a.BodyText
			}
			if m := re.FindString(html); m != "" {
				survived[kind]++
				t.Errorf("%s: %s survived: %q", file, kind, m)
			}
		}
	}
	recall := float64(found) / float64(paras)
	t.Logf("fidelity over %d documents: %d of %d visible paragraphs kept (recall %.2f%%); boilerplate surviving: %v",
		docs, found, paras, 100*recall, survived)
	if recall < 0.98 {
		t.Errorf("recall %.2f%% is under 98%%", 100*recall)
	}
}

// visibleParagraphs returns the whitespace-normalized text of every <p>,
// <li> and heading of a page that a reader sees: not inside script, style,
// template or an element hidden with display:none.
func visibleParagraphs(tb testing.TB, body []byte) []string {
	tb.Helper()
	root, err := xhtml.Parse(bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode {
			switch n.Data {
			case "script", "style", "template", "noscript", "head", "iframe", "button", "select", "textarea", "svg":
				return
			}
			for _, a := range n.Attr {
				if a.Key == "hidden" || a.Key == "style" && strings.Contains(strings.ReplaceAll(a.Val, " ", ""), "display:none") {
					return
				}
			}
			switch n.Data {
			case "p", "li", "h1", "h2", "h3", "h4", "h5", "h6":
				if t := normalize.Space(textOf(n)); len([]rune(t)) >= 4 {
					out = append(out, t)
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return out
}

func textOf(n *xhtml.Node) string {
	var b strings.Builder
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		switch {
		case n.Type == xhtml.TextNode:
			b.WriteString(n.Data)
		case n.Type == xhtml.ElementNode && (n.Data == "script" || n.Data == "style"):
			return
		case n.Type == xhtml.ElementNode && n.Data == "br":
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
