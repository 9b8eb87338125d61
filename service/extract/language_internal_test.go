package extract

import (
	"strings"
	"testing"
)

// The word counts as they were: strings.Fields, and the stop words in a
// map of lower-cased words.
var englishStopReference = map[string]bool{"the": true, "and": true, "of": true, "to": true, "is": true,
	"in": true, "for": true, "with": true, "that": true, "this": true, "on": true, "are": true, "you": true,
	"our": true, "we": true, "it": true, "by": true, "from": true, "an": true, "at": true}

func englishWordsReference(text string) int {
	n := 0
	for i, w := range strings.Fields(text[:min(len(text), 4096)]) {
		if i > 500 {
			break
		}
		if englishStopReference[strings.ToLower(strings.Trim(w, ".,;:!?\"'()"))] {
			n++
		}
	}
	return n
}

func asciiWordsReference(text string) int {
	n := 0
	for _, w := range strings.Fields(text[:min(len(text), 4096)]) {
		w = strings.Trim(w, ".,;:!?\"'()[]")
		if len(w) < 2 {
			continue
		}
		ascii := true
		for i := 0; i < len(w); i++ {
			if c := w[i] | 0x20; c < 'a' || c > 'z' {
				ascii = false
				break
			}
		}
		if ascii {
			n++
		}
	}
	if strings.ContainsFunc(text[:min(len(text), 4096)], func(r rune) bool { return r >= 0xc0 && r < 0x250 }) {
		return 0
	}
	return n
}

func TestEnglishStop(t *testing.T) {
	tests := []struct {
		w      string
		want   bool
		reason string
	}{
		{"the", true, "in the list"},
		{"THE", true, "any case"},
		{"With", true, "the longest words fit the lower-casing buffer"},
		{"them", false, "a prefix match is not enough"},
		{"thereof", false, "longer than any word in the list"},
		{"İS", true, "strings.ToLower maps İ to i"},
		{"thİs", true, "a word of five bytes that lower-cases to four"},
		{"", false, "nothing"},
		{"的", false, "not English"},
	}
	for _, tc := range tests {
		if got := englishStop(tc.w); got != tc.want {
			t.Errorf("englishStop(%q) = %v, want %v (%s)", tc.w, got, tc.want, tc.reason)
		}
	}
}

// FuzzWordCountsAgreeWithFields holds the counts over FieldsSeq and the
// switch to the ones over strings.Fields and the map.
func FuzzWordCountsAgreeWithFields(f *testing.F) {
	f.Add("The cat is on the mat, and İT is thİs.")
	f.Add("漢字 and café (the) [x] 'it'")
	f.Add(strings.Repeat("the ", 600))
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := englishWords(text), englishWordsReference(text); got != want {
			t.Fatalf("englishWords(%q) = %d, want %d", text, got, want)
		}
		if got, want := asciiWords(text), asciiWordsReference(text); got != want {
			t.Fatalf("asciiWords(%q) = %d, want %d", text, got, want)
		}
	})
}
