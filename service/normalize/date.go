package normalize

import (
	"errors"
	"time"
)

// ErrDate is returned for a date in none of the known layouts.
var ErrDate = errors.New("unrecognized date")

// zoned layouts carry a numeric offset.
var zoned = []string{
	time.RFC1123Z, // Fri, 24 Sep 2021 11:51:18 +0800
	"Mon, 2 Jan 2006 15:04:05 -0700",
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
}

// named layouts end in a zone abbreviation. Go reads an abbreviation it
// does not know as offset zero, so only the ones that mean UTC are taken:
// "CST" is three different zones, and a guess would be an invented date.
var named = []string{
	time.RFC1123, // Fri, 24 Sep 2021 11:51:18 GMT
	"Mon, 2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 MST",
}

// local layouts have no zone; they are read in the caller's default zone.
var local = []string{
	"2006-01-02 15:04:05", // 2021-04-11 00:30:33
	"2006-01-02T15:04:05",
	"2006-01-02 15:04",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
}

// Date parses a publication date and returns it in UTC. Values without a
// zone are read in loc (UTC when nil). A date that matches no layout is
// ErrDate: the caller leaves the date unset rather than invent one.
func Date(raw string, loc *time.Location) (time.Time, error) {
	s := Space(raw)
	if s == "" {
		return time.Time{}, ErrDate
	}
	for _, layout := range zoned {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	for _, layout := range named {
		if t, err := time.Parse(layout, s); err == nil {
			switch zone, _ := t.Zone(); zone {
			case "GMT", "UTC", "UT", "Z":
				return t.UTC(), nil
			}
			return time.Time{}, ErrDate
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
