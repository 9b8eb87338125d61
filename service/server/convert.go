package server

import (
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/articlelog"
	"articleservice/service/normalize"
)

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
