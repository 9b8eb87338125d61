package articlepb

import (
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/article"
)

// ToArticle converts an article to its protobuf form.
func ToArticle(a *article.Article) *articlev1.Article {
	out := &articlev1.Article{
		Id:             a.ID,
		Title:          a.Title,
		OriginalTitle:  a.OriginalTitle,
		Author:         a.Author,
		Byline:         a.Byline,
		Charset:        a.Charset,
		Editor:         a.Editor,
		SourceName:     a.SourceName,
		Site:           a.Site,
		Section:        a.Section,
		Categories:     a.Categories,
		CategoryKeys:   a.CategoryKeys,
		PublishedAtRaw: a.PublishedAtRaw,
		BodyHtml:       a.BodyHTML,
		BodyText:       a.BodyText,
		Summary:        a.Summary,
		Language:       a.Language,
		CharCount:      int32(a.CharCount),
		ContentHash:    a.ContentHash,
		Policy:         &articlev1.PolicyRef{Name: a.Policy.Name, Version: a.Policy.Version},
		SourceUrl:      a.SourceURL,
		ModifiedAtRaw:  a.ModifiedAtRaw,
		CanonicalUrl:   a.CanonicalURL,
		Extraction:     toExtraction(a.Extraction),
	}
	if !a.PublishedAt.IsZero() {
		out.PublishedAt = timestamppb.New(a.PublishedAt)
	}
	if !a.ModifiedAt.IsZero() {
		out.ModifiedAt = timestamppb.New(a.ModifiedAt)
	}
	if a.LeadImage != nil {
		out.LeadImage = toImage(*a.LeadImage)
	}
	if len(a.Images) > 0 {
		out.Images = make([]*articlev1.Image, len(a.Images))
		for i, img := range a.Images {
			out.Images[i] = toImage(img)
		}
	}
	for _, r := range a.Removals {
		out.Removals = append(out.Removals, &articlev1.Removal{Reason: r.Reason, Count: int32(r.Count)})
	}
	for _, l := range a.Links {
		out.Links = append(out.Links, &articlev1.Link{Url: l.URL, Text: l.Text})
	}
	out.ReadingTimeSeconds = int32(a.ReadingTime / time.Second)
	for _, w := range a.Warnings {
		out.Warnings = append(out.Warnings, &articlev1.Warning{Field: w.Field, Message: w.Message})
	}
	if len(a.Dropped) > 0 {
		out.Dropped = make([]*articlev1.DroppedBlock, len(a.Dropped))
		for i, d := range a.Dropped {
			out.Dropped[i] = &articlev1.DroppedBlock{Reason: d.Reason, Detail: d.Detail, Path: d.Path, Text: d.Text, Chars: int32(d.Chars)}
		}
	}
	return out
}

func toExtraction(e string) articlev1.Extraction {
	switch e {
	case article.ExtractionFragment:
		return articlev1.Extraction_EXTRACTION_FRAGMENT
	case article.ExtractionPage:
		return articlev1.Extraction_EXTRACTION_PAGE
	}
	return articlev1.Extraction_EXTRACTION_UNSPECIFIED
}

func toImage(img article.Image) *articlev1.Image {
	return &articlev1.Image{Url: img.URL, Alt: img.Alt, Caption: img.Caption, Width: int32(img.Width), Height: int32(img.Height)}
}
