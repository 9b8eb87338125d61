package sanitize_test

import (
	"strings"
	"testing"

	"articleservice/sanitize"
)

// TestParseAllowsOnlySafeSchemes: url_schemes is an allowlist of schemes
// known to be safe (http, https, mailto, tel), not a denylist: a scheme
// that runs code, opens another view or app of the browser, or is simply
// unknown is refused at load, with its file and line.
func TestParseAllowsOnlySafeSchemes(t *testing.T) {
	const file = "custom.yaml"
	for _, sc := range []string{"livescript", "view-source", "intent", "jar", "mhtml", "ms-its", "x-unknown", "ftp", "sms", "javascript", "data"} {
		t.Run(sc, func(t *testing.T) {
			src := "name: custom\nelements:\n  a: [href]\nurl_schemes: [https, " + sc + "]\n"
			p, err := sanitize.Parse(file, []byte(src))
			if p != nil {
				t.Fatalf("url_schemes with %q loaded", sc)
			}
			checkLoadErrors(t, err, []wantLoadError{{file, 4, `url scheme "` + sc + `"`}})
		})
	}
	src := "name: custom\nelements:\n  a: [href]\nurl_schemes: [http, https, mailto, tel]\n"
	if _, err := sanitize.Parse(file, []byte(src)); err != nil {
		t.Errorf("the safe schemes: %v", err)
	}
}

// TestPingIsCheckedAsAURL: ping holds URLs the browser posts to when a
// link is followed; each is checked as href is (scheme, relative URLs
// resolved against the base) and the attribute goes if one fails.
func TestPingIsCheckedAsAURL(t *testing.T) {
	p, err := sanitize.Parse("custom.yaml", []byte("name: custom\nelements:\n  a: [href, ping]\nurl_schemes: [http, https]\nrelative_urls: resolve\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ in, want string }{
		{`<a href="https://a.example/" ping="javascript:alert(1)">x</a>`, `<a href="https://a.example/">x</a>`},
		{`<a href="https://a.example/" ping="https://t.example/p livescript:x">x</a>`, `<a href="https://a.example/">x</a>`},
		{`<a href="https://a.example/" ping="java&#9;script:alert(1)">x</a>`, `<a href="https://a.example/">x</a>`},
		{`<a href="https://a.example/" ping="https://t.example/p /q">x</a>`, `<a href="https://a.example/" ping="https://t.example/p https://news.example/q">x</a>`},
	} {
		res, err := p.Sanitize([]byte(tc.in), sanitize.Options{BaseURL: mustURL(t, article)})
		if err != nil {
			t.Fatal(err)
		}
		if got := string(res.HTML); got != tc.want {
			t.Errorf("Sanitize(%s)\n got %s\nwant %s", tc.in, got, tc.want)
		}
		if bad := !strings.Contains(tc.want, "ping"); bad && res.Report.Count(sanitize.ReasonUnsafeURL) != 1 {
			t.Errorf("Sanitize(%s): %d unsafe URLs reported, want 1", tc.in, res.Report.Count(sanitize.ReasonUnsafeURL))
		}
	}
}

// TestUnsafeSchemesNeverPass: whatever the shipped policies allow, a URL
// of a scheme not known to be safe is removed.
func TestUnsafeSchemesNeverPass(t *testing.T) {
	set, err := sanitize.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range set.List() {
		for _, sc := range []string{"livescript", "view-source", "intent", "jar", "mhtml", "x-unknown", "ftp"} {
			in := `<p><a href="` + sc + `:x">l</a><img src="` + sc + `:y" alt="i"></p>`
			res, err := p.Sanitize([]byte(in), sanitize.Options{BaseURL: mustURL(t, article)})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(res.HTML), sc+":") {
				t.Errorf("policy %s kept a %s: URL: %s", p.Name(), sc, res.HTML)
			}
		}
	}
}
