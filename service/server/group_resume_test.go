package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"testing"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"

	articlev1 "articleservice/proto/article/v1"
)

// ingestCorpus ingests the whole corpus through client and returns the
// cursor of each document, in order, failing unless each was created.
func ingestCorpus(tb testing.TB, client articlev1.ArticleServiceClient) []uint64 {
	tb.Helper()
	acks := ingestAll(tb, client, corpus(tb))
	cursors := make([]uint64, len(acks))
	for i, a := range acks {
		if a.GetError() != nil || a.GetOutcome() != created {
			tb.Fatalf("ack %d = %v, want created", i, a)
		}
		cursors[i] = a.GetCursor()
	}
	return cursors
}

// groupState reads a group's state, failing the test on an error.
func groupState(tb testing.TB, c articlev1.ConsumerGroupServiceClient, name string) *articlev1.ConsumerGroupState {
	tb.Helper()
	resp, err := c.GetConsumerGroup(callCtx(tb), &articlev1.GetConsumerGroupRequest{Name: name})
	if err != nil {
		tb.Fatalf("get group %s: %v", name, err)
	}
	return resp.GetState()
}

// TestGroupResumesAfterServerRestart: a group on the embedded log keeps its
// position across a restart of the server. A member acknowledges the first
// articles and holds more without acknowledging them when the server
// stops; after the restart, a new member receives the held articles again,
// as redeliveries, and the rest once, and never one acknowledged before.
func TestGroupResumesAfterServerRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("a restart test: go test without -short runs it")
	}
	cfg := mergeDefaults(DefaultConfig())
	cfg.Log.DataDir = t.TempDir()
	first := startServer(t, cfg)
	cursors := ingestCorpus(t, first.client)
	n, last := len(cursors), slices.Max(cursors)
	const group, ackFirst, hold = "resume", 60, 8
	if n < ackFirst+hold+1 {
		t.Fatalf("corpus of %d documents; the test needs more than %d", n, ackFirst+hold)
	}
	groups := articlev1.NewConsumerGroupServiceClient(first.conn)
	// A short ack wait: held articles the stop does not hand back come
	// back after it.
	createGroupRPC(t, groups, callCtx(t), &articlev1.ConsumerGroup{Name: group,
		Start: &articlev1.ConsumerGroup_FromStart{FromStart: true}, AckWait: durationpb.New(2 * time.Second)})

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	// Before the restart: ack the first ackFirst deliveries, then hold
	// hold more. The member's hand (max in flight = hold) is then full, so
	// it receives nothing else.
	member := joinGroup(t, ctx, groups, group, hold)
	ackedBefore, held := map[uint64]bool{}, map[uint64]bool{}
	var lastAcked, lastHeld uint64
	for len(ackedBefore)+len(held) < ackFirst+hold {
		m, err := member.Recv()
		if err != nil {
			t.Fatalf("before the restart, after %d deliveries: %v", len(ackedBefore)+len(held), err)
		}
		d := m.GetDelivery()
		cur := d.GetEntry().GetCursor()
		if d.GetDeliveryCount() != 1 || ackedBefore[cur] || held[cur] {
			t.Fatalf("before the restart, cursor %d delivered again (count %d)", cur, d.GetDeliveryCount())
		}
		if len(ackedBefore) == ackFirst {
			held[cur], lastHeld = true, cur
			continue
		}
		if err := member.Send(ack(d.GetDeliveryId())); err != nil {
			t.Fatalf("ack cursor %d: %v", cur, err)
		}
		ackedBefore[cur], lastAcked = true, cur
	}
	// Every ack is stored before the stop: one member receives in log
	// order, so its acks end at the ackFirst-th article.
	waitGroupState(t, groups, group, func(st *articlev1.ConsumerGroupState) bool {
		return st.GetAcknowledgedCursor() == lastAcked && st.GetAckPending() == hold
	})

	if err := first.stop(t); err != nil {
		t.Fatalf("stop: %v", err)
	}
	_, err := member.Recv()
	if status.Code(err) != codes.Unavailable {
		t.Errorf("member's stream at the stop = %v, want UNAVAILABLE", err)
	}

	second := startServer(t, cfg)
	groups = articlev1.NewConsumerGroupServiceClient(second.conn)
	resumed := groupState(t, groups, group)

	start := time.Now()
	member = joinGroup(t, ctx, groups, group, 16)
	ackedAfter := map[uint64]int{}
	var againAfterAck []uint64       // acknowledged before the restart, delivered after it
	heldCounts := map[uint64]int32{} // delivery count of each held article after the restart
	var freshRedelivered []string    // never delivered before, yet counted as a redelivery
	var heldBackAfter time.Duration  // when the last held article came back
	for len(ackedAfter) < n-ackFirst {
		m, err := member.Recv()
		if err != nil {
			t.Fatalf("after the restart, %d of %d acknowledged: %v", len(ackedAfter), n-ackFirst, err)
		}
		d := m.GetDelivery()
		cur := d.GetEntry().GetCursor()
		switch {
		case ackedBefore[cur]:
			againAfterAck = append(againAfterAck, cur)
		case held[cur]:
			heldCounts[cur] = d.GetDeliveryCount()
			heldBackAfter = time.Since(start)
		case d.GetDeliveryCount() != 1:
			freshRedelivered = append(freshRedelivered, fmt.Sprintf("%d (count %d)", cur, d.GetDeliveryCount()))
		}
		if err := member.Send(ack(d.GetDeliveryId())); err != nil {
			t.Fatalf("ack cursor %d: %v", cur, err)
		}
		if !ackedBefore[cur] {
			ackedAfter[cur]++
		}
	}
	// Half-closing applies every ack sent and ends the stream with OK.
	if err := member.CloseSend(); err != nil {
		t.Fatal(err)
	}
	for {
		m, err := member.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("member's stream after its half-close: %v, want OK", err)
		}
		d := m.GetDelivery()
		t.Errorf("cursor %d (count %d) delivered after every article was acknowledged", d.GetEntry().GetCursor(), d.GetDeliveryCount())
	}
	t.Logf("held articles back %v after the new member joined", heldBackAfter.Round(time.Millisecond))

	t.Run("the stored position survives the restart", func(t *testing.T) {
		if resumed.GetAcknowledgedCursor() != lastAcked || resumed.GetDeliveredCursor() != lastHeld || resumed.GetLag() != uint64(n-ackFirst) {
			t.Fatalf("state after the restart = %v; want acknowledged cursor %d, delivered cursor %d, lag %d",
				resumed, lastAcked, lastHeld, n-ackFirst)
		}
	})
	t.Run("nothing acknowledged is delivered again", func(t *testing.T) {
		if len(againAfterAck) > 0 {
			t.Fatalf("cursors acknowledged before the restart delivered after it: %v", againAfterAck)
		}
	})
	t.Run("the held articles come back as redeliveries", func(t *testing.T) {
		for cur := range held {
			if c, ok := heldCounts[cur]; !ok || c < 2 {
				t.Errorf("held cursor %d: delivered after the restart %v with count %d, want count > 1", cur, ok, c)
			}
		}
		if len(freshRedelivered) > 0 {
			t.Errorf("articles never delivered before counted as redeliveries: %v", freshRedelivered)
		}
	})
	t.Run("every article is acknowledged exactly once", func(t *testing.T) {
		for _, cur := range cursors {
			got := ackedAfter[cur]
			if ackedBefore[cur] {
				got++
			}
			if got != 1 {
				t.Errorf("cursor %d acknowledged %d times", cur, got)
			}
		}
	})
	t.Run("the group ends with lag 0 at the last cursor", func(t *testing.T) {
		st := waitGroupState(t, groups, group, func(st *articlev1.ConsumerGroupState) bool {
			return st.GetLag() == 0 && st.GetAcknowledgedCursor() == last
		})
		if st.GetAckPending() != 0 || st.GetRedelivered() != 0 || st.GetSetAside() != 0 {
			t.Fatalf("final state %v", st)
		}
	})
}

// consumerLeader is the node leading the JetStream consumer of a group
// (articlelog names it "group_" and the group's name).
func consumerLeader(tb testing.TB, c *natsCluster, stream, group string) *natsserver.Server {
	tb.Helper()
	cons, err := c.jetStream(tb).Consumer(callCtx(tb), stream, "group_"+group)
	if err != nil {
		tb.Fatalf("consumer of group %s: %v", group, err)
	}
	info := cons.CachedInfo()
	if info.Cluster == nil || info.Cluster.Leader == "" {
		tb.Fatalf("consumer of group %s has no leader: %+v", group, info.Cluster)
	}
	if info.Config.Replicas != 3 {
		tb.Fatalf("consumer of group %s has %d replicas, want 3", group, info.Config.Replicas)
	}
	return c.node(tb, info.Cluster.Leader)
}

// memberDelivery is one delivery a driven member received.
type memberDelivery struct {
	member string
	cursor uint64
	count  int32
}

// ledger records what the driven members of a group received and
// acknowledged.
type ledger struct {
	mu         sync.Mutex
	deliveries []memberDelivery
	acked      map[uint64]int // acks sent, by cursor
	// onAck is called, under mu, with the number of distinct cursors
	// acknowledged so far.
	onAck func(distinct int)
}

func newLedger(onAck func(int)) *ledger {
	return &ledger{acked: map[uint64]int{}, onAck: onAck}
}

func (l *ledger) delivered(d memberDelivery) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.deliveries = append(l.deliveries, d)
}

func (l *ledger) ackSent(cur uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.acked[cur]++
	if l.onAck != nil {
		l.onAck(len(l.acked))
	}
}

func (l *ledger) ackedCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.acked)
}

// drivenMember is one member of a group as a real client runs it: it
// acknowledges each delivery after pace, and joins again when its stream
// ends with an error, until finish closes its sends; it then reads its
// stream to the end, acknowledging nothing more.
type drivenMember struct {
	name        string
	client      articlev1.ConsumerGroupServiceClient
	group       string
	maxInFlight int32
	pace        time.Duration
	rec         *ledger

	mu        sync.Mutex
	stream    articlev1.ConsumerGroupService_ConsumeClient
	finishing bool

	// ended holds the status of each stream that ended with an error,
	// and joinErrs each failed join; written by run only.
	ended    []error
	joinErrs []error
}

// finish closes the member's sends: the server applies the acks sent and
// ends the stream with OK.
func (m *drivenMember) finish() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.finishing = true
	if m.stream != nil {
		m.stream.CloseSend()
	}
}

func (m *drivenMember) join(ctx context.Context) (articlev1.ConsumerGroupService_ConsumeClient, error) {
	stream, err := m.client.Consume(ctx)
	if err != nil {
		return nil, err
	}
	if err := stream.Send(&articlev1.ConsumeRequest{Action: &articlev1.ConsumeRequest_Join{Join: &articlev1.JoinGroup{Group: m.group, MaxInFlight: m.maxInFlight}}}); err != nil {
		if _, rerr := stream.Recv(); rerr != nil {
			return nil, rerr // the reason the stream ended
		}
		return nil, err
	}
	first, err := stream.Recv()
	if err != nil {
		return nil, err
	}
	if first.GetJoined() == nil {
		return nil, fmt.Errorf("first message %v, want joined", first)
	}
	return stream, nil
}

// run consumes until finish, or until ctx ends (an error).
func (m *drivenMember) run(ctx context.Context) error {
	for {
		m.mu.Lock()
		finishing := m.finishing
		m.mu.Unlock()
		if finishing {
			return nil
		}
		stream, err := m.join(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("%s: join: %w", m.name, ctx.Err())
			}
			m.joinErrs = append(m.joinErrs, err)
			select {
			case <-time.After(100 * time.Millisecond):
			case <-ctx.Done():
			}
			continue
		}
		m.mu.Lock()
		m.stream = stream
		if m.finishing {
			stream.CloseSend()
		}
		m.mu.Unlock()
		if err := m.consume(ctx, stream); err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("%s: %w (stream: %v)", m.name, ctx.Err(), err)
			}
			if errors.Is(err, io.EOF) {
				return nil // finished: every ack sent is applied
			}
			m.ended = append(m.ended, err)
		}
	}
}

// consume reads one stream until it ends: io.EOF after finish, else the
// stream's error.
func (m *drivenMember) consume(ctx context.Context, stream articlev1.ConsumerGroupService_ConsumeClient) error {
	for {
		resp, err := stream.Recv()
		if err != nil {
			return err
		}
		d := resp.GetDelivery()
		if d == nil {
			return fmt.Errorf("message %v, want a delivery", resp)
		}
		cur := d.GetEntry().GetCursor()
		m.rec.delivered(memberDelivery{member: m.name, cursor: cur, count: d.GetDeliveryCount()})
		if m.pace > 0 {
			select {
			case <-time.After(m.pace):
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		m.mu.Lock()
		if !m.finishing {
			// An error here ends the stream; Recv says why.
			if stream.Send(ack(d.GetDeliveryId())) == nil {
				m.rec.ackSent(cur)
			}
		}
		m.mu.Unlock()
	}
}

// runMembers runs members until each returns, and returns their errors.
func runMembers(ctx context.Context, members ...*drivenMember) []error {
	errs := make([]error, len(members))
	var wg sync.WaitGroup
	for i, m := range members {
		wg.Go(func() { errs[i] = m.run(ctx) })
	}
	wg.Wait()
	return errs
}

// TestGroupSurvivesANATSNodeLoss: a group on a three-node cluster, with a
// member on each of two servers, loses the node leading its consumer
// midway. The members go on (joining again when their stream ends); every
// article is acknowledged, none is lost, and none whose acknowledgement
// was stored before the node was lost is delivered again.
func TestGroupSurvivesANATSNodeLoss(t *testing.T) {
	if testing.Short() {
		t.Skip("a cluster test: go test without -short runs it")
	}
	// On three replicas this once failed at once: a fetch with a byte
	// limit lost its deliveries to JetStream's "batch completed" status
	// (see articlelog's Member.run); no member received an article.
	cluster := startNATSCluster(t, 3)
	cfg := cluster.sharedLog()
	a := startServer(t, cfg)
	b := startServer(t, cfg)
	ga := articlev1.NewConsumerGroupServiceClient(a.conn)
	gb := articlev1.NewConsumerGroupServiceClient(b.conn)
	const group = "failover"
	createGroupRPC(t, ga, callCtx(t), &articlev1.ConsumerGroup{Name: group,
		Start: &articlev1.ConsumerGroup_FromStart{FromStart: true}, AckWait: durationpb.New(2 * time.Second)})
	cursors := ingestCorpus(t, a.client)
	n, last := len(cursors), slices.Max(cursors)

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	// Before the failover: both members acknowledge until half the
	// articles are, then half-close. A stream that ends OK after its
	// half-close has every ack it sent stored: those are confirmed.
	half := make(chan struct{})
	var halfOnce sync.Once
	before := newLedger(func(k int) {
		if k >= n/2 {
			halfOnce.Do(func() { close(half) })
		}
	})
	a1 := &drivenMember{name: "a", client: ga, group: group, maxInFlight: 8, rec: before}
	b1 := &drivenMember{name: "b", client: gb, group: group, maxInFlight: 8, rec: before}
	go func() {
		select {
		case <-half:
		case <-ctx.Done():
		}
		a1.finish()
		b1.finish()
	}()
	for _, err := range runMembers(ctx, a1, b1) {
		if err != nil {
			t.Fatalf("before the failover, with %d of %d articles acknowledged in %d deliveries (group state %v): %v",
				before.ackedCount(), n, len(before.deliveries), groupState(t, ga, group), err)
		}
	}
	for _, m := range []*drivenMember{a1, b1} {
		if len(m.ended) > 0 || len(m.joinErrs) > 0 {
			t.Fatalf("before the failover, member %s: streams ended with %v, joins failed with %v", m.name, m.ended, m.joinErrs)
		}
	}
	confirmed := map[uint64]bool{}
	for cur := range before.acked {
		confirmed[cur] = true
	}
	inHand := map[uint64]bool{} // delivered before the failover, not confirmed
	for _, d := range before.deliveries {
		if !confirmed[d.cursor] {
			inHand[d.cursor] = true
		}
	}

	// The failover: new members join, and once they are under way the node
	// leading the group's consumer stops.
	after := newLedger(nil)
	a2 := &drivenMember{name: "a", client: ga, group: group, maxInFlight: 8, pace: 10 * time.Millisecond, rec: after}
	b2 := &drivenMember{name: "b", client: gb, group: group, maxInFlight: 8, pace: 10 * time.Millisecond, rec: after}
	errs := make(chan []error, 1)
	go func() { errs <- runMembers(ctx, a2, b2) }()
	for after.ackedCount() < 8 {
		if ctx.Err() != nil {
			t.Fatalf("members did not start again: %d acked", after.ackedCount())
		}
		time.Sleep(5 * time.Millisecond)
	}
	leader := consumerLeader(t, cluster, cfg.Log.Stream, group)
	streamLeader := cluster.leader(t, cfg.Log.Stream)
	ackedAtLoss := after.ackedCount()
	lost := time.Now()
	leader.Shutdown()
	leader.WaitForShutdown()
	t.Logf("stopped %s, leading the group's consumer (the stream's leader: %s), with %d of %d articles acknowledged",
		leader.Name(), streamLeader.Name(), len(confirmed)+ackedAtLoss, n)

	// The members finish once the group is done with every article: its
	// state, read through either server, says so.
	var final *articlev1.ConsumerGroupState
	for final == nil {
		if ctx.Err() != nil {
			a2.finish()
			b2.finish()
			t.Fatalf("group never done: %d articles acknowledged after the failover, %d of %d in all",
				after.ackedCount(), len(confirmed)+after.ackedCount(), n)
		}
		for _, c := range []articlev1.ConsumerGroupServiceClient{ga, gb} {
			cctx, ccancel := context.WithTimeout(ctx, 2*time.Second)
			resp, err := c.GetConsumerGroup(cctx, &articlev1.GetConsumerGroupRequest{Name: group})
			ccancel()
			if err == nil && resp.GetState().GetLag() == 0 && resp.GetState().GetAcknowledgedCursor() == last {
				final = resp.GetState()
				break
			}
		}
		if final == nil {
			time.Sleep(100 * time.Millisecond)
		}
	}
	done := time.Since(lost)
	a2.finish()
	b2.finish()
	var memberErrs []error
	select {
	case memberErrs = <-errs:
	case <-ctx.Done():
		t.Fatal("members did not end after their half-close")
	}
	for _, err := range memberErrs {
		if err != nil {
			t.Fatalf("after the failover: %v", err)
		}
	}
	t.Logf("group done %v after the node stopped; %d articles acknowledged since the members joined again, %d of them after the node stopped",
		done.Round(time.Millisecond), after.ackedCount(), after.ackedCount()-ackedAtLoss)

	t.Run("every article is acknowledged and none is lost", func(t *testing.T) {
		for _, cur := range cursors {
			if !confirmed[cur] && after.acked[cur] == 0 {
				t.Errorf("cursor %d never acknowledged", cur)
			}
		}
		if final.GetAckPending() != 0 || final.GetPending() != 0 || final.GetSetAside() != 0 {
			t.Errorf("final state %v", final)
		}
	})
	t.Run("nothing confirmed before the failover is delivered again", func(t *testing.T) {
		for _, d := range after.deliveries {
			if confirmed[d.cursor] {
				t.Errorf("cursor %d, acknowledged and stored before the failover, delivered again to %s (count %d)", d.cursor, d.member, d.count)
			}
		}
	})
	t.Run("member streams end only with UNAVAILABLE", func(t *testing.T) {
		for _, m := range []*drivenMember{a2, b2} {
			for _, err := range m.ended {
				if status.Code(err) != codes.Unavailable {
					t.Errorf("member %s: stream ended with %v, want UNAVAILABLE", m.name, err)
				}
			}
			t.Logf("member %s: %d streams ended (%v), %d joins failed (%v)", m.name, len(m.ended), m.ended, len(m.joinErrs), m.joinErrs)
		}
	})

	// Duplicates: articles delivered more than once in all, and whether
	// they were in hand at the failover.
	times := map[uint64]int{}
	for _, d := range before.deliveries {
		times[d.cursor]++
	}
	for _, d := range after.deliveries {
		times[d.cursor]++
	}
	var dups, dupsInHand int
	for cur, k := range times {
		if k > 1 {
			dups++
			if inHand[cur] {
				dupsInHand++
			}
		}
	}
	t.Logf("%d articles confirmed before the failover, %d in hand at it; %d delivered more than once (%d of them in hand at the failover), %d deliveries after it",
		len(confirmed), len(inHand), dups, dupsInHand, len(after.deliveries))
}
