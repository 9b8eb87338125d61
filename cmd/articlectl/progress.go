package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"
)

// progress draws a one-line progress bar on stderr, only when stderr is a
// terminal; otherwise every method does nothing, and the summary line a
// command prints at the end is all a log or a pipe gets.
type progress struct {
	w      io.Writer
	total  int
	labels []string
	counts []int
	drawn  time.Time
}

// newProgress is a bar over total inputs counted under labels ("created",
// "duplicate", "failed").
func newProgress(stderr io.Writer, total int, labels ...string) *progress {
	f, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return &progress{w: stderr, total: total, labels: labels}
}

// count records the counts so far, one per label, and redraws at most ten
// times a second and always for the last input.
func (p *progress) count(counts ...int) {
	if p == nil {
		return
	}
	p.counts = counts
	done := 0
	for _, n := range counts {
		done += n
	}
	if done < p.total && time.Since(p.drawn) < 100*time.Millisecond {
		return
	}
	p.drawn = time.Now()
	const width = 30
	filled := width
	if p.total > 0 {
		filled = min(width, width*done/p.total)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\r[%s%s] %d/%d", strings.Repeat("=", filled), strings.Repeat(" ", width-filled), done, p.total)
	for i, l := range p.labels {
		if i < len(counts) {
			fmt.Fprintf(&b, "  %s %d", l, counts[i])
		}
	}
	io.WriteString(p.w, b.String())
}

// clear erases the bar, so that what follows starts on a clean line.
func (p *progress) clear() {
	if p == nil || p.drawn.IsZero() {
		return
	}
	fmt.Fprint(p.w, "\r\033[K")
}
