package pagemeta

import (
	"encoding/json"
	"strings"
	"unicode"
)

// jsonLD is what the page's JSON-LD says about the page's main object.
type jsonLD struct {
	title       string // headline, else name
	headline    string
	authors     []string
	published   string
	modified    string
	site        string
	language    string
	description string
	image       string
}

// Ranks of schema.org types as the page's main object: an article beats a
// web page, which beats any other creative work (a video, a recipe).
const (
	rankArticle = iota
	rankPage
	rankWork
	rankNone
)

type ldParser struct {
	objects int                       // objects walked, bounded by maxObjects
	ids     map[string]map[string]any // objects by @id, to follow references
	main    [rankNone]map[string]any  // the first object of each rank
	website map[string]any            // the first WebSite
}

// parseJSONLD reads the page's JSON-LD scripts. A script that is not
// valid JSON is skipped (after one repair: raw control characters inside
// strings, which browsers' JSON.parse also refuses but pages emit, are
// read as spaces).
//
// otherTitle returns the page's title from elsewhere (og:title, <title>);
// it is asked for only when an object's headline and name differ, to
// choose between them.
func parseJSONLD(scripts []string, otherTitle func() string) jsonLD {
	if len(scripts) == 0 {
		return jsonLD{}
	}
	p := ldParser{}
	for _, s := range scripts {
		data := unwrapScript(s)
		if len(data) == 0 {
			continue
		}
		var v any
		if err := json.Unmarshal([]byte(data), &v); err != nil {
			repaired := []byte(data)
			for i, c := range repaired {
				if c < 0x20 {
					repaired[i] = ' '
				}
			}
			if json.Unmarshal(repaired, &v) != nil {
				continue
			}
		}
		p.visit(v, 0)
	}
	return p.result(otherTitle)
}

// unwrapScript strips what pages wrap JSON-LD in: CDATA markers, HTML
// comment markers, and a trailing semicolon.
func unwrapScript(s string) string {
	s = strings.TrimSpace(s)
	for _, pre := range []string{"//<![CDATA[", "<![CDATA[", "<!--"} {
		if rest, ok := strings.CutPrefix(s, pre); ok {
			s = strings.TrimSpace(rest)
		}
	}
	for _, suf := range []string{"//]]>", "]]>", "-->", ";"} {
		if rest, ok := strings.CutSuffix(s, suf); ok {
			s = strings.TrimSpace(rest)
		}
	}
	return s
}

// visit walks a decoded value: arrays, @graph lists, and an object's
// mainEntity, each bounded in depth and in the number of objects.
func (p *ldParser) visit(v any, depth int) {
	if depth > 4 || p.objects >= maxObjects {
		return
	}
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			p.visit(e, depth+1)
		}
	case map[string]any:
		p.objects++
		if id, ok := v["@id"].(string); ok && id != "" {
			if p.ids == nil {
				p.ids = make(map[string]map[string]any)
			}
			if _, seen := p.ids[id]; !seen {
				p.ids[id] = v
			}
		}
		rank, website := typeRank(v["@type"])
		if rank < rankNone && p.main[rank] == nil {
			p.main[rank] = v
		}
		if website && p.website == nil {
			p.website = v
		}
		if g, ok := v["@graph"]; ok {
			p.visit(g, depth+1)
		}
		for _, key := range []string{"mainEntity", "mainEntityOfPage"} {
			if e, ok := v[key].(map[string]any); ok {
				if _, typed := e["@type"]; typed {
					p.visit(e, depth+1)
				}
			}
		}
	}
}

// typeRank ranks an @type (a string or a list of them) and reports whether
// it is a WebSite.
func typeRank(t any) (rank int, website bool) {
	rank = rankNone
	one := func(s string) {
		s = strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(s, "http://schema.org/"), "https://schema.org/"), "schema:")
		r := rankNone
		switch {
		case strings.HasSuffix(s, "Article"), strings.HasSuffix(s, "Posting"), s == "Report", s == "APIReference":
			r = rankArticle
		case strings.HasSuffix(s, "WebPage"), s == "ItemPage", s == "AboutPage", s == "FAQPage", s == "QAPage",
			s == "ProfilePage", s == "CollectionPage", s == "ContactPage":
			r = rankPage
		case s == "WebSite":
			website = true
		case s == "VideoObject", s == "Recipe", s == "Review", s == "HowTo", s == "PodcastEpisode", s == "Episode",
			s == "CreativeWork", s == "Book", s == "Course", s == "Event", s == "AudioObject", s == "Movie":
			r = rankWork
		}
		rank = min(rank, r)
	}
	switch t := t.(type) {
	case string:
		one(t)
	case []any:
		for _, e := range t {
			if s, ok := e.(string); ok {
				one(s)
			}
		}
	}
	return rank, website
}

func (p *ldParser) result(otherTitle func() string) jsonLD {
	var out jsonLD
	objs := make([]map[string]any, 0, rankNone)
	articleFirst := p.main[rankArticle] != nil
	for _, o := range p.main {
		if o != nil {
			objs = append(objs, o)
		}
	}
	if len(objs) == 0 && p.website == nil {
		return out
	}
	for i, o := range objs {
		if out.title == "" {
			headline, name := clean(str(o["headline"])), clean(str(o["name"]))
			out.title = first(headline, name)
			// Some pages put the site's name or a description in one of
			// the two: the one closer to the page's other title wins.
			if headline != "" && name != "" && !sameText(headline, name) {
				other := otherTitle()
				if similarity(name, other) > similarity(headline, other) {
					out.title = name
				}
			}
			// The headline is an article's title, or what an object
			// names its headline; a page's or a video's name is not.
			if i == 0 && (articleFirst || headline != "") {
				out.headline = out.title
			}
		}
		if len(out.authors) == 0 {
			out.authors = p.names(o["author"], 0)
			if len(out.authors) == 0 {
				out.authors = p.names(o["creator"], 0)
			}
		}
		if out.published == "" {
			out.published = first(str(o["datePublished"]), str(o["dateCreated"]), str(o["uploadDate"]))
		}
		if out.modified == "" {
			out.modified = str(o["dateModified"])
		}
		if out.site == "" {
			out.site = first(p.name(o["publisher"]), p.websiteName(o["isPartOf"]))
		}
		if out.language == "" {
			out.language = p.lang(o["inLanguage"])
		}
		if out.description == "" {
			out.description = str(o["description"])
		}
		if out.image == "" {
			out.image = p.imageURL(o["image"], 0)
			if out.image == "" {
				out.image = p.imageURL(o["thumbnailUrl"], 0)
			}
		}
	}
	if out.site == "" && p.website != nil {
		out.site = clean(str(p.website["name"]))
	}
	return out
}

// str returns v when it is a string, trimmed.
func str(v any) string {
	s, _ := v.(string)
	return strings.TrimSpace(s)
}

// deref follows a {"@id": …} reference to the object it names, when the
// page defines it.
func (p *ldParser) deref(m map[string]any) map[string]any {
	if id, ok := m["@id"].(string); ok && len(m) <= 2 {
		if full, ok := p.ids[id]; ok {
			return full
		}
	}
	return m
}

// name reads the name of a person or organization given as a string, an
// object or a reference.
func (p *ldParser) name(v any) string {
	switch v := v.(type) {
	case string:
		return clean(v)
	case map[string]any:
		return clean(str(p.deref(v)["name"]))
	case []any:
		for _, e := range v {
			if n := p.name(e); n != "" {
				return n
			}
		}
	}
	return ""
}

// websiteName reads the name of the WebSite an object is part of.
func (p *ldParser) websiteName(v any) string {
	m, ok := v.(map[string]any)
	if !ok {
		return ""
	}
	m = p.deref(m)
	if _, website := typeRank(m["@type"]); !website {
		return ""
	}
	return clean(str(m["name"]))
}

// names reads one author or a list of them, distinct, at most maxMulti;
// values that are addresses, not names, are skipped.
func (p *ldParser) names(v any, depth int) []string {
	var out []string
	add := func(s string) {
		s = stripBy(clean(s))
		if s == "" || looksLikeURL(s) || len(out) >= maxMulti {
			return
		}
		for _, have := range out {
			if strings.EqualFold(have, s) {
				return
			}
		}
		out = append(out, s)
	}
	switch v := v.(type) {
	case string:
		add(v)
	case map[string]any:
		m := p.deref(v)
		if n, ok := m["name"].(string); ok {
			add(n)
		} else if depth == 0 {
			out = p.names(m["name"], depth+1)
		}
	case []any:
		if depth > 0 {
			return nil
		}
		for _, e := range v {
			for _, n := range p.names(e, depth+1) {
				add(n)
			}
		}
	}
	return out
}

func (p *ldParser) lang(v any) string {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case map[string]any:
		return first(str(v["alternateName"]), str(v["name"]))
	case []any:
		if len(v) > 0 {
			return p.lang(v[0])
		}
	}
	return ""
}

// imageURL reads an image given as a URL, an ImageObject, a reference to
// one, or a list of them (the first wins).
func (p *ldParser) imageURL(v any, depth int) string {
	if depth > 2 {
		return ""
	}
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case map[string]any:
		m := p.deref(v)
		return first(str(m["url"]), str(m["contentUrl"]))
	case []any:
		for _, e := range v {
			if u := p.imageURL(e, depth+1); u != "" {
				return u
			}
		}
	}
	return ""
}

// similarity is the share of the words of a that occur in b, compared
// without regard to case and punctuation.
func similarity(a, b string) float64 {
	wa, wb := words(a), words(b)
	if len(wa) == 0 || len(wb) == 0 {
		return 0
	}
	n := 0
	for _, w := range wa {
		for _, v := range wb {
			if w == v {
				n++
				break
			}
		}
	}
	return float64(n) / float64(len(wa))
}

// words splits s into lower-cased runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}
