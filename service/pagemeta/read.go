package pagemeta

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Meta is what a page states about itself. Every field is "" when the page
// does not state it.
type Meta struct {
	// Title is the page's best title, the site's name not yet stripped
	// (see CleanTitle).
	Title string
	// Headline is the article's own heading: the JSON-LD headline, else the
	// first h1 inside article or main, else the first h1.
	Headline string
	// Byline names the author or authors, comma-joined, without "By ".
	Byline string
	// Published is the publication date exactly as the page gives it.
	Published string
	// Modified is the modification date exactly as the page gives it.
	Modified string
	// SiteName is the name of the site or publication.
	SiteName string
	// Language is the page's language as a BCP 47 tag as found ("en-US").
	Language string
	// Description is the page's summary of itself.
	Description string
	// Image is the page's lead image; absolute when a page URL or an
	// absolute <base href> is known.
	Image string
	// Canonical is the page's canonical URL, absolute, http or https.
	Canonical string
	// BaseHref is the href of the page's <base>, as given.
	BaseHref string
}

// Limits on what Read keeps while walking a page, so that no page makes
// it hold more than a few hundred kilobytes.
const (
	maxScriptBytes = 256 << 10 // a larger JSON-LD script is skipped
	maxScriptTotal = 1 << 20   // JSON-LD bytes parsed per page
	maxScripts     = 32        // JSON-LD scripts parsed per page
	maxObjects     = 1024      // JSON-LD objects walked per page
	maxCandidates  = 48        // byline and date elements kept per page
	maxMulti       = 8         // values joined from repeated metas or authors
)

// Read reads the metadata of a parsed page: JSON-LD, Open Graph, Twitter
// and Dublin Core metas, <title>, <html lang>, <link rel=canonical>, and
// bylines, dates and headings in the body. pageURL, when not nil, is the
// address the page was fetched from: relative URLs are resolved against
// it (and the page's <base>), and a date in its path is the last resort
// for Published. Read walks the tree once and never modifies it.
func Read(root *html.Node, pageURL *url.URL) Meta {
	if root == nil {
		return Meta{}
	}
	var r reader
	r.walk(root)
	return r.result(pageURL)
}

// Context bits of the element being walked, inherited by its descendants.
const (
	inArticle  = 1 << iota // article, main, an Article item or its body
	inHeader               // header
	inByline               // an element named byline/author
	inExcluded             // nav, aside, page footer, comments, related lists
	inChrome               // the page's header, masthead or logo
)

type frame struct {
	node  *html.Node
	flags uint8
}

type candKind uint8

const (
	candItemprop candKind = iota // itemprop=author
	candRel                      // rel=author
	candClass                    // class or id naming a byline
)

type bylineCand struct {
	node  *html.Node
	kind  candKind
	flags uint8
}

type dateCand struct {
	node     *html.Node
	value    string
	rank     int // lower is better
	modified bool
}

type reader struct {
	vals  [numKeys]string
	multi [numKeys]int // how many values a joined slot holds

	htmlLang      string
	titleNode     *html.Node
	baseHref      string
	baseSet       bool
	canonicalLink string
	imageSrcLink  string
	h1Article     *html.Node // the first h1 of the article
	h1Body        *html.Node // the first h1 outside the page's header
	h1First       *html.Node

	scripts     []string
	scriptBytes int

	bylines []bylineCand
	dates   []dateCand

	stack []frame
	flags uint8
}

func (r *reader) walk(root *html.Node) {
	for n := root; n != nil; {
		if r.enter(n) && n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		for {
			if k := len(r.stack); k > 0 && r.stack[k-1].node == n {
				r.stack = r.stack[:k-1]
				r.flags = 0
				if k > 1 {
					r.flags = r.stack[k-2].flags
				}
			}
			if n == root {
				return
			}
			if n.NextSibling != nil {
				n = n.NextSibling
				break
			}
			n = n.Parent
		}
	}
}

func (r *reader) push(n *html.Node, bits uint8) {
	if bits == 0 || bits&^r.flags == 0 {
		return
	}
	r.flags |= bits
	r.stack = append(r.stack, frame{n, r.flags})
}

// enter looks at one node and reports whether its children are walked.
func (r *reader) enter(n *html.Node) bool {
	switch n.Type {
	case html.DocumentNode:
		return true
	case html.ElementNode:
	default:
		return false
	}
	if n.Namespace != "" { // svg, math: no metadata of ours inside
		return false
	}
	switch n.DataAtom {
	case atom.Html:
		r.htmlLang = attr(n, "lang")
		if r.htmlLang == "" {
			r.htmlLang = attr(n, "xml:lang")
		}
		return true
	case atom.Head, atom.Body:
		return true
	case atom.Title:
		if r.titleNode == nil {
			r.titleNode = n
		}
		return false
	case atom.Meta:
		r.meta(n)
		return false
	case atom.Link:
		r.link(n)
		return false
	case atom.Base:
		if !r.baseSet {
			if h, ok := attrOK(n, "href"); ok {
				r.baseHref, r.baseSet = strings.TrimSpace(h), true
			}
		}
		return false
	case atom.Script:
		r.script(n)
		return false
	case atom.Style, atom.Template, atom.Noscript, atom.Iframe, atom.Object, atom.Select, atom.Textarea:
		return false
	case atom.H1:
		if r.h1First == nil {
			r.h1First = n
		}
		if r.flags&inExcluded == 0 {
			if r.h1Article == nil && r.flags&inArticle != 0 {
				r.h1Article = n
			}
			if r.h1Body == nil && r.flags&inChrome == 0 && !chromeName(lowerASCII(attr(n, "class"))) && !chromeName(lowerASCII(attr(n, "id"))) {
				r.h1Body = n
			}
		}
		return false
	case atom.Time:
		r.timeElem(n)
		return false
	}
	var bits uint8
	switch n.DataAtom {
	case atom.Article, atom.Main:
		bits = inArticle
	case atom.Address:
		// An article's <address> gives its author; the page's, the
		// site's contact.
		if r.flags&inArticle != 0 {
			r.addByline(n, candClass)
		}
	case atom.Header:
		bits = inHeader
		if r.flags&inArticle == 0 {
			bits |= inChrome
		}
	case atom.Nav:
		bits = inExcluded
	case atom.Aside, atom.Footer:
		// An article's own aside or footer may hold its author; the page's
		// hold other stories' and the site's.
		if r.flags&inArticle == 0 {
			bits = inExcluded
		}
	}
	r.push(n, bits|r.element(n, bits))
	return true
}

// element looks at the attributes every body element may carry (class,
// id, itemprop, itemtype and rel) and returns the context bits they set.
// tagBits are those its tag sets.
func (r *reader) element(n *html.Node, tagBits uint8) uint8 {
	var class, id, itemprop, itemtype, rel string
	for _, a := range n.Attr {
		switch a.Key {
		case "class":
			class = a.Val
		case "id":
			id = a.Val
		case "itemprop":
			itemprop = a.Val
		case "itemtype":
			itemtype = a.Val
		case "rel":
			rel = a.Val
		}
	}
	var bits uint8
	if itemtype != "" && (hasFold(itemtype, "article") || hasFold(itemtype, "posting")) {
		bits |= inArticle
	}
	excluded := r.flags&inExcluded != 0 || tagBits&inExcluded != 0
	if itemprop != "" && !excluded {
		switch {
		case hasToken(itemprop, "articleBody"):
			bits |= inArticle
		case hasToken(itemprop, "author") || hasToken(itemprop, "creator"):
			r.addByline(n, candItemprop)
			bits |= inByline
		case hasToken(itemprop, "datePublished") || hasToken(itemprop, "dateCreated"):
			r.itempropDate(n, false)
		case hasToken(itemprop, "dateModified"):
			r.itempropDate(n, true)
		}
	}
	if rel != "" && !excluded && hasToken(rel, "author") {
		r.addByline(n, candRel)
	}
	if (class != "" || id != "") && (mayName(class) || mayName(id)) {
		class, id = lowerASCII(class), lowerASCII(id)
		if r.flags&inArticle == 0 && tagBits&inArticle == 0 && (chromeName(class) || chromeName(id)) {
			bits |= inChrome
		}
		if excludedName(class) || excludedName(id) {
			bits |= inExcluded
		} else if !excluded && (bylineName(class) || bylineName(id)) {
			r.addByline(n, candClass)
			bits |= inByline
		}
	}
	return bits
}

// mayName reports whether s holds the first three letters of a name one
// of the tests below looks for: one pass over the class that most
// elements' classes fail, before the dozens of substring searches.
func mayName(s string) bool {
	for i := 0; i+3 <= len(s); i++ {
		switch uint32(s[i]|0x20)<<16 | uint32(s[i+1]|0x20)<<8 | uint32(s[i+2]|0x20) {
		case 'c'<<16 | 'o'<<8 | 'm', 'd'<<16 | 'i'<<8 | 's', 'r'<<16 | 'e'<<8 | 'l', 's'<<16 | 'i'<<8 | 'd',
			'r'<<16 | 'e'<<8 | 'c', 't'<<16 | 'r'<<8 | 'e', 'p'<<16 | 'o'<<8 | 'p', 'n'<<16 | 'e'<<8 | 'w',
			'p'<<16 | 'r'<<8 | 'o', 'f'<<16 | 'o'<<8 | 'o', 'r'<<16 | 'e'<<8 | 'p', 'r'<<16 | 'e'<<8 | 's',
			'h'<<16 | 'e'<<8 | 'a', 'm'<<16 | 'a'<<8 | 's', 'l'<<16 | 'o'<<8 | 'g', 'b'<<16 | 'r'<<8 | 'a',
			'n'<<16 | 'a'<<8 | 'v', 't'<<16 | 'o'<<8 | 'p', 's'<<16 | 'i'<<8 | 't',
			'b'<<16 | 'y'<<8 | 'l', 'b'<<16 | 'y'<<8 | '-', 'a'<<16 | 'u'<<8 | 't', 'w'<<16 | 'r'<<8 | 'i',
			'p'<<16 | 'o'<<8 | 's':
			return true
		}
	}
	return false
}

// The name tests below take a class or id already lower-cased; every
// name they look for starts with a prefix mayName knows.

// excludedName reports a class or id of a part of the page whose bylines
// and dates are not the article's: comments, related stories, sidebars;
// not a wrapper that merely mentions them ("has-sidebar").
func excludedName(s string) bool {
	if layoutName(s) {
		return false
	}
	return strings.Contains(s, "comment") || strings.Contains(s, "disqus") || strings.Contains(s, "related") || strings.Contains(s, "sidebar") ||
		strings.Contains(s, "recommend") || strings.Contains(s, "trending") || strings.Contains(s, "popular") || strings.Contains(s, "newsletter") ||
		strings.Contains(s, "promo") || strings.Contains(s, "footer") || strings.Contains(s, "replies") || strings.Contains(s, "respond")
}

// layoutName reports a class or id of a wrapper or a page state
// ("content-wrap", "has-sidebar", "layout-with-comments"): such an
// element may hold the whole page, so its other words say nothing.
func layoutName(s string) bool {
	return strings.Contains(s, "wrap") || strings.Contains(s, "container") || strings.Contains(s, "layout") ||
		strings.Contains(s, "page") || strings.Contains(s, "body") || strings.Contains(s, "main") ||
		strings.Contains(s, "content") || strings.Contains(s, "column") || strings.Contains(s, "has-") ||
		strings.Contains(s, "with-") || strings.Contains(s, "no-")
}

// chromeName reports a class or id of the page's own header, whose h1 is
// the site's name and not the article's.
func chromeName(s string) bool {
	if layoutName(s) || strings.Contains(s, "entry") || strings.Contains(s, "post") ||
		strings.Contains(s, "article") || strings.Contains(s, "story") {
		return false
	}
	return strings.Contains(s, "header") || strings.Contains(s, "masthead") || strings.Contains(s, "logo") || strings.Contains(s, "brand") ||
		strings.Contains(s, "site-title") || strings.Contains(s, "navbar") || strings.Contains(s, "topbar")
}

// bylineName reports a class or id naming the article's byline, and not
// an author's picture, biography or follow button.
func bylineName(s string) bool {
	if !(strings.Contains(s, "byline") || strings.Contains(s, "by-line") || strings.Contains(s, "author") || strings.Contains(s, "writtenby") ||
		strings.Contains(s, "written-by") || strings.Contains(s, "postedby") || strings.Contains(s, "posted-by")) {
		return false
	}
	return !(strings.Contains(s, "avatar") || strings.Contains(s, "image") || strings.Contains(s, "img") || strings.Contains(s, "photo") ||
		strings.Contains(s, "pic") || strings.Contains(s, "bio") || strings.Contains(s, "follow") || strings.Contains(s, "social") ||
		strings.Contains(s, "icon") || strings.Contains(s, "role") || strings.Contains(s, "job"))
}

func (r *reader) addByline(n *html.Node, kind candKind) {
	if r.flags&inExcluded != 0 || len(r.bylines) >= maxCandidates {
		return
	}
	r.bylines = append(r.bylines, bylineCand{node: n, kind: kind, flags: r.flags})
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val, true
		}
	}
	return "", false
}

func (r *reader) link(n *html.Node) {
	var rel, href string
	for _, a := range n.Attr {
		switch a.Key {
		case "rel":
			rel = a.Val
		case "href":
			href = a.Val
		}
	}
	href = strings.TrimSpace(href)
	if rel == "" || href == "" {
		return
	}
	if r.canonicalLink == "" && hasToken(rel, "canonical") {
		r.canonicalLink = href
	}
	if r.imageSrcLink == "" && hasToken(rel, "image_src") {
		r.imageSrcLink = href
	}
}

func (r *reader) script(n *html.Node) {
	typ := attr(n, "type")
	if !hasFold(typ, "ld+json") || n.FirstChild == nil || n.FirstChild.Type != html.TextNode {
		return
	}
	s := n.FirstChild.Data
	if len(s) > maxScriptBytes || len(r.scripts) >= maxScripts || r.scriptBytes+len(s) > maxScriptTotal {
		return
	}
	r.scriptBytes += len(s)
	r.scripts = append(r.scripts, s)
}

// timeElem keeps a <time datetime> that may date the article: one marked
// pubdate or published ranks first, then one in a byline, then one in the
// article or a header. One marked updated or modified dates the change.
func (r *reader) timeElem(n *html.Node) {
	var dt, class, itemprop string
	pubdate := false
	for _, a := range n.Attr {
		switch a.Key {
		case "datetime":
			dt = a.Val
		case "class":
			class = a.Val
		case "itemprop":
			itemprop = a.Val
		case "pubdate":
			pubdate = true
		}
	}
	if itemprop != "" {
		switch {
		case hasToken(itemprop, "datePublished") || hasToken(itemprop, "dateCreated"):
			r.itempropDate(n, false)
			return
		case hasToken(itemprop, "dateModified"):
			r.itempropDate(n, true)
			return
		}
	}
	dt = strings.TrimSpace(dt)
	if dt == "" || r.flags&inExcluded != 0 {
		return
	}
	class = lowerASCII(class)
	modified := strings.Contains(class, "updated") || strings.Contains(class, "modified")
	rank := -1
	switch {
	case pubdate || strings.Contains(class, "publish") || strings.Contains(class, "posted") || strings.Contains(class, "entry-date") || strings.Contains(class, "post-date"):
		rank = rankTimePubdate
	case modified:
		rank = rankTimePubdate
	case r.flags&inByline != 0:
		rank = rankTimeByline
	case r.flags&(inArticle|inHeader) != 0:
		rank = rankTimeArticle
	}
	if rank >= 0 {
		r.addDate(dateCand{node: n, value: dt, rank: rank, modified: modified && !pubdate})
	}
}

const (
	rankItemprop = iota
	rankTimePubdate
	rankTimeByline
	rankTimeArticle
)

// itempropDate keeps a microdata datePublished or dateModified given on
// an element other than <meta>: its datetime or content, else its text.
func (r *reader) itempropDate(n *html.Node, modified bool) {
	if r.flags&inExcluded != 0 {
		return
	}
	v := strings.TrimSpace(attr(n, "datetime"))
	if v == "" {
		v = strings.TrimSpace(attr(n, "content"))
	}
	r.addDate(dateCand{node: n, value: v, rank: rankItemprop, modified: modified})
}

func (r *reader) addDate(c dateCand) {
	if len(r.dates) < maxCandidates {
		r.dates = append(r.dates, c)
	}
}

// result chooses every field from the best source found.
func (r *reader) result(pageURL *url.URL) Meta {
	ld := parseJSONLD(r.scripts, func() string { return firstClean(r.vals[kOGTitle], r.vals[kTwitterTitle], r.titleText()) })
	var m Meta
	m.BaseHref = r.baseHref
	base := resolveBase(pageURL, r.baseHref)

	m.Title = r.title(&ld)
	m.Headline = first(ld.headline, r.h1Text())
	m.Byline = r.byline(&ld)
	m.Published = r.published(&ld)
	m.Modified = r.modified(&ld)
	m.SiteName = firstClean(r.vals[kOGSite], ld.site, r.vals[kAppName], r.vals[kAppleTitle])
	m.Language = language(r.htmlLang, r.vals[kHTTPLang], r.vals[kNameLang], r.vals[kOGLocale], ld.language)
	m.Description = firstClean(r.vals[kDesc], r.vals[kOGDesc], r.vals[kTwitterDesc], r.vals[kDCDesc], ld.description)
	m.Image = imageURL(base, r.vals[kOGImage], r.vals[kTwitterImage], r.vals[kItempropImage], ld.image, r.imageSrcLink)
	m.Canonical = absURL(base, r.canonicalLink)
	if m.Canonical == "" {
		m.Canonical = absURL(base, r.vals[kOGURL])
	}
	if m.Published == "" {
		// Last resort: a date in the page's address, or its canonical one.
		m.Published = urlDate(pageURL)
		if m.Published == "" && m.Canonical != "" {
			if u, err := url.Parse(m.Canonical); err == nil {
				m.Published = urlDate(u)
			}
		}
	}
	return m
}

// title is the first of: the JSON-LD headline or name, Dublin Core
// title, og:title, twitter:title, meta title, parsely-title, <title>.
// The titles stated in metadata come before <title>, which usually
// carries the site's name, in Readability's order: a page that states a
// Dublin Core title chose it over its social-sharing titles.
func (r *reader) title(ld *jsonLD) string {
	t := firstClean(ld.title, r.vals[kDCTitle], r.vals[kOGTitle], r.vals[kTwitterTitle], r.vals[kMetaTitle], r.vals[kParselyTitle], r.titleText())
	// A JSON-LD headline cut short ("…") yields to a fuller title that
	// starts the same way.
	if t != "" && t == clean(ld.title) {
		if stem, ok := truncated(t); ok {
			for _, alt := range []string{r.vals[kOGTitle], r.vals[kTwitterTitle], r.titleText()} {
				if alt = clean(alt); len(alt) > len(stem) && strings.HasPrefix(alt, stem) {
					return alt
				}
			}
		}
	}
	if t == "" {
		t = r.h1Text()
	}
	return t
}

// truncated reports a title ending in an ellipsis and returns what comes
// before it.
func truncated(t string) (string, bool) {
	for _, e := range []string{"...", "…"} {
		if stem, ok := strings.CutSuffix(t, e); ok && len(stem) > 8 {
			return strings.TrimSpace(stem), true
		}
	}
	return "", false
}

func (r *reader) titleText() string {
	if r.titleNode == nil {
		return ""
	}
	return textOf(r.titleNode, 2048)
}

func (r *reader) h1Text() string {
	for _, n := range []*html.Node{r.h1Article, r.h1Body, r.h1First} {
		if n == nil {
			continue
		}
		// "¶" and "#" are the permalinks documentation generators put in
		// their headings.
		if t := strings.TrimRight(clean(textOf(n, 1024)), " ¶§#"); t != "" {
			return t
		}
	}
	return ""
}

func (r *reader) published(ld *jsonLD) string {
	if v := firstClean(ld.published, r.vals[kArticlePublished], r.vals[kOGPublished], r.vals[kItempropPublished], r.vals[kPubSpecific], r.vals[kPubGeneric]); v != "" {
		return v
	}
	return r.bodyDate(false)
}

func (r *reader) modified(ld *jsonLD) string {
	if v := firstClean(ld.modified, r.vals[kArticleModified], r.vals[kOGUpdated], r.vals[kItempropModified], r.vals[kModOther]); v != "" {
		return v
	}
	return r.bodyDate(true)
}

// bodyDate picks the best-ranked date element of the body; among equals,
// the first.
func (r *reader) bodyDate(modified bool) string {
	best := -1
	for i, c := range r.dates {
		if c.modified != modified {
			continue
		}
		v := c.value
		if v == "" {
			v = textOf(c.node, 64)
			if !hasDigit(v) || len(v) >= 64 {
				continue
			}
			r.dates[i].value = v
		}
		if best < 0 || c.rank < r.dates[best].rank {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return clean(r.dates[best].value)
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			return true
		}
	}
	return false
}

func first(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

func firstClean(vals ...string) string {
	for _, v := range vals {
		if v = clean(v); v != "" {
			return v
		}
	}
	return ""
}

// language returns the first tag given, with "_" as in og:locale "en_US"
// turned into "-" and only the first of a list ("en, fr") kept.
func language(vals ...string) string {
	for _, v := range vals {
		if i := strings.IndexAny(v, ",;"); i >= 0 {
			v = v[:i]
		}
		v = strings.TrimSpace(v)
		if v == "" || len(v) > 35 {
			continue
		}
		if strings.IndexByte(v, '_') >= 0 {
			v = strings.ReplaceAll(v, "_", "-")
		}
		return v
	}
	return ""
}

// resolveBase is the URL relative references of the page resolve against:
// its <base href> resolved against the page's address.
func resolveBase(pageURL *url.URL, baseHref string) *url.URL {
	if baseHref != "" {
		if b, err := url.Parse(baseHref); err == nil {
			if pageURL != nil {
				return pageURL.ResolveReference(b)
			}
			if b.IsAbs() && b.Host != "" {
				return b
			}
		}
	}
	return pageURL
}

// absURL resolves raw against base; it returns "" unless the result is an
// absolute http(s) URL with a host.
func absURL(base *url.URL, raw string) string {
	s := strings.TrimSpace(raw)
	if s == "" {
		return ""
	}
	if strings.HasPrefix(s, "//") {
		scheme := "https"
		if base != nil && base.Scheme != "" {
			scheme = base.Scheme
		}
		s = scheme + ":" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	if !u.IsAbs() {
		if base == nil {
			return ""
		}
		u = base.ResolveReference(u)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host != "" {
			return u.String()
		}
	}
	return ""
}

// imageURL returns the first image given, absolute when it can be made
// so; without a base, a relative one is returned as given.
func imageURL(base *url.URL, vals ...string) string {
	for _, v := range vals {
		v = strings.TrimSpace(v)
		if v == "" || strings.HasPrefix(v, "data:") {
			continue
		}
		if abs := absURL(base, v); abs != "" {
			return abs
		}
		if base == nil && !strings.Contains(v, ":") {
			return v
		}
	}
	return ""
}
