package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"articleservice/service/article"
)

// shortIDReference is how ids were made before shortID: the parts joined,
// then hashed, then hex-encoded whole and cut.
func shortIDReference(prefix string, parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "")))
	return prefix + hex.EncodeToString(sum[:])[:24]
}

func TestShortID(t *testing.T) {
	long := strings.Repeat("长", 200) // longer than shortID's buffer
	tests := []struct {
		prefix byte
		parts  []string
		reason string
	}{
		{'u', []string{"https://example.com/a"}, "a canonical URL"},
		{'s', []string{"Mastodon", "\n", "标题", "\n", "2021-06-12T07:50:27Z"}, "site, title and time"},
		{'s', []string{long, "\n", long}, "parts that span several buffers"},
		{'u', []string{""}, "nothing to hash still has an id"},
		{'u', nil, "no parts"},
	}
	for _, tc := range tests {
		if got, want := shortID(tc.prefix, tc.parts...), shortIDReference(string(tc.prefix), tc.parts...); got != want {
			t.Errorf("shortID(%q, %q) = %q, want %q (%s)", tc.prefix, tc.parts, got, want, tc.reason)
		}
	}
}

func FuzzShortIDAgreesWithSum256(f *testing.F) {
	f.Add("Mastodon", "标题", int64(1623484227))
	f.Add(strings.Repeat("a", 300), "", int64(-62135596800))
	f.Fuzz(func(t *testing.T, site, title string, unix int64) {
		when := time.Unix(unix, 0).UTC()
		var buf [len(time.RFC3339) + 16]byte
		got := shortID('s', site, "\n", title, "\n", string(when.AppendFormat(buf[:0], time.RFC3339)))
		if want := shortIDReference("s", site+"\n"+title+"\n"+when.Format(time.RFC3339)); got != want {
			t.Fatalf("shortID(%q, %q, %v) = %q, want %q", site, title, when, got, want)
		}
	})
}

// contentHashReference is contentHash joining its input and encoding
// the sum with hex.EncodeToString.
func contentHashReference(a *article.Article) string {
	var b strings.Builder
	b.WriteString(a.Title)
	b.WriteByte(0)
	b.WriteString(a.BodyText)
	for _, img := range a.Images {
		b.WriteByte(0)
		b.WriteString(img.URL)
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

func FuzzContentHashAgreesWithSum256(f *testing.F) {
	f.Add("标题", "正文", "https://a.example/a.jpg")
	f.Add("", strings.Repeat("b", 1500), "")
	f.Fuzz(func(t *testing.T, title, text, img string) {
		a := &article.Article{Title: title, BodyText: text}
		if img != "" {
			a.Images = []article.Image{{URL: img}, {URL: img + "2"}}
		}
		if got, want := contentHash(a), contentHashReference(a); got != want {
			t.Fatalf("contentHash(%q, %q, %q) = %q, want %q", title, text, img, got, want)
		}
	})
}
