package page

import (
	"bytes"

	"golang.org/x/net/html"
)

// detectScan bounds how far IsPage looks: a page declares itself in its
// first tags, and a fragment must not cost a scan of its whole length.
const detectScan = 4 << 10

// IsPage reports whether body is a whole HTML document rather than an
// article body already cut out: its first markup (after whitespace, a
// byte-order mark, comments and processing instructions) is a doctype or
// an <html>, <head>, <body>, <title>, <meta>, <link> or <base> tag, or a
// doctype or <html>, <head> or <body> tag follows within its first
// kilobytes outside <pre> and <code> (a server's warning printed before
// the page). A fragment that quotes a page inside <pre> or <code> stays a
// fragment.
func IsPage(body []byte) bool {
	return startsLikePage(body) || declaresPage(body[:min(len(body), detectScan)])
}

// declaresPage tokenizes b looking for a document's own markup.
func declaresPage(b []byte) bool {
	z := html.NewTokenizer(bytes.NewReader(b))
	quoted := 0 // open <pre>, <code>, <xmp>, <textarea>: markup there is text
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return false
		case html.DoctypeToken:
			if quoted == 0 {
				return true
			}
		case html.StartTagToken, html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "pre", "code", "xmp", "textarea", "listing", "plaintext":
				if tt == html.StartTagToken {
					quoted++
				} else if quoted > 0 {
					quoted--
				}
			case "html", "head", "body":
				if tt == html.StartTagToken && quoted == 0 {
					return true
				}
			}
		}
	}
}

func startsLikePage(body []byte) bool {
	b := body[:min(len(body), detectScan)]
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	for {
		b = bytes.TrimLeft(b, " \t\r\n\f")
		switch {
		case bytes.HasPrefix(b, []byte("<!--")):
			end := bytes.Index(b, []byte("-->"))
			if end < 0 {
				return false
			}
			b = b[end+3:]
			continue
		case bytes.HasPrefix(b, []byte("<?")):
			end := bytes.IndexByte(b, '>')
			if end < 0 {
				return false
			}
			b = b[end+1:]
			continue
		}
		break
	}
	if len(b) < 2 || b[0] != '<' {
		return false
	}
	name := b[1:]
	if name[0] == '!' {
		return hasFoldPrefix(name[1:], "doctype")
	}
	i := 0
	for i < len(name) && (name[i] >= 'a' && name[i] <= 'z' || name[i] >= 'A' && name[i] <= 'Z') {
		i++
	}
	if i == len(name) || !(name[i] == '>' || name[i] == '/' || name[i] == ' ' || name[i] == '\t' || name[i] == '\n' || name[i] == '\r' || name[i] == '\f') {
		return false
	}
	switch string(bytes.ToLower(name[:i])) {
	case "html", "head", "body", "title", "meta", "link", "base":
		return true
	}
	return false
}

func hasFoldPrefix(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && bytes.EqualFold(b[:len(prefix)], []byte(prefix))
}
