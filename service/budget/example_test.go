package budget_test

import (
	"context"
	"fmt"

	"articleservice/service/budget"
)

func Example() {
	b := budget.New(100 << 10)
	ctx := context.Background()
	_ = b.Acquire(ctx, 60<<10)
	fmt.Println("second 60 KiB fits now:", b.TryAcquire(60<<10))
	b.Release(60 << 10)
	fmt.Println("after a release:", b.TryAcquire(60<<10))
	fmt.Println("held KiB:", b.Held()>>10)
	// Output:
	// second 60 KiB fits now: false
	// after a release: true
	// held KiB: 60
}
