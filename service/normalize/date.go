package normalize

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
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

// named layouts are followed by a zone abbreviation. Go reads an
// abbreviation it does not know as offset zero, so only the ones that mean
// UTC are taken: "CST" is three different zones, and a guess would be an
// invented date. The abbreviation is read from the text itself: time.Parse
// looks it up in time.Local and then reports the zone in effect there, so
// a summer "GMT" date parsed under Europe/London would come back as "BST".
var named = []string{
	"Mon, 02 Jan 2006 15:04:05", // Fri, 24 Sep 2021 11:51:18 GMT (RFC 1123)
	"Mon, 2 Jan 2006 15:04:05",
	"2 Jan 2006 15:04:05",
}

// local layouts have no zone; they are read in the caller's default zone.
var local = []string{
	"2006-01-02 15:04:05", // 2021-04-11 00:30:33
	"2006-01-02T15:04:05",
	"2006-01-02 15:04",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
	"2006年01月02日 15:04:05", // 2021年09月24日 11:51:18
	"2006年01月02日 15:04",
	"2006年1月2日 15:04:05",
	"2006年1月2日 15:04",
	"2006年01月02日15:04",
	"2006年1月2日15:04",
}

// Date parses a publication date and returns it in UTC. Values without a
// zone are read in loc (UTC when nil). A date that matches no layout, or
// falls outside the years 1 to 9999 (a "0000-01-01 00:00:00" placeholder;
// no google.protobuf.Timestamp holds it), is ErrDate: the caller leaves the
// date unset rather than invent one.
func Date(raw string, loc *time.Location) (time.Time, error) {
	t, err := parseDate(raw, loc)
	if err == nil && (t.Year() < 1 || t.Year() > 9999) {
		return time.Time{}, ErrDate
	}
	return t, err
}

func parseDate(raw string, loc *time.Location) (time.Time, error) {
	s := Space(raw)
	if s == "" {
		return time.Time{}, ErrDate
	}
	if t, ok := unixTime(s); ok {
		return t, nil
	}
	zone := mayHaveZone(s)
	for _, layout := range zoned {
		if !zone || !sameStart(layout, s) {
			continue
		}
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	if i := strings.LastIndexByte(s, ' '); i > 0 && isAbbreviation(s[i+1:]) {
		for _, layout := range named {
			if !sameStart(layout, s) {
				continue
			}
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
		if !sameStart(layout, s) {
			continue
		}
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, ErrDate
}

// sameStart reports whether s can match layout by its first character: a
// layout that starts with a day name needs a letter, one that starts with
// a year or a day a digit. Every failed time.Parse allocates its error, so
// layouts that cannot match are not tried.
func sameStart(layout, s string) bool { return isDigit(layout[0]) == isDigit(s[0]) }

// mayHaveZone reports whether s can end in a zone: Z, or an offset
// +hhmm, -hhmm, +hh:mm or -hh:mm.
func mayHaveZone(s string) bool {
	if c := s[len(s)-1]; c == 'Z' || c == 'z' {
		return true
	}
	return strings.ContainsAny(s[max(0, len(s)-6):], "+-")
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isAbbreviation reports whether s can be a zone abbreviation: ASCII letters only.
func isAbbreviation(s string) bool {
	if s == "" || len(s) > 5 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// unixTime reads Unix seconds (10 digits) or milliseconds (13 digits);
// other digit counts are too ambiguous to be a date.
func unixTime(s string) (time.Time, bool) {
	if len(s) != 10 && len(s) != 13 {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, false
	}
	if len(s) == 13 {
		return time.UnixMilli(n).UTC(), true
	}
	return time.Unix(n, 0).UTC(), true
}

// Plausible reports what is suspicious about a publication date: after now
// plus skew, or before 1990 (no crawled news is older; such a date is a
// placeholder or a parsing accident). It returns "" for a plausible date.
func Plausible(t, now time.Time, skew time.Duration) string {
	switch {
	case t.After(now.Add(skew)):
		return fmt.Sprintf("is %s in the future", t.Sub(now).Round(time.Minute))
	case t.Year() < 1990:
		return "is before 1990"
	}
	return ""
}
