package workqueue

import (
	"container/heap"
	"sync"
	"time"

	"k8s.io/utils/clock"
)

// TypedDelayingInterface is a TypedInterface that can add an item later.
type TypedDelayingInterface[T comparable] interface {
	TypedInterface[T]
	// AddAfter adds item once duration has passed; at once if duration <= 0.
	// It never blocks, and is ignored once the queue is shutting down.
	AddAfter(item T, duration time.Duration)
}

// TypedDelayingQueueConfig configures NewTypedDelayingQueueWithConfig.
type TypedDelayingQueueConfig[T comparable] struct {
	// Name is accepted for client-go's literals and unused.
	Name string
	// Clock times the delays; real time when nil.
	Clock clock.Clock
	// Queue receives the items; a new Typed queue when nil.
	Queue TypedInterface[T]
}

// NewTypedDelayingQueue returns an empty delaying queue on real time.
func NewTypedDelayingQueue[T comparable]() TypedDelayingInterface[T] {
	return NewTypedDelayingQueueWithConfig(TypedDelayingQueueConfig[T]{})
}

// NewTypedDelayingQueueWithConfig returns an empty delaying queue configured
// by config. It starts one goroutine, which ends when the queue is shut down.
func NewTypedDelayingQueueWithConfig[T comparable](config TypedDelayingQueueConfig[T]) TypedDelayingInterface[T] {
	if config.Clock == nil {
		config.Clock = clock.RealClock{}
	}
	if config.Queue == nil {
		config.Queue = NewTypedWithConfig(TypedQueueConfig[T]{Name: config.Name, Clock: config.Clock})
	}
	q := &delayingType[T]{
		TypedInterface: config.Queue,
		clock:          config.Clock,
		byItem:         map[T]*waitFor[T]{},
		wake:           make(chan struct{}, 1),
		stop:           make(chan struct{}),
		loopDone:       make(chan struct{}),
	}
	go q.waitingLoop()
	return q
}

type delayingType[T comparable] struct {
	TypedInterface[T]
	clock clock.Clock

	mu      sync.Mutex
	waiting waitHeap[T]
	byItem  map[T]*waitFor[T]

	// wake tells the loop that the earliest item changed; one pending signal
	// is enough, so sends never block.
	wake     chan struct{}
	stop     chan struct{}
	stopOnce sync.Once
	loopDone chan struct{}
}

// waitFor is an item and when it is due.
type waitFor[T any] struct {
	item    T
	readyAt time.Time
	index   int // in the heap
}

// AddAfter implements TypedDelayingInterface.
func (q *delayingType[T]) AddAfter(item T, duration time.Duration) {
	if q.ShuttingDown() {
		return
	}
	if duration <= 0 {
		q.Add(item)
		return
	}
	readyAt := q.clock.Now().Add(duration)
	q.mu.Lock()
	earliest := false
	if w, ok := q.byItem[item]; ok {
		// Waiting already: the earlier time wins, as client-go.
		if readyAt.Before(w.readyAt) {
			w.readyAt = readyAt
			heap.Fix(&q.waiting, w.index)
			earliest = w.index == 0
		}
	} else {
		w := &waitFor[T]{item: item, readyAt: readyAt}
		heap.Push(&q.waiting, w)
		q.byItem[item] = w
		earliest = w.index == 0
	}
	q.mu.Unlock()
	if earliest {
		select {
		case q.wake <- struct{}{}:
		default:
		}
	}
}

// ShutDown stops the delays, drops the items still waiting, and shuts the
// queue down.
func (q *delayingType[T]) ShutDown() {
	q.stopLoop()
	q.TypedInterface.ShutDown()
}

// ShutDownWithDrain stops the delays, drops the items still waiting, and
// drains the queue.
func (q *delayingType[T]) ShutDownWithDrain() {
	q.stopLoop()
	q.TypedInterface.ShutDownWithDrain()
}

func (q *delayingType[T]) stopLoop() {
	q.stopOnce.Do(func() { close(q.stop) })
	<-q.loopDone
}

// waitingLoop adds items as they become due, sleeping until the earliest.
func (q *delayingType[T]) waitingLoop() {
	defer close(q.loopDone)
	var ready []T
	for {
		q.mu.Lock()
		now := q.clock.Now()
		for len(q.waiting) > 0 && !q.waiting[0].readyAt.After(now) {
			w := heap.Pop(&q.waiting).(*waitFor[T])
			delete(q.byItem, w.item)
			ready = append(ready, w.item)
		}
		var timer clock.Timer
		var due <-chan time.Time
		if len(q.waiting) > 0 {
			timer = q.clock.NewTimer(q.waiting[0].readyAt.Sub(now))
			due = timer.C()
		}
		q.mu.Unlock()
		// Add outside the lock: a custom queue may call back into AddAfter.
		for i, item := range ready {
			q.Add(item)
			var zero T
			ready[i] = zero
		}
		ready = ready[:0]
		select {
		case <-q.stop:
		case <-due:
		case <-q.wake:
		}
		if timer != nil {
			timer.Stop()
		}
		select {
		case <-q.stop:
			return
		default:
		}
	}
}

// waitHeap orders waiting items by readyAt.
type waitHeap[T any] []*waitFor[T]

func (h waitHeap[T]) Len() int           { return len(h) }
func (h waitHeap[T]) Less(i, j int) bool { return h[i].readyAt.Before(h[j].readyAt) }
func (h waitHeap[T]) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}

func (h *waitHeap[T]) Push(x any) {
	w := x.(*waitFor[T])
	w.index = len(*h)
	*h = append(*h, w)
}

func (h *waitHeap[T]) Pop() any {
	old := *h
	n := len(old)
	w := old[n-1]
	old[n-1] = nil
	w.index = -1
	*h = old[:n-1]
	return w
}
