package articlelog

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/article"
)

// Filter selects articles: within a field any value matches, across fields
// every non-empty field must match; an empty Filter selects all.
type Filter struct {
	// Sites matches Article.site exactly.
	Sites []string
	// Sections matches Article.section exactly.
	Sections []string
	// CategoryKeys matches any of Article.category_keys exactly.
	CategoryKeys []string
	// Languages matches Article.language equal to a value or starting with
	// it and "-", without regard to case.
	Languages []string
}

// maxSubjectFilters caps the subjects one consumer filters on; past it the
// larger of sites and languages is filtered here instead.
const maxSubjectFilters = 16

func (f Filter) validate(maxValues int) error {
	for _, fld := range []struct {
		name string
		vals []string
	}{{"filter.sites", f.Sites}, {"filter.sections", f.Sections}, {"filter.category_keys", f.CategoryKeys}, {"filter.languages", f.Languages}} {
		if len(fld.vals) > maxValues {
			return article.TooLarge(fld.name, fmt.Sprintf("%d values", len(fld.vals)), int64(maxValues), "values")
		}
	}
	return nil
}

func (f Filter) match(a *articlev1.Article) bool {
	if len(f.Sites) > 0 && !slices.Contains(f.Sites, a.GetSite()) {
		return false
	}
	if len(f.Sections) > 0 && !slices.Contains(f.Sections, a.GetSection()) {
		return false
	}
	if len(f.CategoryKeys) > 0 && !slices.ContainsFunc(a.GetCategoryKeys(), func(k string) bool { return slices.Contains(f.CategoryKeys, k) }) {
		return false
	}
	if len(f.Languages) > 0 {
		lang := strings.ToLower(a.GetLanguage())
		if !slices.ContainsFunc(f.Languages, func(v string) bool {
			v = strings.ToLower(v)
			return lang == v || strings.HasPrefix(lang, v+"-")
		}) {
			return false
		}
	}
	return true
}

// tokens returns the distinct site and language tokens of the filter.
func (f Filter) tokens() (sites, langs []string) {
	for _, s := range f.Sites {
		if t := siteToken(s); !slices.Contains(sites, t) {
			sites = append(sites, t)
		}
	}
	for _, l := range f.Languages {
		if t := languageToken(l); !slices.Contains(langs, t) {
			langs = append(langs, t)
		}
	}
	return sites, langs
}

// consumerSubjects are the subjects a consumer filters on for f; nil means
// every article. Sections and category keys are matched here, after.
func (l *Log) consumerSubjects(f Filter) []string {
	sites, langs := f.tokens()
	if len(sites)*len(langs) > maxSubjectFilters {
		if len(sites) >= len(langs) {
			sites = nil
		} else {
			langs = nil
		}
	}
	if len(sites) == 0 && len(langs) == 0 {
		return nil
	}
	if len(sites) == 0 {
		sites = []string{"*"}
	}
	if len(langs) == 0 {
		langs = []string{"*"}
	}
	var out []string
	for _, s := range sites {
		for _, lt := range langs {
			out = append(out, l.filterSubject(s, lt))
		}
	}
	return out
}

// scanSubject is the one subject a List scan follows for f.
func (l *Log) scanSubject(f Filter) string {
	sites, langs := f.tokens()
	s, lt := "*", "*"
	if len(sites) == 1 {
		s = sites[0]
	}
	if len(langs) == 1 {
		lt = langs[0]
	}
	if s == "*" && lt == "*" {
		return l.allSubjects()
	}
	return l.filterSubject(s, lt)
}

// fingerprint identifies a filter in page tokens, whatever the order of its
// values.
func (f Filter) fingerprint() [8]byte {
	h := sha256.New()
	for _, vals := range [][]string{f.Sites, f.Sections, f.CategoryKeys, f.Languages} {
		v := slices.Clone(vals)
		slices.Sort(v)
		v = slices.Compact(v)
		for _, s := range v {
			h.Write([]byte(s))
			h.Write([]byte{0})
		}
		h.Write([]byte{1})
	}
	var out [8]byte
	copy(out[:], h.Sum(nil))
	return out
}
