// Package budget bounds the bytes that concurrent holders keep in memory:
// documents a stream has read ahead, articles a subscription holds for a
// client that has not taken them yet.
//
// A holder acquires bytes before it keeps something and releases them once
// it is done with it; an acquire waits while the bytes do not fit. One
// holding always fits when nothing is held, so a single item larger than
// the whole budget still goes through, alone, and nothing waits forever:
//
//	b := budget.New(100 << 10)              // 100 KiB
//	_ = b.Acquire(ctx, 60<<10)              // held: 60 KiB
//	_ = b.Acquire(ctx, 60<<10)              // waits: 120 KiB would not fit
//	b.Release(60 << 10)                     // ... until this, then held: 60 KiB
package budget
