package page

import "bytes"

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

// declaresPage scans b for a document's own markup: a doctype or an
// <html>, <head> or <body> start tag that is not text inside <pre>,
// <code> or their kin, nor inside a comment. A scan, not a tokenizer:
// every fragment pays for it.
func declaresPage(b []byte) bool {
	quoted := 0
	for i := bytes.IndexByte(b, '<'); i >= 0 && i < len(b); {
		rest := b[i+1:]
		if bytes.HasPrefix(rest, []byte("!--")) {
			end := bytes.Index(rest, []byte("-->"))
			if end < 0 {
				return false
			}
			rest = rest[end+3:]
		} else {
			closing := len(rest) > 0 && rest[0] == '/'
			name := rest
			if closing {
				name = name[1:]
			}
			if !closing && quoted == 0 && hasFoldPrefix(name, "!doctype") {
				return true
			}
			n := 0
			for n < len(name) && isASCIILetter(name[n]) {
				n++
			}
			switch {
			case n == 0 || n == len(name) || !tagEnd(name[n]):
				// Not a whole tag name: "<htmlx", or cut at the end.
			case foldIn(name[:n], "pre", "code", "xmp", "textarea", "listing", "plaintext"):
				if closing {
					quoted = max(0, quoted-1)
				} else {
					quoted++
				}
			case !closing && quoted == 0 && foldIn(name[:n], "html", "head", "body"):
				return true
			}
		}
		next := bytes.IndexByte(rest, '<')
		if next < 0 {
			return false
		}
		i = len(b) - len(rest) + next
	}
	return false
}

func tagEnd(c byte) bool {
	return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// foldIn reports whether name is one of tags, ASCII case aside.
func foldIn(name []byte, tags ...string) bool {
	for _, t := range tags {
		if len(name) == len(t) && hasFoldPrefix(name, t) {
			return true
		}
	}
	return false
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
	return foldIn(name[:i], "html", "head", "body", "title", "meta", "link", "base")
}

func hasFoldPrefix(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && bytes.EqualFold(b[:len(prefix)], []byte(prefix))
}
