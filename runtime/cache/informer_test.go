package cache

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/watch"
)

func TestInformerDeliversAddUpdateDelete(t *testing.T) {
	lw := &scriptedLW{
		lists: []listResponse{{list: fooList("2", NewFoo("ns", "a", "1"), NewFoo("ns", "b", "2"))}},
		watches: []watchScript{{events: []watch.Event{
			modified(NewFoo("ns", "a", "3")), deleted(NewFoo("ns", "b", "4")), added(NewFoo("ns", "c", "5")),
		}}},
	}
	h := newHarness(t, lw, quietOptions())
	rec := &recorder{}
	reg, err := h.informer.AddEventHandler(rec)
	if err != nil {
		t.Fatal(err)
	}
	if h.informer.HasSynced() || reg.HasSynced() {
		t.Error("synced before Run")
	}
	h.start()
	lw.waitBlocked(t)
	want := []string{
		"add ns/a@1 initial=true",
		"add ns/b@2 initial=true",
		"update ns/a@1 -> ns/a@3",
		"delete ns/b@4",
		"add ns/c@5 initial=false",
	}
	if diff := cmp.Diff(want, rec.waitEvents(t, len(want))); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	waitFor(t, "the handler to sync", reg.HasSynced)
	if !h.informer.HasSynced() || !IsDone(h.informer.HasSyncedChecker()) {
		t.Error("informer not synced")
	}
	if got := h.informer.LastSyncResourceVersion(); got != "5" {
		t.Errorf("LastSyncResourceVersion() = %q, want 5", got)
	}
	if got := h.informer.GetIndexer().LastStoreSyncResourceVersion(); got != "5" {
		t.Errorf("LastStoreSyncResourceVersion() = %q, want 5", got)
	}
}

func TestInformerRelist(t *testing.T) {
	a1 := NewFoo("ns", "a", "1")
	lw := &scriptedLW{
		lists: []listResponse{
			{list: fooList("3", a1, NewFoo("ns", "b", "2"), NewFoo("ns", "c", "3"))},
			{list: fooList("6", a1, NewFoo("ns", "b", "5"), NewFoo("ns", "d", "6"))},
		},
		watches: []watchScript{{events: []watch.Event{errorEvent(statusOf(errExpired))}}},
	}
	opts := quietOptions()
	opts.ResyncPeriod = time.Hour
	h := newHarness(t, lw, opts)
	plain, resync := &recorder{}, &recorder{}
	if _, err := h.informer.AddEventHandlerWithResyncPeriod(plain, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := h.informer.AddEventHandler(resync); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var before interface{}
	if _, err := h.informer.AddEventHandler(ResourceEventHandlerFuncs{AddFunc: func(obj interface{}) {
		if obj.(*Foo).Name == "a" {
			mu.Lock()
			before = obj
			mu.Unlock()
		}
	}}); err != nil {
		t.Fatal(err)
	}
	h.start()
	lw.waitBlocked(t)
	initial := []string{"add ns/a@1 initial=true", "add ns/b@2 initial=true", "add ns/c@3 initial=true"}
	wantPlain := append(slices.Clone(initial),
		"update ns/b@2 -> ns/b@5",
		"add ns/d@6 initial=false",
		"delete tombstone(ns/c, ns/c@3)",
	)
	if diff := cmp.Diff(wantPlain, plain.waitEvents(t, len(wantPlain))); diff != "" {
		t.Errorf("handler without resync (-want +got):\n%s", diff)
	}
	wantResync := append(slices.Clone(initial),
		"update ns/a@1 -> ns/a@1",
		"update ns/b@2 -> ns/b@5",
		"add ns/d@6 initial=false",
		"delete tombstone(ns/c, ns/c@3)",
	)
	if diff := cmp.Diff(wantResync, resync.waitEvents(t, len(wantResync))); diff != "" {
		t.Errorf("handler with resync (-want +got):\n%s", diff)
	}
	waitFor(t, "the initial a", func() bool { mu.Lock(); defer mu.Unlock(); return before != nil })
	after, _, _ := h.informer.GetStore().GetByKey("ns/a")
	mu.Lock()
	defer mu.Unlock()
	if before == nil || after != before {
		t.Error("the relist replaced an object whose resourceVersion had not changed; the cached pointer must be kept")
	}
}

func TestInformerTransformRunsOncePerObjectAndNeverOnTombstones(t *testing.T) {
	lw := &scriptedLW{
		lists: []listResponse{
			{list: fooList("3", NewFoo("ns", "a", "1"), NewFoo("ns", "b", "2"), NewFoo("ns", "c", "3"))},
			{list: fooList("5", NewFoo("ns", "a", "4"))},
		},
		watches: []watchScript{{events: []watch.Event{modified(NewFoo("ns", "a", "4")), errorEvent(statusOf(errExpired))}}},
	}
	h := newHarness(t, lw, quietOptions())
	var mu sync.Mutex
	var seen []string
	if err := h.informer.SetTransform(func(obj interface{}) (interface{}, error) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, name(obj))
		if f, ok := obj.(*Foo); ok {
			f.Annotations = map[string]string{"transformed": "yes"}
		}
		return obj, nil
	}); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	var tombstones []DeletedFinalStateUnknown
	if _, err := h.informer.AddEventHandler(ResourceEventHandlerFuncs{DeleteFunc: func(obj interface{}) {
		mu.Lock()
		tombstones = append(tombstones, obj.(DeletedFinalStateUnknown))
		mu.Unlock()
		rec.record("delete")
	}}); err != nil {
		t.Fatal(err)
	}
	h.start()
	lw.waitBlocked(t)
	rec.waitEvents(t, 2)
	mu.Lock()
	want := []string{"ns/a@1", "ns/b@2", "ns/c@3", "ns/a@4", "ns/a@4"}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("transform calls (-want +got):\n%s", diff)
	}
	for _, tomb := range tombstones {
		if tomb.Obj.(*Foo).Annotations["transformed"] != "yes" {
			t.Errorf("tombstone %s holds an untransformed object", tomb.Key)
		}
	}
	mu.Unlock()
	if err := h.informer.SetTransform(nil); err == nil {
		t.Error("SetTransform after Run succeeded, want an error")
	}
	if err := h.informer.SetWatchErrorHandler(func(*Reflector, error) {}); err == nil {
		t.Error("SetWatchErrorHandler after Run succeeded, want an error")
	}
}

func TestInformerResyncsOnlyHandlersWithAResyncPeriod(t *testing.T) {
	lw := &scriptedLW{lists: []listResponse{{list: fooList("1", NewFoo("ns", "a", "1"))}}}
	opts := quietOptions()
	opts.ResyncPeriod = 10 * time.Second
	h := newHarness(t, lw, opts)
	without, with := &recorder{}, &recorder{}
	if _, err := h.informer.AddEventHandlerWithResyncPeriod(without, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := h.informer.AddEventHandler(with); err != nil {
		t.Fatal(err)
	}
	h.start()
	lw.waitBlocked(t)
	with.waitEvents(t, 1)
	waitFor(t, "the resync timer", func() bool { return h.clock.timersCreated(10*time.Second) >= 1 })
	h.clock.Step(10 * time.Second)
	want := []string{"add ns/a@1 initial=true", "update ns/a@1 -> ns/a@1"}
	if diff := cmp.Diff(want, with.waitEvents(t, 2)); diff != "" {
		t.Errorf("resync handler (-want +got):\n%s", diff)
	}
	// Resync notifications are queued to every due handler under one lock:
	// once one handler has its update, the other would have been given
	// one too.
	h.informer.mu.Lock()
	l := h.informer.listeners[0]
	h.informer.mu.Unlock()
	l.mu.Lock()
	queued := l.queued
	l.mu.Unlock()
	if queued != 2 { // the add and the synced marker
		t.Errorf("the handler without a resync period was queued %d notifications, want 2 (add, synced)", queued)
	}
}

func TestInformerRemoveEventHandler(t *testing.T) {
	feed := make(chan watch.Event)
	lw := &scriptedLW{
		lists:   []listResponse{{list: fooList("1", NewFoo("ns", "a", "1"))}},
		watches: []watchScript{{feed: feed}},
	}
	h := newHarness(t, lw, quietOptions())
	removed, kept := &recorder{}, &recorder{}
	reg, err := h.informer.AddEventHandler(removed)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.informer.AddEventHandler(kept); err != nil {
		t.Fatal(err)
	}
	h.start()
	removed.waitEvents(t, 1)
	if err := h.informer.RemoveEventHandler(reg); err != nil {
		t.Fatal(err)
	}
	if err := h.informer.RemoveEventHandler(reg); err != nil {
		t.Errorf("second RemoveEventHandler: %v, want nil (idempotent)", err)
	}
	feed <- modified(NewFoo("ns", "a", "2"))
	kept.waitEvents(t, 2)
	if diff := cmp.Diff([]string{"add ns/a@1 initial=true"}, removed.log()); diff != "" {
		t.Errorf("removed handler (-want +got):\n%s", diff)
	}
	close(feed)
}

func TestInformerHandlerAddedAfterSyncGetsTheCacheAsInitialAdds(t *testing.T) {
	lw := &scriptedLW{lists: []listResponse{{list: fooList("2", NewFoo("ns", "a", "1"), NewFoo("ns", "b", "2"))}}}
	h := newHarness(t, lw, quietOptions())
	h.start()
	lw.waitBlocked(t)
	waitFor(t, "the informer to sync", h.informer.HasSynced)
	late := &recorder{}
	reg, err := h.informer.AddEventHandler(late)
	if err != nil {
		t.Fatal(err)
	}
	got := late.waitEvents(t, 2)
	slices.Sort(got)
	if diff := cmp.Diff([]string{"add ns/a@1 initial=true", "add ns/b@2 initial=true"}, got); diff != "" {
		t.Errorf("late handler (-want +got):\n%s", diff)
	}
	waitFor(t, "the late handler to sync", reg.HasSynced)
	h.stop()
	if !h.informer.IsStopped() {
		t.Error("IsStopped() = false after Run returned")
	}
	if _, err := h.informer.AddEventHandler(late); err == nil {
		t.Error("AddEventHandler on a stopped informer succeeded")
	}
}

func TestInformerIsNotSyncedWhileTheFirstListHangs(t *testing.T) {
	lw := &scriptedLW{}
	h := newHarness(t, lw, quietOptions())
	h.start()
	lw.waitBlocked(t)
	if h.informer.HasSynced() || IsDone(h.informer.HasSyncedChecker()) {
		t.Error("synced without a list")
	}
}

func TestWaitForInformersReturnsTheListError(t *testing.T) {
	lw := &scriptedLW{lists: []listResponse{{err: errForbidden}}}
	h := newHarness(t, lw, quietOptions())
	var handled []error
	var mu sync.Mutex
	if err := h.informer.SetWatchErrorHandler(func(_ *Reflector, err error) {
		mu.Lock()
		handled = append(handled, err)
		mu.Unlock()
	}); err != nil {
		t.Fatal(err)
	}
	h.start()
	lw.waitBlocked(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	typ := typeOf(&Foo{})
	res := WaitForInformers(ctx, map[typeKey]SharedIndexInformer{typ: h.informer})
	if res.Synced[typ] {
		t.Error("reported synced")
	}
	err := res.AsError()
	if !apierrors.IsForbidden(err) {
		t.Errorf("AsError() = %v, want an error that apierrors.IsForbidden recognizes", err)
	}
	if err == nil || !strings.Contains(err.Error(), "failed to sync all caches: *cache.Foo: context canceled (last list/watch errors: *cache.Foo: failed to list *cache.Foo: foos.example.com is forbidden") {
		t.Errorf("AsError() = %v", err)
	}
	if !apierrors.IsForbidden(LastSyncError(h.informer)) {
		t.Errorf("LastSyncError() = %v, want the 403", LastSyncError(h.informer))
	}
	if typed := NewTypedSharedIndexInformer[*Foo](h.informer); !apierrors.IsForbidden(LastSyncError(typed)) {
		t.Errorf("LastSyncError of the typed wrapper = %v, want the 403 of the informer it wraps", LastSyncError(typed))
	}
	mu.Lock()
	defer mu.Unlock()
	if len(handled) != 1 || !apierrors.IsForbidden(handled[0]) {
		t.Errorf("watch error handler got %v, want the 403 once", handled)
	}
}

func TestTypedInformer(t *testing.T) {
	lw := &scriptedLW{
		lists: []listResponse{
			{list: fooList("2", NewFoo("ns", "a", "1"), NewFoo("ns", "b", "2"))},
			{list: fooList("3", NewFoo("ns", "a", "1"))},
		},
		watches: []watchScript{{events: []watch.Event{errorEvent(statusOf(errExpired))}}},
	}
	h := newHarness(t, lw, quietOptions())
	typed := NewTypedSharedIndexInformer[*Foo](h.informer)
	var mu sync.Mutex
	var deletes []DeletedObject[*Foo]
	if _, err := typed.AddTypedEventHandler(TypedResourceEventHandlerFuncs[*Foo]{DeleteFunc: func(d DeletedObject[*Foo]) {
		mu.Lock()
		deletes = append(deletes, d)
		mu.Unlock()
	}}); err != nil {
		t.Fatal(err)
	}
	if _, err := typed.AddTypedEventHandler(TypedResourceEventHandlerFuncs[*Foo]{}, HandlerOptions{}, HandlerOptions{}); err == nil {
		t.Error("two HandlerOptions accepted")
	}
	if err := typed.AddTypedIndexers(TypedIndexers[*Foo]{"byName": func(f *Foo) ([]string, error) { return []string{f.Name}, nil }}); err != nil {
		t.Fatal(err)
	}
	h.start()
	lw.waitBlocked(t)
	waitFor(t, "the tombstone", func() bool { mu.Lock(); defer mu.Unlock(); return len(deletes) == 1 })
	d := deletes[0]
	if d.FinalStateUnknown == nil || d.GetKey() != "ns/b" || d.OptionalObj.ResourceVersion != "2" || d.GetName() != "b" || d.GetNamespace() != "ns" {
		t.Errorf("typed delete %+v: want a tombstone for ns/b holding b@2", d)
	}
	foos, err := typed.GetTypedIndexer().ByTypedIndex("byName", "a")
	if err != nil || len(foos) != 1 || foos[0].Name != "a" {
		t.Errorf("ByTypedIndex(byName, a) = %v, %v", foos, err)
	}
}
