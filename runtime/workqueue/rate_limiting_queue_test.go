package workqueue

import (
	"testing"
	"time"
)

func TestRateLimitingQueue(t *testing.T) {
	clk := newFakeClock()
	limiter := NewTypedItemExponentialFailureRateLimiter[string](5*time.Millisecond, time.Second)
	q := NewTypedRateLimitingQueueWithConfig(limiter, TypedRateLimitingQueueConfig[string]{Name: "widgets", Clock: clk})
	defer q.ShutDown()

	// Each failure waits twice as long: 5ms, then 10ms.
	for i, wait := range []time.Duration{5 * time.Millisecond, 10 * time.Millisecond} {
		q.AddRateLimited("one")
		if n := q.NumRequeues("one"); n != i+1 {
			t.Fatalf("NumRequeues = %d, want %d", n, i+1)
		}
		eventually(t, "the queue waits on the clock", clk.HasWaiters)
		clk.Step(wait - time.Millisecond)
		if q.Len() != 0 {
			t.Fatalf("failure %d: queued before its %v wait", i+1, wait)
		}
		clk.Step(time.Millisecond)
		eventually(t, "queued after its wait", func() bool { return q.Len() == 1 })
		if got := getAll[string](t, q, 1); got[0] != "one" {
			t.Fatalf("got %v, want one", got)
		}
	}
	q.Forget("one")
	if n := q.NumRequeues("one"); n != 0 {
		t.Errorf("NumRequeues after Forget = %d, want 0", n)
	}
	q.AddRateLimited("one")
	eventually(t, "the queue waits on the clock", clk.HasWaiters)
	clk.Step(5 * time.Millisecond)
	eventually(t, "queued after the base wait again", func() bool { return q.Len() == 1 })
}

func TestRateLimitingQueueOverACustomDelayingQueue(t *testing.T) {
	clk := newFakeClock()
	dq := NewTypedDelayingQueueWithConfig(TypedDelayingQueueConfig[int]{Clock: clk})
	q := NewTypedRateLimitingQueueWithConfig(NewTypedItemFastSlowRateLimiter[int](0, time.Minute, 1), TypedRateLimitingQueueConfig[int]{DelayingQueue: dq})
	q.AddRateLimited(1) // fast: 0, so at once
	if dq.Len() != 1 {
		t.Errorf("underlying Len = %d, want 1", dq.Len())
	}
	q.ShutDownWithDrain()
	if !dq.ShuttingDown() {
		t.Error("the underlying queue did not shut down")
	}
}

func TestDefaultRateLimitingQueue(t *testing.T) {
	// NewTypedRateLimitingQueue over the default limiter, on real time: the
	// first retry of an item waits 5ms.
	q := NewTypedRateLimitingQueue(DefaultTypedControllerRateLimiter[string]())
	defer q.ShutDown()
	start := time.Now()
	q.AddRateLimited("a")
	item, shutdown := q.Get()
	if shutdown || item != "a" {
		t.Fatalf("Get = %q, %v; want a", item, shutdown)
	}
	if waited := time.Since(start); waited < 5*time.Millisecond {
		t.Errorf("item came back after %v, want at least 5ms", waited)
	}
	q.Done(item)
	q.Forget(item)
}
