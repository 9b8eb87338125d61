package article

import "time"

// Article is the clean, structured result of processing a Document.
type Article struct {
	ID             string
	Title          string
	OriginalTitle  string
	Author         string
	Byline         string
	Editor         string
	SourceName     string
	Site           string
	Section        string
	Categories     []string
	CategoryKeys   []string
	PublishedAt    time.Time // zero when the source date could not be parsed
	PublishedAtRaw string
	LeadImage      *Image
	Images         []Image
	BodyHTML       string
	BodyText       string
	Summary        string
	Language       string
	CharCount      int
	ContentHash    string
	Policy         PolicyRef
	Removals       []Removal
	Warnings       []Warning
	SourceURL      string
	Links          []Link
	ReadingTime    time.Duration
	// Charset is the charset the content was decoded from, e.g. "gb18030".
	Charset string
	// ModifiedAt is when the page says it was last modified, in UTC; zero
	// when it gives no date or the date could not be parsed.
	ModifiedAt time.Time
	// ModifiedAtRaw is the modification date exactly as the page gives it.
	ModifiedAtRaw string
	// CanonicalURL is the page's declared canonical URL, absolute; empty
	// when it declares none.
	CanonicalURL string
	// Extraction says how the body was obtained: ExtractionFragment or
	// ExtractionPage; empty when unknown.
	Extraction string
	// Dropped lists the blocks main-content extraction dropped, in document
	// order; filled only when the Document asked to explain.
	Dropped []Drop
}

// The values of Article.Extraction.
const (
	// ExtractionFragment: the body was already cut out of its page.
	ExtractionFragment = "fragment"
	// ExtractionPage: the article was extracted from a whole page.
	ExtractionPage = "page"
)

// Drop is a block of a page that main-content extraction dropped.
type Drop struct {
	// Reason is a short machine-readable reason, e.g. "extract:link-density".
	Reason string
	// Detail is the reason in words.
	Detail string
	// Path is a short CSS-like path of the block, e.g.
	// "body>div#main>aside.related".
	Path string
	// Text is the start of the block's text, about 80 characters.
	Text string
	// Chars is the length of the block's text in characters.
	Chars int
}

// Link is an outbound link of the body.
type Link struct {
	URL  string
	Text string
}

// Image is an image of the article.
type Image struct {
	URL     string
	Alt     string
	Caption string
	Width   int
	Height  int
}

// PolicyRef names a sanitization policy and the version of its rules.
type PolicyRef struct {
	Name    string
	Version string
}

// Removal counts what sanitization removed for one reason.
type Removal struct {
	Reason string
	Count  int
}

// Warning reports an input the pipeline could not use as given; the article
// is still produced and the field concerned is left unset.
type Warning struct {
	Field   string
	Message string
}
