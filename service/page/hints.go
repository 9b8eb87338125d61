package page

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// skipTags never hold article text: their content is dropped before
// scoring.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Link: true, atom.Meta: true, atom.Head: true, atom.Title: true,
	atom.Svg: true, atom.Math: false, atom.Canvas: true, atom.Object: true, atom.Embed: true,
	atom.Input: true, atom.Button: true, atom.Select: true, atom.Textarea: true,
	atom.Option: true, atom.Dialog: true,
}

// chromeTags are page chrome by their very name.
var chromeTags = map[atom.Atom]bool{
	atom.Nav: true, atom.Aside: true, atom.Footer: true, atom.Menu: true,
}

// chromeRoles are ARIA roles of page chrome.
var chromeRoles = map[string]bool{
	"navigation": true, "menu": true, "menubar": true, "complementary": true,
	"contentinfo": true, "banner": true, "search": true, "alert": true,
	"alertdialog": true, "dialog": true, "toolbar": true,
}

// blockTags start a new line of text.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Dd: true, atom.Details: true, atom.Div: true, atom.Dl: true, atom.Dt: true,
	atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true, atom.Footer: true,
	atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Header: true, atom.Hr: true, atom.Li: true,
	atom.Main: true, atom.Nav: true, atom.Ol: true, atom.P: true, atom.Pre: true,
	atom.Section: true, atom.Table: true, atom.Tbody: true, atom.Td: true,
	atom.Th: true, atom.Thead: true, atom.Tr: true, atom.Ul: true, atom.Br: true,
	atom.Caption: true, atom.Summary: true,
}

// Hint words in class and id names. Names are English on sites in every
// language, so one list serves them all. Matching is by substring of the
// lower-cased class and id, like Readability's patterns.
var (
	// unlikely marks chrome that is removed outright in the first pass
	// unless maybe also matches.
	unlikely = []string{
		"-ad-", "ad-break", "agegate", "ai2html", "banner", "breadcrumb", "combx", "comment",
		"community", "cookie", "consent", "cover-wrap", "disqus", "extra", "footer", "gdpr",
		"header", "legends", "menu", "newsletter", "related", "recommend", "remark",
		"replies", "rss", "shoutbox", "sidebar", "skyscraper", "social", "sponsor",
		"supplemental", "pagination", "pager", "popup", "yom-remote", "subscribe",
		"paywall", "share", "sharing", "most-read", "mostread", "most-popular",
		"popular", "trending", "tag-cloud", "tagcloud", "signup", "sign-up", "login",
		"navbar", "topbar", "masthead", "promo", "outbrain", "taboola",
		"entry-meta", "post-meta", "postmeta", "entry-utility", "post-footer",
		"entry-footer", "article-footer", "author-bio", "author-box", "about-author",
		"rating", "print-", "relatedposts", "read-more", "readmore", "see-also",
		"copyright", "credit", "advert", "adv-", "-adv", "ads-", "-ads", "adsense",
		"ad-container", "ad-slot", "adslot", "ad-wrapper", "embed-article", "also-read",
		"modal", "dialog", "overlay", "lightbox", "drawer", "offcanvas", "off-canvas",
		"buybox", "buy-box", "disclosure", "disclaimer", "affiliate", "author-info", "author-card",
		"tags", "keywords", "byline", "donate", "donation", "support-us",
	}
	// strong are the unlikely names that every attempt trusts: what they
	// name is never the article, and a container of prose is kept anyway.
	strong = []string{
		"comments", "comment-", "-comment", "commentlist", "respond", "disqus", "replies",
		"share", "sharing", "social", "related", "newsletter", "subscribe", "cookie",
		"consent", "gdpr", "breadcrumb", "signup", "sign-up", "modal", "lightbox",
	}
	maybe = []string{"and", "article", "body", "column", "content", "main", "mathjax", "shadow"}
	// positive and negative weigh a candidate's score.
	positive = []string{
		"article", "body", "content", "entry", "hentry", "h-entry", "main", "page",
		"post", "text", "blog", "story", "prose", "markdown", "rich-text", "richtext",
	}
	negative = []string{
		"-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer",
		"gdpr", "masthead", "meta", "outbrain", "promo", "related", "scroll", "share",
		"shoutbox", "sidebar", "skyscraper", "sponsor", "shopping", "tags", "widget",
		"cookie", "newsletter", "subscribe", "recommend", "byline", "author",
		"breadcrumb", "nav", "menu", "social", "login", "signup", "popular",
		"trending", "paywall", "toolbar", "pagination", "pager",
	}
)

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return true
		}
	}
	return false
}

// hintName is an element's class and id, lower-cased, for hint matching.
func hintName(n *html.Node) string {
	c, id := attr(n, "class"), attr(n, "id")
	if c == "" && id == "" {
		return ""
	}
	return strings.ToLower(c + " " + id)
}

// firstMatch returns the first word of words contained in s. A word of
// five letters or fewer must start a name or follow a separator: "pager"
// is a pager in "pager-top" but not in "apageroot".
func firstMatch(s string, words []string) string {
	if s == "" {
		return ""
	}
	for _, w := range words {
		for i := 0; i+len(w) <= len(s); {
			j := strings.Index(s[i:], w)
			if j < 0 {
				break
			}
			j += i
			if len(w) > 5 || !isLetter(w[0]) || j == 0 || !isLetter(s[j-1]) {
				return w
			}
			i = j + 1
		}
	}
	return ""
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// classWeight is Readability's class weight: +25 for a content hint, -25
// for a chrome hint, in class and in id separately.
func classWeight(n *html.Node) int {
	w := 0
	for _, key := range [2]string{"class", "id"} {
		v := strings.ToLower(attr(n, key))
		if v == "" {
			continue
		}
		if firstMatch(v, negative) != "" {
			w -= 25
		}
		if firstMatch(v, positive) != "" {
			w += 25
		}
	}
	return w
}

// hidden reports an element a browser would not show.
func hidden(n *html.Node) bool {
	if hasAttr(n, "hidden") || attr(n, "aria-hidden") == "true" {
		return true
	}
	st := attr(n, "style")
	if st == "" {
		return false
	}
	st = strings.ToLower(st)
	return strings.Contains(strings.ReplaceAll(st, " ", ""), "display:none") ||
		strings.Contains(strings.ReplaceAll(st, " ", ""), "visibility:hidden")
}

// bodyNames are the class and id names content management systems give
// the element that holds an article's body.
var bodyNames = []string{
	"entry-content", "post-content", "post_content", "postcontent", "post-body", "post-text",
	"post-entry", "article-body", "articlebody", "article__body", "article-content",
	"article__content", "articlecontent", "article-text", "articletext", "story-body",
	"storybody", "story-content", "body-text", "text-content", "art-content", "content-body",
	"entry-body", "rich-text", "richtext",
}

// bodyContainer reports an element named or marked up as an article's body.
func bodyContainer(n *html.Node) bool {
	if attr(n, "itemprop") == "articleBody" {
		return true
	}
	return firstMatch(hintName(n), bodyNames) != ""
}
