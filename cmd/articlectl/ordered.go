package main

import (
	"context"

	"articleservice/service/ordered"
)

// inOrder runs do on jobs workers for every index below n and calls emit
// with the results in index order. At most 4×jobs results are in flight,
// so memory stays bounded however many inputs there are; a canceled ctx
// stops handing out new work, and the work handed out is still emitted.
func inOrder[T any](ctx context.Context, n, jobs int, do func(i int) T, emit func(T)) {
	q := ordered.New[T](jobs, 4*jobs)
	go func() {
		defer q.Close()
		for i := range n {
			if q.Add(ctx, func() T { return do(i) }) != nil {
				return
			}
		}
	}()
	for {
		// Not ctx: every result handed out is emitted.
		v, ok, _ := q.Next(context.Background())
		if !ok {
			return
		}
		emit(v)
	}
}
