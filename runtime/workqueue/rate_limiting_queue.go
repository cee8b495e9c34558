package workqueue

import "k8s.io/utils/clock"

// TypedRateLimitingInterface is a TypedDelayingInterface that re-adds failed
// items after a delay chosen by a TypedRateLimiter.
type TypedRateLimitingInterface[T comparable] interface {
	TypedDelayingInterface[T]
	// AddRateLimited adds item after the rate limiter's When(item).
	AddRateLimited(item T)
	// Forget tells the rate limiter the item succeeded (or was given up on):
	// its failure count ends. It does not remove the item from the queue.
	Forget(item T)
	// NumRequeues is how many times item has been rate limited since Forget.
	NumRequeues(item T) int
}

// TypedRateLimitingQueueConfig configures NewTypedRateLimitingQueueWithConfig.
type TypedRateLimitingQueueConfig[T comparable] struct {
	// Name is accepted for client-go's literals and unused.
	Name string
	// Clock times the delays; real time when nil.
	Clock clock.Clock
	// DelayingQueue receives the items; a new delaying queue when nil.
	DelayingQueue TypedDelayingInterface[T]
}

// NewTypedRateLimitingQueue returns an empty rate limited queue on real time.
// Use DefaultTypedControllerRateLimiter for client-go's controller defaults.
func NewTypedRateLimitingQueue[T comparable](rateLimiter TypedRateLimiter[T]) TypedRateLimitingInterface[T] {
	return NewTypedRateLimitingQueueWithConfig(rateLimiter, TypedRateLimitingQueueConfig[T]{})
}

// NewTypedRateLimitingQueueWithConfig returns an empty rate limited queue
// configured by config.
func NewTypedRateLimitingQueueWithConfig[T comparable](rateLimiter TypedRateLimiter[T], config TypedRateLimitingQueueConfig[T]) TypedRateLimitingInterface[T] {
	if config.DelayingQueue == nil {
		config.DelayingQueue = NewTypedDelayingQueueWithConfig(TypedDelayingQueueConfig[T]{Name: config.Name, Clock: config.Clock})
	}
	return &rateLimitingType[T]{TypedDelayingInterface: config.DelayingQueue, rateLimiter: rateLimiter}
}

type rateLimitingType[T comparable] struct {
	TypedDelayingInterface[T]
	rateLimiter TypedRateLimiter[T]
}

// AddRateLimited implements TypedRateLimitingInterface.
func (q *rateLimitingType[T]) AddRateLimited(item T) {
	q.AddAfter(item, q.rateLimiter.When(item))
}

// Forget implements TypedRateLimitingInterface.
func (q *rateLimitingType[T]) Forget(item T) { q.rateLimiter.Forget(item) }

// NumRequeues implements TypedRateLimitingInterface.
func (q *rateLimitingType[T]) NumRequeues(item T) int { return q.rateLimiter.NumRequeues(item) }
