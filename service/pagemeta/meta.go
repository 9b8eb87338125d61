package pagemeta

import (
	"strings"

	"golang.org/x/net/html"
)

// The <meta> values Read keeps, one slot each; the first non-empty value
// of a slot wins, except for the slots that join repeated values.
const (
	kOGTitle = iota
	kTwitterTitle
	kMetaTitle
	kDCTitle
	kParselyTitle

	kAuthor
	kDCCreator
	kParselyAuthor
	kSailthruAuthor
	kArticleAuthor
	kBylAuthor
	kCitationAuthor
	kItempropAuthor

	kArticlePublished
	kOGPublished
	kItempropPublished
	kPubSpecific
	kPubGeneric

	kArticleModified
	kOGUpdated
	kItempropModified
	kModOther

	kOGSite
	kAppName
	kAppleTitle

	kHTTPLang
	kNameLang
	kOGLocale

	kDesc
	kOGDesc
	kTwitterDesc
	kDCDesc

	kOGImage
	kTwitterImage
	kItempropImage

	kOGURL

	numKeys
	kNone = -1
)

// metaKey maps a lower-cased meta name or property to its slot. Dublin
// Core names are accepted with "." or ":" ("dc.title", "dc:title") and with
// the "dcterms" prefix.
func metaKey(k string) int {
	switch k {
	case "og:title":
		return kOGTitle
	case "twitter:title":
		return kTwitterTitle
	case "title":
		return kMetaTitle
	case "dc.title", "dc:title", "dcterms.title", "dcterms:title", "citation_title":
		return kDCTitle
	case "parsely-title":
		return kParselyTitle

	case "author":
		return kAuthor
	case "dc.creator", "dc:creator", "dcterms.creator", "dcterms:creator":
		return kDCCreator
	case "parsely-author":
		return kParselyAuthor
	case "sailthru.author":
		return kSailthruAuthor
	case "article:author", "og:article:author":
		return kArticleAuthor
	case "byl":
		return kBylAuthor
	case "citation_author":
		return kCitationAuthor

	case "article:published_time", "article:published", "article:published_date", "article:post_date":
		return kArticlePublished
	case "og:published_time", "og:article:published_time", "og:pubdate", "og:publish_date", "og:datepublished":
		return kOGPublished
	case "pubdate", "publishdate", "publish_date", "publish-date", "published-date", "published_date",
		"published_time", "publish_time", "publication_date", "date_published", "datepublished",
		"dc.date.issued", "dc:date:issued", "dc.date.created", "dc.date.publication", "dc.created", "dc:created",
		"dcterms.issued", "dcterms:issued", "dcterms.created", "dcterms:created",
		"sailthru.date", "parsely-pub-date", "citation_publication_date", "citation_date", "citation_online_date",
		"article.published", "article.created", "article_date_original", "originalpublicationdate",
		"cxenseparse:recs:publishtime", "rnews:datepublished", "bt:pubdate", "shareaholic:article_published_time",
		"weibo:article:create_at", "ptime", "pdate", "displaydate":
		return kPubSpecific
	case "date", "dc.date", "dc:date", "dcterms.date", "dcterms:date":
		return kPubGeneric

	case "article:modified_time", "article:modified", "article:modified_date":
		return kArticleModified
	case "og:updated_time", "og:modified_time", "og:article:modified_time":
		return kOGUpdated
	case "dcterms.modified", "dcterms:modified", "dc.modified", "dc.date.modified", "lastmod", "lastmodified",
		"last-modified", "modified_time", "updated_time", "parsely-updated", "sailthru.lastmodified":
		return kModOther

	case "og:site_name":
		return kOGSite
	case "application-name":
		return kAppName
	case "apple-mobile-web-app-title":
		return kAppleTitle

	case "language", "content-language", "dc.language", "dc:language", "dcterms.language", "dcterms:language":
		return kNameLang
	case "og:locale":
		return kOGLocale

	case "description":
		return kDesc
	case "og:description":
		return kOGDesc
	case "twitter:description":
		return kTwitterDesc
	case "dc.description", "dc:description", "dcterms.description", "dcterms:description":
		return kDCDesc

	case "og:image", "og:image:url", "og:image:secure_url":
		return kOGImage
	case "twitter:image", "twitter:image:src":
		return kTwitterImage

	case "og:url":
		return kOGURL
	}
	return kNone
}

// itempropKey maps a microdata property given on a <meta> to its slot.
func itempropKey(k string) int {
	switch k {
	case "datepublished", "datecreated":
		return kItempropPublished
	case "datemodified":
		return kItempropModified
	case "author", "creator":
		return kItempropAuthor
	case "image", "thumbnailurl":
		return kItempropImage
	}
	return kNone
}

// joined reports the slots that keep every distinct value, up to maxMulti:
// a page lists each of several authors in a meta of its own.
func joined(k int) bool {
	return k == kAuthor || k == kCitationAuthor || k == kDCCreator
}

func (r *reader) meta(n *html.Node) {
	var name, prop, itemprop, equiv, content string
	for _, a := range n.Attr {
		switch a.Key {
		case "name":
			name = a.Val
		case "property":
			prop = a.Val
		case "itemprop":
			itemprop = a.Val
		case "http-equiv":
			equiv = a.Val
		case "content":
			content = a.Val
		}
	}
	content = strings.TrimSpace(content)
	if content == "" {
		return
	}
	// property may list several ("og:title twitter:title"); name is read
	// only when property names nothing known, as a page putting both means
	// the same.
	matched := false
	for rest := prop; rest != ""; {
		var tok string
		tok, rest = nextToken(rest)
		if k := metaKey(lowerASCII(tok)); k != kNone {
			r.set(k, content)
			matched = true
		}
	}
	if !matched {
		for rest := name; rest != ""; {
			var tok string
			tok, rest = nextToken(rest)
			if k := metaKey(lowerASCII(tok)); k != kNone {
				r.set(k, content)
			}
		}
	}
	for rest := itemprop; rest != ""; {
		var tok string
		tok, rest = nextToken(rest)
		if k := itempropKey(lowerASCII(tok)); k != kNone {
			if r.flags&inExcluded == 0 {
				r.set(k, content)
			}
		}
	}
	if equiv != "" && strings.EqualFold(strings.TrimSpace(equiv), "content-language") {
		r.set(kHTTPLang, content)
	}
}

func (r *reader) set(k int, v string) {
	if r.vals[k] == "" {
		r.vals[k] = v
		r.multi[k] = 1
		return
	}
	if !joined(k) || r.multi[k] >= maxMulti || looksLikeURL(v) {
		return
	}
	for _, have := range strings.Split(r.vals[k], ", ") {
		if strings.EqualFold(have, v) {
			return
		}
	}
	r.vals[k] += ", " + v
	r.multi[k]++
}

// nextToken splits the first whitespace-separated token off s.
func nextToken(s string) (tok, rest string) {
	i := 0
	for i < len(s) && asciiSpace(s[i]) {
		i++
	}
	j := i
	for j < len(s) && !asciiSpace(s[j]) {
		j++
	}
	return s[i:j], s[j:]
}
