package articlelog

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"
	"google.golang.org/protobuf/proto"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/article"
	"articleservice/service/articlepb"
)

// Headers of every stored message, besides JetStream's Nats-Msg-Id.
const (
	// contentTypeHeader says how the payload is encoded.
	contentTypeHeader = "Content-Type"
	contentType       = "application/protobuf; proto=article.v1.Article"
	// appendIDHeader is unique per Append call: a retried append that finds
	// its own earlier attempt stored reports created, not duplicate.
	appendIDHeader = "Article-Append-Id"
)

// Dedup says what makes an article a duplicate of one already stored.
type Dedup int

const (
	// DedupByContent is for documents without a client id: a duplicate has
	// the content_hash of an article stored within the duplicate window, or
	// of the latest stored version of the same article id.
	DedupByContent Dedup = iota
	// DedupByID is for documents with a client id: a duplicate has the id
	// of a stored article.
	DedupByID
)

// Appended is the outcome of Append.
type Appended struct {
	// ID is the stored article's id: the appended one's, or for a duplicate
	// by content, that of the article stored first.
	ID string
	// Cursor is the stored article's position in the log.
	Cursor uint64
	// Duplicate says the article was already stored and was not stored again.
	Duplicate bool
}

// maxConflicts bounds how often Append re-reads after losing a race with
// another append of the same article.
const maxConflicts = 10

// ArticleField is the field an article over MaxArticleBytes is refused on:
// the whole article, which the caller may blame on what it was made from.
const ArticleField = "article"

// Append stores an article unless it is a duplicate, and returns only once
// JetStream has acknowledged it (written to its file store and, in a
// cluster, replicated to a majority). An article larger than
// MaxArticleBytes is an *article.FieldError of kind ErrTooLarge on
// ArticleField.
func (l *Log) Append(ctx context.Context, art *article.Article, d Dedup) (Appended, error) {
	if art.ID == "" {
		return Appended{}, errors.New("append: article has no id")
	}
	a := articlepb.ToArticle(art)
	data, err := proto.Marshal(a)
	if err != nil {
		return Appended{}, fmt.Errorf("marshal article: %w", err)
	}
	if len(data) > l.maxArticle {
		return Appended{}, article.TooLarge(ArticleField, fmt.Sprintf("the article made from it (%d bytes)", len(data)),
			int64(l.maxArticle), "bytes the log stores per article")
	}
	idTok := idToken(a.GetId())
	idSubj := l.idSubject(idTok)
	key := "id:" + idTok
	if d == DedupByContent {
		key = "hash:" + a.GetContentHash()
	}
	appendID := nuid.Next()
	msg := &nats.Msg{Subject: l.articleSubject(a.GetSite(), a.GetLanguage(), idTok), Data: data, Header: nats.Header{}}
	msg.Header.Set(contentTypeHeader, contentType)
	msg.Header.Set(appendIDHeader, appendID)

	var out Appended
	conflicts := 0
	err = l.retry(ctx, func(ctx context.Context) error {
		for {
			last, err := l.last(ctx, idSubj)
			if err != nil {
				return err
			}
			var expect uint64
			if last != nil {
				if d == DedupByID || last.Header.Get(jetstream.MsgIDHeader) == key {
					out, err = existing(last, appendID)
					return err
				}
				expect = last.Sequence
			}
			// The expected last sequence of the id's subjects makes this a
			// compare-and-set: of two appends of one article racing through
			// different servers, one stores and the other re-reads.
			ack, err := l.js.PublishMsg(ctx, msg, jetstream.WithMsgID(key),
				jetstream.WithExpectLastSequenceForSubject(expect, idSubj), jetstream.WithRetryAttempts(0))
			switch {
			case err == nil && !ack.Duplicate:
				out = Appended{ID: a.GetId(), Cursor: ack.Sequence}
				return nil
			case err == nil:
				// Within the duplicate window JetStream found the key and
				// gives the original's sequence.
				orig, err := l.stream.GetMsg(ctx, ack.Sequence)
				if err != nil {
					return err
				}
				out, err = existing(orig, appendID)
				return err
			case wrongLastSequence(err):
				if conflicts++; conflicts > maxConflicts {
					return fmt.Errorf("%w: %q", ErrConflict, a.GetId())
				}
				// The winner may still be in flight: give it a moment.
				if err := sleep(ctx, time.Duration(conflicts)*5*time.Millisecond); err != nil {
					return err
				}
				continue
			default:
				return err
			}
		}
	})
	return out, err
}

// existing reports a stored message as the outcome of an append: created
// when it is this append's own earlier attempt.
func existing(m *jetstream.RawStreamMsg, appendID string) (Appended, error) {
	var a articlev1.Article
	if err := proto.Unmarshal(m.Data, &a); err != nil {
		return Appended{}, fmt.Errorf("decode article at cursor %d: %w", m.Sequence, err)
	}
	return Appended{ID: a.GetId(), Cursor: m.Sequence, Duplicate: m.Header.Get(appendIDHeader) != appendID}, nil
}

// last is the latest message on subj, or nil.
func (l *Log) last(ctx context.Context, subj string) (*jetstream.RawStreamMsg, error) {
	m, err := l.stream.GetLastMsgForSubject(ctx, subj)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return nil, nil
	}
	return m, err
}

func wrongLastSequence(err error) bool {
	var ae *jetstream.APIError
	return errors.As(err, &ae) && (ae.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence ||
		ae.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequenceConstant)
}
