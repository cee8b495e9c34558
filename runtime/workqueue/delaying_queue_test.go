package workqueue

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	testingclock "k8s.io/utils/clock/testing"
)

func newFakeClock() *testingclock.FakeClock {
	return testingclock.NewFakeClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
}

// items takes every queued item without blocking.
func items(t testing.TB, q TypedInterface[string]) []string {
	t.Helper()
	return getAll(t, q, q.Len())
}

func TestAddAfter(t *testing.T) {
	type step struct {
		advance time.Duration // fake time passed before checking
		want    []string      // items that must be queued by then, in order
	}
	tests := []struct {
		name  string
		adds  map[string]time.Duration
		order []string // AddAfter order
		steps []step
	}{{
		name:  "a delay <= 0 adds at once",
		adds:  map[string]time.Duration{"now": 0, "past": -time.Second},
		order: []string{"now", "past"},
		steps: []step{{advance: 0, want: []string{"now", "past"}}},
	}, {
		name:  "items come due in the order of their times, not of their adds",
		adds:  map[string]time.Duration{"c": 30 * time.Millisecond, "a": 10 * time.Millisecond, "b": 20 * time.Millisecond},
		order: []string{"c", "a", "b"},
		steps: []step{
			{advance: 9 * time.Millisecond, want: nil},
			{advance: time.Millisecond, want: []string{"a"}},
			{advance: 20 * time.Millisecond, want: []string{"b", "c"}},
		},
	}, {
		name:  "an item waiting twice keeps the earlier time and is added once",
		adds:  map[string]time.Duration{"x": time.Second},
		order: []string{"x"},
		steps: []step{{advance: time.Second, want: []string{"x"}}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			q := NewTypedDelayingQueueWithConfig(TypedDelayingQueueConfig[string]{Clock: clk})
			defer q.ShutDown()
			for _, item := range tt.order {
				q.AddAfter(item, tt.adds[item])
			}
			for _, s := range tt.steps {
				if s.advance > 0 {
					eventually(t, "the queue waits on the clock", clk.HasWaiters)
					clk.Step(s.advance)
				}
				eventually(t, "due items queued", func() bool { return q.Len() >= len(s.want) })
				if diff := cmp.Diff(s.want, items(t, q)); diff != "" {
					t.Fatalf("after %v: items (-want +got):\n%s", s.advance, diff)
				}
			}
		})
	}
}

func TestAddAfterKeepsTheEarlierTime(t *testing.T) {
	clk := newFakeClock()
	q := NewTypedDelayingQueueWithConfig(TypedDelayingQueueConfig[string]{Clock: clk})
	defer q.ShutDown()
	q.AddAfter("x", time.Minute)
	q.AddAfter("x", time.Second)
	q.AddAfter("x", time.Hour) // later: ignored
	eventually(t, "the queue waits on the clock", clk.HasWaiters)
	clk.Step(time.Second)
	eventually(t, "x queued", func() bool { return q.Len() == 1 })
	if got := items(t, q); len(got) != 1 || got[0] != "x" {
		t.Fatalf("items = %v, want [x]", got)
	}
	clk.Step(time.Hour)
	// Nothing else is waiting: a second x would be queued at once.
	if clk.HasWaiters() || q.Len() != 0 {
		t.Errorf("after an hour: waiters %v, Len %d; want the single x only", clk.HasWaiters(), q.Len())
	}
}

func TestAddAfterAnEarlierItemWakesTheQueue(t *testing.T) {
	clk := newFakeClock()
	q := NewTypedDelayingQueueWithConfig(TypedDelayingQueueConfig[string]{Clock: clk})
	defer q.ShutDown()
	q.AddAfter("late", time.Hour)
	eventually(t, "the queue waits on the clock", clk.HasWaiters)
	q.AddAfter("early", time.Second)
	clk.Step(time.Second)
	// Whether the queue re-armed its timer for "early" before the step (the
	// timer fires) or after (it finds "early" due), it must add it now, though
	// the timer it armed first was for an hour.
	eventually(t, "early added", func() bool { return q.Len() == 1 })
	if got := items(t, q); len(got) != 1 || got[0] != "early" {
		t.Fatalf("items = %v, want [early]", got)
	}
}

func TestDelayingQueueShutDown(t *testing.T) {
	for _, drain := range []bool{false, true} {
		name := "ShutDown"
		if drain {
			name = "ShutDownWithDrain"
		}
		t.Run(name+" drops waiting items, ignores AddAfter and ends the goroutine", func(t *testing.T) {
			clk := newFakeClock()
			q := NewTypedDelayingQueueWithConfig(TypedDelayingQueueConfig[string]{Clock: clk})
			q.AddAfter("waiting", time.Second)
			eventually(t, "the queue waits on the clock", clk.HasWaiters)
			if drain {
				q.ShutDownWithDrain()
			} else {
				q.ShutDown()
			}
			q.AddAfter("late", 0)
			clk.Step(time.Hour)
			if q.Len() != 0 || clk.HasWaiters() {
				t.Errorf("Len %d, waiters %v after shutdown; want 0 and none", q.Len(), clk.HasWaiters())
			}
			if _, shutdown := q.Get(); !shutdown {
				t.Error("Get did not report shutdown")
			}
			// goleak in TestMain checks the goroutine is gone.
		})
	}
}
