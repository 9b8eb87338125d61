package normalize_test

import (
	"errors"
	"testing"
	"time"
	_ "time/tzdata" // the zones below, whatever the machine has installed

	"articleservice/service/normalize"
)

// zone loads a named location.
func zone(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return loc
}

// setLocal sets the process's local zone for the rest of the test: Go reads
// a zone abbreviation by looking it up in time.Local.
func setLocal(tb testing.TB, loc *time.Location) {
	tb.Helper()
	old := time.Local
	time.Local = loc
	tb.Cleanup(func() { time.Local = old })
}

func utc(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		tb.Fatal(err)
	}
	return t.UTC()
}

func TestDate(t *testing.T) {
	shanghai := zone(t, "Asia/Shanghai")
	tests := []struct {
		name   string
		raw    string
		loc    *time.Location
		want   string // RFC 3339 in UTC
		reason string
	}{
		{"rfc 1123 gmt is read as utc", "Fri, 24 Sep 2021 11:51:18 GMT", nil, "2021-09-24T11:51:18Z", "the corpus's usual form"},
		{"rfc 1123 gmt ignores the default zone", "Fri, 24 Sep 2021 11:51:18 GMT", shanghai, "2021-09-24T11:51:18Z", "the value names its zone"},
		{"rfc 1123 utc is read as utc", "Wed, 05 May 2021 07:25:48 UTC", nil, "2021-05-05T07:25:48Z", "UTC means UTC"},
		{"rfc 1123 ut is read as utc", "Wed, 05 May 2021 07:25:48 UT", nil, "2021-05-05T07:25:48Z", "RFC 5322's obsolete UT means UTC"},
		{"rfc 1123 z is read as utc", "Wed, 05 May 2021 07:25:48 Z", shanghai, "2021-05-05T07:25:48Z", "military Z means UTC"},
		{"lower-case gmt is read as utc", "Wed, 05 May 2021 07:25:48 gmt", nil, "2021-05-05T07:25:48Z", "zone names are case-insensitive in RFC 5322"},
		{"rfc 1123 with a one-digit day", "Sat, 3 Jul 2021 08:00:00 GMT", nil, "2021-07-03T08:00:00Z", "some servers do not pad the day"},
		{"rfc 1123 without the weekday", "24 Sep 2021 11:51:18 GMT", nil, "2021-09-24T11:51:18Z", "RFC 822 allows leaving it out"},
		{"rfc 1123z offset is applied", "Fri, 24 Sep 2021 19:51:18 +0800", nil, "2021-09-24T11:51:18Z", "numeric offsets are exact"},
		{"rfc 1123z negative offset is applied", "Thu, 23 Sep 2021 23:51:18 -1200", nil, "2021-09-24T11:51:18Z", "west of Greenwich"},
		{"rfc 3339 with z", "2021-09-24T11:51:18Z", nil, "2021-09-24T11:51:18Z", "ISO form"},
		{"rfc 3339 with offset", "2021-09-24T19:51:18+08:00", nil, "2021-09-24T11:51:18Z", "ISO form with offset"},
		{"rfc 3339 with fraction", "2021-09-24T19:51:18.250+08:00", nil, "2021-09-24T11:51:18.25Z", "sub-second precision is kept"},
		{"space-separated with offset", "2021-09-24 19:51:18 +0800", nil, "2021-09-24T11:51:18Z", "SQL-ish with offset"},
		{"zone-less is read in utc without a zone", "2021-04-11 00:30:33", nil, "2021-04-11T00:30:33Z", "nil loc means UTC"},
		{"zone-less is read in the given zone", "2021-04-11 00:30:33", shanghai, "2021-04-10T16:30:33Z", "Asia/Shanghai is eight hours ahead"},
		{"zone-less with t is read in the given zone", "2021-04-11T00:30:33", shanghai, "2021-04-10T16:30:33Z", "ISO without offset"},
		{"zone-less without seconds", "2021-04-11 00:30", shanghai, "2021-04-10T16:30:00Z", "minutes precision"},
		{"zone-less with slashes", "2021/04/11 00:30:33", nil, "2021-04-11T00:30:33Z", "slash-separated dates"},
		{"first representable instant is accepted", "0001-01-01T00:00:00Z", nil, "0001-01-01T00:00:00Z", "the lower bound is inclusive"},
		{"last representable year is accepted", "9999-12-31T23:59:59+08:00", nil, "9999-12-31T15:59:59Z", "the upper bound is inclusive"},
		{"surrounding and inner whitespace is collapsed", "  Fri, 24 Sep 2021\n  11:51:18 GMT ", nil, "2021-09-24T11:51:18Z", "YAML folding leaves odd spaces"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := normalize.Date(tc.raw, tc.loc)
			if err != nil {
				t.Fatalf("Date(%q): %v (%s)", tc.raw, err, tc.reason)
			}
			if want := utc(t, tc.want); !got.Equal(want) || got.Location() != time.UTC {
				t.Errorf("Date(%q) = %v, want %v in UTC (%s)", tc.raw, got, want, tc.reason)
			}
		})
	}
}

func TestDateRefused(t *testing.T) {
	tests := []struct {
		name, raw, reason string
	}{
		{"invalid date is refused", "Invalid Date", "what a crawler writes for a missing date"},
		{"null time is refused", "2022-03-26 null:null", "a template with no time filled in"},
		{"empty is refused", "", "no date"},
		{"whitespace is refused", " \t\u3000", "no date either"},
		{"cst is refused", "Fri, 24 Sep 2021 11:51:18 CST", "China, US Central and Cuba all say CST: a guess would invent a date"},
		{"est is refused", "Fri, 24 Sep 2021 11:51:18 EST", "Go would read an abbreviation it does not know as UTC"},
		{"unknown abbreviation without weekday is refused", "24 Sep 2021 11:51:18 JST", "the same holds in the short form"},
		{"gmt with an offset suffix is refused", "Fri, 24 Sep 2021 11:51:18 GMT+8", "only the abbreviations that mean UTC are taken"},
		{"impossible day is refused", "2021-02-30 00:00:00", "February has no 30th"},
		{"year zero is refused", "0000-01-01 00:00:00", "a database placeholder; read in Shanghai it would even be year -1"},
		{"year zero with an offset is refused", "0000-01-01T00:00:00+01:00", "before 0001-01-01, where a protobuf Timestamp starts"},
		{"date only is refused", "2021-04-11", "not a layout the crawlers write"},
		{"prose is refused", "yesterday", "no layout matches"},
	}
	for _, tc := range tests {
		for _, loc := range []*time.Location{nil, zone(t, "Asia/Shanghai")} {
			t.Run(tc.name+" in "+loc.String(), func(t *testing.T) {
				got, err := normalize.Date(tc.raw, loc)
				if !errors.Is(err, normalize.ErrDate) {
					t.Errorf("Date(%q) = %v, %v; want ErrDate (%s)", tc.raw, got, err, tc.reason)
				}
				if !got.IsZero() {
					t.Errorf("Date(%q) returned time %v with its error, want the zero time", tc.raw, got)
				}
			})
		}
	}
}

// Go's time.Parse resolves an abbreviation through time.Local when it can:
// with Local set to Shanghai or Chicago, CST would quietly become +08:00 or
// -06:00. Date must refuse it whatever the process's zone.
func TestDateAbbreviationIgnoresProcessZone(t *testing.T) {
	for _, name := range []string{"Asia/Shanghai", "America/Chicago", "America/New_York", "Europe/London"} {
		t.Run("unknown zones stay refused with local "+name, func(t *testing.T) {
			setLocal(t, zone(t, name))
			for _, raw := range []string{"Fri, 24 Sep 2021 11:51:18 CST", "Fri, 24 Sep 2021 11:51:18 EDT", "Fri, 24 Sep 2021 11:51:18 BST"} {
				if got, err := normalize.Date(raw, nil); !errors.Is(err, normalize.ErrDate) {
					t.Errorf("Date(%q) = %v, %v; want ErrDate", raw, got, err)
				}
			}
		})
		t.Run("gmt stays utc with local "+name, func(t *testing.T) {
			setLocal(t, zone(t, name))
			got, err := normalize.Date("Fri, 24 Sep 2021 11:51:18 GMT", nil)
			if want := utc(t, "2021-09-24T11:51:18Z"); err != nil || !got.Equal(want) {
				t.Errorf("Date = %v, %v; want %v", got, err, want)
			}
		})
	}
}
