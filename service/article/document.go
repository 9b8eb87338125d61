package article

import "time"

// Document is a crawled document exactly as fetched, plus the crawler's hints.
type Document struct {
	// Content holds the bytes as received, in any charset.
	Content []byte
	// ID is the client's id for the document; empty lets the pipeline derive one.
	ID string
	// SourceURL is where the document was fetched from.
	SourceURL string
	// ContentType is the Content-Type header as received.
	ContentType string
	// Charset, when set, overrides every other source of the charset.
	Charset string
	// FetchedAt is when the crawler fetched the document; zero if unknown.
	FetchedAt time.Time
	// Policy names the sanitization policy; empty selects the default.
	Policy string
	// Explain asks for the blocks main-content extraction dropped to be
	// listed in Article.Dropped.
	Explain bool
}
