package articlelog

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors, matched with errors.Is.
var (
	// ErrNotFound: no stored article has the id.
	ErrNotFound = errors.New("article not found")
	// ErrLagging: a live subscriber fell further behind than Config.MaxLag.
	ErrLagging = errors.New("subscriber fell too far behind")
	// ErrStalled: a subscriber left articles waiting for longer than
	// Config.SubscribeStallTimeout.
	ErrStalled = errors.New("subscriber stopped reading")
	// ErrCursorOutOfRange: a start cursor beyond the end of the log or older
	// than what it still holds.
	ErrCursorOutOfRange = errors.New("cursor out of range")
	// ErrUnavailable: the log could not be reached within Config.RetryTimeout.
	ErrUnavailable = errors.New("article log unavailable")
	// ErrConflict: concurrent appends of the same article kept winning over
	// this one.
	ErrConflict = errors.New("concurrent appends of the same article")
	// ErrClosed: the log has been closed.
	ErrClosed = errors.New("article log closed")
	// ErrDataDirInUse: another process holds the embedded server's data
	// directory.
	ErrDataDirInUse = errors.New("data dir is in use by another process")
	// ErrGroupNotFound: no consumer group has the name.
	ErrGroupNotFound = errors.New("consumer group not found")
	// ErrGroupExists: a consumer group of that name exists with other
	// settings.
	ErrGroupExists = errors.New("consumer group exists with other settings")
)

// GroupNotFoundError is the ErrGroupNotFound of one name.
type GroupNotFoundError struct{ Name string }

func (e *GroupNotFoundError) Error() string { return fmt.Sprintf("no consumer group named %q", e.Name) }

// Is makes errors.Is(err, ErrGroupNotFound) true.
func (e *GroupNotFoundError) Is(target error) bool { return target == ErrGroupNotFound }

// GroupExistsError is the ErrGroupExists of one name.
type GroupExistsError struct {
	// Existing is the group as it is.
	Existing GroupSpec
}

func (e *GroupExistsError) Error() string {
	return fmt.Sprintf("consumer group %q exists with other settings; delete it first, or create it with the same settings", e.Existing.Name)
}

// Is makes errors.Is(err, ErrGroupExists) true.
func (e *GroupExistsError) Is(target error) bool { return target == ErrGroupExists }

// NotFoundError is the ErrNotFound of one id.
type NotFoundError struct {
	ID string
	// Last is the log's last cursor when the id was looked up: were the
	// article stored later, it would be after Last.
	Last uint64
}

func (e *NotFoundError) Error() string { return fmt.Sprintf("no article with id %q", e.ID) }

// Is makes errors.Is(err, ErrNotFound) true.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

// LagError is the ErrLagging of one subscription.
type LagError struct {
	// Lag is how many stored articles were waiting for the subscriber.
	Lag uint64
	// Limit is Config.MaxLag.
	Limit int
}

func (e *LagError) Error() string {
	return fmt.Sprintf("subscriber fell %d articles behind the log, over the limit of %d", e.Lag, e.Limit)
}

// Is makes errors.Is(err, ErrLagging) true.
func (e *LagError) Is(target error) bool { return target == ErrLagging }

// StallError is the ErrStalled of one subscription.
type StallError struct {
	// Held is how many bytes of articles waited for the reader.
	Held int64
	// Limit is Config.SubscribeMaxBytes.
	Limit int
	// Idle is how long the reader had taken nothing.
	Idle time.Duration
}

func (e *StallError) Error() string {
	return fmt.Sprintf("subscriber took no article for %v while %d bytes waited for it (budget %d bytes)", e.Idle, e.Held, e.Limit)
}

// Is makes errors.Is(err, ErrStalled) true.
func (e *StallError) Is(target error) bool { return target == ErrStalled }

// CursorError is the ErrCursorOutOfRange of one start cursor.
type CursorError struct {
	// Cursor is the cursor asked for.
	Cursor uint64
	// First and Last are the cursors of the oldest and the newest stored
	// article (First is Last+1 when the log holds none).
	First, Last uint64
}

func (e *CursorError) Error() string {
	if e.Cursor > e.Last {
		return fmt.Sprintf("cursor %d is beyond the end of the log (last cursor %d)", e.Cursor, e.Last)
	}
	return fmt.Sprintf("cursor %d is older than the log holds: articles before cursor %d were removed by its retention limits", e.Cursor, e.First)
}

// Is makes errors.Is(err, ErrCursorOutOfRange) true.
func (e *CursorError) Is(target error) bool { return target == ErrCursorOutOfRange }
