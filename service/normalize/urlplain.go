package normalize

// plainAbsolute reports whether s is an absolute http(s) URL that
// url.Parse and URL.String give back exactly as it is, so URL can return
// it without parsing it: a lower-case scheme, a host of ASCII letters,
// digits, dots and hyphens with an optional numeric port, then a path,
// query and non-empty fragment of characters no part of a URL escapes
// (percent escapes included). Most image and link URLs of a page are
// written so; anything else takes the general way.
func plainAbsolute(s string) bool {
	var rest string
	switch {
	case len(s) > len("https://") && s[:len("https://")] == "https://":
		rest = s[len("https://"):]
	case len(s) > len("http://") && s[:len("http://")] == "http://":
		rest = s[len("http://"):]
	default:
		return false
	}
	i := 0
	for i < len(rest) && hostByte(rest[i]) {
		i++
	}
	if i == 0 {
		return false
	}
	if i < len(rest) && rest[i] == ':' {
		j := i + 1
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		if j == i+1 {
			return false
		}
		i = j
	}
	if i < len(rest) && rest[i] != '/' && rest[i] != '?' && rest[i] != '#' {
		return false
	}
	fragment := false
	for ; i < len(rest); i++ {
		c := rest[i]
		switch {
		case urlByte[c]:
		case c == '%':
			if i+2 >= len(rest) || !isHex(rest[i+1]) || !isHex(rest[i+2]) {
				return false
			}
			i += 2
		case c == '#' && !fragment && i+1 < len(rest):
			// An empty fragment is dropped by URL.String.
			fragment = true
		default:
			return false
		}
	}
	return true
}

func hostByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// urlByte holds the bytes a path, query or fragment keeps as written:
// the unreserved characters, the sub-delimiters, ':', '@', '/' and '?'.
var urlByte = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range "-._~!$&'()*+,;=:@/?" {
		t[c] = true
	}
	return t
}()
