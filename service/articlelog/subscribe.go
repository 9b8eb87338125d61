package articlelog

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"
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
// after its start, then new ones as they are stored. It reads the stream
// through an ephemeral pull consumer of its own (in memory, one replica, no
// acknowledgements) with one bounded fetch at a time, and re-creates the
// consumer at the next sequence when it is lost (a server or connection
// loss, a gap in its delivery sequence), so delivery is in order and
// without gaps, and a slow subscription holds back no one else.
type Subscription struct {
	log     *Log
	cfg     jetstream.ConsumerConfig // of the first consumer; re-created ones start at next
	start   uint64
	filter  Filter
	entries chan Entry

	// Owned by run.
	cons    jetstream.Consumer
	next    uint64 // stream sequence to start a re-created consumer at; 0 before the first message
	dseq    uint64 // last delivery sequence of cons
	gap     bool   // cons skipped a delivery: re-create it
	live    bool
	checked time.Time

	failOnce sync.Once
	failed   chan struct{}
	err      error

	ctx       context.Context
	cancel    context.CancelFunc
	done      chan struct{}
	closeOnce sync.Once
}

// Consumer settings: a fetch waits up to subscribeFetchWait for its batch
// with heartbeats every subscribeHeartbeat, so a lost consumer is noticed
// after two missed heartbeats; a consumer whose server went away is removed
// by JetStream after subscribeInactive.
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
	cfg := jetstream.ConsumerConfig{
		AckPolicy:         jetstream.AckNonePolicy,
		MemoryStorage:     true,
		Replicas:          1,
		InactiveThreshold: subscribeInactive,
		FilterSubjects:    l.consumerSubjects(o.Filter),
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
		// A sequence, even for "now": a consumer re-created before its
		// first message would otherwise start from a later "now".
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
	sctx, cancel := context.WithCancel(context.Background())
	s := &Subscription{
		log:     l,
		cfg:     cfg,
		filter:  o.Filter,
		entries: make(chan Entry, l.cfg.SubscribeBuffer),
		failed:  make(chan struct{}),
		ctx:     sctx,
		cancel:  cancel,
		done:    make(chan struct{}),
	}
	if err := l.retry(ctx, s.create); err != nil {
		cancel()
		return nil, err
	}
	info := s.cons.CachedInfo()
	s.start, s.live = info.Delivered.Stream, info.NumPending == 0
	go s.run()
	return s, nil
}

// create makes the subscription's consumer: the first one as configured,
// a re-created one at the sequence after the last message handled.
func (s *Subscription) create(ctx context.Context) error {
	cfg := s.cfg
	cfg.Name = nuid.Next()
	if s.next > 0 {
		cfg.DeliverPolicy, cfg.OptStartSeq, cfg.OptStartTime = jetstream.DeliverByStartSequencePolicy, s.next, nil
	}
	cons, err := s.log.js.CreateConsumer(ctx, s.log.cfg.Stream, cfg)
	if err != nil {
		return err
	}
	s.cons, s.dseq = cons, 0
	return nil
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
		<-s.done
		s.deleteConsumer()
	})
}

func (s *Subscription) deleteConsumer() {
	if s.cons == nil || s.log.nc.IsClosed() {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	// If this fails, JetStream removes the consumer once it is inactive.
	_ = s.log.js.DeleteConsumer(ctx, s.log.cfg.Stream, s.cons.CachedInfo().Name)
}

func (s *Subscription) fail(err error) {
	s.failOnce.Do(func() {
		s.err = err
		close(s.failed)
	})
}

// run fetches batches until the subscription is closed or fails.
func (s *Subscription) run() {
	defer close(s.done)
	batchSize := pullBatch(s.log.cfg.SubscribeBuffer)
	var b backoff
	for s.ctx.Err() == nil {
		if s.cons == nil {
			if err := s.create(s.ctx); err != nil {
				switch {
				case s.ctx.Err() != nil:
				case closedErr(err):
					s.fail(ErrClosed)
					return
				case transient(err), clusterForming(err), errors.Is(err, context.DeadlineExceeded):
					// Retried until the log is back or the subscription closed.
					_ = b.wait(s.ctx)
				default:
					s.fail(fmt.Errorf("subscription: re-create consumer: %w", err))
					return
				}
				continue
			}
		}
		batch, err := s.cons.Fetch(batchSize, jetstream.FetchContext(s.ctx), jetstream.FetchHeartbeat(subscribeHeartbeat))
		if err == nil {
			for msg := range batch.Messages() {
				if !s.handle(msg) {
					break
				}
			}
			err = batch.Error()
		}
		switch {
		case s.ctx.Err() != nil:
		case closedErr(err):
			s.fail(ErrClosed)
			return
		case s.gap || err != nil:
			// A gap, a lost consumer, a missed heartbeat, a reconnection:
			// start over after the last message handled.
			s.deleteConsumer()
			s.cons, s.gap = nil, false
			if err != nil {
				_ = b.wait(s.ctx)
			}
		default:
			b = backoff{}
		}
	}
}

// handle moves one message into the bounded buffer, waiting for room. It
// returns false to end the batch: the subscription is over, or the
// consumer skipped a delivery (s.gap is then set).
//
// The lag limit applies to a live subscriber, one that has caught up with
// the log once, so replaying a long log at the reader's own pace is never
// cut short. It is checked when the buffer was full (the reader, not the
// log, held delivery back), at most once per lagCheckInterval: the lag is
// the number of matching articles JetStream has stored but not yet
// delivered to this subscription, plus the buffer.
func (s *Subscription) handle(msg jetstream.Msg) bool {
	md, err := msg.Metadata()
	if err != nil {
		return true
	}
	if md.Sequence.Consumer != s.dseq+1 {
		s.gap = true
		return false
	}
	s.dseq = md.Sequence.Consumer
	if md.Sequence.Stream < s.next {
		return true // already handled before the consumer was re-created
	}
	s.next = md.Sequence.Stream + 1
	// A message that is not an article is skipped, as List skips it.
	if e, err := decodeEntry(md.Sequence.Stream, md.Timestamp, msg.Data()); err == nil && s.filter.match(e.Article) {
		select {
		case s.entries <- e:
		default:
			select {
			case s.entries <- e:
			case <-s.ctx.Done():
				return false
			}
			if s.live && time.Since(s.checked) >= lagCheckInterval {
				s.checked = time.Now()
				if lag, ok := s.lag(); ok && lag > uint64(s.log.cfg.MaxLag) {
					s.fail(&LagError{Lag: lag, Limit: s.log.cfg.MaxLag})
					s.cancel()
					return false
				}
			}
		}
	}
	if md.NumPending == 0 {
		s.live = true
	}
	return true
}

// lagCheckInterval spaces the lag checks of a subscriber that keeps the
// buffer full: each costs a request to JetStream.
const lagCheckInterval = time.Second

// lag is how many matching articles wait for the subscriber; ok is false
// when JetStream could not say.
func (s *Subscription) lag() (uint64, bool) {
	ctx, cancel := context.WithTimeout(s.ctx, 2*time.Second)
	defer cancel()
	info, err := s.cons.Info(ctx)
	if err != nil {
		return 0, false
	}
	return info.NumPending + uint64(len(s.entries)), true
}

// pullBatch is how many messages one fetch asks JetStream for: half the
// buffer, within 8 to 64.
func pullBatch(buffer int) int { return min(max(8, buffer/2), 64) }
