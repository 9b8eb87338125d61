package articlepb

import (
	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/article"
)

// FromDocument is the document a RawDocument carries.
func FromDocument(d *articlev1.RawDocument) article.Document {
	doc := article.Document{
		Content:     d.GetContent(),
		ID:          d.GetId(),
		SourceURL:   d.GetSourceUrl(),
		ContentType: d.GetContentType(),
		Charset:     d.GetCharset(),
		Policy:      d.GetPolicy(),
		Explain:     d.GetExplain(),
	}
	if d.GetFetchedAt() != nil {
		doc.FetchedAt = d.GetFetchedAt().AsTime()
	}
	return doc
}
