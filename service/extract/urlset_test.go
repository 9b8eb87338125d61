package extract

import (
	"strings"
	"testing"
)

func TestURLSet(t *testing.T) {
	var s urlSet
	for i, tc := range []struct {
		u      string
		want   bool
		reason string
	}{
		{"a", true, "the first URL is new"},
		{"a", false, "seen in the array"},
		{"", true, "the empty string is a member like any other"},
		{"", false, "and is found again"},
	} {
		if got := s.add(tc.u); got != tc.want {
			t.Errorf("%d: add(%q) = %v, want %v (%s)", i, tc.u, got, tc.want, tc.reason)
		}
	}
	for i := range 40 { // past the array: the map takes over and keeps the earlier URLs
		s.add(strings.Repeat("x", i+1))
	}
	if s.many == nil {
		t.Fatalf("42 URLs are still in the array")
	}
	if s.add("a") || s.add("xxx") || !s.add("y") {
		t.Errorf("the map lost a URL the array held or knew one never added")
	}
}

// FuzzURLSetAgreesWithMap holds urlSet to the map it replaced: the URLs
// are the fuzzer's input cut at every space, added in order.
func FuzzURLSetAgreesWithMap(f *testing.F) {
	f.Add("a b a c  a")
	f.Add(strings.Repeat("x y z w v u t s r q p o n m l k j i h g f e d c b a ", 3))
	f.Fuzz(func(t *testing.T, in string) {
		var s urlSet
		seen := map[string]bool{}
		for _, u := range strings.Split(in, " ") {
			if got, want := s.add(u), !seen[u]; got != want {
				t.Fatalf("add(%q) = %v, the map says %v", u, got, want)
			}
			seen[u] = true
		}
	})
}
