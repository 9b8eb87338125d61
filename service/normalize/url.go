package normalize

import (
	"net/url"
	"strings"
)

// URL makes an image or link URL absolute and upgrades protocol-relative
// URLs to https. Relative URLs are resolved against base when it is known.
// It returns "" for a URL that does not parse, is not http(s) or has no host.
func URL(raw string, base *url.URL) string {
	s := strings.TrimSpace(raw)
	if s == "" {
		return ""
	}
	if strings.HasPrefix(s, "//") {
		s = "https:" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	if !u.IsAbs() {
		if base == nil {
			return ""
		}
		u = base.ResolveReference(u)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		// "https:", "https:foo" and "https:///a" parse, but name no host.
		if u.Hostname() != "" {
			return u.String()
		}
	}
	return ""
}
