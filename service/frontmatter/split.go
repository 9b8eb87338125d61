package frontmatter

import "bytes"

// Split separates front matter from body. A document has front matter when
// its first non-blank line is "---"; the front matter ends at the next line
// that is "---" or "...". found is false for a document without front
// matter (body is then the whole content) and, when the opening line is
// there but no closing line follows within maxBytes, closed is false.
// line is the 1-based line of the first front matter line in content.
func Split(content []byte, maxBytes int) (fm, body []byte, line int, found, closed bool) {
	rest := content
	line = 1
	for {
		nl := bytes.IndexByte(rest, '\n')
		if nl < 0 || len(bytes.TrimSpace(rest[:nl])) != 0 {
			break
		}
		rest, line = rest[nl+1:], line+1
	}
	first, after, ok := cutLine(rest)
	if !ok || !fence(first, "---") {
		return nil, content, 0, false, false
	}
	line++
	start := after
	for off := 0; ; {
		l, next, ok := cutLine(start[off:])
		if fence(l, "---") || fence(l, "...") {
			return start[:off], next, line, true, true
		}
		if !ok || (maxBytes > 0 && off > maxBytes) {
			return nil, nil, line, true, false
		}
		off += len(l) + 1
	}
}

// cutLine returns the first line of b (without its newline) and the rest.
// ok is false when b holds no newline, in which case line is all of b.
func cutLine(b []byte) (line, rest []byte, ok bool) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i], b[i+1:], true
	}
	return b, nil, false
}

// fence reports whether line is f with trailing blanks. The line is
// compared as bytes: a string of it would be a copy for every line of the
// front matter.
func fence(line []byte, f string) bool {
	return string(bytes.TrimRight(line, " \t\r")) == f
}
