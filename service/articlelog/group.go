package articlelog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"articleservice/service/article"
)

// GroupSpec is a consumer group's settings. A group is a durable JetStream
// pull consumer of the log (explicit acknowledgements, file storage, the
// log's replicas), so its position lives in JetStream and survives any
// server of articled; its own settings are kept in the consumer's metadata.
type GroupSpec struct {
	// Name is 1 to 64 letters, digits, '-' and '_'.
	Name string
	// Start, After and Since say where the group starts when created, as
	// for Subscribe.
	Start Start
	After uint64
	Since time.Time
	// Filter selects the articles the group receives: sites and languages
	// are filtered by JetStream, sections and category keys here (an
	// article they reject is acknowledged and never handed to a member).
	Filter Filter
	// AckWait is how long a member has to acknowledge or extend a delivery;
	// 0 selects Config.GroupAckWait.
	AckWait time.Duration
	// MaxDeliveries is how many times an article is delivered before it is
	// set aside; 0 selects Config.GroupMaxDeliveries.
	MaxDeliveries int
	// MaxAckPending caps the unacknowledged articles of the whole group; 0
	// selects Config.GroupMaxAckPending.
	MaxAckPending int
	// CreatedAt is set by CreateGroup.
	CreatedAt time.Time
}

// GroupState is where a group stands, as JetStream last saw it.
type GroupState struct {
	// Pending is the stored articles not yet delivered, counted by site and
	// language (sections and category keys are matched on delivery).
	Pending uint64
	// AckPending is the articles delivered and not yet acknowledged.
	AckPending uint64
	// Redelivered is the articles delivered more than once and not yet
	// acknowledged.
	Redelivered uint64
	// SetAside is the articles set aside since the group was created.
	SetAside uint64
	// AckFloor is the cursor at and before which every article is done.
	AckFloor uint64
	// Delivered is the last cursor delivered to the group.
	Delivered uint64
	// Waiting is the members' fetches waiting for articles.
	Waiting int
	// RecentSetAside is the latest set-aside articles, newest first (only
	// from Group, not Groups).
	RecentSetAside []SetAside
}

// GroupInfo is a group and its state.
type GroupInfo struct {
	Spec  GroupSpec
	State GroupState
}

// groupConsumerPrefix starts the consumer name of every group. Subscribe's
// consumers are named by nuid (letters and digits only), so no consumer of
// a subscription is ever taken for a group.
const groupConsumerPrefix = "group_"

// groupMetadataKey holds a group's settings in its consumer's metadata.
const groupMetadataKey = "articled.group"

// maxGroupName is the longest group name.
const maxGroupName = 64

// minAckWait is the shortest ack wait: shorter ones would hand out again
// articles members are still working on.
const minAckWait = time.Second

func validGroupName(field, name string) error {
	if name == "" {
		return article.Invalid(field, "is required", nil)
	}
	if len(name) > maxGroupName {
		return article.Invalid(field, fmt.Sprintf("is %d bytes; at most %d", len(name), maxGroupName), nil)
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return article.Invalid(field, fmt.Sprintf("%q: want letters, digits, '-' and '_' only", name), nil)
		}
	}
	return nil
}

func consumerName(group string) string { return groupConsumerPrefix + group }

// storedSpec is a GroupSpec as its consumer's metadata holds it.
type storedSpec struct {
	Name          string        `json:"name"`
	Start         string        `json:"start"`
	After         uint64        `json:"after,omitempty"`
	Since         time.Time     `json:"since,omitzero"`
	Sites         []string      `json:"sites,omitempty"`
	Sections      []string      `json:"sections,omitempty"`
	CategoryKeys  []string      `json:"category_keys,omitempty"`
	Languages     []string      `json:"languages,omitempty"`
	AckWait       time.Duration `json:"ack_wait"`
	MaxDeliveries int           `json:"max_deliveries"`
	MaxAckPending int           `json:"max_ack_pending"`
	CreatedAt     time.Time     `json:"created_at"`
}

var startNames = map[Start]string{StartNow: "now", StartAfter: "after", StartSince: "since", StartBeginning: "beginning"}

func encodeSpec(s GroupSpec) (string, error) {
	b, err := json.Marshal(storedSpec{Name: s.Name, Start: startNames[s.Start], After: s.After, Since: s.Since,
		Sites: s.Filter.Sites, Sections: s.Filter.Sections, CategoryKeys: s.Filter.CategoryKeys, Languages: s.Filter.Languages,
		AckWait: s.AckWait, MaxDeliveries: s.MaxDeliveries, MaxAckPending: s.MaxAckPending, CreatedAt: s.CreatedAt})
	return string(b), err
}

// specOf reads a group's settings from its consumer; ok is false for a
// consumer that is not a group's.
func specOf(info *jetstream.ConsumerInfo) (GroupSpec, bool) {
	if info == nil || !strings.HasPrefix(info.Name, groupConsumerPrefix) {
		return GroupSpec{}, false
	}
	raw, ok := info.Config.Metadata[groupMetadataKey]
	if !ok {
		return GroupSpec{}, false
	}
	var st storedSpec
	if err := json.Unmarshal([]byte(raw), &st); err != nil {
		return GroupSpec{}, false
	}
	s := GroupSpec{Name: strings.TrimPrefix(info.Name, groupConsumerPrefix), After: st.After, Since: st.Since,
		Filter:  Filter{Sites: st.Sites, Sections: st.Sections, CategoryKeys: st.CategoryKeys, Languages: st.Languages},
		AckWait: st.AckWait, MaxDeliveries: st.MaxDeliveries, MaxAckPending: st.MaxAckPending, CreatedAt: st.CreatedAt}
	for k, v := range startNames {
		if v == st.Start {
			s.Start = k
		}
	}
	return s, true
}

// normalized sorts and deduplicates each field, so that equal filters
// compare equal whatever the order of their values.
func (f Filter) normalized() Filter {
	set := func(v []string) []string {
		if len(v) == 0 {
			return nil
		}
		v = slices.Clone(v)
		slices.Sort(v)
		return slices.Compact(v)
	}
	return Filter{Sites: set(f.Sites), Sections: set(f.Sections), CategoryKeys: set(f.CategoryKeys), Languages: set(f.Languages)}
}

// sameSettings tells whether two specs make the same group (CreatedAt
// aside).
func sameSettings(a, b GroupSpec) bool {
	fa, fb := a.Filter.normalized(), b.Filter.normalized()
	return a.Name == b.Name && a.Start == b.Start &&
		(a.Start != StartAfter || a.After == b.After) &&
		(a.Start != StartSince || a.Since.Equal(b.Since)) &&
		slices.Equal(fa.Sites, fb.Sites) && slices.Equal(fa.Sections, fb.Sections) &&
		slices.Equal(fa.CategoryKeys, fb.CategoryKeys) && slices.Equal(fa.Languages, fb.Languages) &&
		a.AckWait == b.AckWait && a.MaxDeliveries == b.MaxDeliveries && a.MaxAckPending == b.MaxAckPending
}

// withDefaults checks a spec and fills in the configured defaults.
func (l *Log) withDefaults(s GroupSpec) (GroupSpec, error) {
	if err := validGroupName("group.name", s.Name); err != nil {
		return s, err
	}
	if err := s.Filter.validate(l.cfg.MaxFilterValues); err != nil {
		return s, err
	}
	switch {
	case s.AckWait < 0:
		return s, article.Invalid("group.ack_wait", "must not be negative", nil)
	case s.AckWait == 0:
		s.AckWait = l.cfg.GroupAckWait
	case s.AckWait < minAckWait:
		return s, article.Invalid("group.ack_wait", fmt.Sprintf("%v is too short; at least %v", s.AckWait, minAckWait), nil)
	}
	switch {
	case s.MaxDeliveries < 0:
		return s, article.Invalid("group.max_deliveries", "must not be negative", nil)
	case s.MaxDeliveries == 0:
		s.MaxDeliveries = l.cfg.GroupMaxDeliveries
	}
	switch {
	case s.MaxAckPending < 0:
		return s, article.Invalid("group.max_ack_pending", "must not be negative", nil)
	case s.MaxAckPending == 0:
		s.MaxAckPending = l.cfg.GroupMaxAckPending
	}
	switch s.Start {
	case StartNow, StartBeginning:
		s.After, s.Since = 0, time.Time{}
	case StartAfter:
		s.Since = time.Time{}
	case StartSince:
		s.After = 0
		s.Since = s.Since.UTC()
	default:
		return s, article.Invalid("group.start", fmt.Sprintf("unknown start %d", s.Start), nil)
	}
	s.Filter = s.Filter.normalized()
	return s, nil
}

// consumerConfig is the durable consumer of a group.
func (l *Log) consumerConfig(s GroupSpec, meta string) jetstream.ConsumerConfig {
	cfg := jetstream.ConsumerConfig{
		Durable:     consumerName(s.Name),
		Description: "ArticleService consumer group " + s.Name,
		AckPolicy:   jetstream.AckExplicitPolicy,
		AckWait:     s.AckWait,
		// Deliveries are counted, and articles set aside, by the members:
		// the same way whether an article comes back after a nack, an
		// expired ack wait or a lost member, and never blocking the group.
		MaxDeliver:     -1,
		MaxAckPending:  s.MaxAckPending,
		FilterSubjects: l.consumerSubjects(s.Filter),
		Replicas:       l.cfg.Replicas,
		Metadata:       map[string]string{groupMetadataKey: meta},
	}
	switch s.Start {
	case StartNow:
		cfg.DeliverPolicy = jetstream.DeliverNewPolicy
	case StartAfter:
		cfg.DeliverPolicy, cfg.OptStartSeq = jetstream.DeliverByStartSequencePolicy, s.After+1
	case StartSince:
		since := s.Since
		cfg.DeliverPolicy, cfg.OptStartTime = jetstream.DeliverByStartTimePolicy, &since
	case StartBeginning:
		cfg.DeliverPolicy = jetstream.DeliverAllPolicy
	}
	return cfg
}

// CreateGroup creates a consumer group, filling in the defaults of
// Config. A group of that name with the same settings is returned as it is,
// with created false; one with other settings is a *GroupExistsError. Past
// Config.MaxGroups it is an *article.FieldError of kind ErrTooLarge, and a
// StartAfter cursor the log does not hold a *CursorError.
func (l *Log) CreateGroup(ctx context.Context, s GroupSpec) (GroupSpec, bool, error) {
	s, err := l.withDefaults(s)
	if err != nil {
		return GroupSpec{}, false, err
	}
	if existing, err := l.lookupGroup(ctx, s.Name); err == nil {
		return l.sameOrConflict(s, existing)
	} else if !errors.Is(err, ErrGroupNotFound) {
		return GroupSpec{}, false, err
	}
	names, err := l.groupNames(ctx)
	if err != nil {
		return GroupSpec{}, false, err
	}
	if len(names) >= l.cfg.MaxGroups {
		return GroupSpec{}, false, article.TooLarge("group", fmt.Sprintf("a group beyond the %d the log has", len(names)), int64(l.cfg.MaxGroups), "groups")
	}
	if s.Start == StartAfter {
		st, err := l.streamState(ctx)
		if err != nil {
			return GroupSpec{}, false, err
		}
		if err := checkAfter(s.After, st); err != nil {
			return GroupSpec{}, false, err
		}
	}
	s.CreatedAt = time.Now().UTC().Truncate(time.Millisecond)
	meta, err := encodeSpec(s)
	if err != nil {
		return GroupSpec{}, false, fmt.Errorf("create group %s: %w", s.Name, err)
	}
	cfg := l.consumerConfig(s, meta)
	err = l.retry(ctx, func(ctx context.Context) error {
		_, err := l.js.CreateConsumer(ctx, l.cfg.Stream, cfg)
		return err
	})
	switch {
	case err == nil:
		return s, true, nil
	case errors.Is(err, jetstream.ErrConsumerExists):
		// Created concurrently, or by an attempt whose answer was lost.
		existing, err := l.lookupGroup(ctx, s.Name)
		if err != nil {
			return GroupSpec{}, false, err
		}
		if existing.CreatedAt.Equal(s.CreatedAt) {
			return existing, true, nil
		}
		return l.sameOrConflict(s, existing)
	}
	return GroupSpec{}, false, fmt.Errorf("create group %s: %w", s.Name, err)
}

func (l *Log) sameOrConflict(want, existing GroupSpec) (GroupSpec, bool, error) {
	if sameSettings(want, existing) {
		return existing, false, nil
	}
	return GroupSpec{}, false, &GroupExistsError{Existing: existing}
}

// lookupGroup reads a group's consumer; an unknown name is a
// *GroupNotFoundError.
func (l *Log) lookupGroup(ctx context.Context, name string) (GroupSpec, error) {
	info, err := l.groupInfo(ctx, name)
	if err != nil {
		return GroupSpec{}, err
	}
	s, ok := specOf(info)
	if !ok {
		return GroupSpec{}, &GroupNotFoundError{Name: name}
	}
	return s, nil
}

func (l *Log) groupInfo(ctx context.Context, name string) (*jetstream.ConsumerInfo, error) {
	var info *jetstream.ConsumerInfo
	err := l.retry(ctx, func(ctx context.Context) error {
		c, err := l.stream.Consumer(ctx, consumerName(name))
		if err != nil {
			return err
		}
		info = c.CachedInfo()
		return nil
	})
	if errors.Is(err, jetstream.ErrConsumerNotFound) {
		return nil, &GroupNotFoundError{Name: name}
	}
	if err != nil {
		return nil, fmt.Errorf("group %s: %w", name, err)
	}
	return info, nil
}

// Group returns a group's settings and state, with its most recent
// set-aside articles; an unknown name is a *GroupNotFoundError.
func (l *Log) Group(ctx context.Context, name string) (GroupSpec, GroupState, error) {
	if err := validGroupName("name", name); err != nil {
		return GroupSpec{}, GroupState{}, err
	}
	info, err := l.groupInfo(ctx, name)
	if err != nil {
		return GroupSpec{}, GroupState{}, err
	}
	s, ok := specOf(info)
	if !ok {
		return GroupSpec{}, GroupState{}, &GroupNotFoundError{Name: name}
	}
	st := stateOf(info)
	recent, total, err := l.recentSetAside(ctx, name)
	if err != nil {
		return GroupSpec{}, GroupState{}, err
	}
	st.SetAside, st.RecentSetAside = total, recent
	return s, st, nil
}

func stateOf(info *jetstream.ConsumerInfo) GroupState {
	return GroupState{
		Pending:     info.NumPending,
		AckPending:  uint64(max(0, info.NumAckPending)),
		Redelivered: uint64(max(0, info.NumRedelivered)),
		AckFloor:    info.AckFloor.Stream,
		Delivered:   info.Delivered.Stream,
		Waiting:     info.NumWaiting,
	}
}

// Groups lists every group with its state (without RecentSetAside), by
// name.
func (l *Log) Groups(ctx context.Context) ([]GroupInfo, error) {
	var out []GroupInfo
	err := l.retry(ctx, func(ctx context.Context) error {
		out = out[:0]
		lister := l.stream.ListConsumers(ctx)
		for info := range lister.Info() {
			if s, ok := specOf(info); ok {
				out = append(out, GroupInfo{Spec: s, State: stateOf(info)})
			}
		}
		return lister.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("list groups: %w", err)
	}
	slices.SortFunc(out, func(a, b GroupInfo) int { return strings.Compare(a.Spec.Name, b.Spec.Name) })
	for i := range out {
		n, err := l.setAsideCount(ctx, out[i].Spec.Name)
		if err != nil {
			return nil, err
		}
		out[i].State.SetAside = n
	}
	return out, nil
}

// groupNames are the names of the log's groups.
func (l *Log) groupNames(ctx context.Context) ([]string, error) {
	var out []string
	err := l.retry(ctx, func(ctx context.Context) error {
		out = out[:0]
		lister := l.stream.ConsumerNames(ctx)
		for name := range lister.Name() {
			if g, ok := strings.CutPrefix(name, groupConsumerPrefix); ok {
				out = append(out, g)
			}
		}
		return lister.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("list groups: %w", err)
	}
	return out, nil
}

// DeleteGroup deletes a group, its position and its set-aside records; its
// members' Next then fails with ErrGroupNotFound. An unknown name is a
// *GroupNotFoundError.
func (l *Log) DeleteGroup(ctx context.Context, name string) error {
	if err := validGroupName("name", name); err != nil {
		return err
	}
	if _, err := l.lookupGroup(ctx, name); err != nil {
		return err
	}
	err := l.retry(ctx, func(ctx context.Context) error {
		return l.js.DeleteConsumer(ctx, l.cfg.Stream, consumerName(name))
	})
	if errors.Is(err, jetstream.ErrConsumerNotFound) {
		return &GroupNotFoundError{Name: name}
	}
	if err != nil {
		return fmt.Errorf("delete group %s: %w", name, err)
	}
	return l.purgeSetAside(ctx, name)
}
