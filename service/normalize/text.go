package normalize

import (
	"html"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Title decodes HTML entities, collapses whitespace (line breaks of
// multi-line YAML titles included) and trims.
func Title(raw string) string {
	return Space(html.UnescapeString(raw))
}

// Space collapses every run of Unicode whitespace (ideographic space and
// NBSP included) to one ASCII space and trims the ends.
func Space(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' {
			pending = b.Len() > 0
			continue
		}
		if pending {
			b.WriteByte(' ')
			pending = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Categories trims each category (a leading "- " left by a badly nested
// YAML list included), drops empty ones and duplicates, and keeps the order.
func Categories(raw []string) []string {
	out := make([]string, 0, len(raw))
	seen := make(map[string]bool, len(raw))
	for _, c := range raw {
		c = Space(html.UnescapeString(c))
		for strings.HasPrefix(c, "- ") || c == "-" {
			c = strings.TrimSpace(strings.TrimPrefix(c, "-"))
		}
		if c == "" || seen[c] {
			continue
		}
		seen[c] = true
		out = append(out, c)
	}
	return out
}

// CategoryKey is the form of a category to filter on: Unicode NFKC (so
// full-width "－" and "Ａ" fold to "-" and "A"), whitespace collapsed, Latin
// lower-cased.
func CategoryKey(c string) string {
	return strings.ToLower(Space(norm.NFKC.String(c)))
}

// CategoryKeys maps CategoryKey over categories, dropping duplicate keys.
func CategoryKeys(categories []string) []string {
	out := make([]string, 0, len(categories))
	seen := make(map[string]bool, len(categories))
	for _, c := range categories {
		k := CategoryKey(c)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, k)
	}
	return out
}

// SiteSection derives the site and section from the categories. Crawled
// category paths run from broad to narrow: [group, site, feed] or
// [site, feed]. With three or more the second is the site and the last the
// section; with two, the first and the second; with one, that is the site.
func SiteSection(categories []string) (site, section string) {
	switch n := len(categories); {
	case n >= 3:
		return categories[1], categories[n-1]
	case n == 2:
		return categories[0], categories[1]
	case n == 1:
		return categories[0], ""
	}
	return "", ""
}
