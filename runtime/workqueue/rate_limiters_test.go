package workqueue

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/time/rate"
)

// whens calls When n times for item.
func whens(l TypedRateLimiter[string], item string, n int) []time.Duration {
	var out []time.Duration
	for range n {
		out = append(out, l.When(item))
	}
	return out
}

func ms(v ...int) []time.Duration {
	var out []time.Duration
	for _, x := range v {
		out = append(out, time.Duration(x)*time.Millisecond)
	}
	return out
}

func TestItemExponentialFailureRateLimiter(t *testing.T) {
	l := NewTypedItemExponentialFailureRateLimiter[string](5*time.Millisecond, 1000*time.Second)
	if diff := cmp.Diff(ms(5, 10, 20, 40, 80), whens(l, "a", 5)); diff != "" {
		t.Errorf("waits for a (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(ms(5, 10), whens(l, "b", 2)); diff != "" {
		t.Errorf("waits for b, counted apart from a (-want +got):\n%s", diff)
	}
	if n := l.NumRequeues("a"); n != 5 {
		t.Errorf("NumRequeues(a) = %d, want 5", n)
	}
	l.Forget("a")
	if n := l.NumRequeues("a"); n != 0 {
		t.Errorf("NumRequeues(a) after Forget = %d, want 0", n)
	}
	if d := l.When("a"); d != 5*time.Millisecond {
		t.Errorf("When(a) after Forget = %v, want 5ms", d)
	}

	capped := NewTypedItemExponentialFailureRateLimiter[string](time.Millisecond, 1*time.Second)
	got := whens(capped, "a", 12)
	if got[9] != 512*time.Millisecond || got[10] != time.Second || got[11] != time.Second {
		t.Errorf("waits %v, want 512ms then the 1s cap", got)
	}
	huge := NewTypedItemExponentialFailureRateLimiter[string](time.Millisecond, 1000*time.Second)
	for range 2000 { // 2^2000 ms overflows float64's int64 range: stays at the cap
		huge.When("a")
	}
	if d := huge.When("a"); d != 1000*time.Second {
		t.Errorf("after 2000 failures When = %v, want the 1000s cap", d)
	}
}

func TestItemFastSlowRateLimiter(t *testing.T) {
	l := NewTypedItemFastSlowRateLimiter[string](5*time.Millisecond, 10*time.Second, 3)
	want := []time.Duration{5 * time.Millisecond, 5 * time.Millisecond, 5 * time.Millisecond, 10 * time.Second, 10 * time.Second}
	if diff := cmp.Diff(want, whens(l, "a", 5)); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
	if n := l.NumRequeues("a"); n != 5 {
		t.Errorf("NumRequeues = %d, want 5", n)
	}
	l.Forget("a")
	if d := l.When("a"); d != 5*time.Millisecond {
		t.Errorf("When after Forget = %v, want the fast 5ms", d)
	}
}

func TestBucketRateLimiter(t *testing.T) {
	clk := newFakeClock()
	l := &TypedBucketRateLimiter[string]{Limiter: rate.NewLimiter(rate.Limit(10), 100), Clock: clk}
	for i := range 100 {
		if d := l.When("x"); d != 0 {
			t.Fatalf("token %d of the burst waited %v, want 0", i, d)
		}
	}
	if diff := cmp.Diff(ms(100, 200, 300), whens(l, "x", 3)); diff != "" {
		t.Errorf("waits past the burst, 10 qps (-want +got):\n%s", diff)
	}
	clk.Step(time.Second) // refills 10 tokens, 3 already reserved
	if diff := cmp.Diff(ms(0, 0, 0, 0, 0, 0, 0, 100), whens(l, "x", 8)); diff != "" {
		t.Errorf("waits a second later (-want +got):\n%s", diff)
	}
	if l.NumRequeues("x") != 0 {
		t.Error("the bucket counted an item")
	}
	l.Forget("x")
}

func TestBucketRateLimiterOnRealTime(t *testing.T) {
	// client-go's literal form, no clock: the 101st token waits about 100ms.
	l := &TypedBucketRateLimiter[string]{Limiter: rate.NewLimiter(rate.Limit(10), 100)}
	whens(l, "x", 100)
	if d := l.When("x"); d <= 50*time.Millisecond || d > 100*time.Millisecond {
		t.Errorf("101st wait = %v, want close to 100ms", d)
	}
}

func TestMaxOfRateLimiter(t *testing.T) {
	l := NewTypedMaxOfRateLimiter(
		NewTypedItemFastSlowRateLimiter[string](5*time.Millisecond, 3*time.Second, 3),
		NewTypedItemExponentialFailureRateLimiter[string](1*time.Millisecond, 1*time.Second),
	)
	if diff := cmp.Diff(ms(5, 5, 5, 3000, 3000), whens(l, "a", 5)); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
	if n := l.NumRequeues("a"); n != 5 {
		t.Errorf("NumRequeues = %d, want 5", n)
	}
	l.Forget("a")
	if n := l.NumRequeues("a"); n != 0 {
		t.Errorf("NumRequeues after Forget = %d, want 0 (every limiter forgets)", n)
	}
}

func TestWithMaxWaitRateLimiter(t *testing.T) {
	l := NewTypedWithMaxWaitRateLimiter(NewTypedItemExponentialFailureRateLimiter[string](time.Second, time.Hour), 3*time.Second)
	if diff := cmp.Diff([]time.Duration{time.Second, 2 * time.Second, 3 * time.Second, 3 * time.Second}, whens(l, "a", 4)); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
	if n := l.NumRequeues("a"); n != 4 {
		t.Errorf("NumRequeues = %d, want 4", n)
	}
}

func TestDefaultControllerRateLimiter(t *testing.T) {
	l := DefaultTypedControllerRateLimiter[string]()
	if diff := cmp.Diff(ms(5, 10, 20, 40), whens(l, "a", 4)); diff != "" {
		t.Errorf("per-item waits (-want +got):\n%s", diff)
	}
	// 96 more distinct items empty the burst of 100 (4 tokens went to a).
	for i := range 96 {
		if d := l.When(fmt.Sprint("item", i)); d != 5*time.Millisecond {
			t.Fatalf("item %d within the burst waited %v, want its own 5ms", i, d)
		}
	}
	// The bucket now dominates a new item's 5ms: about 100ms at 10 qps.
	if d := l.When("new"); d < 50*time.Millisecond || d > 100*time.Millisecond {
		t.Errorf("first wait past the burst = %v, want close to 100ms from the bucket", d)
	}
	l.Forget("a")
	if n := l.NumRequeues("a"); n != 0 {
		t.Errorf("NumRequeues after Forget = %d, want 0", n)
	}
}
