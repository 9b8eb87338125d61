package articlelog

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"

	"articleservice/service/budget"
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
//
// What it holds for its reader is bounded in bytes as well as articles:
// each fetch is reserved, before it is asked for, in the subscription's
// budget (Config.SubscribeMaxBytes) and the log's shared one
// (Config.SubscribeTotalBytes), and an article stays counted from its
// fetch until the reader asks for the next one. A reader that
// leaves articles waiting for longer than Config.SubscribeStallTimeout
// ends the subscription with a *StallError.
type Subscription struct {
	log     *Log
	cfg     jetstream.ConsumerConfig // of the first consumer; re-created ones start at next
	start   uint64
	filter  Filter
	entries chan buffered
	own     *budget.Bytes // this subscription's bytes; each also held in log.subscribed

	// Owned by the reader (Next, then Close).
	// delivering is the bytes of the entries Next returned before last and
	// last: a transport may still hold one it handed over (gRPC queues a
	// sent message until the client's flow-control window takes it).
	delivering [2]int64

	// taken is when the reader last took an article or finished one, in
	// Unix nanoseconds: the stall timeout counts from it.
	taken atomic.Int64
	// offered is the bytes of the articles the reader has to take or is
	// delivering: while it is 0, a wait is not the reader's doing.
	offered atomic.Int64

	// Owned by run.
	cons    jetstream.Consumer
	next    uint64 // stream sequence to start a re-created consumer at; 0 before the first message
	dseq    uint64 // last delivery sequence of cons
	gap     bool   // cons skipped a delivery: re-create it
	live    bool
	checked time.Time

	failed *failure

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
		st, err := l.streamState(ctx)
		if err != nil {
			return nil, err
		}
		after := st.LastSeq
		if o.Start == StartAfter {
			if err := checkAfter(o.After, st); err != nil {
				return nil, err
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
		entries: make(chan buffered, l.cfg.SubscribeBuffer),
		own:     budget.New(int64(l.cfg.SubscribeMaxBytes)),
		failed:  newFailure(),
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
	s.taken.Store(time.Now().UnixNano())
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

// buffered is an article in the buffer and the bytes it holds in the budgets.
type buffered struct {
	e Entry
	n int64
}

// Next returns the next matching article, waiting for one to be stored.
// An article it returned stops counting against the byte budgets two calls
// later, when the caller has sent another one after it, or as soon as Next
// has to wait for a new article.
//
// A live subscriber that has fallen further behind than Config.MaxLag gets
// a *LagError (errors.Is(err, ErrLagging)), one that left articles waiting
// for Config.SubscribeStallTimeout a *StallError (errors.Is(err,
// ErrStalled)); the subscription is over and a new one resumes after the
// last cursor received.
func (s *Subscription) Next(ctx context.Context) (Entry, error) {
	select {
	case <-s.failed.done:
		s.release()
		return Entry{}, s.failed.err
	default:
	}
	select {
	case h := <-s.entries:
		s.releaseOne()
		return s.take(h), nil
	default:
	}
	// Nothing is buffered: the reader keeps up. The transport may still
	// hold the article it sent last (gRPC queues a message until the
	// client's window takes it, and says nothing when it has), but keeping
	// that counted until the next article would stop a subscription whose
	// budget it fills from ever fetching the next one: at most one article
	// per subscription is outside the budgets.
	s.release()
	select {
	case h := <-s.entries:
		return s.take(h), nil
	case <-s.failed.done:
		return Entry{}, s.failed.err
	case <-ctx.Done():
		return Entry{}, ctx.Err()
	}
}

// Failed is closed when the subscription has failed; Next then returns
// why. A reader busy delivering an article can watch it to learn that the
// subscription is over without calling Next.
func (s *Subscription) Failed() <-chan struct{} { return s.failed.done }

func (s *Subscription) take(h buffered) Entry {
	s.delivering[1] = h.n
	s.taken.Store(time.Now().UnixNano())
	return h.e
}

// releaseOne gives back the bytes of the article returned before last,
// and keeps the last one counted.
func (s *Subscription) releaseOne() {
	s.giveBack(s.delivering[0])
	s.delivering = [2]int64{s.delivering[1], 0}
}

// release gives back the bytes of every article returned.
func (s *Subscription) release() {
	s.giveBack(s.delivering[0] + s.delivering[1])
	s.delivering = [2]int64{}
}

func (s *Subscription) giveBack(n int64) {
	if n == 0 {
		return
	}
	s.free(n)
	s.offered.Add(-n)
	s.taken.Store(time.Now().UnixNano())
}

func (s *Subscription) free(n int64) {
	s.own.Release(n)
	s.log.subscribed.Release(n)
}

// Close ends the subscription, deletes its consumer and gives back every
// byte it held.
func (s *Subscription) Close() {
	s.closeOnce.Do(func() {
		s.cancel()
		<-s.done
		s.release()
		s.drop()
		s.deleteConsumer()
	})
}

// dropIfFailed gives back the bytes of the buffered articles of a failed
// subscription at once: its reader will never take them, and the others
// should not wait for its Close.
func (s *Subscription) dropIfFailed() {
	select {
	case <-s.failed.done:
		s.drop()
	default:
	}
}

// drop empties the buffer, giving back what its articles held.
func (s *Subscription) drop() {
	for {
		select {
		case h := <-s.entries:
			s.free(h.n)
			s.offered.Add(-h.n)
		default:
			return
		}
	}
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
	s.failed.set(err)
}

// run fetches batches until the subscription is closed or fails.
//
// Each fetch is reserved in both byte budgets before it is asked for, so a
// subscription waiting for room holds no fetched message, and whatever a
// fetch brings is already counted. Its size starts small, so that an idle
// live subscription reserves little, and doubles while batches come back
// full, up to the room left in the subscription's budget. JetStream
// answers a fetch too small for the next article with nothing, at once:
// the next fetch then waits until the reader has taken everything and
// makes room for the largest article.
func (s *Subscription) run() {
	defer close(s.done)
	defer s.dropIfFailed()
	batchSize := pullBatch(s.log.cfg.SubscribeBuffer)
	limit := s.log.cfg.SubscribeMaxBytes
	size := min(minFetch, limit)
	big := false
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
		want := min(size, limit-int(s.own.Held()))
		switch {
		case big:
			if !s.waitRoom(int64(limit)) {
				return
			}
			want = max(limit, s.log.maxArticle+fetchOverhead)
		case want < min(minFetch, limit):
			if !s.waitRoom(int64(min(minFetch, limit))) {
				return
			}
			continue
		}
		if !s.reserve(int64(want)) {
			return
		}
		start := time.Now()
		got, used := 0, int64(0)
		batch, err := s.cons.Fetch(batchSize, jetstream.FetchContext(s.ctx), jetstream.FetchHeartbeat(subscribeHeartbeat), jetstream.FetchMaxBytes(want))
		if err == nil {
			for msg := range batch.Messages() {
				got++
				n, ok := s.handle(msg)
				used += n
				if !ok {
					break
				}
			}
			err = batch.Error()
		}
		s.free(int64(want) - used)
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
			big = got == 0 && time.Since(start) < fetchExpiry/2
			switch {
			case got == batchSize || used >= int64(want)/2:
				size = min(2*size, limit)
			case got == 0:
				size = min(minFetch, limit)
			}
		}
	}
}

const (
	// minFetch is the size of the first fetch and of those of an idle
	// live subscription: what each reserves while it waits for articles.
	minFetch = 64 << 10
	// fetchOverhead is room a fetch leaves for what JetStream counts
	// besides an article's bytes: its subject and headers.
	fetchOverhead = 4 << 10
	// fetchExpiry is how long JetStream keeps a fetch open (nats.go's
	// default when the fetch has a context).
	fetchExpiry = jetstream.DefaultExpires
)

// reserve holds n bytes in the subscription's budget, then in the log's.
func (s *Subscription) reserve(n int64) bool {
	if !s.acquire(s.own, n) {
		return false
	}
	if !s.acquire(s.log.subscribed, n) {
		s.own.Release(n)
		return false
	}
	return true
}

// waitRoom waits until n bytes fit the subscription's budget (all of it
// fits only when nothing is held).
func (s *Subscription) waitRoom(n int64) bool {
	if !s.acquire(s.own, n) {
		return false
	}
	s.own.Release(n)
	return true
}

// handle moves one message into the bounded buffer, waiting for room in
// the buffer; the fetch reserved its bytes. It returns the bytes the
// message now holds (0 if it was skipped), and false to end the batch:
// the subscription is over, or the consumer skipped a delivery (s.gap is
// then set).
//
// The lag limit applies to a live subscriber, one that has caught up with
// the log once, so replaying a long log at the reader's own pace is never
// cut short. It is checked when the reader held delivery back (the buffer
// was full), at most once per lagCheckInterval: the lag is the number of
// matching articles JetStream has stored but not yet delivered to this
// subscription, plus the buffer.
func (s *Subscription) handle(msg jetstream.Msg) (int64, bool) {
	md, err := msg.Metadata()
	if err != nil {
		return 0, true
	}
	if md.Sequence.Consumer != s.dseq+1 {
		s.gap = true
		return 0, false
	}
	s.dseq = md.Sequence.Consumer
	if md.Sequence.Stream < s.next {
		return 0, true // already handled before the consumer was re-created
	}
	s.next = md.Sequence.Stream + 1
	var n int64
	// A message that is not an article is skipped, as List skips it.
	if e, err := decodeEntry(md.Sequence.Stream, md.Timestamp, msg.Data()); err == nil && s.filter.match(e.Article) {
		n = int64(len(msg.Data()))
		s.offered.Add(n)
		select {
		case s.entries <- buffered{e, n}:
		default:
			if !s.push(buffered{e, n}) {
				s.offered.Add(-n)
				return 0, false
			}
			if s.live && time.Since(s.checked) >= lagCheckInterval {
				s.checked = time.Now()
				if lag, ok := s.lag(); ok && lag > uint64(s.log.cfg.MaxLag) {
					s.fail(&LagError{Lag: lag, Limit: s.log.cfg.MaxLag})
					s.cancel()
					return n, false
				}
			}
		}
	}
	if md.NumPending == 0 {
		s.live = true
	}
	return n, true
}

// acquire waits for n bytes of b while the reader keeps taking articles.
func (s *Subscription) acquire(b *budget.Bytes, n int64) bool {
	since := time.Now()
	for {
		ctx, cancel := context.WithDeadline(s.ctx, s.stallDeadline(since))
		err := b.Acquire(ctx, n)
		cancel()
		switch {
		case err == nil:
			return true
		case s.ctx.Err() != nil:
			return false
		case s.stalled(since):
			return false
		}
	}
}

// push waits for room in the buffer while the reader keeps taking
// articles.
func (s *Subscription) push(h buffered) bool {
	since := time.Now()
	for {
		// The same deadline as acquire's: the wait ends with the
		// subscription or at the stall deadline, whichever comes first.
		ctx, cancel := context.WithDeadline(s.ctx, s.stallDeadline(since))
		select {
		case s.entries <- h:
			cancel()
			return true
		case <-ctx.Done():
			cancel()
		}
		if s.ctx.Err() != nil || s.stalled(since) {
			return false
		}
	}
}

// stallDeadline is when a wait that began at since ends the subscription
// if the reader takes nothing: the stall timeout after the later of the
// two.
func (s *Subscription) stallDeadline(since time.Time) time.Time {
	last := time.Unix(0, s.taken.Load())
	if last.Before(since) {
		last = since
	}
	return last.Add(s.log.cfg.SubscribeStallTimeout)
}

// stalled fails the subscription if its deadline has passed while the
// reader had articles to take. A subscription whose reader has none is
// waiting on the others' share of the log's budget, not on its reader:
// it waits on.
func (s *Subscription) stalled(since time.Time) bool {
	if time.Now().Before(s.stallDeadline(since)) || s.offered.Load() == 0 {
		return false
	}
	s.fail(&StallError{Held: s.own.Held(), Limit: s.log.cfg.SubscribeMaxBytes, Idle: time.Since(time.Unix(0, s.taken.Load())).Round(time.Second)})
	s.cancel()
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
