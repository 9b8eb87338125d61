package main

import (
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Counts are the snippet outcomes of go-trafilatura's comparison script:
// a "with" snippet found is a true positive, missed a false negative; a
// "without" snippet found is a false positive, absent a true negative.
type Counts struct {
	TP, FN, FP, TN int
}

// Add returns the sum of c and o.
func (c Counts) Add(o Counts) Counts {
	return Counts{c.TP + o.TP, c.FN + o.FN, c.FP + o.FP, c.TN + o.TN}
}

// Precision, Recall, Accuracy and F are the script's formulas over pooled
// counts (not averages of per-page figures), so the figures compare with
// the ones its README publishes.
func (c Counts) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP / (TP + FN).
func (c Counts) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// Accuracy is (TP + TN) / all.
func (c Counts) Accuracy() float64 { return ratio(c.TP+c.TN, c.TP+c.TN+c.FP+c.FN) }

// F is 2TP / (2TP + FP + FN), the harmonic mean of precision and recall.
func (c Counts) F() float64 { return ratio(2*c.TP, 2*c.TP+c.FP+c.FN) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// EvaluateSnippets scores one extraction the way the comparison script's
// evaluateEntry does: a plain, case-sensitive substring test of every
// snippet, and an empty text counts every "with" as missed and every
// "without" as rightly absent.
func EvaluateSnippets(text string, with, without []string) Counts {
	var c Counts
	if text == "" {
		c.FN = len(with)
		c.TN = len(without)
		return c
	}
	for _, s := range with {
		if strings.Contains(text, s) {
			c.TP++
		} else {
			c.FN++
		}
	}
	for _, s := range without {
		if strings.Contains(text, s) {
			c.FP++
		} else {
			c.TN++
		}
	}
	return c
}

// Tokens splits text into lower-case words at every rune that is neither
// a letter, a digit nor a combining mark. Han, Kana and Hangul runes are
// one token each: those scripts do not separate words with spaces, and a
// whole CJK sentence as one "word" would make any difference a total miss.
func Tokens(s string) []string {
	s = strings.ToLower(norm.NFC.String(s))
	var toks []string
	start := -1
	flush := func(end int) {
		if start >= 0 {
			toks = append(toks, s[start:end])
			start = -1
		}
	}
	for i, r := range s {
		switch {
		case isCJK(r):
			flush(i)
			toks = append(toks, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r):
			if start < 0 {
				start = i
			}
		default:
			flush(i)
		}
	}
	flush(len(s))
	return toks
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// shingleSize is the length of the word runs compared: long enough that
// shared stop words do not count as overlap, short enough that one wrong
// word costs only the few runs that span it.
const shingleSize = 4

// shingles returns the set of shingleSize-token runs; a text shorter than
// that is one shingle, so a short expected text still has something to find.
func shingles(toks []string) map[string]struct{} {
	set := map[string]struct{}{}
	if len(toks) == 0 {
		return set
	}
	if len(toks) < shingleSize {
		set[strings.Join(toks, " ")] = struct{}{}
		return set
	}
	for i := 0; i+shingleSize <= len(toks); i++ {
		set[strings.Join(toks[i:i+shingleSize], " ")] = struct{}{}
	}
	return set
}

// ShingleScore compares an extracted text with the expected one as sets of
// 4-word shingles. Nothing extracted scores 0 whatever was expected (an
// empty result is a miss, not a perfectly precise one); both empty is 1.
func ShingleScore(got, want string) (p, r, f1 float64) {
	g, w := shingles(Tokens(got)), shingles(Tokens(want))
	switch {
	case len(g) == 0 && len(w) == 0:
		return 1, 1, 1
	case len(g) == 0 || len(w) == 0:
		return 0, 0, 0
	}
	small, large := g, w
	if len(small) > len(large) {
		small, large = large, small
	}
	common := 0
	for s := range small {
		if _, ok := large[s]; ok {
			common++
		}
	}
	p = float64(common) / float64(len(g))
	r = float64(common) / float64(len(w))
	if common > 0 {
		f1 = 2 * p * r / (p + r)
	}
	return p, r, f1
}

// normText is the fallback comparison for values with no word in them.
func normText(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(norm.NFC.String(s))), " ")
}

// sameWords reports whether got and want are the same words in the same
// order, so case, Unicode composition, whitespace and punctuation (a
// typographic dash or quote for an ASCII one) do not decide the outcome.
func sameWords(got, want string) bool {
	g, w := Tokens(got), Tokens(want)
	if len(w) == 0 {
		return normText(got) != "" && normText(got) == normText(want)
	}
	return equalTokens(g, w)
}

func equalTokens(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TitleRight reports whether an extracted title is the expected one, or
// the expected one with the site's name (and section) cut off either end
// at a title separator: expected titles often keep "… | Site", which an
// extractor that strips the site's name, as it should, would never match.
// The rule is the same for every extractor.
func TitleRight(got, want string) bool {
	if sameWords(got, want) {
		return true
	}
	for _, sep := range titleSeparators {
		for i := 0; ; {
			j := strings.Index(want[i:], sep)
			if j < 0 {
				break
			}
			j += i
			if sameWords(got, want[:j]) || sameWords(got, want[j+len(sep):]) {
				return true
			}
			i = j + len(sep)
		}
	}
	return false
}

// titleSeparators set a site's name apart in titles.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " · ", " :: ", " » ", " @ ", "_", "｜", " / "}

// SiteRight reports whether an extracted site name is the expected one.
func SiteRight(got, want string) bool { return sameWords(got, want) }

// BylineRight accepts a byline when, leading "by" aside, the words of one
// are a contiguous run of the other's: pages and extractors disagree on
// whether a byline carries the date, the role or a second author, and
// matching whole words keeps a stray initial from matching every name.
func BylineRight(got, want string) bool {
	g, w := trimBy(Tokens(got)), trimBy(Tokens(want))
	if len(g) == 0 || len(w) == 0 {
		return false
	}
	if len(g) > len(w) {
		g, w = w, g
	}
	for i := 0; i+len(g) <= len(w); i++ {
		if equalTokens(g, w[i:i+len(g)]) {
			return true
		}
	}
	return false
}

func trimBy(toks []string) []string {
	if len(toks) > 1 && toks[0] == "by" {
		return toks[1:]
	}
	return toks
}

// LanguageRight compares primary language subtags: en-US is en, and zh-TW
// is zh-Hant; a region or script is a refinement, not a different language.
func LanguageRight(got, want string) bool {
	g, w := primarySubtag(got), primarySubtag(want)
	return g != "" && g == w
}

func primarySubtag(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return tag
}

// precision is how much of a time a date string states.
type precision int

const (
	dateOnly  precision = iota // a calendar date
	wallClock                  // a date and time of day with no zone
	instant                    // a date and time with a zone or offset
)

type parsedDate struct {
	t    time.Time // in the offset it was written with; UTC for wall clocks
	prec precision
}

var (
	zonedLayouts = []string{
		time.RFC3339, // also reads fractional seconds
		"2006-01-02T15:04Z07:00",
		"2006-01-02T15:04:05Z0700",
		"2006-01-02 15:04:05Z07:00",
		"2006-01-02 15:04:05 Z07:00",
		"2006-01-02 15:04:05 -0700",
		time.RFC1123Z,
		time.RFC822Z,
		"Mon, 2 Jan 2006 15:04:05 -0700",
	}
	// Abbreviated zones are ambiguous (CST, IST); only those that
	// name UTC are read as instants, the rest as wall clocks.
	namedLayouts = []string{
		time.RFC1123,
		time.RFC850,
		time.UnixDate,
		time.RFC822,
		"Mon, 2 Jan 2006 15:04:05 MST",
		"2006-01-02 15:04:05 MST",
	}
	wallLayouts = []string{
		"2006-01-02T15:04:05",
		"2006-01-02T15:04",
		"2006-01-02 15:04:05",
		"2006-01-02 15:04",
		"2006/01/02 15:04:05",
		"2006/01/02 15:04",
	}
	dateLayouts = []string{
		"2006-01-02",
		"2006/01/02",
		"20060102",
		"January 2, 2006",
		"Jan 2, 2006",
		"2 January 2006",
		"2 Jan 2006",
	}
)

func parseDate(s string) (parsedDate, bool) {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return parsedDate{}, false
	}
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return parsedDate{t, instant}, true
		}
	}
	for _, l := range namedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			switch name, _ := t.Zone(); strings.ToUpper(name) {
			case "UTC", "GMT", "UT", "Z":
				return parsedDate{t, instant}, true
			}
			w := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
			return parsedDate{w, wallClock}, true
		}
	}
	for _, l := range wallLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return parsedDate{t, wallClock}, true
		}
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return parsedDate{t, dateOnly}, true
		}
	}
	return parsedDate{}, false
}

// PublishedRight reports whether an extracted publication time denotes the
// expected one, at the precision the less precise of the two states:
//   - either is only a date: the same calendar date, each read in the
//     offset it was written with;
//   - both have a zone: the same instant to the second;
//   - one has no zone: the same wall clock to the second, or an instant
//     that wall clock denotes in some real zone (a whole number of quarter
//     hours off UTC, at most 14 hours);
//
// An expected value none of our layouts reads is compared as text.
func PublishedRight(got, want string) bool {
	w, ok := parseDate(want)
	if !ok {
		return normText(got) != "" && normText(got) == normText(want)
	}
	g, ok := parseDate(got)
	if !ok {
		return false
	}
	if g.prec == dateOnly || w.prec == dateOnly {
		gy, gm, gd := g.t.Date()
		wy, wm, wd := w.t.Date()
		return gy == wy && gm == wm && gd == wd
	}
	gs, ws := g.t.Truncate(time.Second), w.t.Truncate(time.Second)
	if g.prec == instant && w.prec == instant {
		return gs.Equal(ws)
	}
	if wallOf(gs).Equal(wallOf(ws)) {
		return true
	}
	if g.prec == w.prec {
		return false // two wall clocks: only the same reading is the same time
	}
	zoned, wall := gs, ws
	if g.prec == wallClock {
		zoned, wall = ws, gs
	}
	off := wall.Sub(zoned.UTC()) // the UTC offset that would make them one instant
	return off >= -14*time.Hour && off <= 14*time.Hour && off%(15*time.Minute) == 0
}

// wallOf is the reading of a clock where t was written, as a UTC time.
func wallOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}
