//go:build browser

package browsertest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
)

// Failure is an output that the browser showed unsafe in one mode.
type Failure struct {
	Mode Mode
	// Outputs are indexes into the checked outputs: one, or, when the
	// outputs of a batch were safe one by one but not together, the batch.
	Outputs  []int
	Findings []Finding
}

// Stats counts the pages a run loaded.
type Stats struct {
	Batches    atomic.Int64 // pages holding a batch of outputs
	Singles    atomic.Int64 // pages holding one output, checked again on its own
	Unverified atomic.Int64 // server-rendered outputs that parsed differently in their batch
	Clicked    atomic.Int64 // links, areas, buttons and submit inputs clicked, on batch pages
}

// CheckAll checks every output in every mode, batch outputs to a page. A
// page is trusted to be clean only as a whole: when it finds anything, each
// of its outputs is loaded again on a page of its own, which attributes the
// finding to its output, and a finding that no output shows alone fails
// the whole batch. A server-rendered output that did not parse in its
// batch as it parses alone is checked alone too. An error checking a page
// counts as a failure.
func (h *Harness) CheckAll(ctx context.Context, outs []string, batch int, st *Stats) []Failure {
	type work struct {
		mode Mode
		idx  []int
	}
	var jobs []work
	for _, mode := range Modes {
		for lo := 0; lo < len(outs); lo += batch {
			var idx []int
			for i := lo; i < min(lo+batch, len(outs)); i++ {
				idx = append(idx, i)
			}
			jobs = append(jobs, work{mode, idx})
		}
	}
	var (
		mu    sync.Mutex
		fails []Failure
		wg    sync.WaitGroup
		next  atomic.Int64
	)
	fail := func(f Failure) {
		mu.Lock()
		fails = append(fails, f)
		mu.Unlock()
	}
	pick := func(idx []int) []string {
		s := make([]string, len(idx))
		for i, j := range idx {
			s[i] = outs[j]
		}
		return s
	}
	// single checks one output on its own page and reports whether it failed.
	single := func(mode Mode, i int) bool {
		st.Singles.Add(1)
		r, err := h.Check(ctx, mode, []string{outs[i]})
		var fs []Finding
		if r != nil {
			fs = r.All()
		}
		if err != nil {
			fs = append(fs, Finding{KindHarness, err.Error()})
		}
		if len(fs) == 0 {
			return false
		}
		fail(Failure{Mode: mode, Outputs: []int{i}, Findings: fs})
		return true
	}
	for range cap(h.tabs) {
		wg.Go(func() {
			for {
				n := int(next.Add(1)) - 1
				if n >= len(jobs) || ctx.Err() != nil {
					return
				}
				w := jobs[n]
				st.Batches.Add(1)
				r, err := h.Check(ctx, w.mode, pick(w.idx))
				if r != nil {
					st.Clicked.Add(int64(r.Clicked))
				}
				if err != nil || !r.Clean() {
					var fs []Finding
					if r != nil {
						fs = r.All()
					}
					if err != nil {
						fs = append(fs, Finding{KindHarness, fmt.Sprintf("batch of %d: %v", len(w.idx), err)})
					}
					if len(w.idx) == 1 {
						fail(Failure{Mode: w.mode, Outputs: w.idx, Findings: fs})
						continue
					}
					any := false
					for _, i := range w.idx {
						if single(w.mode, i) {
							any = true
						}
					}
					if !any {
						fail(Failure{Mode: w.mode, Outputs: w.idx, Findings: fs})
					}
					continue
				}
				for _, k := range r.Unverified {
					st.Unverified.Add(1)
					single(w.mode, w.idx[k])
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		fail(Failure{Findings: []Finding{{KindHarness, "run stopped: " + err.Error()}}})
	}
	return fails
}
