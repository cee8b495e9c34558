// Package workqueue is the queue between a controller's event handlers and
// its workers. It replaces client-go's k8s.io/client-go/util/workqueue with
// its typed names, constructors and behaviour, so that a controller ports by
// changing the import path:
//
//   - TypedInterface[T]: an item is in the queue at most once (Add of a queued
//     item is a no-op) and is never handed to two workers at once: an item
//     added while a worker holds it (between Get and Done) is queued again on
//     Done. Get blocks until there is an item or the queue is shut down;
//     after ShutDown, Add is ignored and Get still returns what is queued,
//     then shutdown=true. ShutDownWithDrain also waits until every item handed
//     out has been marked Done.
//   - TypedDelayingInterface[T]: AddAfter adds an item once its delay has
//     passed, at once when the delay is <= 0; an item waiting twice keeps the
//     earlier time.
//   - TypedRateLimitingInterface[T]: AddRateLimited waits as long as the
//     TypedRateLimiter says; Forget ends an item's failure count.
//   - DefaultTypedControllerRateLimiter[T]() = the max of a per-item
//     exponential backoff (5 ms doubling to 1000 s) and a 10 qps bucket with
//     a burst of 100, with client-go's limiters to compose others.
//
// What is different from client-go:
//
//   - Typed variants only: Interface, RateLimitingInterface and the other
//     names over any are left out; use TypedInterface[any] and friends.
//   - No metrics, and so no package-level metrics provider (client-go's is
//     global mutable state set once per process). Name is accepted in the
//     configs for client-go's literals and unused.
//   - AddAfter never blocks: the delayed items live in a heap under a mutex,
//     and one goroutine per queue sleeps until the earliest is due. client-go
//     sends them over a channel of 1000 and wakes every 10 s for nothing.
//   - Shutting a delaying queue down (either way) ends its goroutine before
//     returning, so goleak-style tests pass; client-go's ShutDownWithDrain left
//     it to notice within 10 s. Items still waiting for their delay are
//     dropped, as in client-go.
//   - TypedBucketRateLimiter has an optional Clock, so tests of the bucket need
//     no sleeps; its literal keeps client-go's form.
//   - The clock is k8s.io/utils/clock's, as client-go's, so its fake clock
//     (k8s.io/utils/clock/testing) drives delays in tests; a clock.WithTicker
//     from client-go code fits the Clock fields.
package workqueue
