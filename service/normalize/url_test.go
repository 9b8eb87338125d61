package normalize_test

import (
	"net/url"
	"testing"

	"articleservice/service/normalize"
)

func mustURL(tb testing.TB, s string) *url.URL {
	tb.Helper()
	u, err := url.Parse(s)
	if err != nil {
		tb.Fatal(err)
	}
	return u
}

func TestURL(t *testing.T) {
	page := mustURL(t, "https://www.animen.com.tw/news/detail/1234.html")
	plain := mustURL(t, "http://finance.sina.com.cn/china/index.shtml")
	tests := []struct {
		name   string
		raw    string
		base   *url.URL
		want   string
		reason string
	}{
		{"protocol-relative becomes https", "//n.sinaimg.cn/a.jpg", nil, "https://n.sinaimg.cn/a.jpg", "sina writes image URLs without a scheme"},
		{"protocol-relative becomes https on an http page", "//n.sinaimg.cn/a.jpg", plain, "https://n.sinaimg.cn/a.jpg", "upgraded, not inherited"},
		{"absolute https is kept", "https://img.pawoo.net/media/a.png", page, "https://img.pawoo.net/media/a.png", "nothing to resolve"},
		{"absolute http is kept", "http://www.animen.com.tw/a.jpg", nil, "http://www.animen.com.tw/a.jpg", "http is not rewritten"},
		{"scheme is lower-cased", "HTTPS://Example.com/A.jpg", nil, "https://Example.com/A.jpg", "the path keeps its case"},
		{"query and fragment are kept", "https://cdn.dribbble.com/a.png?compress=1&resize=400x300#x", nil, "https://cdn.dribbble.com/a.png?compress=1&resize=400x300#x", "they select the image variant"},
		{"spaces are trimmed", " \thttps://a.example/b.jpg\n", nil, "https://a.example/b.jpg", "attribute values carry whitespace"},
		{"inner space is escaped", "https://a.example/a b.jpg", nil, "https://a.example/a%20b.jpg", "a URL has no raw spaces"},
		{"root-relative resolves against base", "/animen_image/a.jpg", page, "https://www.animen.com.tw/animen_image/a.jpg", "same host as the page"},
		{"path-relative resolves against base", "img/a.jpg", page, "https://www.animen.com.tw/news/detail/img/a.jpg", "relative to the page's directory"},
		{"dot-dot resolves against base", "../../a.jpg", page, "https://www.animen.com.tw/a.jpg", "parent directories"},
		{"relative without base is dropped", "/animen_image/a.jpg", nil, "", "nothing to resolve it against"},
		{"javascript is dropped", "javascript:alert(1)", nil, "", "not an http(s) URL"},
		{"javascript in capitals is dropped", " JavaScript:alert(1)", page, "", "schemes are case-insensitive"},
		{"data uri is dropped", "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==", page, "", "lazy-load placeholders are not images"},
		{"mailto is dropped", "mailto:editor@example.com", nil, "", "not http(s)"},
		{"ftp is dropped", "ftp://example.com/a.jpg", nil, "", "not http(s)"},
		{"unparsable is dropped", "http://[::1", nil, "", "bad host"},
		{"empty is dropped", "  ", page, "", "no URL"},
		{"scheme without host is dropped", "https:", nil, "", "names nothing"},
		{"bare double slash is dropped", "//", page, "", "protocol-relative with no host"},
		{"opaque https is dropped", "https:foo.jpg", nil, "", "no host to fetch from"},
		{"empty host is dropped", "http:///a.jpg", page, "", "three slashes leave the host empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := normalize.URL(tc.raw, tc.base); got != tc.want {
				t.Errorf("URL(%q, %v) = %q, want %q (%s)", tc.raw, tc.base, got, tc.want, tc.reason)
			}
		})
	}
}
