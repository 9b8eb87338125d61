// Package ordered runs work in parallel and hands the results back in the
// order the work was added: a client sending documents and a server
// answering a stream both keep their inputs' order that way while using
// every core.
package ordered

import "context"

// Queue runs work on at most a fixed number of goroutines at once, and
// holds at most a window of work between Add and the Next that returns
// its result, so that memory stays bounded however much work comes.
type Queue[T any] struct {
	workers chan struct{}
	pending chan *item[T]
}

type item[T any] struct {
	done chan struct{} // closed once v is set
	v    T
}

// New returns a queue running at most workers at once, with at most
// window pieces of work added and not yet returned by Next (one of them
// the piece Next waits for). Both must be at least 1.
func New[T any](workers, window int) *Queue[T] {
	return &Queue[T]{workers: make(chan struct{}, workers), pending: make(chan *item[T], window-1)}
}

// Add waits for room in the window, or for ctx to end (the work is then
// not added), then for a free worker, and starts do on it. Add and Close
// are called from one goroutine.
//
// Once added, work always starts, even if ctx ends meanwhile: its result
// is owed to Next, and a worker frees up as soon as the work before it
// ends. Work that must not run once ctx has ended checks ctx itself.
func (q *Queue[T]) Add(ctx context.Context, do func() T) error {
	it := &item[T]{done: make(chan struct{})}
	select {
	case q.pending <- it:
	case <-ctx.Done():
		return ctx.Err()
	}
	q.workers <- struct{}{}
	go func() {
		defer func() { <-q.workers }()
		defer close(it.done)
		it.v = do()
	}()
	return nil
}

// Close says no more work will be added: Next reports the end once every
// result is returned.
func (q *Queue[T]) Close() { close(q.pending) }

// Next waits for the result of the oldest work not yet returned, or for
// ctx to end (err is then ctx's error). ok is false once the queue is
// closed and every result has been returned.
func (q *Queue[T]) Next(ctx context.Context) (v T, ok bool, err error) {
	it, ok := <-q.pending
	if !ok {
		return v, false, nil
	}
	select {
	case <-it.done:
		return it.v, true, nil
	case <-ctx.Done():
		return v, true, ctx.Err()
	}
}
