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
