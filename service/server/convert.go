package server

import (
	"time"

	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/sanitize"
	"articleservice/service/article"
	"articleservice/service/articlelog"
	"articleservice/service/normalize"
)

func documentFromProto(d *articlev1.RawDocument) article.Document {
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

// ArticleToProto converts an article to its protobuf form.
func ArticleToProto(a *article.Article) *articlev1.Article {
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
		Extraction:     extractionToProto(a.Extraction),
	}
	if !a.PublishedAt.IsZero() {
		out.PublishedAt = timestamppb.New(a.PublishedAt)
	}
	if !a.ModifiedAt.IsZero() {
		out.ModifiedAt = timestamppb.New(a.ModifiedAt)
	}
	if a.LeadImage != nil {
		out.LeadImage = imageToProto(*a.LeadImage)
	}
	if len(a.Images) > 0 {
		out.Images = make([]*articlev1.Image, len(a.Images))
		for i, img := range a.Images {
			out.Images[i] = imageToProto(img)
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

func extractionToProto(e string) articlev1.Extraction {
	switch e {
	case article.ExtractionFragment:
		return articlev1.Extraction_EXTRACTION_FRAGMENT
	case article.ExtractionPage:
		return articlev1.Extraction_EXTRACTION_PAGE
	}
	return articlev1.Extraction_EXTRACTION_UNSPECIFIED
}

func imageToProto(img article.Image) *articlev1.Image {
	return &articlev1.Image{Url: img.URL, Alt: img.Alt, Caption: img.Caption, Width: int32(img.Width), Height: int32(img.Height)}
}

func reportToProto(r *sanitize.Report) []*articlev1.Removal {
	var out []*articlev1.Removal
	r.Each(func(reason string, n int) {
		out = append(out, &articlev1.Removal{Reason: reason, Count: int32(n)})
	})
	return out
}

func policyToProto(p *sanitize.Policy) *articlev1.PolicyRef {
	return &articlev1.PolicyRef{Name: p.Name(), Version: p.Version()}
}

// filterFromProto reads an ArticleFilter; category keys are normalized as
// the pipeline makes them, so a category as given matches too.
func filterFromProto(f *articlev1.ArticleFilter) articlelog.Filter {
	out := articlelog.Filter{Sites: f.GetSites(), Sections: f.GetSections(), Languages: f.GetLanguages()}
	for _, k := range f.GetCategoryKeys() {
		out.CategoryKeys = append(out.CategoryKeys, normalize.CategoryKey(k))
	}
	return out
}

func entryToProto(e articlelog.Entry) *articlev1.LogEntry {
	return &articlev1.LogEntry{Cursor: e.Cursor, StoredAt: timestamppb.New(e.StoredAt), Article: e.Article}
}

// groupFromProto reads a group's settings; created_at is the server's.
func groupFromProto(g *articlev1.ConsumerGroup) articlelog.GroupSpec {
	s := articlelog.GroupSpec{
		Name:          g.GetName(),
		Filter:        filterFromProto(g.GetFilter()),
		AckWait:       g.GetAckWait().AsDuration(),
		MaxDeliveries: int(g.GetMaxDeliveries()),
		MaxAckPending: int(g.GetMaxAckPending()),
	}
	switch start := g.GetStart().(type) {
	case *articlev1.ConsumerGroup_AfterCursor:
		s.Start, s.After = articlelog.StartAfter, start.AfterCursor
	case *articlev1.ConsumerGroup_Since:
		s.Start, s.Since = articlelog.StartSince, start.Since.AsTime()
	case *articlev1.ConsumerGroup_FromStart:
		if start.FromStart {
			s.Start = articlelog.StartBeginning
		}
	}
	return s
}

func groupToProto(s articlelog.GroupSpec) *articlev1.ConsumerGroup {
	g := &articlev1.ConsumerGroup{
		Name:          s.Name,
		AckWait:       durationpb.New(s.AckWait),
		MaxDeliveries: int32(s.MaxDeliveries),
		MaxAckPending: int32(s.MaxAckPending),
		CreatedAt:     timestamppb.New(s.CreatedAt),
	}
	if f := s.Filter; len(f.Sites)+len(f.Sections)+len(f.CategoryKeys)+len(f.Languages) > 0 {
		g.Filter = &articlev1.ArticleFilter{Sites: f.Sites, Sections: f.Sections, CategoryKeys: f.CategoryKeys, Languages: f.Languages}
	}
	switch s.Start {
	case articlelog.StartAfter:
		g.Start = &articlev1.ConsumerGroup_AfterCursor{AfterCursor: s.After}
	case articlelog.StartSince:
		g.Start = &articlev1.ConsumerGroup_Since{Since: timestamppb.New(s.Since)}
	case articlelog.StartBeginning:
		g.Start = &articlev1.ConsumerGroup_FromStart{FromStart: true}
	}
	return g
}

func groupStateToProto(st articlelog.GroupState) *articlev1.ConsumerGroupState {
	out := &articlev1.ConsumerGroupState{
		Pending:            st.Pending,
		AckPending:         st.AckPending,
		Redelivered:        st.Redelivered,
		SetAside:           st.SetAside,
		AcknowledgedCursor: st.AckFloor,
		DeliveredCursor:    st.Delivered,
		Lag:                st.Pending + st.AckPending,
		WaitingMembers:     int32(st.Waiting),
	}
	for _, sa := range st.RecentSetAside {
		out.RecentSetAside = append(out.RecentSetAside, &articlev1.SetAsideArticle{
			Cursor: sa.Cursor, Id: sa.ID, Deliveries: int32(sa.Deliveries), Reason: sa.Reason, SetAsideAt: timestamppb.New(sa.At),
		})
	}
	return out
}
