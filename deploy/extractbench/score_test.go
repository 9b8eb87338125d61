package main

import (
	"math"
	"slices"
	"testing"
)

func TestTokens(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		why  string
	}{
		{"Hello, World!", []string{"hello", "world"}, "punctuation splits and is dropped; case folds"},
		{"e-mail 2024", []string{"e", "mail", "2024"}, "a hyphen splits; digits are word runes"},
		{"Cafe\u0301", []string{"café"}, "decomposed text is composed (NFC) before comparing"},
		{"中文abc", []string{"中", "文", "abc"}, "each Han rune is a token and ends a Latin word"},
		{"ひらがなカタカナ한국", []string{"ひ", "ら", "が", "な", "カ", "タ", "カ", "ナ", "한", "국"}, "Kana and Hangul runes are tokens too"},
		{"नमस्ते", []string{"नमस्ते"}, "combining vowel signs stay inside the word"},
		{"  \n\t", nil, "only separators: no tokens"},
	} {
		if got := Tokens(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Tokens(%q) = %q, want %q (%s)", tc.in, got, tc.want, tc.why)
		}
	}
}

func TestShingleScore(t *testing.T) {
	for _, tc := range []struct {
		got, want string
		p, r, f1  float64
		why       string
	}{
		{"one two three four five", "one two three four five", 1, 1, 1, "identical texts"},
		{"ONE two, three; four five", "one two three four five", 1, 1, 1, "case and punctuation do not matter"},
		{"", "one two three four five", 0, 0, 0, "nothing extracted is a miss, not perfect precision"},
		{"", "", 1, 1, 1, "nothing expected and nothing extracted agree"},
		{"menu one two three four five", "one two three four five", 2.0 / 3, 1, 0.8, "boilerplate before the text costs precision only"},
		{"one two three four", "one two three four five six", 1, 1.0 / 3, 0.5, "a truncated text costs recall only"},
		{"a b c", "a b c", 1, 1, 1, "texts shorter than a shingle are one shingle"},
		{"x y z w", "a b c d", 0, 0, 0, "nothing in common"},
		{"one two three four one two three four", "one two three four", 0.25, 1, 0.4, "shingles are sets: the repeat counts once, the three runs across the join count"},
	} {
		p, r, f1 := ShingleScore(tc.got, tc.want)
		if !near(p, tc.p) || !near(r, tc.r) || !near(f1, tc.f1) {
			t.Errorf("ShingleScore(%q, %q) = %.3f %.3f %.3f, want %.3f %.3f %.3f (%s)", tc.got, tc.want, p, r, f1, tc.p, tc.r, tc.f1, tc.why)
		}
	}
}

func TestEvaluateSnippets(t *testing.T) {
	with, without := []string{"kept text", "more text"}, []string{"Impressum", "Share"}
	for _, tc := range []struct {
		text string
		want Counts
		why  string
	}{
		{"kept text and more text", Counts{TP: 2, TN: 2}, "everything wanted, nothing unwanted"},
		{"kept text. Impressum", Counts{TP: 1, FN: 1, FP: 1, TN: 1}, "one of each outcome"},
		{"", Counts{FN: 2, TN: 2}, "an empty extraction misses every with and rightly lacks every without"},
		{"KEPT TEXT", Counts{FN: 2, TN: 2}, "the script's test is case-sensitive"},
	} {
		if got := EvaluateSnippets(tc.text, with, without); got != tc.want {
			t.Errorf("EvaluateSnippets(%q) = %+v, want %+v (%s)", tc.text, got, tc.want, tc.why)
		}
	}
}

func TestCountsFormulas(t *testing.T) {
	c := Counts{TP: 8, FN: 2, FP: 1, TN: 9}
	for _, tc := range []struct {
		name      string
		got, want float64
	}{
		{"precision TP/(TP+FP)", c.Precision(), 8.0 / 9},
		{"recall TP/(TP+FN)", c.Recall(), 8.0 / 10},
		{"accuracy (TP+TN)/all", c.Accuracy(), 17.0 / 20},
		{"F 2TP/(2TP+FP+FN)", c.F(), 16.0 / 19},
		{"no outcomes is 0, not NaN", Counts{}.F(), 0},
	} {
		if !near(tc.got, tc.want) {
			t.Errorf("%s = %.4f, want %.4f", tc.name, tc.got, tc.want)
		}
	}
	if got := c.Add(c); got != (Counts{16, 4, 2, 18}) {
		t.Errorf("Add = %+v: counts pool by summing", got)
	}
}

func TestTitleAndSiteRight(t *testing.T) {
	for _, tc := range []struct {
		got, want string
		right     bool
		why       string
	}{
		{"The  Title", "the title", true, "case and whitespace do not matter"},
		{"Mozilla Hacks – the Web developer blog", "Mozilla Hacks - the Web developer blog", true, "a typographic dash is the same title"},
		{"Cafe\u0301 ideas", "Café ideas", true, "composition does not matter"},
		{"", "The Title", false, "nothing found is wrong"},
		{"★", "★", true, "a value with no word is compared as normalized text"},
		{"", "★", false, "and still needs something extracted"},
	} {
		if got := TitleRight(tc.got, tc.want); got != tc.right {
			t.Errorf("TitleRight(%q, %q) = %v (%s)", tc.got, tc.want, got, tc.why)
		}
		if got := SiteRight(tc.got, tc.want); got != tc.right {
			t.Errorf("SiteRight(%q, %q) = %v (%s)", tc.got, tc.want, got, tc.why)
		}
	}
	for _, tc := range []struct {
		got, want string
		right     bool
		why       string
	}{
		{"The Title", "The Title | Site", true, "the site's name stripped from the end is right"},
		{"The Title", "Site - The Title", true, "and from the start"},
		{"新闻标题", "新闻标题_科技_腾讯网", true, "section and site stripped at an underscore"},
		{"The", "The Title | Site", false, "a cut inside a segment is wrong"},
		{"Outside the web", "Outside the web: standalone binaries", false, "a colon is not a site separator"},
		{"Other | Site", "The Title | Site", false, "another title with the same site is wrong"},
	} {
		if got := TitleRight(tc.got, tc.want); got != tc.right {
			t.Errorf("TitleRight(%q, %q) = %v (%s)", tc.got, tc.want, got, tc.why)
		}
	}
}

func TestBylineRight(t *testing.T) {
	for _, tc := range []struct {
		got, want string
		right     bool
		why       string
	}{
		{"Dan Goodin", "Dan Goodin", true, "same name"},
		{"Steven Mufson", "By Steven Mufson", true, "a leading by is not part of the name"},
		{"by Lucas Nolan", "Lucas Nolan22 Dec 2016651", false, "the date glued to the name makes the last word another token"},
		{"Lucas Nolan", "by Lucas Nolan 22 Dec 2016", true, "a byline carrying the date contains the name"},
		{"Stella Kim", "Stella Kim, Jennifer Jett", true, "one of several authors is accepted"},
		{"Dan", "Dan Goodin", true, "a whole word of the name is contained"},
		{"an", "Dan Goodin", false, "containment is by whole words, not characters"},
		{"Goodin Dan", "Dan Goodin", false, "words must be in order"},
		{"", "Dan Goodin", false, "nothing found is wrong"},
		{"By", "By", true, "a lone by is kept, not trimmed to nothing"},
	} {
		if got := BylineRight(tc.got, tc.want); got != tc.right {
			t.Errorf("BylineRight(%q, %q) = %v (%s)", tc.got, tc.want, got, tc.why)
		}
	}
}

func TestPublishedRight(t *testing.T) {
	for _, tc := range []struct {
		got, want string
		right     bool
		why       string
	}{
		{"2015-07-10T13:53:00Z", "2015-07-10T09:53:00-04:00", true, "the same instant in another zone"},
		{"2015-07-10T09:53:00Z", "2015-07-10T09:53:00-04:00", false, "the same wall clock in another zone is another instant"},
		{"2015-03-17T16:27:40Z", "2015-03-17T16:27:40.294Z", true, "fractions of a second are below what extractors keep"},
		{"2015-03-17T16:27:41Z", "2015-03-17T16:27:40.294Z", false, "a second off is another time"},
		{"2024-06-25T00:00:00Z", "2024-06-25", true, "only a date expected: the same calendar date"},
		{"2024-06-26T01:00:00+02:00", "2024-06-26", true, "the date is read in the offset it was written with"},
		{"2024-06-24", "2024-06-25", false, "another date"},
		{"2016-12-22", "2016-12-22T10:43:37-08:00", true, "only a date extracted: the expected instant's own date"},
		{"2019-04-28T06:01:07Z", "2019-04-28 06:01:07", true, "no zone expected: the same wall clock"},
		{"2019-04-28T08:01:07+02:00", "2019-04-28 08:01:07", true, "no zone expected: wall clock read where it was written"},
		{"2019-04-28T04:01:07Z", "2019-04-28 06:01:07", true, "no zone expected: an instant it denotes at UTC+2"},
		{"2019-04-28T06:01:08Z", "2019-04-28 06:01:07", false, "no zone expected: one second off is no zone's offset"},
		{"2019-04-27T06:01:07Z", "2019-04-28 06:01:07", false, "no zone expected: a day off is beyond any zone"},
		{"2018-04-05T06:00:00", "2018-04-05T06:00", true, "two wall clocks, seconds absent means zero"},
		{"2018-04-05T07:00:00", "2018-04-05T06:00", false, "two different wall clocks"},
		{"Thu, 20 Jan 2022 01:18:51 GMT", "2022-01-20T01:18:51Z", true, "RFC 1123 with GMT is an instant"},
		{"Thu, 20 Jan 2022 01:18:51 EST", "2022-01-20T01:18:51Z", true, "an ambiguous zone abbreviation is read as a wall clock"},
		{"January 20, 2022", "2022-01-20T01:18:51Z", true, "a written-out date is a date"},
		{"", "2022-01-20T01:18:51Z", false, "nothing found is wrong"},
		{"yesterday", "2022-01-20", false, "an unreadable value is wrong"},
		{"sometime", "Sometime", true, "an expected value no layout reads is compared as text"},
	} {
		if got := PublishedRight(tc.got, tc.want); got != tc.right {
			t.Errorf("PublishedRight(%q, %q) = %v (%s)", tc.got, tc.want, got, tc.why)
		}
	}
}

func TestLanguageRight(t *testing.T) {
	for _, tc := range []struct {
		got, want string
		right     bool
		why       string
	}{
		{"en", "en-US", true, "a region refines the language"},
		{"EN_gb", "en-us", true, "case and underscore separators do not matter"},
		{"zh-Hant", "zh-TW", true, "a script and a region of the same language"},
		{"de", "en", false, "another language"},
		{"", "en", false, "nothing found is wrong"},
		{"und", "en", false, "undetermined is not a language"},
	} {
		if got := LanguageRight(tc.got, tc.want); got != tc.right {
			t.Errorf("LanguageRight(%q, %q) = %v (%s)", tc.got, tc.want, got, tc.why)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
