package main

import (
	"runtime"
	"time"
)

// Run is one extractor over one page set.
type Run struct {
	Extractor, Set string
	Pages          int
	Bytes          int64
	// Elapsed is the fastest of the timed passes; Mallocs its heap
	// allocations, so allocs/page does not depend on which pass was kept.
	Elapsed time.Duration
	Mallocs uint64
	Results []Result // one per page, from the first pass
}

// DocsPerSec is pages per second of the kept pass.
func (r Run) DocsPerSec() float64 { return float64(r.Pages) / r.Elapsed.Seconds() }

// MBPerSec is input megabytes (10^6 bytes) per second of the kept pass.
func (r Run) MBPerSec() float64 { return float64(r.Bytes) / 1e6 / r.Elapsed.Seconds() }

// AllocsPerPage is heap allocations per page of the kept pass.
func (r Run) AllocsPerPage() float64 { return float64(r.Mallocs) / float64(r.Pages) }

// warmPages are extracted untimed first, so lazily compiled regexps and
// first-touch page faults are not charged to whichever extractor runs first.
const warmPages = 5

// measure runs ex over pages on this goroutine once, keeping its results;
// retime times it again. The pages are already in memory: only extraction
// is timed.
func measure(ex Extractor, set string, pages []Page) Run {
	run := Run{Extractor: ex.Name, Set: set, Pages: len(pages), Results: make([]Result, len(pages))}
	for _, p := range pages {
		run.Bytes += int64(len(p.HTML))
	}
	for _, p := range pages[:min(warmPages, len(pages))] {
		ex.Extract(p.HTML, p.URL)
	}
	run.Elapsed, run.Mallocs = timed(ex, pages, run.Results)
	return run
}

// retime runs ex over run's pages once more and keeps the pass if it was
// the fastest. main calls it for every extractor in turn, pass after
// pass, so that each extractor's passes are spread over the whole run:
// on a machine whose speed drifts, passes taken one extractor after the
// other would compare the machine at different times.
func retime(ex Extractor, run *Run, pages []Page) {
	if elapsed, mallocs := timed(ex, pages, nil); elapsed < run.Elapsed {
		run.Elapsed, run.Mallocs = elapsed, mallocs
	}
}

// timed is one pass of ex over pages, with its heap allocations; results,
// when not nil, receives each page's result.
func timed(ex Extractor, pages []Page, results []Result) (time.Duration, uint64) {
	// Garbage left by the previous pass or extractor is collected now,
	// not during this pass.
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	if results != nil {
		for i, p := range pages {
			results[i] = ex.Extract(p.HTML, p.URL)
		}
	} else {
		for _, p := range pages {
			ex.Extract(p.HTML, p.URL)
		}
	}
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	return elapsed, after.Mallocs - before.Mallocs
}
