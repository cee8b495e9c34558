package cache

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
)

// fakeClock is a clock that only moves when the test steps it.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	timers  []*fakeTimer
	created map[time.Duration]int
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), created: map[time.Duration]int{}}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) NewTimer(d time.Duration) timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{c: c, at: c.now.Add(d), ch: make(chan time.Time, 1)}
	c.timers = append(c.timers, t)
	c.created[d]++
	return t
}

// timersCreated counts the timers of duration d made so far.
func (c *fakeClock) timersCreated(d time.Duration) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.created[d]
}

// Step moves time forward and fires the timers that are due.
func (c *fakeClock) Step(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.timers[:0]
	for _, t := range c.timers {
		if !t.at.After(c.now) {
			t.ch <- c.now
			continue
		}
		kept = append(kept, t)
	}
	c.timers = kept
}

type fakeTimer struct {
	c  *fakeClock
	at time.Time
	ch chan time.Time
}

func (t *fakeTimer) C() <-chan time.Time { return t.ch }

func (t *fakeTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	for i, x := range t.c.timers {
		if x == t {
			t.c.timers = append(t.c.timers[:i], t.c.timers[i+1:]...)
			return true
		}
	}
	return false
}

// listResponse is one scripted answer to a LIST.
type listResponse struct {
	list runtime.Object
	err  error
}

// watchScript is one scripted answer to a WATCH: an error, or a stream of
// events, after which the clock moves by advance and the stream is closed
// (or, with hang, stays open until stopped).
type watchScript struct {
	err     error
	events  []watch.Event
	advance time.Duration
	hang    bool
	// feed, if set, is forwarded into the stream after events until the
	// watch is stopped or feed is closed.
	feed <-chan watch.Event
}

// scriptedLW answers LISTs and WATCHes from scripts and logs every call as
// a line such as "LIST rv=0 limit=500" or "WATCH rv=10". Once a script runs
// out, calls block until their context is done, so the informer goes quiet
// and the test can compare the whole log.
type scriptedLW struct {
	t     testing.TB
	clock *fakeClock

	mu        sync.Mutex
	calls     []string
	lists     []listResponse
	watches   []watchScript
	delivered int // events taken by the reflector
	blocked   int // calls blocked on an exhausted script
	// unsupported makes the LW say its client does not do watch-list.
	unsupported bool
}

func (lw *scriptedLW) IsWatchListSemanticsUnSupported() bool { return lw.unsupported }

func describe(verb string, opts metav1.ListOptions) string {
	var b strings.Builder
	b.WriteString(verb)
	if opts.SendInitialEvents != nil {
		fmt.Fprintf(&b, "-LIST sendInitialEvents=%v match=%s", *opts.SendInitialEvents, opts.ResourceVersionMatch)
	}
	fmt.Fprintf(&b, " rv=%s", opts.ResourceVersion)
	if verb == "LIST" {
		fmt.Fprintf(&b, " limit=%d", opts.Limit)
		if opts.Continue != "" {
			fmt.Fprintf(&b, " continue=%s", opts.Continue)
		}
	}
	if verb == "WATCH" && !opts.AllowWatchBookmarks {
		b.WriteString(" bookmarks=false")
	}
	return b.String()
}

func (lw *scriptedLW) ListWithContext(ctx context.Context, opts metav1.ListOptions) (runtime.Object, error) {
	lw.mu.Lock()
	lw.calls = append(lw.calls, describe("LIST", opts))
	if len(lw.lists) == 0 {
		lw.blocked++
		lw.mu.Unlock()
		<-ctx.Done()
		return nil, ctx.Err()
	}
	r := lw.lists[0]
	lw.lists = lw.lists[1:]
	lw.mu.Unlock()
	if r.err != nil {
		return nil, r.err
	}
	// The reflector consumes lists destructively; hand it a copy so
	// that scripts can share list objects.
	return r.list.DeepCopyObject(), nil
}

func (lw *scriptedLW) WatchWithContext(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
	lw.mu.Lock()
	lw.calls = append(lw.calls, describe("WATCH", opts))
	if len(lw.watches) == 0 {
		lw.blocked++
		lw.mu.Unlock()
		return newScriptedWatch(lw, watchScript{hang: true}), nil
	}
	s := lw.watches[0]
	lw.watches = lw.watches[1:]
	lw.mu.Unlock()
	if s.err != nil {
		return nil, s.err
	}
	return newScriptedWatch(lw, s), nil
}

type scriptedWatch struct {
	ch   chan watch.Event
	stop chan struct{}
	once sync.Once
}

func newScriptedWatch(lw *scriptedLW, s watchScript) *scriptedWatch {
	w := &scriptedWatch{ch: make(chan watch.Event), stop: make(chan struct{})}
	go func() {
		for _, ev := range s.events {
			select {
			case w.ch <- ev:
				lw.mu.Lock()
				lw.delivered++
				lw.mu.Unlock()
			case <-w.stop:
				close(w.ch)
				return
			}
		}
		if s.feed != nil {
			for {
				select {
				case ev, ok := <-s.feed:
					if !ok {
						close(w.ch)
						return
					}
					select {
					case w.ch <- ev:
					case <-w.stop:
						close(w.ch)
						return
					}
					continue
				case <-w.stop:
				}
				break
			}
		} else if s.hang {
			<-w.stop
		} else if s.advance > 0 {
			lw.clock.Step(s.advance)
		}
		close(w.ch)
	}()
	return w
}

func (w *scriptedWatch) Stop()                          { w.once.Do(func() { close(w.stop) }) }
func (w *scriptedWatch) ResultChan() <-chan watch.Event { return w.ch }

func (lw *scriptedLW) log() []string {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	return append([]string(nil), lw.calls...)
}

// waitFor polls cond until it holds or a deadline passes.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// waitBlocked waits until the informer is blocked on an exhausted script.
func (lw *scriptedLW) waitBlocked(t testing.TB) {
	t.Helper()
	waitFor(t, "the informer to run out of scripted responses", func() bool {
		lw.mu.Lock()
		defer lw.mu.Unlock()
		return lw.blocked > 0
	})
}

// harness runs an informer over a scriptedLW with a fake clock; backoff
// sleeps return at once and are recorded.
type harness struct {
	t        testing.TB
	lw       *scriptedLW
	clock    *fakeClock
	informer *sharedIndexInformer
	cancel   context.CancelFunc
	done     chan struct{}

	mu     sync.Mutex
	sleeps []time.Duration
}

func newHarness(t testing.TB, lw *scriptedLW, options SharedIndexInformerOptions) *harness {
	t.Helper()
	h := &harness{t: t, lw: lw, clock: newFakeClock()}
	lw.t, lw.clock = t, h.clock
	h.informer = newSharedIndexInformer(lw, &Foo{}, options, func(s *sharedIndexInformer) {
		s.clock = h.clock
		s.reflectorHook = func(r *Reflector) {
			r.rand = func() float64 { return 0 }
			r.sleep = func(ctx context.Context, d time.Duration) bool {
				h.mu.Lock()
				h.sleeps = append(h.sleeps, d)
				h.mu.Unlock()
				return ctx.Err() == nil
			}
		}
	})
	return h
}

func (h *harness) start() {
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	h.done = make(chan struct{})
	go func() {
		defer close(h.done)
		h.informer.RunWithContext(ctx)
	}()
	h.t.Cleanup(h.stop)
}

func (h *harness) stop() {
	if h.cancel == nil {
		return
	}
	h.cancel()
	<-h.done
	h.cancel = nil
}

func (h *harness) sleepLog() []time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]time.Duration(nil), h.sleeps...)
}

func fooList(rv string, foos ...*Foo) *FooList {
	l := &FooList{ListMeta: metav1.ListMeta{ResourceVersion: rv}}
	for _, f := range foos {
		l.Items = append(l.Items, *f)
	}
	return l
}

func added(f *Foo) watch.Event    { return watch.Event{Type: watch.Added, Object: f} }
func modified(f *Foo) watch.Event { return watch.Event{Type: watch.Modified, Object: f} }
func deleted(f *Foo) watch.Event  { return watch.Event{Type: watch.Deleted, Object: f} }

func bookmark(rv string, initialEventsEnd bool) watch.Event {
	f := &Foo{ObjectMeta: metav1.ObjectMeta{ResourceVersion: rv}}
	if initialEventsEnd {
		f.Annotations = map[string]string{metav1.InitialEventsAnnotationKey: "true"}
	}
	return watch.Event{Type: watch.Bookmark, Object: f}
}

func errorEvent(status *metav1.Status) watch.Event {
	return watch.Event{Type: watch.Error, Object: status}
}

// recorder is a handler that logs events as lines.
type recorder struct {
	mu     sync.Mutex
	events []string
}

func name(obj interface{}) string {
	switch o := obj.(type) {
	case *Foo:
		return o.Namespace + "/" + o.Name + "@" + o.ResourceVersion
	case DeletedFinalStateUnknown:
		return "tombstone(" + o.Key + ", " + name(o.Obj) + ")"
	}
	return fmt.Sprintf("%T", obj)
}

func (r *recorder) record(s string) {
	r.mu.Lock()
	r.events = append(r.events, s)
	r.mu.Unlock()
}

func (r *recorder) OnAdd(obj interface{}, initial bool) {
	r.record(fmt.Sprintf("add %s initial=%v", name(obj), initial))
}

func (r *recorder) OnUpdate(oldObj, newObj interface{}) {
	r.record(fmt.Sprintf("update %s -> %s", name(oldObj), name(newObj)))
}

func (r *recorder) OnDelete(obj interface{}) { r.record("delete " + name(obj)) }

func (r *recorder) log() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.events...)
}

// waitEvents waits until the recorder has n events and returns them.
func (r *recorder) waitEvents(t testing.TB, n int) []string {
	t.Helper()
	waitFor(t, fmt.Sprintf("%d handler events", n), func() bool { return len(r.log()) >= n })
	return r.log()
}

// List and Watch make scriptedLW a ListerWatcher; informers use the
// context variants.
func (lw *scriptedLW) List(opts metav1.ListOptions) (runtime.Object, error) {
	return lw.ListWithContext(context.Background(), opts)
}

func (lw *scriptedLW) Watch(opts metav1.ListOptions) (watch.Interface, error) {
	return lw.WatchWithContext(context.Background(), opts)
}

func sortStrings(s []string) { slices.Sort(s) }

type typeKey = reflect.Type

func typeOf(v any) reflect.Type { return reflect.TypeOf(v) }
