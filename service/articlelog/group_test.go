package articlelog

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"articleservice/service/article"
)

func createGroup(tb testing.TB, l *Log, s GroupSpec) GroupSpec {
	tb.Helper()
	got, created, err := l.CreateGroup(testCtx(tb), s)
	if err != nil || !created {
		tb.Fatalf("create group %s = created %v, %v", s.Name, created, err)
	}
	return got
}

func join(tb testing.TB, l *Log, name string, o MemberOptions) *Member {
	tb.Helper()
	m, err := l.Join(testCtx(tb), name, o)
	if err != nil {
		tb.Fatalf("join %s: %v", name, err)
	}
	tb.Cleanup(m.Close)
	return m
}

// appendN stores n articles made by mk and returns their cursors.
func appendN(tb testing.TB, l *Log, n int, mk func(i int) string) []uint64 {
	tb.Helper()
	var out []uint64
	for i := range n {
		id := fmt.Sprintf("a-%d", i)
		section := ""
		if mk != nil {
			section = mk(i)
		}
		a := art(id, "site", "en", "body of "+id)
		a.Section = section
		out = append(out, mustAppend(tb, l, a, DedupByID).Cursor)
	}
	return out
}

func nextDelivery(tb testing.TB, m *Member, within time.Duration) Delivery {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	d, err := m.Next(ctx)
	if err != nil {
		tb.Fatalf("next: %v", err)
	}
	return d
}

func groupState(tb testing.TB, l *Log, name string) GroupState {
	tb.Helper()
	_, st, err := l.Group(testCtx(tb), name)
	if err != nil {
		tb.Fatalf("group %s: %v", name, err)
	}
	return st
}

// waitState polls the group's state until ok accepts it.
func waitState(tb testing.TB, l *Log, name string, ok func(GroupState) bool) GroupState {
	tb.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		st := groupState(tb, l, name)
		if ok(st) {
			return st
		}
		if time.Now().After(deadline) {
			tb.Fatalf("group %s: state %+v never as wanted", name, st)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestGroupMembersSplitTheWorkEachArticleAckedOnce(t *testing.T) {
	t.Parallel()
	l := openLog(t, nil)
	const n = 5000
	cursors := appendN(t, l, n, nil)
	createGroup(t, l, GroupSpec{Name: "indexer", Start: StartBeginning})

	var mu sync.Mutex
	acked := map[uint64]int{}
	holder := map[uint64]int{} // cursor -> member holding it now
	var violations []string
	perMember := make([]int, 3)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for i := range 3 {
		m := join(t, l, "indexer", MemberOptions{MaxInFlight: 16})
		wg.Go(func() {
			for {
				mu.Lock()
				done := len(acked) == n
				mu.Unlock()
				if done {
					return
				}
				nctx, ncancel := context.WithTimeout(ctx, time.Second)
				d, err := m.Next(nctx)
				ncancel()
				if err != nil {
					if ctx.Err() != nil {
						return
					}
					continue
				}
				c := d.Entry.Cursor
				mu.Lock()
				if other, ok := holder[c]; ok {
					violations = append(violations, fmt.Sprintf("cursor %d with members %d and %d", c, other, i))
				}
				if d.Count != 1 {
					violations = append(violations, fmt.Sprintf("cursor %d delivered %d times", c, d.Count))
				}
				holder[c] = i
				mu.Unlock()
				err = m.Ack(ctx, d.ID)
				mu.Lock()
				delete(holder, c)
				mu.Unlock()
				if err != nil {
					mu.Lock()
					violations = append(violations, fmt.Sprintf("ack %d: %v", c, err))
					mu.Unlock()
					continue
				}
				mu.Lock()
				acked[c]++
				perMember[i]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(violations) > 0 {
		t.Fatalf("%d violations, first: %s", len(violations), strings.Join(violations[:min(5, len(violations))], "; "))
	}
	if len(acked) != n {
		t.Fatalf("acked %d distinct articles, want %d", len(acked), n)
	}
	for _, c := range cursors {
		if acked[c] != 1 {
			t.Fatalf("cursor %d acked %d times", c, acked[c])
		}
	}
	for i, k := range perMember {
		if k == 0 {
			t.Errorf("member %d processed nothing (shares %v)", i, perMember)
		}
	}
	t.Logf("shares %v", perMember)
	st := groupState(t, l, "indexer")
	if st.Pending != 0 || st.AckPending != 0 || st.AckFloor != cursors[n-1] || st.Delivered != cursors[n-1] {
		t.Fatalf("state %+v: want nothing pending, ack floor and delivered at %d", st, cursors[n-1])
	}
}

func TestClosedMemberHandsItsArticlesToTheOthers(t *testing.T) {
	t.Parallel()
	l := openLog(t, nil)
	const n = 100
	appendN(t, l, n, nil)
	createGroup(t, l, GroupSpec{Name: "g", Start: StartBeginning}) // ack wait 30 s
	a := join(t, l, "g", MemberOptions{MaxInFlight: 10})
	inHand := map[uint64]bool{}
	for range 10 {
		inHand[nextDelivery(t, a, 5*time.Second).Entry.Cursor] = true
	}
	b := join(t, l, "g", MemberOptions{MaxInFlight: 10})
	acked := map[uint64]bool{}
	ackAll := func(until int, within time.Duration) {
		t.Helper()
		deadline := time.Now().Add(within)
		for len(acked) < until {
			if time.Now().After(deadline) {
				t.Fatalf("acked %d of %d in %v", len(acked), until, within)
			}
			d := nextDelivery(t, b, within)
			c := d.Entry.Cursor
			if acked[c] {
				t.Fatalf("cursor %d delivered again after its ack", c)
			}
			if d.Count > 1 && !inHand[c] {
				t.Fatalf("cursor %d redelivered (count %d) though no member lost it", c, d.Count)
			}
			if err := b.Ack(testCtx(t), d.ID); err != nil {
				t.Fatalf("ack: %v", err)
			}
			acked[c] = true
		}
	}
	ackAll(n-len(inHand), 10*time.Second)
	for c := range inHand {
		if acked[c] {
			t.Fatalf("cursor %d reached b while a held it", c)
		}
	}
	a.Close()
	start := time.Now()
	// Well within the ack wait: the close handed them back.
	ackAll(n, 5*time.Second)
	t.Logf("a's articles reached b %v after its close", time.Since(start))
	if _, err := a.Next(testCtx(t)); err == nil {
		t.Fatal("next on a closed member succeeded")
	}
}

func TestAckWaitExpiryRedelivers(t *testing.T) {
	t.Parallel()
	l := openLog(t, nil)
	appendN(t, l, 1, nil)
	createGroup(t, l, GroupSpec{Name: "g", Start: StartBeginning, AckWait: time.Second})
	m := join(t, l, "g", MemberOptions{})
	first := nextDelivery(t, m, 5*time.Second)
	if first.Count != 1 {
		t.Fatalf("first delivery count %d", first.Count)
	}
	again := nextDelivery(t, m, 10*time.Second)
	if again.Entry.Cursor != first.Entry.Cursor || again.Count != 2 || again.ID == first.ID {
		t.Fatalf("after the ack wait got %+v, want cursor %d again, count 2, a new id", again, first.Entry.Cursor)
	}
	if err := m.Ack(testCtx(t), again.ID); err != nil {
		t.Fatal(err)
	}
	waitState(t, l, "g", func(st GroupState) bool { return st.AckFloor == first.Entry.Cursor && st.AckPending == 0 })
}

func TestPoisonArticleIsSetAsideAndTheGroupMovesOn(t *testing.T) {
	t.Parallel()
	l := openLog(t, nil)
	cursors := appendN(t, l, 10, nil)
	poison := cursors[3]
	createGroup(t, l, GroupSpec{Name: "g", Start: StartBeginning, MaxDeliveries: 3})
	m := join(t, l, "g", MemberOptions{})
	acked := map[uint64]bool{}
	nacks := 0
	for len(acked) < 9 || nacks < 3 {
		d := nextDelivery(t, m, 10*time.Second)
		if d.Entry.Cursor == poison {
			nacks++
			if nacks > 3 {
				t.Fatalf("poison delivered %d times, max deliveries 3", nacks)
			}
			if err := m.Nack(testCtx(t), d.ID, 0); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := m.Ack(testCtx(t), d.ID); err != nil {
			t.Fatal(err)
		}
		acked[d.Entry.Cursor] = true
	}
	st := waitState(t, l, "g", func(st GroupState) bool { return st.SetAside == 1 && st.AckPending == 0 })
	if len(st.RecentSetAside) != 1 {
		t.Fatalf("recent set aside %+v", st.RecentSetAside)
	}
	sa := st.RecentSetAside[0]
	if sa.Cursor != poison || sa.ID != "a-3" || sa.Deliveries != 3 || sa.Reason != ReasonMaxDeliveries || sa.At.IsZero() {
		t.Fatalf("set aside %+v, want cursor %d, a-3, 3 deliveries, %q", sa, poison, ReasonMaxDeliveries)
	}
	if st.AckFloor != cursors[9] {
		t.Fatalf("ack floor %d, want %d: the group moved past the poison article", st.AckFloor, cursors[9])
	}

	// A member's terminate sets aside at once, with its reason cut to 200
	// bytes; newest first.
	more := appendN(t, l, 11, nil)
	d := nextDelivery(t, m, 10*time.Second)
	if d.Entry.Cursor != more[10] {
		t.Fatalf("got cursor %d, want %d", d.Entry.Cursor, more[10])
	}
	if err := m.Terminate(testCtx(t), d.ID, strings.Repeat("é", 150)); err != nil {
		t.Fatal(err)
	}
	st = groupState(t, l, "g")
	if st.SetAside != 2 || len(st.RecentSetAside) != 2 || st.RecentSetAside[0].Cursor != d.Entry.Cursor ||
		len(st.RecentSetAside[0].Reason) != 200 || st.RecentSetAside[1].Cursor != poison {
		t.Fatalf("state %+v", st)
	}
	var fe *article.FieldError
	if err := m.Ack(testCtx(t), d.ID); !errors.As(err, &fe) || fe.Field != "ack.delivery_id" {
		t.Fatalf("ack of a terminated delivery = %v, want a field error on ack.delivery_id", err)
	}
}

func TestGroupsOverOneLogProgressIndependently(t *testing.T) {
	t.Parallel()
	l := openLog(t, nil)
	cursors := appendN(t, l, 50, nil)
	createGroup(t, l, GroupSpec{Name: "all", Start: StartBeginning})
	createGroup(t, l, GroupSpec{Name: "some", Start: StartBeginning})
	all := join(t, l, "all", MemberOptions{})
	for range 50 {
		if err := all.Ack(testCtx(t), nextDelivery(t, all, 5*time.Second).ID); err != nil {
			t.Fatal(err)
		}
	}
	some := join(t, l, "some", MemberOptions{MaxInFlight: 1})
	for i := range 10 {
		d := nextDelivery(t, some, 5*time.Second)
		if d.Entry.Cursor != cursors[i] {
			t.Fatalf("some got cursor %d, want %d", d.Entry.Cursor, cursors[i])
		}
		if err := some.Ack(testCtx(t), d.ID); err != nil {
			t.Fatal(err)
		}
	}
	if st := groupState(t, l, "all"); st.AckFloor != cursors[49] {
		t.Fatalf("all: %+v", st)
	}
	st := waitState(t, l, "some", func(st GroupState) bool { return st.AckFloor == cursors[9] })
	if st.Pending+st.AckPending != 40 {
		t.Fatalf("some: %+v, want 40 left", st)
	}
}

func TestSlowMemberDoesNotHoldBackTheOthers(t *testing.T) {
	t.Parallel()
	l := openLog(t, nil)
	const n = 200
	appendN(t, l, n, nil)
	createGroup(t, l, GroupSpec{Name: "g", Start: StartBeginning})
	slow := join(t, l, "g", MemberOptions{MaxInFlight: 2})
	held := map[uint64]bool{}
	for range 2 {
		held[nextDelivery(t, slow, 5*time.Second).Entry.Cursor] = true
	}
	fast := join(t, l, "g", MemberOptions{MaxInFlight: 8})
	for range n - 2 {
		d := nextDelivery(t, fast, 5*time.Second)
		if held[d.Entry.Cursor] {
			t.Fatalf("cursor %d held by the slow member reached the fast one", d.Entry.Cursor)
		}
		if err := fast.Ack(testCtx(t), d.ID); err != nil {
			t.Fatal(err)
		}
	}
	if k, _ := slow.InFlight(); k != 2 {
		t.Fatalf("the slow member holds %d, want 2", k)
	}
}

func TestMemberByteBudgetLimitsWhatItHolds(t *testing.T) {
	t.Parallel()
	l := openLog(t, nil)
	appendN(t, l, 20, nil)
	createGroup(t, l, GroupSpec{Name: "g", Start: StartBeginning})
	// Smaller than one article: one at a time, but always one.
	m := join(t, l, "g", MemberOptions{MaxInFlight: 10, MaxBytes: 1})
	for range 20 {
		d := nextDelivery(t, m, 5*time.Second)
		time.Sleep(20 * time.Millisecond) // room for a fetch that should not happen
		if k, _ := m.InFlight(); k != 1 {
			t.Fatalf("member holds %d articles, want 1 (byte budget 1)", k)
		}
		if err := m.Ack(testCtx(t), d.ID); err != nil {
			t.Fatal(err)
		}
	}
}

func TestGroupFilterSkipsOtherSections(t *testing.T) {
	t.Parallel()
	l := openLog(t, nil)
	cursors := appendN(t, l, 30, func(i int) string { return []string{"news", "sport", "arts"}[i%3] })
	createGroup(t, l, GroupSpec{Name: "news", Start: StartBeginning, Filter: Filter{Sections: []string{"news"}}})
	m := join(t, l, "news", MemberOptions{})
	for i := range 10 {
		d := nextDelivery(t, m, 5*time.Second)
		if d.Entry.Article.GetSection() != "news" || d.Entry.Cursor != cursors[3*i] {
			t.Fatalf("got cursor %d section %q, want %d news", d.Entry.Cursor, d.Entry.Article.GetSection(), cursors[3*i])
		}
		if err := m.Ack(testCtx(t), d.ID); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if d, err := m.Next(ctx); err == nil {
		t.Fatalf("got cursor %d section %q past the last news", d.Entry.Cursor, d.Entry.Article.GetSection())
	}
	waitState(t, l, "news", func(st GroupState) bool { return st.AckFloor == cursors[29] && st.AckPending == 0 && st.Pending == 0 })
}

func TestCreateGetListDeleteGroups(t *testing.T) {
	t.Parallel()
	l := openLog(t, func(c *Config) { c.MaxGroups = 2 })
	ctx := testCtx(t)
	spec := GroupSpec{Name: "g-1", Start: StartBeginning, Filter: Filter{Sites: []string{"b", "a"}, Sections: []string{"x"}}}
	created := createGroup(t, l, spec)
	if created.AckWait != 30*time.Second || created.MaxDeliveries != 5 || created.MaxAckPending != 1000 || created.CreatedAt.IsZero() {
		t.Fatalf("created %+v: want the defaults filled in", created)
	}
	spec.Filter.Sites = []string{"a", "b", "a"}
	again, isNew, err := l.CreateGroup(ctx, spec)
	if err != nil || isNew || !again.CreatedAt.Equal(created.CreatedAt) {
		t.Fatalf("create again = %+v, %v, %v; want the existing group", again, isNew, err)
	}
	spec.AckWait = time.Minute
	var ge *GroupExistsError
	if _, _, err := l.CreateGroup(ctx, spec); !errors.Is(err, ErrGroupExists) || !errors.As(err, &ge) || ge.Existing.AckWait != 30*time.Second {
		t.Fatalf("create with other settings = %v, want ErrGroupExists", err)
	}
	var fe *article.FieldError
	if _, _, err := l.CreateGroup(ctx, GroupSpec{Name: "bad.name"}); !errors.As(err, &fe) || fe.Field != "group.name" {
		t.Fatalf("bad name = %v", err)
	}
	if _, _, err := l.CreateGroup(ctx, GroupSpec{Name: "late", Start: StartAfter, After: 99}); !errors.Is(err, ErrCursorOutOfRange) {
		t.Fatalf("cursor beyond the end = %v", err)
	}
	if _, _, err := l.Group(ctx, "nope"); !errors.Is(err, ErrGroupNotFound) {
		t.Fatalf("unknown group = %v", err)
	}
	if _, err := l.Join(ctx, "nope", MemberOptions{}); !errors.Is(err, ErrGroupNotFound) {
		t.Fatalf("join unknown = %v", err)
	}
	// A subscription's consumer is no group.
	subscribe(t, l, SubscribeOptions{})
	createGroup(t, l, GroupSpec{Name: "g-0"})
	if _, _, err := l.CreateGroup(ctx, GroupSpec{Name: "g-2"}); !errors.Is(err, article.ErrTooLarge) {
		t.Fatalf("past max groups = %v", err)
	}
	list, err := l.Groups(ctx)
	if err != nil || len(list) != 2 || list[0].Spec.Name != "g-0" || list[1].Spec.Name != "g-1" {
		t.Fatalf("groups = %+v, %v", list, err)
	}
	if got := list[1].Spec; !sameSettings(got, created) || !got.CreatedAt.Equal(created.CreatedAt) {
		t.Fatalf("listed %+v, want %+v", got, created)
	}

	mustAppend(t, l, art("x", "a", "en", "x"), DedupByID)
	m := join(t, l, "g-1", MemberOptions{})
	if err := l.DeleteGroup(ctx, "g-1"); err != nil {
		t.Fatal(err)
	}
	if err := l.DeleteGroup(ctx, "g-1"); !errors.Is(err, ErrGroupNotFound) {
		t.Fatalf("delete again = %v", err)
	}
	if _, _, err := l.Group(ctx, "g-1"); !errors.Is(err, ErrGroupNotFound) {
		t.Fatalf("deleted group = %v", err)
	}
	for {
		nctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		_, err := m.Next(nctx)
		cancel()
		if err == nil {
			continue
		}
		if !errors.Is(err, ErrGroupNotFound) {
			t.Fatalf("next on a deleted group = %v, want ErrGroupNotFound", err)
		}
		break
	}
	// The name is free again, with nothing set aside.
	createGroup(t, l, GroupSpec{Name: "g-1"})
}

func TestGroupResumesAfterReopen(t *testing.T) {
	if testing.Short() {
		t.Skip("a restart test: go test without -short runs it")
	}
	cfg := DefaultConfig()
	cfg.DataDir = t.TempDir()
	l, err := Open(testCtx(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	cursors := appendN(t, l, 20, nil)
	createGroup(t, l, GroupSpec{Name: "g", Start: StartBeginning, AckWait: time.Second})
	m, err := l.Join(testCtx(t), "g", MemberOptions{MaxInFlight: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		d := nextDelivery(t, m, 5*time.Second)
		if d.Entry.Cursor != cursors[i] {
			t.Fatalf("got %d, want %d", d.Entry.Cursor, cursors[i])
		}
		if err := m.Ack(testCtx(t), d.ID); err != nil {
			t.Fatal(err)
		}
	}
	// One more in hand, unacknowledged, when the log goes away.
	nextDelivery(t, m, 5*time.Second)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	m.Close()

	l = openLog(t, func(c *Config) { c.DataDir = cfg.DataDir })
	m = join(t, l, "g", MemberOptions{})
	got := map[uint64]bool{}
	for len(got) < 10 {
		d := nextDelivery(t, m, 10*time.Second)
		c := d.Entry.Cursor
		if c <= cursors[9] {
			t.Fatalf("acknowledged cursor %d delivered again", c)
		}
		if got[c] {
			t.Fatalf("cursor %d delivered twice", c)
		}
		got[c] = true
		if err := m.Ack(testCtx(t), d.ID); err != nil {
			t.Fatal(err)
		}
	}
	waitState(t, l, "g", func(st GroupState) bool { return st.AckFloor == cursors[19] && st.AckPending == 0 })
}

// TestGroupDefaultsAreThoseTheAPIStates: groups.proto tells clients the
// defaults; the config must match it.
func TestGroupDefaultsAreThoseTheAPIStates(t *testing.T) {
	t.Parallel()
	c := DefaultConfig()
	if c.GroupAckWait != 30*time.Second || c.GroupMaxDeliveries != 5 || c.GroupMaxAckPending != 1000 ||
		c.MemberMaxInFlight != 16 || c.MemberMaxBytes != 4<<20 {
		t.Fatalf("defaults %v %d %d %d %d differ from groups.proto's", c.GroupAckWait, c.GroupMaxDeliveries, c.GroupMaxAckPending, c.MemberMaxInFlight, c.MemberMaxBytes)
	}
	l := openLog(t, nil)
	createGroup(t, l, GroupSpec{Name: "g"})
	m := join(t, l, "g", MemberOptions{MaxBytes: 1 << 30})
	if o := m.Options(); o.MaxInFlight != 16 || o.MaxBytes != 4<<20 {
		t.Fatalf("member options %+v: want 16 and 4 MiB (larger byte budgets lowered)", o)
	}
	for name, mutate := range map[string]func(*Config){
		"ack wait under 1s":  func(c *Config) { c.GroupAckWait = time.Millisecond },
		"no member bytes":    func(c *Config) { c.MemberMaxBytes = 0 },
		"no groups":          func(c *Config) { c.MaxGroups = 0 },
		"no max deliveries":  func(c *Config) { c.GroupMaxDeliveries = 0 },
		"no in-flight":       func(c *Config) { c.MemberMaxInFlight = 0 },
		"no max ack pending": func(c *Config) { c.GroupMaxAckPending = 0 },
	} {
		c := DefaultConfig()
		mutate(&c)
		if err := c.Validate(); err == nil {
			t.Errorf("%s: config accepted", name)
		}
	}
}
