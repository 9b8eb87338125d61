package articlelog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// SetAside is an article a group gave up on: delivered the group's
// MaxDeliveries times, or terminated by a member. It is acknowledged for the
// group and never blocks it.
type SetAside struct {
	Cursor uint64
	ID     string
	// Deliveries is how many times the group delivered it.
	Deliveries int
	// Reason is ReasonMaxDeliveries or what the member said.
	Reason string
	At     time.Time
}

// ReasonMaxDeliveries is the reason of an article set aside after the
// group's MaxDeliveries.
const ReasonMaxDeliveries = "max deliveries"

// maxReasonBytes caps the reason a member gives for terminating an article.
const maxReasonBytes = 200

// Set-aside records live in a small stream of their own, beside the log:
// one subject per group, <prefix>.setaside.<group>, of which the stream
// keeps the latest recentSetAsideLimit. Each record also carries the
// group's running count, so the last one says how many were set aside
// since the group was created, on every server of articled and across
// restarts; DeleteGroup purges the subject.
const (
	setAsideToken       = "setaside"
	recentSetAsideLimit = 20
	// maxRecordConflicts bounds the retries of a record that lost the race
	// for the group's count to another one.
	maxRecordConflicts = 10
)

// setAsideRecord is a record as stored, JSON.
type setAsideRecord struct {
	Cursor     uint64    `json:"cursor"`
	ID         string    `json:"id"`
	Deliveries int       `json:"deliveries"`
	Reason     string    `json:"reason"`
	At         time.Time `json:"at"`
	// Total is the group's count of set-aside articles, this one included.
	Total uint64 `json:"total"`
}

func (l *Log) setAsideStreamName() string { return l.cfg.Stream + "_SET_ASIDE" }

func (l *Log) setAsideSubject(group string) string {
	return l.cfg.SubjectPrefix + "." + setAsideToken + "." + group
}

func (l *Log) setAsideStreamConfig() jetstream.StreamConfig {
	return jetstream.StreamConfig{
		Name:              l.setAsideStreamName(),
		Description:       "ArticleService consumer groups: the articles each group set aside, JSON, the latest per group",
		Subjects:          []string{l.cfg.SubjectPrefix + "." + setAsideToken + ".*"},
		Retention:         jetstream.LimitsPolicy,
		Discard:           jetstream.DiscardOld,
		Storage:           jetstream.FileStorage,
		Replicas:          l.cfg.Replicas,
		MaxMsgsPerSubject: recentSetAsideLimit,
		MaxMsgs:           -1,
		MaxBytes:          -1,
	}
}

// recordSetAside stores a set-aside record, counting it in the group's
// total: the publish expects the subject's last record to be the one the
// count was read from, so concurrent records (members on other servers)
// are counted once each.
func (l *Log) recordSetAside(ctx context.Context, group string, sa SetAside) error {
	subj := l.setAsideSubject(group)
	if len(sa.Reason) > maxReasonBytes {
		sa.Reason = truncateUTF8(sa.Reason, maxReasonBytes)
	}
	for range maxRecordConflicts {
		last, prev, err := l.lastSetAside(ctx, group)
		if err != nil {
			return err
		}
		rec := setAsideRecord{Cursor: sa.Cursor, ID: sa.ID, Deliveries: sa.Deliveries, Reason: sa.Reason, At: sa.At.UTC(), Total: prev.Total + 1}
		data, err := json.Marshal(rec)
		if err != nil {
			return fmt.Errorf("set aside: %w", err)
		}
		err = l.retry(ctx, func(ctx context.Context) error {
			_, err := l.js.Publish(ctx, subj, data, jetstream.WithExpectLastSequencePerSubject(last))
			return err
		})
		var ae *jetstream.APIError
		if errors.As(err, &ae) && ae.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence {
			continue
		}
		if err != nil {
			return fmt.Errorf("set aside: %w", err)
		}
		return nil
	}
	return fmt.Errorf("set aside: %w", ErrConflict)
}

// lastSetAside is the group's last record and its sequence (0 and a zero
// record when there is none).
func (l *Log) lastSetAside(ctx context.Context, group string) (uint64, setAsideRecord, error) {
	var m *jetstream.RawStreamMsg
	err := l.retry(ctx, func(ctx context.Context) error {
		var err error
		m, err = l.setAside.GetLastMsgForSubject(ctx, l.setAsideSubject(group))
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			m, err = nil, nil
		}
		return err
	})
	if err != nil {
		return 0, setAsideRecord{}, fmt.Errorf("read set-aside records: %w", err)
	}
	if m == nil {
		return 0, setAsideRecord{}, nil
	}
	var rec setAsideRecord
	if err := json.Unmarshal(m.Data, &rec); err != nil {
		return 0, setAsideRecord{}, fmt.Errorf("read set-aside record %d: %w", m.Sequence, err)
	}
	return m.Sequence, rec, nil
}

// setAsideCount is how many articles the group set aside since created.
func (l *Log) setAsideCount(ctx context.Context, group string) (uint64, error) {
	_, rec, err := l.lastSetAside(ctx, group)
	return rec.Total, err
}

// recentSetAside returns the group's kept records, newest first, and its
// total.
func (l *Log) recentSetAside(ctx context.Context, group string) ([]SetAside, uint64, error) {
	subj := l.setAsideSubject(group)
	var out []SetAside
	var total uint64
	next := uint64(1)
	for range recentSetAsideLimit + 1 {
		var m *jetstream.RawStreamMsg
		err := l.retry(ctx, func(ctx context.Context) error {
			var err error
			m, err = l.setAside.GetMsg(ctx, next, jetstream.WithGetMsgSubject(subj))
			if errors.Is(err, jetstream.ErrMsgNotFound) {
				m, err = nil, nil
			}
			return err
		})
		if err != nil {
			return nil, 0, fmt.Errorf("read set-aside records: %w", err)
		}
		if m == nil {
			break
		}
		next = m.Sequence + 1
		var rec setAsideRecord
		if json.Unmarshal(m.Data, &rec) != nil {
			continue
		}
		out = append(out, SetAside{Cursor: rec.Cursor, ID: rec.ID, Deliveries: rec.Deliveries, Reason: rec.Reason, At: rec.At})
		total = rec.Total
	}
	slices.Reverse(out)
	if len(out) > recentSetAsideLimit {
		out = out[:recentSetAsideLimit]
	}
	return out, total, nil
}

// purgeSetAside removes a group's records.
func (l *Log) purgeSetAside(ctx context.Context, group string) error {
	err := l.retry(ctx, func(ctx context.Context) error {
		return l.setAside.Purge(ctx, jetstream.WithPurgeSubject(l.setAsideSubject(group)))
	})
	if err != nil {
		return fmt.Errorf("purge set-aside records of %s: %w", group, err)
	}
	return nil
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
