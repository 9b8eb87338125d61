package articlelog

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Start says where a subscription starts.
type Start int

const (
	// StartNow delivers the articles stored after the subscription opens.
	StartNow Start = iota
	// StartAfter delivers the articles after SubscribeOptions.After.
	StartAfter
	// StartSince delivers the articles stored at or after SubscribeOptions.Since.
	StartSince
	// StartBeginning delivers every article the log holds.
	StartBeginning
)

// SubscribeOptions configure Subscribe.
type SubscribeOptions struct {
	Start Start
	// After is the cursor delivery starts after, for StartAfter.
	After uint64
	// Since is the time delivery starts at, for StartSince.
	Since time.Time
	// Filter selects the articles delivered.
	Filter Filter
}

// Subscription delivers matching articles in log order: the stored ones
// after its start, then new ones as they are stored. Each subscription
// reads the stream through its own ordered consumer (an ephemeral pull
// consumer that JetStream re-creates at the next sequence after a server or
// connection loss), so a slow one holds back no one else.
type Subscription struct {
	log     *Log
	cons    jetstream.Consumer
	it      jetstream.MessagesContext
	start   uint64
	entries chan Entry

	failOnce sync.Once
	failed   chan struct{}
	err      error

	cancel    context.CancelFunc
	done      chan struct{}
	closeOnce sync.Once
}

// Heartbeat and inactivity settings of subscription consumers: a consumer
// lost with a server is noticed after two missed heartbeats and re-created;
// one whose articled went away is removed by JetStream after the threshold.
const (
	subscribeHeartbeat = 2 * time.Second
	subscribeInactive  = 2 * time.Minute
)

// Subscribe opens a subscription. A StartAfter cursor beyond the end of the
// log or older than what it holds is a *CursorError.
func (l *Log) Subscribe(ctx context.Context, o SubscribeOptions) (*Subscription, error) {
	if err := o.Filter.validate(l.cfg.MaxFilterValues); err != nil {
		return nil, err
	}
	cfg := jetstream.OrderedConsumerConfig{
		FilterSubjects:    l.consumerSubjects(o.Filter),
		InactiveThreshold: subscribeInactive,
	}
	switch o.Start {
	case StartAfter, StartNow:
		var info *jetstream.StreamInfo
		if err := l.retry(ctx, func(ctx context.Context) error {
			var err error
			info, err = l.stream.Info(ctx)
			return err
		}); err != nil {
			return nil, err
		}
		st := info.State
		after := st.LastSeq
		if o.Start == StartAfter {
			if o.After > st.LastSeq || o.After+1 < st.FirstSeq {
				return nil, &CursorError{Cursor: o.After, First: st.FirstSeq, Last: st.LastSeq}
			}
			after = o.After
		}
		// A sequence, even for "now": an ordered consumer re-created before
		// its first message would otherwise start from a later "now".
		cfg.DeliverPolicy = jetstream.DeliverByStartSequencePolicy
		cfg.OptStartSeq = after + 1
	case StartSince:
		since := o.Since
		cfg.DeliverPolicy = jetstream.DeliverByStartTimePolicy
		cfg.OptStartTime = &since
	case StartBeginning:
		cfg.DeliverPolicy = jetstream.DeliverAllPolicy
	default:
		return nil, fmt.Errorf("subscribe: unknown start %d", o.Start)
	}
	var cons jetstream.Consumer
	if err := l.retry(ctx, func(ctx context.Context) error {
		var err error
		cons, err = l.js.OrderedConsumer(ctx, l.cfg.Stream, cfg)
		return err
	}); err != nil {
		return nil, err
	}
	info := cons.CachedInfo()
	it, err := cons.Messages(jetstream.PullMaxMessages(16), jetstream.PullHeartbeat(subscribeHeartbeat))
	if err != nil {
		return nil, fmt.Errorf("subscribe: %w", err)
	}
	fctx, cancel := context.WithCancel(context.Background())
	s := &Subscription{
		log:     l,
		cons:    cons,
		it:      it,
		start:   info.Delivered.Stream,
		entries: make(chan Entry, l.cfg.SubscribeBuffer),
		failed:  make(chan struct{}),
		cancel:  cancel,
		done:    make(chan struct{}),
	}
	go s.feed(fctx, o.Filter, info.NumPending == 0)
	return s, nil
}

// Start is the cursor delivery starts after: resuming from it misses
// nothing.
func (s *Subscription) Start() uint64 { return s.start }

// Next returns the next matching article, waiting for one to be stored.
// A live subscriber that has fallen further behind than Config.MaxLag gets
// a *LagError (errors.Is(err, ErrLagging)); the subscription is over and a
// new one resumes after the last cursor received.
func (s *Subscription) Next(ctx context.Context) (Entry, error) {
	select {
	case <-s.failed:
		return Entry{}, s.err
	default:
	}
	select {
	case e := <-s.entries:
		return e, nil
	case <-s.failed:
		return Entry{}, s.err
	case <-ctx.Done():
		return Entry{}, ctx.Err()
	}
}

// Close ends the subscription and deletes its consumer.
func (s *Subscription) Close() {
	s.closeOnce.Do(func() {
		s.cancel()
		s.it.Stop()
		<-s.done
		if info := s.cons.CachedInfo(); info != nil && !s.log.nc.IsClosed() {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			_ = s.log.js.DeleteConsumer(ctx, s.log.cfg.Stream, info.Name) // if it fails, JetStream removes it once inactive
			cancel()
		}
	})
}

func (s *Subscription) fail(err error) {
	s.failOnce.Do(func() {
		s.err = err
		close(s.failed)
	})
}

// lagCheckInterval spaces the lag checks of a subscriber that keeps the
// buffer full: each costs a request to JetStream.
const lagCheckInterval = time.Second

// feed moves matching articles from the consumer into the bounded buffer.
//
// The lag limit applies to a live subscriber, one that has caught up with
// the log once, so replaying a long log at the reader's own pace is never
// cut short. It is checked when the buffer was full (the reader, not the
// log, held delivery back), at most once per lagCheckInterval: the lag is
// the number of matching articles JetStream has stored but not yet
// delivered to this subscription, plus the buffer.
func (s *Subscription) feed(ctx context.Context, filter Filter, live bool) {
	defer close(s.done)
	limit := uint64(s.log.cfg.MaxLag)
	var checked time.Time
	for {
		msg, err := s.it.Next(jetstream.NextContext(ctx))
		if err != nil {
			switch {
			case ctx.Err() != nil, errors.Is(err, jetstream.ErrMsgIteratorClosed), closedErr(err):
				s.fail(ErrClosed)
			default:
				s.fail(fmt.Errorf("subscription: %w", err))
			}
			return
		}
		md, err := msg.Metadata()
		if err != nil {
			continue // not a JetStream message: cannot happen on a consumer
		}
		// A message that is not an article is skipped, as List skips it.
		if e, err := decodeEntry(md.Sequence.Stream, md.Timestamp, msg.Data()); err == nil && filter.match(e.Article) {
			select {
			case s.entries <- e:
			default:
				select {
				case s.entries <- e:
				case <-ctx.Done():
					s.fail(ErrClosed)
					return
				}
				if live && time.Since(checked) >= lagCheckInterval {
					checked = time.Now()
					if lag, ok := s.lag(ctx); ok && lag > limit {
						s.fail(&LagError{Lag: lag, Limit: int(limit)})
						return
					}
				}
			}
		}
		if md.NumPending == 0 {
			live = true
		}
	}
}

// lag is how many matching articles wait for the subscriber; ok is false
// when JetStream could not say (the consumer is being re-created).
func (s *Subscription) lag(ctx context.Context) (uint64, bool) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	info, err := s.cons.Info(ctx)
	if err != nil {
		return 0, false
	}
	return info.NumPending + uint64(len(s.entries)), true
}
