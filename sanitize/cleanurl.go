package sanitize

import "strings"

// plainHTTPURL returns the scheme of raw when raw is an absolute http or
// https URL that cleanURL keeps as it is written: a lower-case scheme, a
// host of name characters with an optional numeric port, then printable
// ASCII in which every '%' starts an escape, so that url.Parse takes it
// and nothing is trimmed or stripped. Most URLs of crawled pages are of
// this shape, and they need neither the general path's copy nor its parse.
func plainHTTPURL(raw string) (string, bool) {
	var scheme, rest string
	switch {
	case strings.HasPrefix(raw, "https://"):
		scheme, rest = "https", raw[len("https://"):]
	case strings.HasPrefix(raw, "http://"):
		scheme, rest = "http", raw[len("http://"):]
	default:
		return "", false
	}
	i := 0
	for i < len(rest) && hostByte(rest[i]) {
		i++
	}
	if i == 0 {
		return "", false
	}
	if i < len(rest) && rest[i] == ':' {
		for i++; i < len(rest) && '0' <= rest[i] && rest[i] <= '9'; i++ {
		}
	}
	if i < len(rest) && rest[i] != '/' && rest[i] != '?' && rest[i] != '#' {
		return "", false
	}
	for ; i < len(rest); i++ {
		switch c := rest[i]; {
		case c <= ' ' || c >= 0x7f:
			return "", false
		case c == '%' && (i+2 >= len(rest) || !hexByte(rest[i+1]) || !hexByte(rest[i+2])):
			return "", false
		}
	}
	return scheme, true
}

// hostByte reports whether c may appear in a host name as url.Parse reads
// it unescaped; the rest of what it accepts is left to the general path.
func hostByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

func hexByte(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
