package articlelog

import (
	"context"
	"time"
)

// sleep waits for d, or less when ctx ends first: then it returns ctx's
// error.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
