package pipeline

import (
	"bytes"
	"errors"

	"golang.org/x/net/html"

	"articleservice/sanitize"
	"articleservice/service/article"
	"articleservice/service/page"
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
func wantsExtraction(policy *sanitize.Policy, body []byte) bool {
	switch policy.Extraction() {
	case "page":
		return true
	case "fragment":
		return false
	}
	return page.IsPage(body)
}

// extractPage parses a whole page and renders its article. The policy's
// remove rules act on the page first, so a site's rules still decide
// before the generic heuristics do.
func (p *Pipeline) extractPage(doc *html.Node, policy *sanitize.Policy, explain bool) (extracted, error) {
	opt := page.Options{Explain: explain}
	var path []sanitize.Element
	opt.Remove = func(nodes []*html.Node) (string, bool) {
		path = path[:0]
		for _, n := range nodes {
			path = append(path, sanitize.Element{Tag: n.Data, Attrs: n.Attr})
		}
		return policy.RemovedBy(path)
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
	doc, err := page.Parse(body, p.cfg.Limits.MaxNestingDepth)
	var de *page.DepthError
	if errors.As(err, &de) {
		return nil, article.TooLarge("document.content", "element nesting", int64(de.Limit), "levels")
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
