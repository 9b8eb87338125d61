// Command workcount sanitizes inputs and prints, for each, how many basic
// blocks of code the sanitizer ran: a count of work that does not depend on
// time. It must be built with coverage counters in atomic mode over the
// packages to count, e.g.
//
//	go build -cover -covermode=atomic -coverpkg=articleservice/sanitize,articleservice/sanitize/htmltok,golang.org/x/net/html,github.com/microcosm-cc/bluemonday,regexp
//
// Input on stdin is a JSON list of {"policy": NAME, "html": FRAGMENT}; the
// output is a JSON list of block counts, one per input, in order.
package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime/coverage"

	"articleservice/sanitize"
)

type job struct {
	Policy string `json:"policy"`
	HTML   string `json:"html"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "workcount:", err)
		os.Exit(1)
	}
}

func run() error {
	var jobs []job
	if err := json.NewDecoder(os.Stdin).Decode(&jobs); err != nil {
		return fmt.Errorf("read jobs: %w", err)
	}
	set, err := sanitize.Builtin()
	if err != nil {
		return fmt.Errorf("load policies: %w", err)
	}
	counts := make([]uint64, 0, len(jobs))
	var buf bytes.Buffer
	for _, j := range jobs {
		p, err := set.Lookup(j.Policy)
		if err != nil {
			return err
		}
		src := []byte(j.HTML)
		if err := coverage.ClearCounters(); err != nil {
			return fmt.Errorf("clear counters (built with -cover -covermode=atomic?): %w", err)
		}
		_, _ = p.Sanitize(src, sanitize.Options{})
		buf.Reset()
		if err := coverage.WriteCounters(&buf); err != nil {
			return fmt.Errorf("write counters: %w", err)
		}
		n, err := sumCounters(buf.Bytes())
		if err != nil {
			return err
		}
		counts = append(counts, n)
	}
	return json.NewEncoder(os.Stdout).Encode(counts)
}

// sumCounters adds up every counter of a coverage counter data file (the
// format of Go's internal/coverage, version 1, ULEB128 counters): the
// number of basic blocks run since the counters were cleared.
func sumCounters(b []byte) (uint64, error) {
	const headerLen, segmentLen, flavorULEB128 = 32, 16, 2
	if len(b) < headerLen+segmentLen || string(b[:4]) != "\x00\x63\x77\x6d" {
		return 0, errors.New("not a coverage counter file")
	}
	if v := binary.LittleEndian.Uint32(b[4:8]); v != 1 {
		return 0, fmt.Errorf("counter file version %d, this reader knows 1", v)
	}
	if b[24] != flavorULEB128 {
		return 0, fmt.Errorf("counter flavor %d, this reader knows ULEB128", b[24])
	}
	seg := b[headerLen:]
	funcs := binary.LittleEndian.Uint64(seg[0:8])
	skip := segmentLen + int(binary.LittleEndian.Uint32(seg[8:12])) + int(binary.LittleEndian.Uint32(seg[12:16]))
	if skip > len(seg) {
		return 0, errors.New("truncated counter segment")
	}
	r := seg[skip:]
	next := func() (uint64, error) {
		var v uint64
		for shift := 0; len(r) > 0; shift += 7 {
			c := r[0]
			r = r[1:]
			v |= uint64(c&0x7f) << shift
			if c&0x80 == 0 {
				return v, nil
			}
		}
		return 0, errors.New("truncated counter")
	}
	var total uint64
	for range funcs {
		n, err := next()
		if err != nil {
			return 0, err
		}
		if _, err := next(); err != nil { // package
			return 0, err
		}
		if _, err := next(); err != nil { // function
			return 0, err
		}
		for range n {
			c, err := next()
			if err != nil {
				return 0, err
			}
			total += c
		}
	}
	return total, nil
}
