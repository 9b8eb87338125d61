package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/net/html"

	"articleservice/sanitize"
	"articleservice/service/article"
	"articleservice/service/extract"
	"articleservice/service/normalize"
	"articleservice/service/page"
	"articleservice/service/pagemeta"
)

// extracted is a whole page's article, ready for the sanitizer.
type extracted struct {
	body    []byte
	counts  map[string]int
	dropped []article.Drop
}

// wantsExtraction decides whether the body is a whole page whose article
// must be found: the policy can force it either way; by default a body
// that starts like an HTML document is a page and anything else (the
// fragments RSS feeds and cut-out bodies bring) is left as it is.
func wantsExtraction(policy *sanitize.Policy, isPage bool) bool {
	switch policy.Extraction() {
	case "page":
		return true
	case "fragment":
		return false
	}
	return isPage
}

// extractPage parses a whole page and renders its article. The policy's
// remove rules act on the page first, so a site's rules still decide
// before the generic heuristics do.
func (p *Pipeline) extractPage(doc *html.Node, policy *sanitize.Policy, explain bool, titles ...string) (extracted, error) {
	opt := page.Options{Explain: explain, Titles: titles}
	if policy.HasRemoveRules() {
		// Extraction walks the page depth first, so consecutive paths
		// share their start: only the end is converted again.
		var nodes []*html.Node
		var path []sanitize.Element
		opt.Remove = func(walk []*html.Node) (string, bool) {
			same := 0
			for same < len(nodes) && same < len(walk) && nodes[same] == walk[same] {
				same++
			}
			nodes, path = append(nodes[:same], walk[same:]...), path[:same]
			for _, n := range walk[same:] {
				path = append(path, sanitize.Element{Tag: n.Data, Attrs: n.Attr})
			}
			return policy.RemovedBy(path)
		}
	}
	res := page.Extract(doc, opt)
	out := extracted{counts: res.Counts}
	if res.Article != nil {
		var buf bytes.Buffer
		if err := html.Render(&buf, res.Article); err != nil {
			return out, err
		}
		out.body = buf.Bytes()
	}
	for _, d := range res.Dropped {
		out.dropped = append(out.dropped, article.Drop{Reason: d.Reason, Detail: d.Detail, Path: d.Path, Text: d.Text, Chars: d.Chars})
	}
	return out, nil
}

// parsePage parses a page under the nesting limit, mapping a page nested
// too deep to the same error the sanitizer gives.
func (p *Pipeline) parsePage(body []byte) (*html.Node, error) {
	doc, err := page.Parse(body, page.Limits{MaxDepth: p.cfg.Limits.MaxNestingDepth, MaxElements: p.cfg.Limits.MaxPageElements})
	var de *page.DepthError
	if errors.As(err, &de) {
		return nil, article.TooLarge("document.content", "element nesting", int64(de.Limit), "levels")
	}
	var ee *page.ElementsError
	if errors.As(err, &ee) {
		return nil, article.TooLarge("document.content", "page elements", int64(ee.Limit), "elements")
	}
	if err != nil {
		return nil, article.Invalid("document.content", "page is not readable HTML", err)
	}
	return doc, nil
}

// addCounts merges counts into removals, keeping them sorted by reason.
func addCounts(rs []article.Removal, counts map[string]int) []article.Removal {
	for reason, n := range counts {
		found := false
		for i := range rs {
			if rs[i].Reason == reason {
				rs[i].Count += n
				found = true
			}
		}
		if !found {
			rs = addRemoval(rs, reason, n)
		}
	}
	return rs
}

// pageState is a whole page parsed once: the tree extraction works on and
// the metadata read from it.
type pageState struct {
	doc  *html.Node
	meta pagemeta.Meta
}

func (s *pageState) parse(p *Pipeline, body []byte, base *url.URL) error {
	if s.doc != nil {
		return nil
	}
	doc, err := p.parsePage(body)
	if err != nil {
		return err
	}
	s.doc, s.meta = doc, pagemeta.Read(doc, base)
	return nil
}

// head is the page's metadata in the shape the fragment path reads from
// a <head>, so both paths share what follows.
func (s *pageState) head() extract.Head {
	m := s.meta
	return extract.Head{
		Title:       normalize.Title(pagemeta.CleanTitle(m.Title, m.SiteName, m.Headline)),
		Author:      normalize.Space(m.Byline),
		Description: normalize.Space(m.Description),
		Image:       m.Image,
		Published:   m.Published,
		SiteName:    normalize.Space(m.SiteName),
		Language:    m.Language,
		BaseHref:    m.BaseHref,
	}
}

// language is the primary subtag of the language the page declares,
// lower-cased ("en" for "en-US"), as the text detector names languages,
// or what the detector finds in the text when that is the same language
// named more precisely ("zh-Hans" for a page declaring "zh-CN"); "" when
// the page declares none that looks like a language tag.
func (s *pageState) language(detected string) string {
	declared := s.declaredLanguage()
	if declared != "" && strings.HasPrefix(detected, declared+"-") {
		return detected
	}
	return declared
}

func (s *pageState) declaredLanguage() string {
	tag := s.meta.Language
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	if len(tag) < 2 || len(tag) > 3 {
		return ""
	}
	for _, c := range tag {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return ""
		}
	}
	return strings.ToLower(tag)
}

// pageFields sets what only a whole page states: its canonical URL, its
// modification date and, when no rule found one, its byline.
func (p *Pipeline) pageFields(a *article.Article, s *pageState, meta policyMeta) {
	if s.doc == nil {
		return
	}
	m := s.meta
	a.CanonicalURL = m.Canonical
	if a.Byline == "" {
		a.Byline = normalize.Space(m.Byline)
	}
	if a.Author == "" {
		a.Author = a.Byline
	}
	if m.Modified != "" {
		a.ModifiedAtRaw = m.Modified
		t, err := normalize.Date(m.Modified, meta.zone)
		if err != nil {
			a.Warnings = append(a.Warnings, article.Warning{Field: "document.content", Message: fmt.Sprintf("unrecognized modification date %q; modified_at left unset", m.Modified)})
		} else {
			a.ModifiedAt = t
		}
	}
}
