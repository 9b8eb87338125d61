package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/article"
	"articleservice/service/articlelog"
)

// appendArticles stores n small articles straight into the server's log
// and returns their cursors.
func appendArticles(tb testing.TB, s *Server, n int) []uint64 {
	tb.Helper()
	var out []uint64
	for i := range n {
		id := fmt.Sprintf("art-%d", i)
		sum := sha256.Sum256([]byte(id))
		res, err := s.articles.Append(callCtx(tb), &article.Article{ID: id, Site: "site", Language: "en", BodyText: "body of " + id,
			ContentHash: hex.EncodeToString(sum[:])}, articlelog.DedupByID)
		if err != nil {
			tb.Fatalf("append %s: %v", id, err)
		}
		out = append(out, res.Cursor)
	}
	return out
}

func withToken(ctx context.Context, token string) context.Context {
	if token == "" {
		return ctx
	}
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
}

// joinGroup opens a Consume stream, joins group and reads Joined.
func joinGroup(tb testing.TB, ctx context.Context, c articlev1.ConsumerGroupServiceClient, group string, maxInFlight int32) articlev1.ConsumerGroupService_ConsumeClient {
	tb.Helper()
	stream, err := c.Consume(ctx)
	if err != nil {
		tb.Fatalf("consume: %v", err)
	}
	if err := stream.Send(&articlev1.ConsumeRequest{Action: &articlev1.ConsumeRequest_Join{Join: &articlev1.JoinGroup{Group: group, MaxInFlight: maxInFlight}}}); err != nil {
		tb.Fatalf("join: %v", err)
	}
	first, err := stream.Recv()
	if err != nil {
		tb.Fatalf("joined: %v", err)
	}
	if first.GetJoined() == nil || first.GetJoined().GetGroup().GetName() != group {
		tb.Fatalf("first message %v, want joined for %s", first, group)
	}
	return stream
}

func ack(id uint64) *articlev1.ConsumeRequest {
	return &articlev1.ConsumeRequest{Action: &articlev1.ConsumeRequest_Ack{Ack: &articlev1.Ack{DeliveryId: id}}}
}

func createGroupRPC(tb testing.TB, c articlev1.ConsumerGroupServiceClient, ctx context.Context, g *articlev1.ConsumerGroup) {
	tb.Helper()
	resp, err := c.CreateConsumerGroup(ctx, &articlev1.CreateConsumerGroupRequest{Group: g})
	if err != nil || !resp.GetCreated() {
		tb.Fatalf("create %s = %v, %v", g.GetName(), resp, err)
	}
}

func detailOf[T any](err error) (T, bool) {
	for _, d := range status.Convert(err).Details() {
		if v, ok := d.(T); ok {
			return v, true
		}
	}
	var zero T
	return zero, false
}

func TestEveryGroupMethodHasItsScope(t *testing.T) {
	t.Parallel()
	desc := articlev1.ConsumerGroupService_ServiceDesc
	want := map[string]Scope{"CreateConsumerGroup": ScopeAdmin, "DeleteConsumerGroup": ScopeAdmin,
		"GetConsumerGroup": ScopeRead, "ListConsumerGroups": ScopeRead, "Consume": ScopeRead}
	var names []string
	for _, m := range desc.Methods {
		names = append(names, m.MethodName)
	}
	for _, s := range desc.Streams {
		names = append(names, s.StreamName)
	}
	if len(names) != len(want) {
		t.Fatalf("methods %v: update this test and requiredScope", names)
	}
	for _, n := range names {
		if scope, public := requiredScope("/" + desc.ServiceName + "/" + n); public || scope != want[n] {
			t.Errorf("%s needs %q (public %v), want %q", n, scope, public, want[n])
		}
	}
}

func TestConsumerGroupsThroughGRPC(t *testing.T) {
	t.Parallel()
	const reader, admin = "read-token-0123456789", "admin-token-0123456789"
	path := writeTokenFile(t, "",
		credential{name: "reader", token: reader, scopes: []Scope{ScopeRead}},
		credential{name: "operator", token: admin, scopes: []Scope{ScopeAdmin}})
	// A short idle timeout: a member waiting for articles sends nothing,
	// and must not be cut off for it.
	es := startEdgeServer(t, func(c *Config) { c.Access.TokenFile = path; c.Calls.StreamIdleTimeout = 300 * time.Millisecond })
	c := articlev1.NewConsumerGroupServiceClient(es.conn(t))
	rctx, actx := withToken(callCtx(t), reader), withToken(callCtx(t), admin)
	g := &articlev1.ConsumerGroup{Name: "indexer", Start: &articlev1.ConsumerGroup_FromStart{FromStart: true},
		Filter: &articlev1.ArticleFilter{Languages: []string{"en"}}}

	if _, err := c.CreateConsumerGroup(rctx, &articlev1.CreateConsumerGroupRequest{Group: g}); status.Code(err) != codes.PermissionDenied {
		t.Fatalf("create with read scope = %v, want PERMISSION_DENIED", err)
	}
	created, err := c.CreateConsumerGroup(actx, &articlev1.CreateConsumerGroupRequest{Group: g})
	if err != nil || !created.GetCreated() || created.GetGroup().GetAckWait().AsDuration() != 30*time.Second ||
		created.GetGroup().GetMaxDeliveries() != 5 || created.GetGroup().GetMaxAckPending() != 1000 || created.GetGroup().GetCreatedAt() == nil {
		t.Fatalf("create = %v, %v", created, err)
	}
	again, err := c.CreateConsumerGroup(actx, &articlev1.CreateConsumerGroupRequest{Group: g})
	if err != nil || again.GetCreated() || !again.GetGroup().GetCreatedAt().AsTime().Equal(created.GetGroup().GetCreatedAt().AsTime()) {
		t.Fatalf("create again = %v, %v; want the existing group", again, err)
	}
	other := &articlev1.ConsumerGroup{Name: "indexer", AckWait: durationpb.New(time.Minute)}
	_, err = c.CreateConsumerGroup(actx, &articlev1.CreateConsumerGroupRequest{Group: other})
	if ri, ok := detailOf[*errdetails.ResourceInfo](err); status.Code(err) != codes.AlreadyExists || !ok || ri.GetResourceName() != "indexer" {
		t.Fatalf("create with other settings = %v, want ALREADY_EXISTS naming the group", err)
	}
	_, err = c.CreateConsumerGroup(actx, &articlev1.CreateConsumerGroupRequest{Group: &articlev1.ConsumerGroup{Name: "no spaces"}})
	if br, ok := detailOf[*errdetails.BadRequest](err); status.Code(err) != codes.InvalidArgument || !ok || br.GetFieldViolations()[0].GetField() != "group.name" {
		t.Fatalf("bad name = %v", err)
	}

	got, err := c.GetConsumerGroup(rctx, &articlev1.GetConsumerGroupRequest{Name: "indexer"})
	if err != nil || got.GetGroup().GetFilter().GetLanguages()[0] != "en" || !got.GetGroup().GetFromStart() {
		t.Fatalf("get = %v, %v", got, err)
	}
	_, err = c.GetConsumerGroup(rctx, &articlev1.GetConsumerGroupRequest{Name: "nope"})
	if ri, ok := detailOf[*errdetails.ResourceInfo](err); status.Code(err) != codes.NotFound || !ok || ri.GetResourceType() != "article.v1.ConsumerGroup" || ri.GetResourceName() != "nope" {
		t.Fatalf("get unknown = %v, want NOT_FOUND with a ResourceInfo", err)
	}
	list, err := c.ListConsumerGroups(rctx, &articlev1.ListConsumerGroupsRequest{})
	if err != nil || len(list.GetGroups()) != 1 || list.GetGroups()[0].GetGroup().GetName() != "indexer" {
		t.Fatalf("list = %v, %v", list, err)
	}

	// The first message must be join.
	bad, err := c.Consume(rctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := bad.Send(ack(1)); err != nil {
		t.Fatal(err)
	}
	_, err = bad.Recv()
	if br, ok := detailOf[*errdetails.BadRequest](err); status.Code(err) != codes.InvalidArgument || !ok || br.GetFieldViolations()[0].GetField() != "join" {
		t.Fatalf("consume without join = %v, want INVALID_ARGUMENT on join", err)
	}
	// The reader consumes; it idles past the idle timeout first.
	member := joinGroup(t, rctx, c, "indexer", 0)
	time.Sleep(time.Second)
	cursors := appendArticles(t, es.srv, 3)
	for i := range 3 {
		m, err := member.Recv()
		if err != nil {
			t.Fatalf("delivery %d: %v", i, err)
		}
		d := m.GetDelivery()
		if d.GetEntry().GetCursor() != cursors[i] || d.GetDeliveryCount() != 1 {
			t.Fatalf("delivery %d = %v, want cursor %d", i, d, cursors[i])
		}
		if err := member.Send(ack(d.GetDeliveryId())); err != nil {
			t.Fatal(err)
		}
	}
	if err := member.Send(ack(999)); err != nil {
		t.Fatal(err)
	}
	_, err = member.Recv()
	if br, ok := detailOf[*errdetails.BadRequest](err); status.Code(err) != codes.InvalidArgument || !ok || br.GetFieldViolations()[0].GetField() != "ack.delivery_id" {
		t.Fatalf("ack of an unknown delivery = %v, want INVALID_ARGUMENT on ack.delivery_id", err)
	}
	st, err := c.GetConsumerGroup(rctx, &articlev1.GetConsumerGroupRequest{Name: "indexer"})
	if err != nil || st.GetState().GetAcknowledgedCursor() != cursors[2] || st.GetState().GetLag() != 0 {
		t.Fatalf("state after the acks = %v, %v", st.GetState(), err)
	}

	// Deleting the group ends its members with NOT_FOUND.
	member = joinGroup(t, rctx, c, "indexer", 0)
	if _, err := c.DeleteConsumerGroup(rctx, &articlev1.DeleteConsumerGroupRequest{Name: "indexer"}); status.Code(err) != codes.PermissionDenied {
		t.Fatalf("delete with read scope = %v", err)
	}
	if _, err := c.DeleteConsumerGroup(actx, &articlev1.DeleteConsumerGroupRequest{Name: "indexer"}); err != nil {
		t.Fatal(err)
	}
	if _, err := member.Recv(); status.Code(err) != codes.NotFound {
		t.Fatalf("member of a deleted group = %v, want NOT_FOUND", err)
	}
	if _, err := c.GetConsumerGroup(rctx, &articlev1.GetConsumerGroupRequest{Name: "indexer"}); status.Code(err) != codes.NotFound {
		t.Fatalf("get deleted = %v", err)
	}
}

func TestConsumeMembersEachArticleAckedOnce(t *testing.T) {
	t.Parallel()
	es := startEdgeServer(t, nil)
	c := articlev1.NewConsumerGroupServiceClient(es.conn(t))
	const n = 3000
	cursors := appendArticles(t, es.srv, n)
	createGroupRPC(t, c, callCtx(t), &articlev1.ConsumerGroup{Name: "g", Start: &articlev1.ConsumerGroup_FromStart{FromStart: true}})

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var mu sync.Mutex
	acked := map[uint64]int{}
	shares := make([]int, 3)
	all := make(chan struct{})
	var wg sync.WaitGroup
	var members []articlev1.ConsumerGroupService_ConsumeClient
	sendMu := make([]sync.Mutex, 3)
	for i := range 3 {
		member := joinGroup(t, ctx, c, "g", 16)
		members = append(members, member)
		wg.Go(func() {
			for {
				m, err := member.Recv()
				if errors.Is(err, io.EOF) {
					return // half-closed below, once every article arrived
				}
				if err != nil {
					t.Errorf("member %d: %v", i, err)
					return
				}
				d := m.GetDelivery()
				mu.Lock()
				acked[d.GetEntry().GetCursor()]++
				shares[i]++
				if len(acked) == n {
					close(all)
				}
				mu.Unlock()
				sendMu[i].Lock()
				err = member.Send(ack(d.GetDeliveryId()))
				sendMu[i].Unlock()
				if err != nil && !errors.Is(err, io.EOF) {
					t.Errorf("member %d ack: %v", i, err)
					return
				}
			}
		})
	}
	select {
	case <-all:
	case <-ctx.Done():
		t.Fatalf("only %d of %d articles received", len(acked), n)
	}
	// Half-closing applies the acks sent and ends each stream with OK.
	for i, member := range members {
		sendMu[i].Lock()
		member.CloseSend()
		sendMu[i].Unlock()
	}
	wg.Wait()
	for _, cur := range cursors {
		if acked[cur] != 1 {
			t.Fatalf("cursor %d received %d times", cur, acked[cur])
		}
	}
	for i, k := range shares {
		if k == 0 {
			t.Errorf("member %d received nothing (shares %v)", i, shares)
		}
	}
	t.Logf("shares %v", shares)
	waitGroupState(t, c, "g", func(st *articlev1.ConsumerGroupState) bool {
		return st.GetAcknowledgedCursor() == cursors[n-1] && st.GetLag() == 0
	})
}

func waitGroupState(tb testing.TB, c articlev1.ConsumerGroupServiceClient, name string, ok func(*articlev1.ConsumerGroupState) bool) *articlev1.ConsumerGroupState {
	tb.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := c.GetConsumerGroup(callCtx(tb), &articlev1.GetConsumerGroupRequest{Name: name})
		if err != nil {
			tb.Fatal(err)
		}
		if ok(resp.GetState()) {
			return resp.GetState()
		}
		if time.Now().After(deadline) {
			tb.Fatalf("group %s: state %v never as wanted", name, resp.GetState())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestConsumeCancelledMemberHandsItsArticlesBack(t *testing.T) {
	t.Parallel()
	es := startEdgeServer(t, nil)
	c := articlev1.NewConsumerGroupServiceClient(es.conn(t))
	const n = 60
	appendArticles(t, es.srv, n)
	createGroupRPC(t, c, callCtx(t), &articlev1.ConsumerGroup{Name: "g", Start: &articlev1.ConsumerGroup_FromStart{FromStart: true}}) // ack wait 30 s

	actx, cancelA := context.WithCancel(callCtx(t))
	a := joinGroup(t, actx, c, "g", 5)
	inHand := map[uint64]bool{}
	for range 5 {
		m, err := a.Recv()
		if err != nil {
			t.Fatal(err)
		}
		inHand[m.GetDelivery().GetEntry().GetCursor()] = true
	}
	b := joinGroup(t, callCtx(t), c, "g", 10)
	acked := map[uint64]bool{}
	receive := func(until int) {
		t.Helper()
		for len(acked) < until {
			m, err := b.Recv()
			if err != nil {
				t.Fatal(err)
			}
			d := m.GetDelivery()
			cur := d.GetEntry().GetCursor()
			if acked[cur] || (d.GetDeliveryCount() > 1 && !inHand[cur]) {
				t.Fatalf("cursor %d delivered again (count %d)", cur, d.GetDeliveryCount())
			}
			acked[cur] = true
			if err := b.Send(ack(d.GetDeliveryId())); err != nil {
				t.Fatal(err)
			}
		}
	}
	receive(n - len(inHand))
	cancelA()
	done := make(chan struct{})
	timer := time.AfterFunc(10*time.Second, func() {
		select {
		case <-done:
		default:
			t.Errorf("a's articles did not reach b within 10s of its cancel (ack wait 30s)")
		}
	})
	defer timer.Stop()
	receive(n)
	close(done)
	for cur := range inHand {
		if !acked[cur] {
			t.Fatalf("cursor %d lost", cur)
		}
	}
}

func TestConsumePoisonArticleSetAsideVisibleAndMetrics(t *testing.T) {
	t.Parallel()
	es := startEdgeServer(t, nil)
	base := es.serveMetrics(t)
	c := articlev1.NewConsumerGroupServiceClient(es.conn(t))
	cursors := appendArticles(t, es.srv, 5)
	poison := cursors[2]
	createGroupRPC(t, c, callCtx(t), &articlev1.ConsumerGroup{Name: "poisoned", Start: &articlev1.ConsumerGroup_FromStart{FromStart: true}, MaxDeliveries: 2})
	member := joinGroup(t, callCtx(t), c, "poisoned", 0)
	acked, nacks := 0, 0
	for acked < 4 || nacks < 2 {
		m, err := member.Recv()
		if err != nil {
			t.Fatal(err)
		}
		d := m.GetDelivery()
		if d.GetEntry().GetCursor() == poison {
			nacks++
			if nacks > 2 {
				t.Fatalf("poison delivered %d times, max deliveries 2", nacks)
			}
			if err := member.Send(&articlev1.ConsumeRequest{Action: &articlev1.ConsumeRequest_Nack{Nack: &articlev1.Nack{DeliveryId: d.GetDeliveryId()}}}); err != nil {
				t.Fatal(err)
			}
			continue
		}
		acked++
		if err := member.Send(ack(d.GetDeliveryId())); err != nil {
			t.Fatal(err)
		}
	}
	st := waitGroupState(t, c, "poisoned", func(st *articlev1.ConsumerGroupState) bool { return st.GetSetAside() == 1 && st.GetLag() == 0 })
	if len(st.GetRecentSetAside()) != 1 {
		t.Fatalf("recent set aside %v", st.GetRecentSetAside())
	}
	sa := st.GetRecentSetAside()[0]
	if sa.GetCursor() != poison || sa.GetId() != "art-2" || sa.GetDeliveries() != 2 || sa.GetReason() != articlelog.ReasonMaxDeliveries || sa.GetSetAsideAt() == nil {
		t.Fatalf("set aside %v", sa)
	}
	if st.GetAcknowledgedCursor() != cursors[4] {
		t.Fatalf("acknowledged cursor %d, want %d", st.GetAcknowledgedCursor(), cursors[4])
	}

	fams := scrape(t, base)
	group := map[string]string{"group": "poisoned"}
	for name, want := range map[string]float64{
		"articled_group_set_aside": 1, "articled_group_lag": 0, "articled_group_pending": 0,
		"articled_group_ack_pending": 0, "articled_group_redelivered": 0, "articled_group_acked_total": 4,
		"articled_group_delivered_total": 6, "articled_group_members": 1,
	} {
		if fams[name] == nil {
			t.Errorf("%s not exported", name)
		} else if got := metricValue(fams, name, group); got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
}
