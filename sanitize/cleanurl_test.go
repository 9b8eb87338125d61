package sanitize

import (
	"net/url"
	"slices"
	"testing"
)

// FuzzCleanURL checks that cleanURL returns what its general path does,
// for every builtin policy, with and without a base URL.
func FuzzCleanURL(f *testing.F) {
	for _, s := range []string{
		"https://news.example/a/b.html", "http://img.example:8080/x.jpg?w=1&h=2#top",
		"http://a.example/%E4%B8%AD", "http://a.example/%zz", "http://a.example/%4", "https://a.example:x/",
		"https://a:1:2/", "https://[::1]/", "http://user@host/", "http:///path", "https://a.example?q",
		"HTTPS://A.EXAMPLE/", " https://a.example/", "https://a.example/\t", "https://a.example/中",
		"https://a.example#%", "//cdn.example/a.jpg", "/a/b", "a:b", "#x", "javascript:alert(1)",
		"https://a.example\\@b.example/", "http://a.example:/", "https://a_b.example/~x",
	} {
		f.Add(s)
	}
	set, err := Builtin()
	if err != nil {
		f.Fatal(err)
	}
	policies := set.List()
	base, err := url.Parse("https://news.example/a/b.html")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, p := range policies {
			for _, b := range []*url.URL{nil, base} {
				gotV, gotOK := p.cleanURL(raw, b)
				wantV, wantOK := p.cleanURLGeneral(raw, b)
				if gotV != wantV || gotOK != wantOK {
					t.Fatalf("%s: cleanURL(%q, %v) = %q, %v; the general path gives %q, %v", p.Name(), raw, b, gotV, gotOK, wantV, wantOK)
				}
			}
		}
		if scheme, ok := plainHTTPURL(raw); ok {
			u, err := url.Parse(raw)
			if err != nil || u.Scheme != scheme || !slices.Contains([]string{"http", "https"}, scheme) {
				t.Fatalf("plainHTTPURL(%q) = %q, but url.Parse gives %v, %v", raw, scheme, u, err)
			}
		}
	})
}
