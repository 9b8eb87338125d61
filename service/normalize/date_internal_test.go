package normalize

import (
	"strings"
	"testing"
	"time"
)

// parseEveryLayout is parseDate trying every layout, the reference for
// the layouts parseDate skips.
func parseEveryLayout(raw string, loc *time.Location) (time.Time, error) {
	s := Space(raw)
	if s == "" {
		return time.Time{}, ErrDate
	}
	if t, ok := unixTime(s); ok {
		return t, nil
	}
	for _, layout := range zoned {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	if i := strings.LastIndexByte(s, ' '); i > 0 && isAbbreviation(s[i+1:]) {
		for _, layout := range named {
			if t, err := time.ParseInLocation(layout, s[:i], time.UTC); err == nil {
				switch strings.ToUpper(s[i+1:]) {
				case "GMT", "UTC", "UT", "Z":
					return t, nil
				}
				return time.Time{}, ErrDate
			}
		}
	}
	if loc == nil {
		loc = time.UTC
	}
	for _, layout := range local {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, ErrDate
}

// FuzzSkippedLayoutsNeverMatch: skipping the layouts that cannot match
// must give the result of trying them all.
func FuzzSkippedLayoutsNeverMatch(f *testing.F) {
	for _, s := range []string{
		"2021-04-11 00:30:33", "Sat, 12 Jun 2021 07:50:27 GMT", "Fri, 24 Sep 2021 11:51:18 +0800",
		"2021-09-24T11:51:18.5Z", "2021-09-24T11:51:18+08:00", "2021-09-24 11:51:18 -0700",
		"2021年09月24日 11:51:18", "24 Sep 2021 11:51:18 UTC", "1632455478", "Invalid Date", "z", "-",
	} {
		f.Add(s)
	}
	shanghai := time.FixedZone("CST", 8*3600)
	f.Fuzz(func(t *testing.T, raw string) {
		got, gerr := parseDate(raw, shanghai)
		want, werr := parseEveryLayout(raw, shanghai)
		if (gerr == nil) != (werr == nil) || !got.Equal(want) || got.Location() != want.Location() {
			t.Fatalf("%q: got %v, %v; trying every layout gives %v, %v", raw, got, gerr, want, werr)
		}
	})
}
