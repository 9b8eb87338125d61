package articlelog

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"articleservice/service/article"
)

// MemberOptions bound what one member of a group holds.
type MemberOptions struct {
	// MaxInFlight is the most unacknowledged articles the member holds;
	// 0 selects Config.MemberMaxInFlight.
	MaxInFlight int
	// MaxBytes caps the bytes of the member's unacknowledged articles (one
	// article is always allowed); 0 or more than Config.MemberMaxBytes
	// selects Config.MemberMaxBytes.
	MaxBytes int64
}

// Delivery is an article handed to one member.
type Delivery struct {
	// ID names the delivery in Ack, Nack, Terminate and Extend; unique
	// within the member.
	ID uint64
	// Count is 1 on the article's first delivery to the group, more on
	// redeliveries.
	Count int
	Entry Entry
}

// Member consumes a group: it pulls articles from the group's consumer
// only while it holds fewer than MaxInFlight unacknowledged ones and their
// bytes are under MaxBytes, so the others get the rest. An article it
// holds is handed to another member when its ack wait passes, when it is
// nacked, or at once when the member closes.
//
// Articles that have been delivered more than the group's MaxDeliveries
// times are set aside by whichever member receives them next and never
// handed out, whatever brought them back (nacks, expired ack waits, lost
// members).
type Member struct {
	log  *Log
	spec GroupSpec
	cons jetstream.Consumer
	opts MemberOptions

	// out holds fetched articles for Next; each is already in inHand, so
	// it never holds more than MaxInFlight.
	out chan Delivery

	mu     sync.Mutex
	inHand map[uint64]held
	bytes  int64
	nextID uint64
	// released is signalled when the member gives an article back.
	released chan struct{}

	failed *failure

	ctx       context.Context
	cancel    context.CancelFunc
	done      chan struct{}
	closeOnce sync.Once
}

// held is an article the member has fetched and not yet given back.
type held struct {
	msg        jetstream.Msg
	n          int64
	cursor     uint64
	id         string
	deliveries int
}

// groupFetchWait is how long one fetch of a member waits for articles.
// Close waits for the fetch under way, so that whatever it brings is handed
// back at once rather than after the ack wait: it is kept short.
const groupFetchWait = 500 * time.Millisecond

// errMemberClosed ends Next on a closed member.
var errMemberClosed = errors.New("member closed")

// Join makes a member of the group name; an unknown group is a
// *GroupNotFoundError. The member must be closed.
func (l *Log) Join(ctx context.Context, name string, o MemberOptions) (*Member, error) {
	if err := validGroupName("join.group", name); err != nil {
		return nil, err
	}
	switch {
	case o.MaxInFlight < 0:
		return nil, article.Invalid("join.max_in_flight", "must not be negative", nil)
	case o.MaxInFlight == 0:
		o.MaxInFlight = l.cfg.MemberMaxInFlight
	}
	switch {
	case o.MaxBytes < 0:
		return nil, article.Invalid("join.max_bytes", "must not be negative", nil)
	case o.MaxBytes == 0, o.MaxBytes > l.cfg.MemberMaxBytes:
		o.MaxBytes = l.cfg.MemberMaxBytes
	}
	var cons jetstream.Consumer
	err := l.retry(ctx, func(ctx context.Context) error {
		var err error
		cons, err = l.stream.Consumer(ctx, consumerName(name))
		return err
	})
	if errors.Is(err, jetstream.ErrConsumerNotFound) {
		return nil, &GroupNotFoundError{Name: name}
	}
	if err != nil {
		return nil, fmt.Errorf("join group %s: %w", name, err)
	}
	spec, ok := specOf(cons.CachedInfo())
	if !ok {
		return nil, &GroupNotFoundError{Name: name}
	}
	mctx, cancel := context.WithCancel(context.Background())
	m := &Member{
		log: l, spec: spec, cons: cons, opts: o,
		out:      make(chan Delivery, o.MaxInFlight),
		inHand:   map[uint64]held{},
		released: make(chan struct{}, 1),
		failed:   newFailure(),
		ctx:      mctx, cancel: cancel,
		done: make(chan struct{}),
	}
	go m.run()
	return m, nil
}

// Group is the member's group's settings.
func (m *Member) Group() GroupSpec { return m.spec }

// Options are the member's limits, defaults filled in.
func (m *Member) Options() MemberOptions { return m.opts }

// Next returns the next article for the member, waiting for one. A member
// whose group was deleted fails with ErrGroupNotFound, one whose log closed
// with ErrClosed.
func (m *Member) Next(ctx context.Context) (Delivery, error) {
	select {
	case <-m.failed.done:
		return Delivery{}, m.failed.err
	default:
	}
	select {
	case d := <-m.out:
		return d, nil
	case <-m.failed.done:
		return Delivery{}, m.failed.err
	case <-ctx.Done():
		return Delivery{}, ctx.Err()
	}
}

// Failed is closed when the member has failed or closed; Next then says
// why.
func (m *Member) Failed() <-chan struct{} { return m.failed.done }

// InFlight is how many articles the member holds, and their bytes.
func (m *Member) InFlight() (int, int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.inHand), m.bytes
}

// Ack acknowledges a delivery, waiting for JetStream to confirm it: once
// it returns nil, the group will not deliver the article again. An id the
// member does not hold is an *article.FieldError on ack.delivery_id.
func (m *Member) Ack(ctx context.Context, id uint64) error {
	h, err := m.giveBack("ack.delivery_id", id)
	if err != nil {
		return err
	}
	if err := m.log.retry(ctx, h.msg.DoubleAck); err != nil && !errors.Is(err, jetstream.ErrMsgAlreadyAckd) {
		return fmt.Errorf("ack cursor %d: %w", h.cursor, err)
	}
	return nil
}

// Nack hands a delivery back, to be delivered again, to any member, after
// delay (at once when 0).
func (m *Member) Nack(ctx context.Context, id uint64, delay time.Duration) error {
	h, err := m.giveBack("nack.delivery_id", id)
	if err != nil {
		return err
	}
	if delay < 0 {
		delay = 0
	}
	if err := nak(h.msg, delay); err != nil {
		return fmt.Errorf("nack cursor %d: %w", h.cursor, err)
	}
	return nil
}

func nak(msg jetstream.Msg, delay time.Duration) error {
	if delay > 0 {
		return msg.NakWithDelay(delay)
	}
	return msg.Nak()
}

// Terminate sets a delivery aside for good, with the member's reason (at
// most 200 bytes kept).
func (m *Member) Terminate(ctx context.Context, id uint64, reason string) error {
	h, err := m.giveBack("terminate.delivery_id", id)
	if err != nil {
		return err
	}
	if err := m.setAside(ctx, h, h.deliveries, reason); err != nil {
		// Not recorded: it comes back, to be terminated again.
		_ = h.msg.Nak()
		return err
	}
	return nil
}

// Extend restarts a delivery's ack wait: the member is still working on
// it.
func (m *Member) Extend(ctx context.Context, id uint64) error {
	m.mu.Lock()
	h, ok := m.inHand[id]
	m.mu.Unlock()
	if !ok {
		return unknownDelivery("extend.delivery_id", id)
	}
	if err := h.msg.InProgress(); err != nil {
		return fmt.Errorf("extend cursor %d: %w", h.cursor, err)
	}
	return nil
}

func unknownDelivery(field string, id uint64) error {
	return article.Invalid(field, fmt.Sprintf("%d is not a delivery this member holds: never sent, or already acknowledged, nacked or terminated", id), nil)
}

// giveBack takes a delivery out of the member's hand, making room for
// more.
func (m *Member) giveBack(field string, id uint64) (held, error) {
	m.mu.Lock()
	h, ok := m.inHand[id]
	if ok {
		delete(m.inHand, id)
		m.bytes -= h.n
	}
	m.mu.Unlock()
	if !ok {
		return held{}, unknownDelivery(field, id)
	}
	select {
	case m.released <- struct{}{}:
	default:
	}
	return h, nil
}

// setAside records an article as set aside and terminates it.
func (m *Member) setAside(ctx context.Context, h held, deliveries int, reason string) error {
	if err := m.log.recordSetAside(ctx, m.spec.Name, SetAside{Cursor: h.cursor, ID: h.id, Deliveries: deliveries, Reason: reason, At: time.Now()}); err != nil {
		return err
	}
	if err := h.msg.Term(); err != nil {
		return fmt.Errorf("terminate cursor %d: %w", h.cursor, err)
	}
	return nil
}

// Close leaves the group: the fetch under way ends, and every article the
// member holds is handed back at once, for the other members.
func (m *Member) Close() {
	m.closeOnce.Do(func() {
		m.cancel()
		<-m.done
		m.fail(errMemberClosed)
		m.mu.Lock()
		hand := m.inHand
		m.inHand, m.bytes = map[uint64]held{}, 0
		m.mu.Unlock()
		for _, h := range hand {
			_ = h.msg.Nak()
		}
		for {
			select {
			case <-m.out:
			default:
				return
			}
		}
	})
}

func (m *Member) fail(err error) {
	m.failed.set(err)
}

// run fetches articles while the member has room, until it is closed or
// fails.
//
// The byte budget is kept here, not by a byte limit on the fetch: on a
// replicated consumer JetStream answers a pull request that has a byte
// limit with its "batch completed" status as soon as the count is reached,
// ahead of the deliveries the cluster is still agreeing on, and the client
// then drops those deliveries (each comes back only after the ack wait, and
// may end up set aside without any member having seen it). So a fetch asks
// for no more articles than the bytes left would hold at the size of the
// largest article the member has seen, and at least one: a member holds
// at most MaxBytes unless the articles grow past all it has seen.
func (m *Member) run() {
	defer close(m.done)
	var b backoff
	var largest int64 // owned by run: handle updates it
	for {
		n, room, ok := m.waitRoom()
		if !ok {
			return
		}
		if largest == 0 {
			n = 1
		} else {
			n = int(min(int64(n), max(1, room/largest)))
		}
		batch, err := m.cons.Fetch(n, jetstream.FetchMaxWait(groupFetchWait))
		if err == nil {
			for msg := range batch.Messages() {
				largest = max(largest, int64(len(msg.Data())))
				m.handle(msg)
			}
			err = batch.Error()
		}
		switch {
		case m.ctx.Err() != nil:
			return
		case err == nil:
			b = backoff{}
		case closedErr(err):
			m.fail(ErrClosed)
			return
		default:
			// A lost connection or leader, or the group deleted: ask.
			if gone := m.check(); gone != nil {
				m.fail(gone)
				return
			}
			_ = b.wait(m.ctx)
		}
	}
}

// waitRoom waits until the member may fetch: n is how many articles, room
// how many bytes.
func (m *Member) waitRoom() (n int, room int64, ok bool) {
	for {
		m.mu.Lock()
		count, bytes := len(m.inHand), m.bytes
		m.mu.Unlock()
		if count < m.opts.MaxInFlight && (count == 0 || bytes < m.opts.MaxBytes) {
			return m.opts.MaxInFlight - count, m.opts.MaxBytes - bytes, true
		}
		select {
		case <-m.released:
		case <-m.ctx.Done():
			return 0, 0, false
		}
	}
}

// check tells why fetching failed for good: the group is gone, or the log
// closed; nil for a failure worth retrying.
func (m *Member) check() error {
	ctx, cancel := context.WithTimeout(m.ctx, attemptTimeout)
	defer cancel()
	_, err := m.cons.Info(ctx)
	switch {
	case errors.Is(err, jetstream.ErrConsumerNotFound):
		return &GroupNotFoundError{Name: m.spec.Name}
	case closedErr(err):
		return ErrClosed
	}
	return nil
}

// handle takes one fetched message: sets it aside if delivered too often,
// acknowledges it if the group's filter rejects it, else puts it in the
// member's hand for Next.
func (m *Member) handle(msg jetstream.Msg) {
	md, err := msg.Metadata()
	if err != nil {
		return
	}
	e, derr := decodeEntry(md.Sequence.Stream, md.Timestamp, msg.Data())
	if derr != nil || !m.spec.Filter.match(e.Article) {
		// Not an article, or not one the group receives: done with.
		_ = msg.Ack()
		return
	}
	h := held{msg: msg, n: int64(len(msg.Data())), cursor: md.Sequence.Stream, id: e.Article.GetId(), deliveries: int(md.NumDelivered)}
	if md.NumDelivered > uint64(m.spec.MaxDeliveries) {
		ctx, cancel := context.WithTimeout(m.ctx, attemptTimeout)
		defer cancel()
		if err := m.setAside(ctx, h, int(md.NumDelivered-1), ReasonMaxDeliveries); err != nil {
			// Not recorded: it comes back and is tried again.
			_ = msg.NakWithDelay(time.Second)
		}
		return
	}
	m.mu.Lock()
	m.nextID++
	id := m.nextID
	m.inHand[id] = h
	m.bytes += h.n
	m.mu.Unlock()
	// out has room for every article in hand, unless the reader gave back
	// deliveries Next had not returned yet: then this waits for Next, or
	// for Close, which hands the article back.
	select {
	case m.out <- Delivery{ID: id, Count: int(md.NumDelivered), Entry: e}:
	case <-m.ctx.Done():
	}
}
