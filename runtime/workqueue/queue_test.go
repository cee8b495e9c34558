package workqueue

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// eventually polls cond until it holds or a deadline passes.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 10s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// getAll takes n items, marking each Done.
func getAll[T comparable](t testing.TB, q TypedInterface[T], n int) []T {
	t.Helper()
	var got []T
	for range n {
		item, shutdown := q.Get()
		if shutdown {
			t.Fatalf("Get: shut down after %v", got)
		}
		got = append(got, item)
		q.Done(item)
	}
	return got
}

func TestQueue(t *testing.T) {
	tests := []struct {
		name string
		run  func(q *Typed[string]) []string // returns the items taken
		want []string
		len  int // Len after run
	}{{
		name: "items come out in the order they were added",
		run: func(q *Typed[string]) []string {
			q.Add("a")
			q.Add("b")
			q.Add("c")
			return getAll[string](t, q, 3)
		},
		want: []string{"a", "b", "c"},
	}, {
		name: "an item added twice while queued is queued once, at its first place",
		run: func(q *Typed[string]) []string {
			q.Add("a")
			q.Add("b")
			q.Add("a")
			if q.Len() != 2 {
				t.Errorf("Len = %d, want 2", q.Len())
			}
			return getAll[string](t, q, 2)
		},
		want: []string{"a", "b"},
	}, {
		name: "an item added while a worker holds it is queued again only on Done",
		run: func(q *Typed[string]) []string {
			q.Add("a")
			item, _ := q.Get()
			q.Add("a")
			q.Add("a")
			if q.Len() != 0 {
				t.Errorf("Len while held = %d, want 0", q.Len())
			}
			q.Done(item)
			if q.Len() != 1 {
				t.Errorf("Len after Done = %d, want 1", q.Len())
			}
			return append([]string{item}, getAll[string](t, q, 1)...)
		},
		want: []string{"a", "a"},
	}, {
		name: "Done of an item not added again does not queue it",
		run: func(q *Typed[string]) []string {
			q.Add("a")
			return getAll[string](t, q, 1)
		},
		want: []string{"a"},
		len:  0,
	}, {
		name: "after ShutDown Add is ignored and Get returns what is queued, then shutdown",
		run: func(q *Typed[string]) []string {
			q.Add("a")
			q.ShutDown()
			q.Add("b")
			got := getAll[string](t, q, 1)
			if item, shutdown := q.Get(); !shutdown || item != "" {
				t.Errorf("Get after drain = %q, %v; want \"\", true", item, shutdown)
			}
			if !q.ShuttingDown() {
				t.Error("ShuttingDown = false after ShutDown")
			}
			return got
		},
		want: []string{"a"},
	}, {
		name: "the queue reuses its array across many adds and gets",
		run: func(q *Typed[string]) []string {
			var got []string
			for i := range 100 {
				q.Add(fmt.Sprint(i))
				q.Add(fmt.Sprint(i + 1000))
				got = append(got, getAll[string](t, q, 1)...)
			}
			return append(got, getAll[string](t, q, 100)...)
		},
		want: func() []string {
			var all []string
			for i := range 100 {
				all = append(all, fmt.Sprint(i), fmt.Sprint(i+1000))
			}
			return all
		}(),
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := NewTyped[string]()
			defer q.ShutDown()
			if diff := cmp.Diff(tt.want, tt.run(q)); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			if q.Len() != tt.len {
				t.Errorf("Len = %d, want %d", q.Len(), tt.len)
			}
		})
	}
}

func TestGetBlocksUntilAnItemOrShutdown(t *testing.T) {
	q := NewTyped[int]()
	type got struct {
		item     int
		shutdown bool
	}
	results := make(chan got, 2)
	for range 2 {
		go func() {
			item, shutdown := q.Get()
			results <- got{item, shutdown}
		}()
	}
	q.Add(7)
	if r := <-results; r != (got{7, false}) {
		t.Errorf("first Get = %+v, want item 7", r)
	}
	select {
	case r := <-results:
		t.Fatalf("second Get returned %+v with nothing queued", r)
	default:
	}
	q.ShutDown()
	if r := <-results; r != (got{0, true}) {
		t.Errorf("second Get = %+v, want shutdown", r)
	}
}

func TestConcurrentWorkersNeverShareAnItem(t *testing.T) {
	const (
		workers   = 8
		producers = 4
		items     = 10
		adds      = 500
	)
	q := NewTyped[int]()
	var (
		mu        sync.Mutex
		inFlight  = map[int]bool{}
		overlaps  int
		processed int
	)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				item, shutdown := q.Get()
				if shutdown {
					return
				}
				mu.Lock()
				if inFlight[item] {
					overlaps++
				}
				inFlight[item] = true
				processed++
				mu.Unlock()
				mu.Lock()
				inFlight[item] = false
				mu.Unlock()
				q.Done(item)
			}
		}()
	}
	var producersWG sync.WaitGroup
	for p := range producers {
		producersWG.Add(1)
		go func() {
			defer producersWG.Done()
			for i := range adds {
				q.Add((p + i) % items)
			}
		}()
	}
	producersWG.Wait()
	q.ShutDownWithDrain()
	wg.Wait()
	if overlaps != 0 {
		t.Errorf("%d times an item was held by two workers at once", overlaps)
	}
	if processed == 0 || processed > producers*adds {
		t.Errorf("processed %d items, want between 1 and %d", processed, producers*adds)
	}
	if q.Len() != 0 {
		t.Errorf("Len after drain = %d, want 0", q.Len())
	}
}

func TestShutDownWithDrainWaitsForItemsInFlight(t *testing.T) {
	q := NewTyped[string]()
	q.Add("a")
	q.Add("b")
	a, _ := q.Get()
	drained := make(chan struct{})
	go func() {
		q.ShutDownWithDrain()
		close(drained)
	}()
	eventually(t, "shutting down", q.ShuttingDown)
	// ShuttingDown is set under the same lock as the wait begins, so the drain
	// is waiting for "a" now.
	select {
	case <-drained:
		t.Fatal("ShutDownWithDrain returned while an item was in flight")
	default:
	}
	// Queued items are still handed out during the drain.
	b, shutdown := q.Get()
	if shutdown || b != "b" {
		t.Fatalf("Get during drain = %q, %v; want b", b, shutdown)
	}
	q.Done(a)
	select {
	case <-drained:
		t.Fatal("ShutDownWithDrain returned while b was in flight")
	default:
	}
	q.Done(b)
	<-drained
	if _, shutdown := q.Get(); !shutdown {
		t.Error("Get after drain did not report shutdown")
	}
}

func TestShutDownEndsAWaitingDrain(t *testing.T) {
	q := NewTyped[string]()
	q.Add("a")
	q.Get()
	drained := make(chan struct{})
	go func() {
		q.ShutDownWithDrain()
		close(drained)
	}()
	eventually(t, "shutting down", q.ShuttingDown)
	q.ShutDown()
	<-drained
}
