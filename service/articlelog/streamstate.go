package articlelog

import (
	"context"

	"github.com/nats-io/nats.go/jetstream"
)

// streamState is where the log stands (its first and last cursors),
// retried while the log is unavailable.
func (l *Log) streamState(ctx context.Context) (jetstream.StreamState, error) {
	var info *jetstream.StreamInfo
	err := l.retry(ctx, func(ctx context.Context) error {
		var err error
		info, err = l.stream.Info(ctx)
		return err
	})
	if err != nil {
		return jetstream.StreamState{}, err
	}
	return info.State, nil
}

// checkAfter is a *CursorError when delivery after this cursor cannot
// start: it is beyond the end of the log, or older than the log holds.
func checkAfter(after uint64, st jetstream.StreamState) error {
	if after > st.LastSeq || after+1 < st.FirstSeq {
		return &CursorError{Cursor: after, First: st.FirstSeq, Last: st.LastSeq}
	}
	return nil
}
