package articlelog

import (
	"fmt"
	"testing"
	"time"
)

// TestGroupStartsWhereItsSpecSays: a group's first delivery is the first
// article its start selects — now (stored after it was created), after a
// cursor, since a time, or the whole log — and it gets every later one.
func TestGroupStartsWhereItsSpecSays(t *testing.T) {
	t.Parallel()
	l := openLog(t, nil)
	store := func(from, n int) []uint64 {
		var cursors []uint64
		for i := from; i < from+n; i++ {
			id := fmt.Sprintf("s-%d", i)
			cursors = append(cursors, mustAppend(t, l, art(id, "site", "en", "body of "+id), DedupByID).Cursor)
		}
		return cursors
	}
	early := store(0, 4)
	// Stored times have a resolution finer than this pause: "since" falls
	// strictly between the early and the late articles.
	time.Sleep(20 * time.Millisecond)
	since := time.Now()
	time.Sleep(20 * time.Millisecond)
	createGroup(t, l, GroupSpec{Name: "now", Start: StartNow})
	createGroup(t, l, GroupSpec{Name: "after", Start: StartAfter, After: early[1]})
	createGroup(t, l, GroupSpec{Name: "since", Start: StartSince, Since: since})
	createGroup(t, l, GroupSpec{Name: "all", Start: StartBeginning})
	late := store(4, 3)

	for _, tt := range []struct {
		group string
		want  []uint64
	}{
		{"now", late},
		{"after", append(early[2:], late...)},
		{"since", late},
		{"all", append(early, late...)},
	} {
		t.Run(tt.group+"_gets_its_articles_from_its_start", func(t *testing.T) {
			m := join(t, l, tt.group, MemberOptions{})
			var got []uint64
			for range tt.want {
				d := nextDelivery(t, m, 10*time.Second)
				got = append(got, d.Entry.Cursor)
				if err := m.Ack(testCtx(t), d.ID); err != nil {
					t.Fatal(err)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Fatalf("delivered %v, want %v", got, tt.want)
			}
			if st := groupState(t, l, tt.group); st.Pending != 0 || st.AckPending != 0 || st.AckFloor != late[len(late)-1] {
				t.Fatalf("state after the last %+v, want nothing pending, acknowledged to %d", st, late[len(late)-1])
			}
		})
	}
}
