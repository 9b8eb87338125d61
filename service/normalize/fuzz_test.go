package normalize_test

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"articleservice/service/normalize"
)

// FuzzDate checks Date on arbitrary text: it never panics, fails only with
// ErrDate and a zero time, returns UTC, and the default zone moves a result
// by exactly that zone's offset or not at all. A zone abbreviation other
// than those meaning UTC is never read as UTC.
func FuzzDate(f *testing.F) {
	for _, s := range []string{
		"Fri, 24 Sep 2021 11:51:18 GMT", "Sat, 3 Jul 2021 08:00:00 UTC", "Fri, 24 Sep 2021 19:51:18 +0800",
		"2021-09-24T19:51:18.250+08:00", "2021-09-24T11:51:18Z", "2021-04-11 00:30:33", "2021/04/11 00:30",
		"Invalid Date", "2022-03-26 null:null", "Fri, 24 Sep 2021 11:51:18 CST", "24 Sep 2021 11:51:18 JST", "",
	} {
		f.Add(s)
	}
	fixed := time.FixedZone("UTC+8", 8*3600) // no DST: offsets are exact
	firstDay := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, raw string) {
		inUTC, err := normalize.Date(raw, nil)
		inZone, errZone := normalize.Date(raw, fixed)
		if (err == nil) != (errZone == nil) {
			// The zone only shifts zone-less values, which can push a date
			// from the first hours of year 1 out of the accepted range.
			if err != nil || inUTC.After(firstDay.Add(8*time.Hour)) {
				t.Fatalf("Date(%q): error %v in UTC but %v in UTC+8", raw, err, errZone)
			}
			return
		}
		if err != nil {
			if !errors.Is(err, normalize.ErrDate) || !errors.Is(errZone, normalize.ErrDate) {
				t.Fatalf("Date(%q): errors %v, %v; want ErrDate", raw, err, errZone)
			}
			if !inUTC.IsZero() || !inZone.IsZero() {
				t.Fatalf("Date(%q) failed but returned %v, %v", raw, inUTC, inZone)
			}
			return
		}
		if inUTC.Location() != time.UTC || inZone.Location() != time.UTC {
			t.Fatalf("Date(%q) = %v, %v; want UTC", raw, inUTC, inZone)
		}
		if d := inUTC.Sub(inZone); d != 0 && d != 8*time.Hour {
			t.Fatalf("Date(%q): UTC+8 moved the time by %v, want 0 or 8h", raw, d)
		}
		fields := strings.Fields(raw)
		if last := fields[len(fields)-1]; isLetters(last) {
			switch strings.ToUpper(last) {
			case "GMT", "UTC", "UT", "Z":
			default:
				t.Fatalf("Date(%q) = %v: read zone %q as if it were UTC", raw, inUTC, last)
			}
		}
		again, err := normalize.Date(inUTC.Format(time.RFC3339Nano), nil)
		if err != nil || !again.Equal(inUTC) {
			t.Fatalf("Date(%q) = %v, which does not round-trip through RFC 3339: %v, %v", raw, inUTC, again, err)
		}
	})
}

func isLetters(s string) bool {
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return s != ""
}

// FuzzURL checks that URL returns "" or an absolute http(s) URL with a host.
func FuzzURL(f *testing.F) {
	for _, s := range []string{"//n.sinaimg.cn/a.jpg", "/a.jpg", "a b.jpg", "javascript:alert(1)", "https:", "http:///a", "HTTPS://X.example/A"} {
		f.Add(s)
	}
	base, err := url.Parse("https://www.animen.com.tw/news/1.html")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, b := range []*url.URL{nil, base} {
			got := normalize.URL(raw, b)
			if got == "" {
				continue
			}
			u, err := url.Parse(got)
			if err != nil {
				t.Fatalf("URL(%q) = %q, which does not parse: %v", raw, got, err)
			}
			if (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
				t.Fatalf("URL(%q) = %q: want an http(s) URL with a host", raw, got)
			}
			if b == nil && !strings.Contains(strings.ToLower(raw), "//") {
				t.Fatalf("URL(%q) = %q without a base, yet the input names no host", raw, got)
			}
		}
	})
}
