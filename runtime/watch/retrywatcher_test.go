package watch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/clientgen/clientgen/runtime/pager"
	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/utils/clock"
	testingclock "k8s.io/utils/clock/testing"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// attempt scripts the answer to one Watch call: an error, or a watcher that
// sends events and then closes (closeAfter) or stays open.
type attempt struct {
	err        error
	events     []watch.Event
	closeAfter bool
}

// listCall is what one List call asked for.
type listCall struct {
	RV, Continue string
	Limit        int64
}

type listReply struct {
	obj runtime.Object
	err error
}

// fakeServer answers Watch and List from scripts and counts the calls.
type fakeServer struct {
	mu        sync.Mutex
	watches   []attempt
	lists     []listReply
	watchRVs  []string
	listCalls []listCall
	watchers  []*watch.RaceFreeFakeWatcher
}

func (s *fakeServer) Watch(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.watchRVs)
	s.watchRVs = append(s.watchRVs, opts.ResourceVersion)
	if !opts.AllowWatchBookmarks {
		return nil, errors.New("watch without bookmarks")
	}
	if n < len(s.watches) && s.watches[n].err != nil {
		return nil, s.watches[n].err
	}
	w := watch.NewRaceFreeFake()
	s.watchers = append(s.watchers, w)
	if n >= len(s.watches) {
		return w, nil // stays open until the RetryWatcher stops it
	}
	a := s.watches[n]
	for _, ev := range a.events {
		w.Action(ev.Type, ev.Object)
	}
	if a.closeAfter {
		w.Stop()
	}
	return w, nil
}

func (s *fakeServer) List(ctx context.Context, opts metav1.ListOptions) (runtime.Object, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.listCalls)
	s.listCalls = append(s.listCalls, listCall{RV: opts.ResourceVersion, Continue: opts.Continue, Limit: opts.Limit})
	if n >= len(s.lists) {
		return nil, fmt.Errorf("unexpected list %d", n)
	}
	return s.lists[n].obj, s.lists[n].err
}

func (s *fakeServer) counts() (watchRVs []string, lists []listCall, watchers []*watch.RaceFreeFakeWatcher) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.watchRVs...), append([]listCall(nil), s.listCalls...), append([]*watch.RaceFreeFakeWatcher(nil), s.watchers...)
}

// recordingClock is a fake clock that records every wait the watcher asks
// for, so that tests can assert backoff without sleeping.
type recordingClock struct {
	*testingclock.FakeClock
	mu     sync.Mutex
	delays []time.Duration
}

func newClock() *recordingClock {
	return &recordingClock{FakeClock: testingclock.NewFakeClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))}
}

func (c *recordingClock) NewTimer(d time.Duration) clock.Timer {
	c.mu.Lock()
	c.delays = append(c.delays, d)
	c.mu.Unlock()
	return c.FakeClock.NewTimer(d)
}

func (c *recordingClock) recorded() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.delays...)
}

// stepIfWaiting fires the watcher's pending timer, if any.
func (c *recordingClock) stepIfWaiting() {
	if !c.HasWaiters() {
		return
	}
	d := c.recorded()
	c.Step(d[len(d)-1])
}

func obj(rv string) *metav1.PartialObjectMetadata {
	return &metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{Name: "o" + rv, Namespace: "ns", ResourceVersion: rv}}
}

func ev(t watch.EventType, rv string) watch.Event { return watch.Event{Type: t, Object: obj(rv)} }

func errEvent(err *apierrors.StatusError) watch.Event {
	return watch.Event{Type: watch.Error, Object: &err.ErrStatus}
}

func list(rv, next string, names ...string) *metav1.PartialObjectMetadataList {
	l := &metav1.PartialObjectMetadataList{ListMeta: metav1.ListMeta{ResourceVersion: rv, Continue: next}}
	for _, n := range names {
		l.Items = append(l.Items, metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{Name: n}})
	}
	return l
}

var gr = schema.GroupResource{Group: "example.com", Resource: "widgets"}

func gone() *apierrors.StatusError {
	return apierrors.NewResourceExpired("too old resource version: 10 (20)")
}

// tooLarge is the server's answer to a list at a resourceVersion its watch
// cache has not reached.
func tooLarge() *apierrors.StatusError {
	err := apierrors.NewTimeoutError("Too large resource version", 1)
	err.ErrStatus.Details.Causes = []metav1.StatusCause{{Type: metav1.CauseTypeResourceVersionTooLarge, Message: "Too large resource version"}}
	return err
}

func internal() *apierrors.StatusError { return apierrors.NewInternalError(errors.New("etcd hiccup")) }

// summary renders a delivered event as TYPE/rv, or TYPE/code for errors and
// TYPE/rv[names] for a Resynced list.
func summary(t testing.TB, e watch.Event) string {
	t.Helper()
	switch e.Type {
	case watch.Error:
		return fmt.Sprintf("ERROR/%d", apierrors.FromObject(e.Object).(*apierrors.StatusError).ErrStatus.Code)
	case Resynced:
		m, err := meta.ListAccessor(e.Object)
		if err != nil {
			t.Fatalf("Resynced object %T is not a list", e.Object)
		}
		items, _ := meta.ExtractList(e.Object)
		names := []string{}
		for _, it := range items {
			a, _ := meta.Accessor(it)
			names = append(names, a.GetName())
		}
		return fmt.Sprintf("RESYNCED/%s%v", m.GetResourceVersion(), names)
	}
	a, err := meta.Accessor(e.Object)
	if err != nil {
		t.Fatalf("event object %T has no metadata", e.Object)
	}
	return fmt.Sprintf("%s/%s", e.Type, a.GetResourceVersion())
}

type result struct {
	events   []string
	closed   bool // the watcher ended by itself
	watchRVs []string
	lists    []listCall
	delays   []time.Duration
}

// run drives a RetryWatcher over the scripts until it ends by itself or,
// unless untilClosed, has delivered wantEvents and made wantWatches watch
// calls, stepping the fake clock whenever the watcher waits.
func run(t testing.TB, s *fakeServer, opts Options, wantEvents, wantWatches int, untilClosed bool) result {
	t.Helper()
	clk := newClock()
	opts.Clock = clk
	if opts.Backoff.Duration == 0 {
		opts.Backoff = wait.Backoff{Duration: 800 * time.Millisecond, Factor: 2, Cap: 30 * time.Second}
	}
	rw, err := NewRetryWatcherWithOptions(context.Background(), "10", s, opts)
	if err != nil {
		t.Fatal(err)
	}
	var res result
	deadline := time.After(10 * time.Second)
	poll := time.NewTicker(time.Millisecond)
	defer poll.Stop()
loop:
	for {
		select {
		case e, ok := <-rw.ResultChan():
			if !ok {
				res.closed = true
				break loop
			}
			res.events = append(res.events, summary(t, e))
		case <-poll.C:
			rvs, _, _ := s.counts()
			if !untilClosed && len(res.events) >= wantEvents && len(rvs) >= wantWatches {
				break loop
			}
			clk.stepIfWaiting()
		case <-deadline:
			rvs, lists, _ := s.counts()
			t.Fatalf("timed out: events %v, watches %v, lists %v", res.events, rvs, lists)
		}
	}
	rw.Stop()
	for e := range rw.ResultChan() {
		res.events = append(res.events, summary(t, e))
	}
	<-rw.Done()
	var watchers []*watch.RaceFreeFakeWatcher
	res.watchRVs, res.lists, watchers = s.counts()
	for i, w := range watchers {
		if !w.IsStopped() {
			t.Errorf("watch %d was not stopped", i)
		}
	}
	res.delays = clk.recorded()
	return res
}

func TestRetryWatcherFaults(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	tests := []struct {
		name         string
		watches      []attempt
		lists        []listReply
		withList     bool
		noMinRestart bool
		wantEvents   []string
		wantClosed   bool
		wantWatchRVs []string
		wantLists    []listCall
		wantDelays   []time.Duration
	}{{
		name:         "a clean close re-watches from the last event's resourceVersion without a list, a second after the last start",
		watches:      []attempt{{events: []watch.Event{ev(watch.Added, "11"), ev(watch.Modified, "12")}, closeAfter: true}},
		wantEvents:   []string{"ADDED/11", "MODIFIED/12"},
		wantWatchRVs: []string{"10", "12"},
		wantDelays:   []time.Duration{time.Second},
	}, {
		name:         "a bookmark advances the resourceVersion and is not delivered",
		watches:      []attempt{{events: []watch.Event{ev(watch.Added, "11"), ev(watch.Bookmark, "15")}, closeAfter: true}},
		wantEvents:   []string{"ADDED/11"},
		wantWatchRVs: []string{"10", "15"},
		wantDelays:   []time.Duration{time.Second},
	}, {
		name:         "a deletion advances the resourceVersion like any event",
		watches:      []attempt{{events: []watch.Event{ev(watch.Deleted, "13")}, closeAfter: true}},
		wantEvents:   []string{"DELETED/13"},
		wantWatchRVs: []string{"10", "13"},
		wantDelays:   []time.Duration{time.Second},
	}, {
		name: "429, 500 and connection refused from the watch call back off and re-watch at the same resourceVersion, Retry-After a floor",
		watches: []attempt{
			{err: apierrors.NewTooManyRequests("slow down", 5)},
			{err: internal()},
			{err: refused},
		},
		noMinRestart: true,
		wantWatchRVs: []string{"10", "10", "10", "10"},
		wantDelays:   []time.Duration{5 * time.Second, 1600 * time.Millisecond, 3200 * time.Millisecond},
	}, {
		name: "the backoff grows to its cap and an event resets it",
		watches: []attempt{
			{err: internal()}, {err: internal()}, {err: internal()}, {err: internal()}, {err: internal()}, {err: internal()},
			{events: []watch.Event{ev(watch.Added, "11")}, closeAfter: true},
			{err: internal()},
		},
		noMinRestart: true,
		wantEvents:   []string{"ADDED/11"},
		wantWatchRVs: []string{"10", "10", "10", "10", "10", "10", "10", "11", "11"},
		// (the last watch stays open: the wait before it has been recorded)
		wantDelays: []time.Duration{
			800 * time.Millisecond, 1600 * time.Millisecond, 3200 * time.Millisecond, 6400 * time.Millisecond,
			12800 * time.Millisecond, 25600 * time.Millisecond, 800 * time.Millisecond,
		},
	}, {
		name:         "an ERROR event 500 re-watches from the last resourceVersion without passing the error on",
		watches:      []attempt{{events: []watch.Event{ev(watch.Added, "11"), errEvent(internal())}}},
		wantEvents:   []string{"ADDED/11"},
		wantWatchRVs: []string{"10", "11"},
		wantDelays:   []time.Duration{time.Second},
	}, {
		name:         "an ERROR event 504 with Retry-After waits at least that long",
		watches:      []attempt{{events: []watch.Event{errEvent(apierrors.NewServerTimeout(gr, "watch", 7))}}},
		wantWatchRVs: []string{"10", "10"},
		wantDelays:   []time.Duration{7 * time.Second},
	}, {
		name:         "without a list function an ERROR event 410 ends the watch with that event",
		watches:      []attempt{{events: []watch.Event{ev(watch.Added, "11"), errEvent(gone())}}},
		wantEvents:   []string{"ADDED/11", "ERROR/410"},
		wantClosed:   true,
		wantWatchRVs: []string{"10"},
	}, {
		name:         "without a list function a 410 from the watch call ends the watch instead of retrying forever",
		watches:      []attempt{{err: apierrors.NewGone("gone")}},
		wantEvents:   []string{"ERROR/410"},
		wantClosed:   true,
		wantWatchRVs: []string{"10"},
	}, {
		name: "an ERROR event 410 relists once at the last resourceVersion unpaginated, sends Resynced and watches from the list's",
		watches: []attempt{
			{events: []watch.Event{ev(watch.Added, "11"), errEvent(gone())}},
			{events: []watch.Event{ev(watch.Modified, "21")}},
		},
		lists:        []listReply{{obj: list("20", "", "a", "b")}},
		withList:     true,
		wantEvents:   []string{"ADDED/11", "RESYNCED/20[a b]", "MODIFIED/21"},
		wantWatchRVs: []string{"10", "20"},
		wantLists:    []listCall{{RV: "11"}},
		wantDelays:   []time.Duration{time.Second},
	}, {
		name:     "a 410 from the watch call and an expired relist list at \"\" in pages",
		watches:  []attempt{{err: gone()}},
		withList: true,
		lists: []listReply{
			{err: gone()},
			{obj: list("30", "c1", "a")},
			{obj: list("30", "", "b")},
		},
		wantEvents:   []string{"RESYNCED/30[a b]"},
		wantWatchRVs: []string{"10", "30"},
		wantLists:    []listCall{{RV: "10"}, {RV: "", Limit: 500}, {Continue: "c1", Limit: 500}},
		wantDelays:   []time.Duration{time.Second},
	}, {
		name:     "a relist answered with too large resource version lists at \"\"",
		watches:  []attempt{{err: gone()}},
		withList: true,
		lists: []listReply{
			{err: tooLarge()},
			{obj: list("30", "", "a")},
		},
		wantEvents:   []string{"RESYNCED/30[a]"},
		wantWatchRVs: []string{"10", "30"},
		wantLists:    []listCall{{RV: "10"}, {RV: "", Limit: 500}},
		wantDelays:   []time.Duration{time.Second},
	}, {
		name:         "a failing relist backs off and lists again at the same resourceVersion",
		watches:      []attempt{{err: gone()}},
		withList:     true,
		lists:        []listReply{{err: apierrors.NewServiceUnavailable("restarting")}, {obj: list("20", "", "a")}},
		wantEvents:   []string{"RESYNCED/20[a]"},
		wantWatchRVs: []string{"10", "20"},
		wantLists:    []listCall{{RV: "10"}, {RV: "10"}},
		// The watch after the relist still starts a second after the last one.
		wantDelays: []time.Duration{800 * time.Millisecond, 200 * time.Millisecond},
	}, {
		name:         "a forbidden relist ends the watch with the 403",
		watches:      []attempt{{err: gone()}},
		withList:     true,
		lists:        []listReply{{err: apierrors.NewForbidden(gr, "", errors.New("no"))}},
		wantEvents:   []string{"ERROR/403"},
		wantClosed:   true,
		wantWatchRVs: []string{"10"},
		wantLists:    []listCall{{RV: "10"}},
	}, {
		name:         "403 from the watch call ends the watch with the ERROR event",
		watches:      []attempt{{err: apierrors.NewForbidden(gr, "", errors.New("no"))}},
		wantEvents:   []string{"ERROR/403"},
		wantClosed:   true,
		wantWatchRVs: []string{"10"},
	}, {
		name:         "401 from the watch call ends the watch with the ERROR event",
		watches:      []attempt{{err: apierrors.NewUnauthorized("expired token")}},
		wantEvents:   []string{"ERROR/401"},
		wantClosed:   true,
		wantWatchRVs: []string{"10"},
	}, {
		name:         "an event without a resourceVersion ends the watch with an internal error",
		watches:      []attempt{{events: []watch.Event{ev(watch.Added, "")}}},
		wantEvents:   []string{"ERROR/500"},
		wantClosed:   true,
		wantWatchRVs: []string{"10"},
	}, {
		name:         "an event of an unknown type ends the watch with an internal error",
		watches:      []attempt{{events: []watch.Event{ev("SURPRISE", "11")}}},
		wantEvents:   []string{"ERROR/500"},
		wantClosed:   true,
		wantWatchRVs: []string{"10"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &fakeServer{watches: tt.watches, lists: tt.lists}
			var opts Options
			if tt.withList {
				opts.List = s.List
			}
			if tt.noMinRestart {
				opts.MinRestartDelay = -1
			}
			got := run(t, s, opts, len(tt.wantEvents), len(tt.wantWatchRVs), tt.wantClosed)
			if diff := cmp.Diff(tt.wantEvents, got.events, cmpEmpty); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
			if got.closed != tt.wantClosed {
				t.Errorf("ended by itself = %v, want %v", got.closed, tt.wantClosed)
			}
			if diff := cmp.Diff(tt.wantWatchRVs, got.watchRVs); diff != "" {
				t.Errorf("WATCH resourceVersions (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantLists, got.lists, cmpEmpty); diff != "" {
				t.Errorf("LIST calls (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantDelays, got.delays, cmpEmpty); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
		})
	}
}

// cmpEmpty makes a nil and an empty slice equal.
var cmpEmpty = cmp.FilterValues(func(x, y any) bool {
	return lenOf(x) == 0 && lenOf(y) == 0
}, cmp.Comparer(func(_, _ any) bool { return true }))

func lenOf(v any) int {
	switch s := v.(type) {
	case []string:
		return len(s)
	case []listCall:
		return len(s)
	case []time.Duration:
		return len(s)
	}
	return -1
}

func TestRetryWatcherRefusesAnInitialResourceVersionThatReplaysEverything(t *testing.T) {
	for _, rv := range []string{"", "0"} {
		t.Run(fmt.Sprintf("rv %q", rv), func(t *testing.T) {
			s := &fakeServer{}
			rw, err := NewRetryWatcherWithContext(context.Background(), rv, s)
			if err == nil || rw != nil || !strings.Contains(err.Error(), "not supported") {
				t.Fatalf("NewRetryWatcherWithContext(%q) = %v, %v; want an error", rv, rw, err)
			}
			if rvs, _, _ := s.counts(); len(rvs) != 0 {
				t.Errorf("%d watch calls, want none", len(rvs))
			}
		})
	}
}

func TestRetryWatcherDefaultBackoffIsJittered(t *testing.T) {
	s := &fakeServer{watches: []attempt{{err: internal()}, {err: internal()}}}
	got := run(t, s, Options{Backoff: DefaultBackoff(), MinRestartDelay: -1}, 0, 3, false)
	if len(got.delays) != 2 {
		t.Fatalf("waits %v, want 2", got.delays)
	}
	for i, base := range []time.Duration{800 * time.Millisecond, 1600 * time.Millisecond} {
		if d := got.delays[i]; d < base || d > 2*base {
			t.Errorf("wait %d = %v, want within [%v, %v]", i, d, base, 2*base)
		}
	}
}

func TestRetryWatcherStopsWhenTheContextEnds(t *testing.T) {
	s := &fakeServer{}
	ctx, cancel := context.WithCancel(context.Background())
	rw, err := NewRetryWatcherWithContext(ctx, "10", s)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { rvs, _, _ := s.counts(); return len(rvs) == 1 })
	cancel()
	select {
	case <-rw.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("watcher did not end after its context was cancelled")
	}
	if _, ok := <-rw.ResultChan(); ok {
		t.Error("result channel delivered an event after the end, want closed")
	}
	_, _, watchers := s.counts()
	if !watchers[0].IsStopped() {
		t.Error("underlying watch left open")
	}
	if got := rw.LastResourceVersion(); got != "10" {
		t.Errorf("LastResourceVersion = %q, want 10", got)
	}
}

func TestRetryWatcherOverAFuncAndATypedList(t *testing.T) {
	// A generated client's List returns its own list type; pager.TypedPageFunc
	// makes it the relist function. WatchFunc adapts a bare func.
	s := &fakeServer{watches: []attempt{{err: gone()}}, lists: []listReply{{obj: list("20", "", "a")}}}
	typedList := func(ctx context.Context, opts metav1.ListOptions) (*metav1.PartialObjectMetadataList, error) {
		l, err := s.List(ctx, opts)
		if err != nil {
			return nil, err
		}
		return l.(*metav1.PartialObjectMetadataList), nil
	}
	rw, err := NewRetryWatcherWithOptions(context.Background(), "10", WatchFunc(s.Watch), Options{List: pager.TypedPageFunc(typedList), Clock: newClock()})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { rw.Stop(); <-rw.Done() }()
	e := <-rw.ResultChan()
	l, ok := e.Object.(*metav1.PartialObjectMetadataList)
	if e.Type != Resynced || !ok || len(l.Items) != 1 || l.ResourceVersion != "20" {
		t.Fatalf("first event = %s %T, want RESYNCED with the typed list at 20", e.Type, e.Object)
	}
	// The resourceVersion advances once the event is handed over.
	waitFor(t, func() bool { return rw.LastResourceVersion() == "20" })
}

func waitFor(t testing.TB, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10s")
		}
		time.Sleep(time.Millisecond)
	}
}
