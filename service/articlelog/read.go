package articlelog

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/article"
)

// Entry is an article as the log holds it.
type Entry struct {
	// Cursor is the article's position in the log: its stream sequence.
	Cursor uint64
	// StoredAt is when the log stored it.
	StoredAt time.Time
	// Article is the stored article.
	Article *articlev1.Article
}

func decodeEntry(seq uint64, at time.Time, data []byte) (Entry, error) {
	a := &articlev1.Article{}
	if err := proto.Unmarshal(data, a); err != nil {
		return Entry{}, fmt.Errorf("decode article at cursor %d: %w", seq, err)
	}
	return Entry{Cursor: seq, StoredAt: at, Article: a}, nil
}

// Get returns the latest stored version of the article with this id; an
// unknown id is a *NotFoundError (errors.Is(err, ErrNotFound)).
func (l *Log) Get(ctx context.Context, id string) (Entry, error) {
	if id == "" {
		return Entry{}, article.Invalid("id", "is required", nil)
	}
	m, err := l.lastOf(ctx, id)
	if err != nil {
		return Entry{}, err
	}
	if m != nil {
		return decodeEntry(m.Sequence, m.Time, m.Data)
	}
	// The miss comes with the log's last cursor, read before looking the
	// id up once more: were the article stored after that second miss, its
	// cursor would be above Last, so a subscription after Last sees it.
	st, err := l.streamState(ctx)
	if err != nil {
		return Entry{}, err
	}
	if m, err = l.lastOf(ctx, id); err != nil {
		return Entry{}, err
	}
	if m != nil {
		return decodeEntry(m.Sequence, m.Time, m.Data)
	}
	return Entry{}, &NotFoundError{ID: id, Last: st.LastSeq}
}

// lastOf is the latest stored message of the article id, nil when none.
func (l *Log) lastOf(ctx context.Context, id string) (*jetstream.RawStreamMsg, error) {
	var m *jetstream.RawStreamMsg
	err := l.retry(ctx, func(ctx context.Context) error {
		var err error
		m, err = l.last(ctx, l.idSubject(idToken(id)))
		return err
	})
	return m, err
}

// ListOptions selects a page of List.
type ListOptions struct {
	// Filter selects the articles.
	Filter Filter
	// PageSize is the most entries of the page: 0 selects 20, values over
	// Config.MaxPageSize are lowered to it.
	PageSize int
	// PageToken is Page.NextPageToken of the previous page; empty starts at
	// the oldest article.
	PageToken string
}

// Page is one page of List, in log order.
type Page struct {
	Entries []Entry
	// NextPageToken continues the listing; empty when the page reached the
	// end of the log.
	NextPageToken string
}

// defaultPageSize is the page size when none is asked for.
const defaultPageSize = 20

// pageEntryOverhead is counted against Config.MaxPageBytes for each entry
// beside its article: the cursor, the time stored and the framing of the
// entry in a page, with room to spare.
const pageEntryOverhead = 64

// List returns a page of stored articles in log order. It reads at most
// Config.ListScanLimit articles per call, and stops before an article that
// would take the page past Config.MaxPageBytes, so a page may be short,
// even empty, while NextPageToken is set. Bad options are *article.FieldError.
func (l *Log) List(ctx context.Context, o ListOptions) (Page, error) {
	if err := o.Filter.validate(l.cfg.MaxFilterValues); err != nil {
		return Page{}, err
	}
	size := o.PageSize
	switch {
	case size < 0:
		return Page{}, article.Invalid("page_size", "must not be negative", nil)
	case size == 0:
		size = defaultPageSize
	case size > l.cfg.MaxPageSize:
		size = l.cfg.MaxPageSize
	}
	fp := o.Filter.fingerprint()
	next := uint64(1)
	if o.PageToken != "" {
		var err error
		if next, err = decodePageToken(o.PageToken, fp); err != nil {
			return Page{}, article.Invalid("page_token", "is not a token ListArticles returned for this filter", err)
		}
	}
	subj := l.scanSubject(o.Filter)
	var page Page
	pageBytes := 0
	for scanned := 0; len(page.Entries) < size && scanned < l.cfg.ListScanLimit; scanned++ {
		var m *jetstream.RawStreamMsg
		err := l.retry(ctx, func(ctx context.Context) error {
			var err error
			m, err = l.stream.GetMsg(ctx, next, jetstream.WithGetMsgSubject(subj))
			if errors.Is(err, jetstream.ErrMsgNotFound) {
				m, err = nil, nil
			}
			return err
		})
		if err != nil {
			return Page{}, err
		}
		if m == nil {
			return page, nil // the end of the log
		}
		e, err := decodeEntry(m.Sequence, m.Time, m.Data)
		if err != nil {
			next = m.Sequence + 1
			continue // not an article: skipped, as subscriptions skip it
		}
		if o.Filter.match(e.Article) {
			n := len(m.Data) + pageEntryOverhead
			if len(page.Entries) > 0 && l.cfg.MaxPageBytes > 0 && pageBytes+n > l.cfg.MaxPageBytes {
				break // the next page starts with it
			}
			pageBytes += n
			page.Entries = append(page.Entries, e)
		}
		next = m.Sequence + 1
	}
	page.NextPageToken = encodePageToken(next, fp)
	return page, nil
}

const pageTokenVersion = 1

// A page token is base64url(version, uvarint next cursor, 8 bytes of the
// filter's fingerprint).
func encodePageToken(next uint64, fp [8]byte) string {
	b := []byte{pageTokenVersion}
	b = binary.AppendUvarint(b, next)
	b = append(b, fp[:]...)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodePageToken(tok string, fp [8]byte) (uint64, error) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, err
	}
	if len(b) < 1 || b[0] != pageTokenVersion {
		return 0, errors.New("unknown token version")
	}
	next, n := binary.Uvarint(b[1:])
	if n <= 0 || next == 0 {
		return 0, errors.New("bad cursor")
	}
	if rest := b[1+n:]; len(rest) != len(fp) || [8]byte(rest) != fp {
		return 0, errors.New("token of another filter")
	}
	return next, nil
}
