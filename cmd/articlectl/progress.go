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
// terminal; otherwise every method does nothing.
type progress struct {
	w                          io.Writer
	total                      int
	created, duplicate, failed int
	drawn                      time.Time
}

func newProgress(stderr io.Writer, total int) *progress {
	f, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return &progress{w: stderr, total: total}
}

// count records one document's outcome and redraws, at most ten times a
// second and always for the last document.
func (p *progress) count(created, duplicate, failed int) {
	if p == nil {
		return
	}
	p.created, p.duplicate, p.failed = created, duplicate, failed
	if done := created + duplicate + failed; done < p.total && time.Since(p.drawn) < 100*time.Millisecond {
		return
	}
	p.drawn = time.Now()
	done := p.created + p.duplicate + p.failed
	const width = 30
	filled := width
	if p.total > 0 {
		filled = width * done / p.total
	}
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d  created %d  duplicate %d  failed %d",
		strings.Repeat("=", filled), strings.Repeat(" ", width-filled), done, p.total, p.created, p.duplicate, p.failed)
}

// clear erases the bar, so that what follows starts on a clean line.
func (p *progress) clear() {
	if p == nil || p.drawn.IsZero() {
		return
	}
	fmt.Fprint(p.w, "\r\033[K")
}
