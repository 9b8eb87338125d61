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

// measure runs ex over pages on this goroutine, passes times (at least
// once). The pages are already in memory: only extraction is timed.
func measure(ex Extractor, set string, pages []Page, passes int) Run {
	run := Run{Extractor: ex.Name, Set: set, Pages: len(pages), Results: make([]Result, len(pages))}
	for _, p := range pages {
		run.Bytes += int64(len(p.HTML))
	}
	for _, p := range pages[:min(warmPages, len(pages))] {
		ex.Extract(p.HTML, p.URL)
	}
	var before, after runtime.MemStats
	for pass := range max(passes, 1) {
		// Garbage left by the previous pass or extractor is collected
		// now, not during this pass.
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		if pass == 0 {
			for i, p := range pages {
				run.Results[i] = ex.Extract(p.HTML, p.URL)
			}
		} else {
			for _, p := range pages {
				ex.Extract(p.HTML, p.URL)
			}
		}
		elapsed := time.Since(start)
		runtime.ReadMemStats(&after)
		if pass == 0 || elapsed < run.Elapsed {
			run.Elapsed = elapsed
			run.Mallocs = after.Mallocs - before.Mallocs
		}
	}
	return run
}
