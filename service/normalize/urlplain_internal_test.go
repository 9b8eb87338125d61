package normalize

import (
	"net/url"
	"strings"
	"testing"
)

// urlReference is URL as it was before the shortcut for plain absolute
// URLs: every URL through url.Parse.
func urlReference(raw string, base *url.URL) string {
	s := strings.TrimSpace(raw)
	if s == "" {
		return ""
	}
	if strings.HasPrefix(s, "//") {
		s = "https:" + s
	}
	return parseURL(s, base)
}

func TestPlainAbsolute(t *testing.T) {
	tests := []struct {
		raw    string
		want   bool
		reason string
	}{
		{"https://n.sinaimg.cn/a.jpg", true, "the common image URL"},
		{"http://www.animen.com.tw/a.jpg?w=1&h=2#top", true, "query and fragment kept as written"},
		{"https://a.example:8080/b", true, "a numeric port is kept"},
		{"https://a.example", true, "no path: String writes none either"},
		{"https://a.example/%E4%B8%AD%2f", true, "valid percent escapes, either case, are kept"},
		{"https://a.example/it's(1)*", true, "sub-delimiters are never escaped in a path"},
		{"HTTPS://a.example/", false, "url.Parse lower-cases the scheme"},
		{"https://user@a.example/", false, "userinfo is re-escaped"},
		{"https://[::1]/", false, "IPv6 hosts are checked by url.Parse"},
		{"https://a.example:/", false, "an empty port: left to url.Parse"},
		{"https://a.example/a b", false, "a space is escaped"},
		{"https://a.example/中", false, "non-ASCII is escaped"},
		{"https://a.example/%zz", false, "a bad escape fails to parse"},
		{"https://a.example/#", false, "an empty fragment is dropped"},
		{"https://a.example/#a#b", false, "a second # is escaped"},
		{"https://", false, "no host"},
		{"https:a.example", false, "opaque: no host"},
		{"ftp://a.example/", false, "not http(s)"},
	}
	for _, tc := range tests {
		if got := plainAbsolute(tc.raw); got != tc.want {
			t.Errorf("plainAbsolute(%q) = %v, want %v (%s)", tc.raw, got, tc.want, tc.reason)
		}
		if tc.want && parseURL(tc.raw, nil) != tc.raw {
			t.Errorf("plainAbsolute(%q), but url.Parse makes it %q", tc.raw, parseURL(tc.raw, nil))
		}
	}
}

// FuzzURLAgreesWithParse holds the shortcut to the general way: a URL it
// returns as it is must come back unchanged from url.Parse and String, and
// URL must return what urlReference does, with and without a base.
func FuzzURLAgreesWithParse(f *testing.F) {
	for _, s := range []string{"https://n.sinaimg.cn/a.jpg", "//n.sinaimg.cn/a.jpg?x=1#y", "http://a.example:80",
		"https://a.example/%2f%E4", "https://a.example/#", "/a.jpg", " https://a.example/a b ", "https://a.example/'()*!$&+,;=:@"} {
		f.Add(s)
	}
	base, err := url.Parse("https://www.animen.com.tw/news/1.html")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if plainAbsolute(raw) {
			if got := parseURL(raw, nil); got != raw {
				t.Fatalf("plainAbsolute(%q), but url.Parse and String make it %q", raw, got)
			}
		}
		for _, b := range []*url.URL{nil, base} {
			if got, want := URL(raw, b), urlReference(raw, b); got != want {
				t.Fatalf("URL(%q, %v) = %q, want %q", raw, b, got, want)
			}
		}
	})
}

// stripTrackingReference is StripTracking as it was before queries
// without tracking parameters were returned before being split.
func stripTrackingReference(raw string, params []string) string {
	i := strings.IndexByte(raw, '?')
	if i < 0 || len(params) == 0 {
		return raw
	}
	query, frag := raw[i+1:], ""
	if j := strings.IndexByte(query, '#'); j >= 0 {
		query, frag = query[:j], query[j:]
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

func FuzzStripTrackingAgreesWithSplit(f *testing.F) {
	for _, s := range []string{"https://a.example/?utm_source=x&id=1#f", "https://a.example/?id=1", "https://a.example/?",
		"https://a.example/?&&spm=1", "https://a.example/?UTM_x=1&%75tm_y", "https://a.example/?a=%zz&fbclid", "https://a.example/#?spm=1"} {
		f.Add(s)
	}
	params := DefaultTrackingParams()
	f.Fuzz(func(t *testing.T, raw string) {
		if got, want := StripTracking(raw, params), stripTrackingReference(raw, params); got != want {
			t.Fatalf("StripTracking(%q) = %q, want %q", raw, got, want)
		}
	})
}
