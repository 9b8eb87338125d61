package main

import "context"

// inOrder runs do on jobs workers for every index below n and calls emit
// with the results in index order. At most 4×jobs results are in flight,
// so memory stays bounded however many inputs there are; a canceled ctx
// stops handing out new work.
func inOrder[T any](ctx context.Context, n, jobs int, do func(i int) T, emit func(T)) {
	window := make(chan struct{}, 4*jobs)
	type indexed struct {
		i int
		v T
	}
	results := make(chan indexed, 4*jobs)
	work := make(chan int)
	go func() {
		defer close(work)
		for i := range n {
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			work <- i
		}
	}()
	done := make(chan struct{})
	for range jobs {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range work {
				results <- indexed{i, do(i)}
			}
		}()
	}
	go func() {
		for range jobs {
			<-done
		}
		close(results)
	}()
	pending := map[int]T{}
	next := 0
	for r := range results {
		pending[r.i] = r.v
		for v, ok := pending[next]; ok; v, ok = pending[next] {
			delete(pending, next)
			emit(v)
			next++
			<-window
		}
	}
}
