package htmlelem

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// tagNameCases are markup whose tags' names TagName must read exactly as
// the tokenizer's TagName does.
var tagNameCases = []string{
	`<p>x</p>`,
	`<DIV class=a>x</DiV >`,
	`<br/><br /><img src=x/>`,
	`<svg/><math/>`,
	"<a\x00b>x</a\x00b>",
	"<p\tid=1>x</p\n>",
	"<p\fx>y</p\r>",
	`<my-element data-x="1">x</my-element>`,
	`<ÉTÉ>x</ÉTÉ>`,
	`<` + strings.Repeat("x", 40) + `>y</` + strings.Repeat("X", 40) + `>`,
	`<a href="/x">y</a`,
	`<div`,
	`</div>`,
	`<p>a<b>c</p></b>`,
	`<script>if (a<b) {}</script><title>x</title>`,
	`<textarea><p></textarea>`,
	`<!-- <p> --><![CDATA[x]]><!doctype html>`,
	`</ p><//p></>`,
}

func TestTagNameMatchesTokenizer(t *testing.T) {
	for _, src := range tagNameCases {
		checkTagNames(t, src)
	}
}

func FuzzTagName(f *testing.F) {
	for _, src := range tagNameCases {
		f.Add(src)
	}
	f.Fuzz(checkTagNames)
}

func checkTagNames(t *testing.T, src string) {
	a := html.NewTokenizer(strings.NewReader(src))
	b := html.NewTokenizer(strings.NewReader(src))
	for {
		tt := a.Next()
		if b.Next() != tt {
			t.Fatalf("%q: tokenizers disagree", src)
		}
		if tt == html.ErrorToken {
			return
		}
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			got := TagName(a)
			want, _ := b.TagName()
			if got != string(want) {
				t.Fatalf("%q: TagName = %q, tokenizer says %q", src, got, want)
			}
			// Attributes read after it are the tokenizer's too.
			for {
				ka, va, moreA := a.TagAttr()
				kb, vb, moreB := b.TagAttr()
				if string(ka) != string(kb) || string(va) != string(vb) || moreA != moreB {
					t.Fatalf("%q: attribute %q=%q, tokenizer says %q=%q", src, ka, va, kb, vb)
				}
				if !moreA {
					break
				}
			}
		}
	}
}

// TestInternKnowsItsNames: every name Intern answers without the atom
// table is returned as it is, and is one the table knows as well.
func TestInternKnowsItsNames(t *testing.T) {
	for _, n := range []string{"p", "div", "span", "a", "img", "br", "td", "tr", "li", "strong", "font", "b",
		"class", "src", "href", "alt", "style", "h1", "figcaption", "data-src", "x-custom"} {
		if got := Intern([]byte(n)); got != n {
			t.Errorf("Intern(%q) = %q", n, got)
		}
		if testing.AllocsPerRun(10, func() { Intern([]byte(n)) }) > 0 && atom.Lookup([]byte(n)) != 0 {
			t.Errorf("Intern(%q) allocates, though HTML knows the name", n)
		}
	}
}

func BenchmarkIntern(b *testing.B) {
	names := [][]byte{[]byte("p"), []byte("div"), []byte("span"), []byte("td"), []byte("class"), []byte("a"),
		[]byte("src"), []byte("img"), []byte("referrerpolicy"), []byte("strong"), []byte("figure"), []byte("h3")}
	for b.Loop() {
		for _, n := range names {
			Intern(n)
		}
	}
}
