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
	if plainAbsolute(s) {
		return s
	}
	return parseURL(s, base)
}

// parseURL is URL for a trimmed, non-empty URL whose protocol-relative
// form is already upgraded: the general way, through url.Parse.
func parseURL(s string, base *url.URL) string {
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

// DefaultTrackingParams are query parameters that identify a campaign or a
// share, not a page: stripped from links and images so the same page is
// one URL. A trailing * matches any suffix.
func DefaultTrackingParams() []string {
	return []string{"utm_*", "spm", "spm_id_from", "vd_source", "fbclid", "gclid", "yclid", "mc_cid", "mc_eid", "igshid", "share_source", "share_medium", "from_source"}
}

// StripTracking removes the query parameters matching params from an
// absolute URL. The query is rewritten only when something is removed, so
// other URLs keep their exact form.
func StripTracking(raw string, params []string) string {
	i := strings.IndexByte(raw, '?')
	if i < 0 || len(params) == 0 {
		return raw
	}
	query, frag := raw[i+1:], ""
	if j := strings.IndexByte(query, '#'); j >= 0 {
		query, frag = query[:j], query[j:]
	}
	if !hasTracking(query, params) {
		return raw
	}
	var kept []string
	removed := false
	for _, pair := range strings.Split(query, "&") {
		key, _, _ := strings.Cut(pair, "=")
		if k, err := url.QueryUnescape(key); err == nil && tracking(k, params) {
			removed = true
			continue
		}
		kept = append(kept, pair)
	}
	if !removed {
		return raw
	}
	out := raw[:i]
	if len(kept) > 0 {
		out += "?" + strings.Join(kept, "&")
	}
	return out + frag
}

// hasTracking reports whether a parameter of query matches params. Most
// queries have none, and then are not split into a slice of pairs.
func hasTracking(query string, params []string) bool {
	for query != "" {
		var pair string
		pair, query, _ = strings.Cut(query, "&")
		key, _, _ := strings.Cut(pair, "=")
		if k, err := url.QueryUnescape(key); err == nil && tracking(k, params) {
			return true
		}
	}
	return false
}

func tracking(key string, params []string) bool {
	key = strings.ToLower(key)
	for _, p := range params {
		if prefix, ok := strings.CutSuffix(p, "*"); ok {
			if strings.HasPrefix(key, prefix) {
				return true
			}
		} else if key == p {
			return true
		}
	}
	return false
}

// CanonicalURL is the form of a source URL an id is derived from: scheme
// and host lower-cased, the fragment and tracking parameters dropped, so a
// re-crawl of the same page through another share link gets the same id.
func CanonicalURL(raw string, params []string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return strings.TrimSpace(raw)
	}
	u.Scheme, u.Host, u.Fragment, u.RawFragment = strings.ToLower(u.Scheme), strings.ToLower(u.Host), "", ""
	return StripTracking(u.String(), params)
}
