package sanitize_test

import (
	"slices"
	"strings"
	"testing"

	"articleservice/sanitize"
)

// everyReason is markup that removes something for every reason, a
// different number of times each: n removals for the reason at allReasons[n-1].
var everyReason = strings.Join([]string{
	`<!--c-->`, // comment ×1
	strings.Repeat(`<script>x()</script>`, 2),
	strings.Repeat(`<style>p{}</style>`, 3),
	strings.Repeat(`<iframe src="https://example.com/"></iframe>`, 4), // subtree
	strings.Repeat(`<span>s</span>`, 5),                               // element
	strings.Repeat(`<p onclick="x()">p</p>`, 6),                       // event_handler
	strings.Repeat(`<a href="javascript:x()">a</a>`, 7),               // unsafe_url
	strings.Repeat(`<p class="c">p</p>`, 8),                           // attribute
}, "")

func TestReportCounts(t *testing.T) {
	res, err := lookup(t, "article").Sanitize([]byte(everyReason), sanitize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := counts{}
	for i, r := range allReasons {
		want[r] = i + 1
	}
	checkReport(t, &res.Report, want) // Count per reason and Total = 36
}

func TestReportEach(t *testing.T) {
	res, err := lookup(t, "article").Sanitize([]byte(everyReason), sanitize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	res.Report.Each(func(reason string, count int) {
		names = append(names, reason)
		// Each names a reason by its String.
		i := slices.IndexFunc(allReasons, func(r sanitize.Reason) bool { return r.String() == reason })
		if i < 0 {
			t.Errorf("Each gave unknown reason %q", reason)
		} else if count != i+1 {
			t.Errorf("Each gave %s=%d, want %d", reason, count, i+1)
		}
	})
	want := []string{"attribute", "comment", "element", "event_handler", "script", "style", "subtree", "unsafe_url"}
	if !slices.Equal(names, want) {
		t.Errorf("Each order = %v, want sorted %v", names, want)
	}
}

func TestReportEachSkipsZero(t *testing.T) {
	res, err := lookup(t, "article").Sanitize([]byte(`<p>a<!--x--><span>b</span></p>`), sanitize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	res.Report.Each(func(reason string, count int) { got = append(got, reason) })
	if want := []string{"comment", "element"}; !slices.Equal(got, want) {
		t.Errorf("Each visited %v, want only the non-zero %v", got, want)
	}
}

func TestReportEmpty(t *testing.T) {
	res, err := lookup(t, "article").Sanitize([]byte(`<p>Nothing <em>to</em> remove.</p>`), sanitize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkReport(t, &res.Report, nil)
	res.Report.Each(func(reason string, count int) {
		t.Errorf("Each called with %s=%d for a clean input", reason, count)
	})
}

func TestReasonString(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range allReasons {
		s := r.String()
		if s == "unknown" || seen[s] {
			t.Errorf("Reason(%d).String() = %q, want a distinct name", r, s)
		}
		seen[s] = true
	}
	if got := sanitize.Reason(200).String(); got != "unknown" {
		t.Errorf("Reason(200).String() = %q, want unknown", got)
	}
}
