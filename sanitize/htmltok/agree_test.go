package htmltok_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"articleservice/sanitize/htmltok"
)

// token is everything a caller can read of one token.
type token struct {
	tt    html.TokenType
	raw   string
	name  string
	attrs []string
	text  string
	err   error
}

func (t token) String() string {
	return fmt.Sprintf("%v raw=%q name=%q attrs=%q text=%q err=%v", t.tt, t.raw, t.name, t.attrs, t.text, t.err)
}

// source is what both tokenizers offer.
type source interface {
	Next() html.TokenType
	Raw() []byte
	Text() []byte
	TagAttr() ([]byte, []byte, bool)
	Err() error
}

func read(z source, name func() string) []token {
	var out []token
	for {
		t := token{tt: z.Next()}
		t.raw = string(z.Raw())
		switch t.tt {
		case html.ErrorToken:
			t.err = z.Err()
			return append(out, t)
		case html.TextToken, html.CommentToken, html.DoctypeToken:
			t.text = string(z.Text())
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			t.name = name()
			for {
				k, v, more := z.TagAttr()
				if k == nil {
					break
				}
				t.attrs = append(t.attrs, string(k)+"="+string(v))
				if !more {
					break
				}
			}
		}
		out = append(out, t)
	}
}

func want(src []byte) []token {
	z := html.NewTokenizer(bytes.NewReader(src))
	return read(z, func() string { n, _ := z.TagName(); return string(n) })
}

func got(src []byte) []token {
	z := htmltok.New(src)
	return read(z, z.Name)
}

// agree fails tb unless both tokenizers return the same tokens for src.
func agree(tb testing.TB, src []byte) {
	tb.Helper()
	orig := bytes.Clone(src)
	w, g := want(src), got(src)
	if !bytes.Equal(src, orig) {
		tb.Fatalf("%q: the body was written to", orig)
	}
	for i := range max(len(w), len(g)) {
		switch {
		case i >= len(w):
			tb.Fatalf("%q: extra token %d: %v", src, i, g[i])
		case i >= len(g):
			tb.Fatalf("%q: missing token %d: %v", src, i, w[i])
		case w[i].String() != g[i].String():
			tb.Fatalf("%q: token %d:\n got  %v\n want %v", src, i, g[i], w[i])
		}
	}
}

// The cases are the forms each read of ours stops at, on both sides.
var agreeCases = []struct{ name, src string }{
	{"plain text and tags", `<p class="a">Hello <b>world</b></p>`},
	{"a '<' that starts no tag stays text", `a < b <3 <- c<`},
	{"text ending in '<' and '</'", `x<`},
	{"end tag cut short", `x</`},
	{"upper-case names and keys", `<DIV ID=Main CLASS='x'>t</DIV >`},
	{"repeated keys keep the first", `<a href=1 HREF=2 href=3 title=t>`},
	{"self-closing forms", `<br/><br /><img src=x/><img src=x/ /><img src="x"/><a b/><a b / >`},
	{"key without value, value without key", `<input disabled checked =x><a b = "c" d= e f =g>`},
	{"lone slashes between attributes", `<a / b / c="d"/ e>`},
	{"a key starting with '='", `<a =b c=d>`},
	{"empty values", `<a b= c="" d=''>`},
	{"value ending at '>'", `<a b=>x`},
	{"quotes inside unquoted values", `<a b=c"d'e f=g>`},
	{"character references in text", `a &amp; b &lt;c&gt; &nbsp;&copy &#169; &#xA9; &notit; &amp`},
	{"character references in values", `<a href="?a=1&b=2&amp;c=3&lt=4" title="&quot;x&quot; &#39;y&#39; &#0; &#xD800; &#x110000;">`},
	{"references only x/net/html decodes", `<a t="&eacute;&AMP;&#x80;&#150;&ampx;&notin" u=a&hellip;'"b>`},
	{"names no entity starts, in values", `<a href="?aid=1&high_quality=1&EA_PTAG=2&notify_x=3&amp_x=4&zz;">`},
	{"references ending values", `<a t="&" u="&#" v="&#x" w="&amp" x="&;">`},
	{"newlines in text and values", "a\r\nb\rc<a t=\"x\r\ny\rz&amp;\r\">\r\n"},
	{"comments", `<!--a--><!--b--!><!----><!---><!-->c<!-- -- -- --><!--x--!-->`},
	{"comments of dashes only", `<!----><!-----><!------><!---x--><!----!>`},
	{"a comment the body ends in", `<!-- never closed`},
	{"doctypes", `<!DOCTYPE html><!doctype><!DocType  html PUBLIC "x">`},
	{"a doctype cut short", `<!DOCTY`},
	{"bogus comments", `<!x><?xml version="1.0"?></ x></1><!-></>`},
	{"bogus comment cut short", `<?never`},
	{"script and style bodies", `<script>if (a<b) x = "</p>";</script><style>p>a{}</style >t`},
	{"script with an escape", `<script><!-- document.write("<script>x</script>") --></script>after`},
	{"script never closed", `<script>a<b`},
	{"script end tag case and delimiters", `<SCRIPT>x</ScRiPt/><style>y</STYLE
>z<xmp><b></xmp>`},
	{"raw-text lookalike end tags", `<script>a</scripts>b</script</script>c`},
	{"empty raw-text elements", `<script></script><title></title><textarea/>x</textarea>`},
	{"title and textarea decode references", `<title>a &amp; b</title><textarea>&lt;b&gt;</textarea>`},
	{"iframe, noscript, noembed, noframes contents stay raw", `<iframe>&amp;<b></iframe><noscript>&lt;</noscript><noembed>a</noembed><noframes>b</noframes>`},
	{"plaintext runs to the end", `<plaintext>a</plaintext><b>`},
	{"NUL anywhere", "<a\x00b c\x00=d\x00>e\x00f<!--\x00-->"},
	{"tags cut short", `<div class="a`},
	{"attribute cut short", `<div class=a`},
	{"key cut short", `<div class`},
	{"end tag with attributes", `</div class="x">`},
	{"end tag cut short inside", `</div `},
	{"non-ASCII names and keys", `<café naïve=1 Ä=2>x</café>`},
	{"more attributes than are read without x/net/html", manyAttrs(40)},
	{"as many as are read", manyAttrs(32) + manyAttrs(3)},
	{"long names", `<abcdefghijklmnopqrstuvwxyzabcdefghijklmnop>x</abcdefghijklmnopqrstuvwxyzabcdefghijklmnop>`},
}

// agreeOnToken fails tb unless both tokenizers' Token agree for src.
func agreeOnToken(tb testing.TB, src []byte) {
	tb.Helper()
	x := html.NewTokenizer(bytes.NewReader(src))
	z := htmltok.New(src)
	for i := 0; ; i++ {
		xt, zt := x.Next(), z.Next()
		if xt != zt {
			tb.Fatalf("%q: token %d is %v, want %v", src, i, zt, xt)
		}
		if xt == html.ErrorToken {
			return
		}
		if w, g := x.Token(), z.Token(); fmt.Sprintf("%#v", g) != fmt.Sprintf("%#v", w) {
			tb.Fatalf("%q: token %d:\n got  %#v\n want %#v", src, i, g, w)
		}
	}
}

// manyAttrs is a tag with n distinct attributes and a repeated one.
func manyAttrs(n int) string {
	var b strings.Builder
	b.WriteString("<p")
	for i := range n {
		fmt.Fprintf(&b, " a%d=%d A0=x", i, i)
	}
	b.WriteString(">t</p>")
	return b.String()
}

func TestTokensAgreeWithXNetHTML(t *testing.T) {
	for _, c := range agreeCases {
		t.Run(c.name, func(t *testing.T) {
			agree(t, []byte(c.src))
			agreeOnToken(t, []byte(c.src))
		})
	}
}

func FuzzTokensAgreeWithXNetHTML(f *testing.F) {
	for _, c := range agreeCases {
		f.Add([]byte(c.src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		agree(t, src)
		agreeOnToken(t, src)
	})
}
