package articlelog

import "sync"

// failure is the first error that ended a subscription or a member: done
// is closed once err is set, so a reader can select on it and then read
// err.
type failure struct {
	once sync.Once
	done chan struct{}
	err  error
}

func newFailure() *failure { return &failure{done: make(chan struct{})} }

// set records err unless an earlier error was recorded.
func (f *failure) set(err error) {
	f.once.Do(func() {
		f.err = err
		close(f.done)
	})
}
