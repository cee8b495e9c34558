package workqueue

import (
	"sync"

	"k8s.io/utils/clock"
)

// TypedInterface is a FIFO of distinct items, each handed to one worker at a
// time.
type TypedInterface[T comparable] interface {
	// Add queues item unless it is queued already or the queue is shutting
	// down. An item a worker holds is queued again when the worker calls Done.
	Add(item T)
	// Len is the number of items waiting for a worker.
	Len() int
	// Get blocks until an item is queued, hands it to the caller, who must call
	// Done with it, or returns shutdown=true once the queue is shut down and
	// empty.
	Get() (item T, shutdown bool)
	// Done marks an item from Get as processed.
	Done(item T)
	// ShutDown makes Add ignore items and Get return shutdown once the queue
	// is empty; it does not wait for workers.
	ShutDown()
	// ShutDownWithDrain is ShutDown that waits until every item handed out has
	// been marked Done. Workers must keep calling Done, or it blocks forever.
	ShutDownWithDrain()
	// ShuttingDown reports whether ShutDown or ShutDownWithDrain was called.
	ShuttingDown() bool
}

// TypedQueueConfig configures NewTypedWithConfig.
type TypedQueueConfig[T comparable] struct {
	// Name is accepted for client-go's literals and unused: there are no
	// metrics.
	Name string
	// Clock is unused by the plain queue and accepted for client-go's
	// literals; the delaying queue passes its own on.
	Clock clock.Clock
}

// Typed is the plain work queue.
type Typed[T comparable] struct {
	cond *sync.Cond

	queue fifo[T]
	// dirty holds every item that needs processing: those queued, and those a
	// worker holds that were added again since Get.
	dirty map[T]struct{}
	// processing holds the items handed out and not yet Done.
	processing map[T]struct{}

	shuttingDown bool
	draining     bool
}

// NewTyped returns an empty queue.
func NewTyped[T comparable]() *Typed[T] {
	return NewTypedWithConfig(TypedQueueConfig[T]{})
}

// NewTypedWithConfig returns an empty queue configured by config.
func NewTypedWithConfig[T comparable](config TypedQueueConfig[T]) *Typed[T] {
	return &Typed[T]{
		cond:       sync.NewCond(&sync.Mutex{}),
		dirty:      map[T]struct{}{},
		processing: map[T]struct{}{},
	}
}

// Add implements TypedInterface.
func (q *Typed[T]) Add(item T) {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	if q.shuttingDown {
		return
	}
	if _, ok := q.dirty[item]; ok {
		return
	}
	q.dirty[item] = struct{}{}
	if _, ok := q.processing[item]; ok {
		// Done queues it: a second worker must not get it now.
		return
	}
	q.queue.push(item)
	q.cond.Signal()
}

// Len implements TypedInterface.
func (q *Typed[T]) Len() int {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	return q.queue.len()
}

// Get implements TypedInterface.
func (q *Typed[T]) Get() (item T, shutdown bool) {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	for q.queue.len() == 0 && !q.shuttingDown {
		q.cond.Wait()
	}
	if q.queue.len() == 0 {
		var zero T
		return zero, true
	}
	item = q.queue.pop()
	q.processing[item] = struct{}{}
	delete(q.dirty, item)
	return item, false
}

// Done implements TypedInterface.
func (q *Typed[T]) Done(item T) {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	delete(q.processing, item)
	if _, ok := q.dirty[item]; ok {
		q.queue.push(item)
		q.cond.Signal()
	} else if len(q.processing) == 0 && q.draining {
		// Wake ShutDownWithDrain; Get waiters are gone once shutting down.
		q.cond.Broadcast()
	}
}

// ShutDown implements TypedInterface.
func (q *Typed[T]) ShutDown() {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	q.draining = false // a ShutDownWithDrain in progress stops waiting
	q.shuttingDown = true
	q.cond.Broadcast()
}

// ShutDownWithDrain implements TypedInterface.
func (q *Typed[T]) ShutDownWithDrain() {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	q.draining = true
	q.shuttingDown = true
	q.cond.Broadcast()
	for len(q.processing) != 0 && q.draining {
		q.cond.Wait()
	}
}

// ShuttingDown implements TypedInterface.
func (q *Typed[T]) ShuttingDown() bool {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	return q.shuttingDown
}

// fifo is a slice queue that reuses its array: pops advance head, and the
// live part moves to the front once it is at most half the array.
type fifo[T any] struct {
	items []T
	head  int
}

func (f *fifo[T]) len() int { return len(f.items) - f.head }

func (f *fifo[T]) push(item T) {
	if f.head > 0 && f.head >= len(f.items)/2 && len(f.items) == cap(f.items) {
		n := copy(f.items, f.items[f.head:])
		clear(f.items[n:]) // drop references for the garbage collector
		f.items, f.head = f.items[:n], 0
	}
	f.items = append(f.items, item)
}

func (f *fifo[T]) pop() T {
	item := f.items[f.head]
	var zero T
	f.items[f.head] = zero
	f.head++
	if f.head == len(f.items) {
		f.items, f.head = f.items[:0], 0
	}
	return item
}
