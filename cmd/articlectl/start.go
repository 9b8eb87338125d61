package main

import (
	"fmt"
	"strconv"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"
)

// startFlags are --from, --since and --from-start: where reading the log
// starts, for subscribe and groups create (each registers them with its
// own help).
type startFlags struct {
	from, since string
	fromStart   bool
}

// start is what the start flags chose: at most one field is set, none
// for "from now".
type start struct {
	after     *uint64
	since     *timestamppb.Timestamp
	fromStart bool
}

// parse reads the flags; a bad value or more than one of them is a usage
// error.
func (f startFlags) parse(now time.Time) (start, error) {
	var s start
	given := 0
	if f.from != "" {
		cursor, err := strconv.ParseUint(f.from, 10, 64)
		if err != nil {
			return start{}, usageError{fmt.Sprintf("--from %q: want a cursor (a non-negative integer)", f.from)}
		}
		s.after, given = &cursor, given+1
	}
	if f.since != "" {
		t, err := parseSince(f.since, now)
		if err != nil {
			return start{}, usageError{fmt.Sprintf("--since %q: %v", f.since, err)}
		}
		s.since, given = timestamppb.New(t), given+1
	}
	if f.fromStart {
		s.fromStart, given = true, given+1
	}
	if given > 1 {
		return start{}, usageError{"give at most one of --from, --since and --from-start"}
	}
	return s, nil
}
