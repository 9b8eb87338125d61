package extract

import (
	"strings"

	"golang.org/x/net/html"

	"articleservice/sanitize/htmltok"
	"articleservice/service/normalize"
)

// Head is the metadata a page states about itself in its <head>.
type Head struct {
	Title       string
	Author      string
	Description string
	Image       string
	Published   string
	SiteName    string
	Language    string
	BaseHref    string
}

// headScan bounds how much of a page ReadHead looks at: metadata lives at
// the top, and a page without a <body> must not be read to its end twice.
const headScan = 256 << 10

// ReadHead reads <title>, <meta> and <html lang> from raw (unsanitized)
// HTML, stopping at <body> or the first content element. og:title and
// twitter:title stand in for a missing or empty <title>, wherever they are.
func ReadHead(raw []byte) Head {
	h, og := readHead(raw)
	if h.Title == "" {
		h.Title = og
	}
	return h
}

func readHead(raw []byte) (h Head, ogTitle string) {
	z := htmltok.New(raw[:min(len(raw), headScan)])
	inTitle := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return h, ogTitle
		case html.TextToken:
			if inTitle && h.Title == "" {
				h.Title = normalize.Title(string(z.Text()))
			}
		case html.EndTagToken:
			if z.Name() == "title" {
				inTitle = false
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			switch t.Data {
			case "html":
				h.Language = attr(t, "lang")
			case "title":
				inTitle = true
			case "base":
				h.BaseHref = attr(t, "href")
			case "meta":
				h.meta(t, &ogTitle)
			case "body", "p", "div", "article", "section", "h1", "main":
				return h, ogTitle
			}
		}
	}
}

func (h *Head) meta(t html.Token, ogTitle *string) {
	key := strings.ToLower(attr(t, "name"))
	if key == "" {
		key = strings.ToLower(attr(t, "property"))
	}
	content := strings.TrimSpace(attr(t, "content"))
	if content == "" {
		return
	}
	switch key {
	case "og:title", "twitter:title":
		setOnce(ogTitle, normalize.Title(content))
	case "author", "article:author":
		setOnce(&h.Author, normalize.Space(content))
	case "description", "og:description":
		setOnce(&h.Description, normalize.Space(content))
	case "og:image", "twitter:image":
		setOnce(&h.Image, content)
	case "article:published_time", "pubdate", "publishdate", "date":
		setOnce(&h.Published, content)
	case "og:site_name":
		setOnce(&h.SiteName, normalize.Space(content))
	}
}

func attr(t html.Token, key string) string {
	for _, a := range t.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
