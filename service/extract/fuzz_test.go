package extract_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"articleservice/service/extract"
	"articleservice/service/normalize"
)

// corpusBodies returns the HTML bodies of a few testdata/corpus documents,
// each cut to at most 8 KiB to keep fuzzing fast.
func corpusBodies(tb testing.TB, names ...string) [][]byte {
	tb.Helper()
	var out [][]byte
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "corpus", n))
		if err != nil {
			tb.Fatal(err)
		}
		parts := bytes.SplitN(b, []byte("\n---\n"), 3)
		if len(parts) != 3 {
			tb.Fatalf("%s: no front matter to strip", n)
		}
		out = append(out, parts[2][:min(len(parts[2]), 8<<10)])
	}
	return out
}

var bodySeeds = []string{
	"<p>第一段。</p><p>第二段。</p>",
	"<p>a<br><br><br>b</p><pre>x\r\n\n\n\ny</pre>",
	"<div><pre>code</div><p>a   b</p>",
	`<p><font><img src="x.jpg"></p><p><wbr><img src="//n.sinaimg.cn/y.jpg"></p>`,
	`<p>　　原标题：旧标题</p><p>来源：新浪<br>责任编辑：王翔</p><p>来源于网络</p>`,
	`<figure><figcaption>图</figcaption><img src="/a.jpg" width="-1" height="99999999999"></figure>`,
	`<p></p><div><p>&nbsp;</p></div><ul><li></li></ul>`,
	"</p></div><pre><pre></pre>\x00<b><i></b></i>",
}

// FuzzRead checks what Read promises of any input: plain text with one
// blank line between paragraphs and no stray line ends, output no longer
// than input, unique absolute image URLs, normalized metadata fields, and
// the same result every time.
func FuzzRead(f *testing.F) {
	for _, s := range bodySeeds {
		f.Add([]byte(s))
	}
	for _, b := range corpusBodies(f, "0007.md", "0104.md", "0057.md", "0081.md") {
		f.Add(b)
	}
	base := parseURL(f, "https://www.animen.com.tw/news/detail/1234.html")
	f.Fuzz(func(t *testing.T, in []byte) {
		orig := bytes.Clone(in)
		got := extract.Read(in, base)
		if !bytes.Equal(in, orig) {
			t.Fatalf("Read modified its input")
		}
		if utf8.Valid(in) {
			// Told the markup is valid, Read skips its checks of the text
			// and must read the same.
			if trusted := extract.ReadWith(nil, in, base, true); !reflect.DeepEqual(trusted, got) {
				t.Fatalf("read as valid UTF-8 %q:\n%+v\nread checking it:\n%+v", in, trusted, got)
			}
		}
		if strings.Contains(got.Text, "\n\n\n") {
			t.Fatalf("Text has two blank lines in a row: %q", got.Text)
		}
		if strings.HasPrefix(got.Text, "\n") || strings.HasSuffix(got.Text, "\n") || strings.Contains(got.Text, "\r") {
			t.Fatalf("Text has a stray line end: %q", got.Text)
		}
		if len(got.HTML) > len(in) {
			t.Fatalf("HTML grew from %d to %d bytes", len(in), len(got.HTML))
		}
		if utf8.Valid(in) && (!utf8.ValidString(got.Text) || !utf8.ValidString(got.HTML)) {
			t.Fatalf("valid UTF-8 in, invalid out: %q / %q", got.Text, got.HTML)
		}
		if got.Empty < 0 {
			t.Fatalf("negative count: %d empty", got.Empty)
		}
		seen := map[string]bool{}
		for _, img := range got.Images {
			if seen[img.URL] {
				t.Fatalf("duplicate image %q", img.URL)
			}
			seen[img.URL] = true
			if !strings.HasPrefix(img.URL, "https://") && !strings.HasPrefix(img.URL, "http://") {
				t.Fatalf("image URL %q is not absolute http(s)", img.URL)
			}
			if img.Width < 0 || img.Height < 0 || img.Alt != normalize.Space(img.Alt) {
				t.Fatalf("bad image %+v", img)
			}
		}
		if again := extract.Read(in, base); !reflect.DeepEqual(again, got) {
			t.Fatalf("Read is not deterministic:\n%+v\n%+v", got, again)
		}
	})
}

// FuzzReadHead checks that ReadHead never panics and returns normalized,
// trimmed fields that are valid UTF-8 when the input is.
func FuzzReadHead(f *testing.F) {
	for _, s := range []string{
		`<html lang="zh-CN"><head><title> 标题 &amp; 副标题 </title><meta name="author" content="新浪财经"></head><body>`,
		`<head><meta property="og:title" content="OG"><title>T</title><meta property="article:published_time" content=" 2021-09-24 "></head>`,
		`<title>never closed`,
		`<meta name="description" content="a\n\tb"><base href="/x/"><p>`,
		"\n<div>   \n<hr><p>よろしくお願いします</p></div>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		h := extract.ReadHead(in)
		for _, v := range []string{h.Title, h.Author, h.Description, h.SiteName} {
			if v != normalize.Space(v) {
				t.Fatalf("field %q is not normalized in %+v", v, h)
			}
		}
		for _, v := range []string{h.Image, h.Published} {
			if v != strings.TrimSpace(v) {
				t.Fatalf("field %q is not trimmed in %+v", v, h)
			}
		}
		if utf8.Valid(in) {
			for _, v := range []string{h.Title, h.Author, h.Description, h.Image, h.Published, h.SiteName, h.Language, h.BaseHref} {
				if !utf8.ValidString(v) {
					t.Fatalf("valid UTF-8 in, invalid field %q out", v)
				}
			}
		}
		if again := extract.ReadHead(in); again != h {
			t.Fatalf("ReadHead is not deterministic: %+v then %+v", h, again)
		}
	})
}
