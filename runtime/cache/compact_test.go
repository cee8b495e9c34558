package cache

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
)

// richFoo is a Foo with labels, annotations and managedFields, so that a
// round trip through compact storage has something to lose.
func richFoo(name, rv string, replicas int32) *Foo {
	foo := fooManagedBy(name, rv, `{"f:spec":{"f:replicas":{}}}`, time.Date(2026, 12, 7, 2, 20, 38, 0, time.UTC))
	foo.Labels = map[string]string{"app": "shop", "tier": "web"}
	foo.Annotations = map[string]string{"note": "a longer annotation value that repeats in every object of the kind"}
	foo.UID = types.UID("0c5a1f7e-1b2c-4d3e-8f90-" + name)
	foo.Finalizers = []string{"example.com/cleanup"}
	foo.Spec.Replicas = replicas
	return foo
}

func TestCompactStorageReturnsWhatWasStored(t *testing.T) {
	a1, b2 := richFoo("a", "1", 1), richFoo("b", "2", 2)
	other := richFoo("c", "3", 3)
	other.Namespace = "other"
	lw := &scriptedLW{
		lists: []listResponse{{list: fooList("3", a1, b2, other)}},
		watches: []watchScript{{events: []watch.Event{
			modified(richFoo("a", "4", 4)), deleted(richFoo("b", "5", 2)),
		}}},
	}
	opts := quietOptions()
	opts.CompactStorage = true
	opts.Indexers = Indexers{NamespaceIndex: MetaNamespaceIndexFunc}
	h := newHarness(t, lw, opts)
	rec := &recorder{}
	var mu sync.Mutex
	var oldSeen *Foo
	if _, err := h.informer.AddEventHandler(rec); err != nil {
		t.Fatal(err)
	}
	if _, err := h.informer.AddEventHandler(ResourceEventHandlerFuncs{UpdateFunc: func(oldObj, _ interface{}) {
		mu.Lock()
		oldSeen = oldObj.(*Foo)
		mu.Unlock()
	}}); err != nil {
		t.Fatal(err)
	}
	h.start()
	lw.waitBlocked(t)
	want := []string{
		"add ns/a@1 initial=true", "add ns/b@2 initial=true", "add other/c@3 initial=true",
		"update ns/a@1 -> ns/a@4", "delete ns/b@5",
	}
	if diff := cmp.Diff(want, rec.waitEvents(t, len(want))); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	store := h.informer.GetIndexer()
	waitFor(t, "b's deletion", func() bool { _, ok, _ := store.GetByKey("ns/b"); return !ok })
	waitFor(t, "the update's old object", func() bool { mu.Lock(); defer mu.Unlock(); return oldSeen != nil })
	mu.Lock()
	defer mu.Unlock()
	if diff := cmp.Diff(richFoo("a", "1", 1), oldSeen); diff != "" {
		t.Errorf("the old object of the update differs from what was stored (-want +got):\n%s", diff)
	}
	got, ok, err := store.GetByKey("ns/a")
	if err != nil || !ok {
		t.Fatalf("GetByKey(ns/a) = %v, %v", ok, err)
	}
	if diff := cmp.Diff(richFoo("a", "4", 4), got); diff != "" {
		t.Errorf("a read back (-want +got):\n%s", diff)
	}
	again, _, _ := store.GetByKey("ns/a")
	if again == got {
		t.Error("two reads returned one object: readers would share what they may change")
	}
	got.(*Foo).Labels["app"] = "changed by a reader"
	if again, _, _ := store.GetByKey("ns/a"); again.(*Foo).Labels["app"] != "shop" {
		t.Error("a change to an object read changed the cache")
	}
	byNS, err := store.ByIndex(NamespaceIndex, "other")
	if err != nil || len(byNS) != 1 {
		t.Fatalf("ByIndex(namespace, other) = %d objects, %v", len(byNS), err)
	}
	if diff := cmp.Diff(other, byNS[0]); diff != "" {
		t.Errorf("c by index (-want +got):\n%s", diff)
	}
	if n := len(store.List()); n != 2 {
		t.Errorf("List() has %d objects, want 2", n)
	}
}

func TestCompactStorageRelistOfUnchangedObjectsNotifiesNobody(t *testing.T) {
	lw := &scriptedLW{
		lists: []listResponse{
			{list: fooList("2", richFoo("a", "1", 1), richFoo("b", "2", 2))},
			{list: fooList("3", richFoo("a", "1", 1), richFoo("b", "3", 5))},
		},
		watches: []watchScript{{events: []watch.Event{errorEvent(statusOf(errExpired))}}},
	}
	opts := quietOptions()
	opts.CompactStorage = true
	h := newHarness(t, lw, opts)
	rec := &recorder{}
	if _, err := h.informer.AddEventHandler(rec); err != nil {
		t.Fatal(err)
	}
	h.start()
	lw.waitBlocked(t)
	want := []string{"add ns/a@1 initial=true", "add ns/b@2 initial=true", "update ns/b@2 -> ns/b@3"}
	if diff := cmp.Diff(want, rec.waitEvents(t, len(want))); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

func TestUseCompactStorage(t *testing.T) {
	inf := NewSharedIndexInformer(&scriptedLW{t: t, clock: newFakeClock()}, &Foo{}, 0, Indexers{})
	if err := UseCompactStorage(NewTypedSharedIndexInformer[*Foo](inf)); err != nil {
		t.Fatalf("through the typed wrapper: %v", err)
	}
	if inf.(*sharedIndexInformer).indexer.packer == nil {
		t.Fatal("compact storage not turned on")
	}
	if err := UseCompactStorage(fakeInformer{}); err == nil {
		t.Error("an informer of another package was accepted")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	inf.RunWithContext(ctx)
	if err := UseCompactStorage(inf); err == nil {
		t.Error("an informer that has run was accepted")
	}
}

// fakeInformer is a SharedIndexInformer from somewhere else.
type fakeInformer struct{ SharedIndexInformer }

func TestCompactStorageNeedsPointersToStructs(t *testing.T) {
	if _, err := newPacker(metav1.Time{}); err == nil {
		t.Error("a struct value was accepted")
	}
	if _, err := newPacker(nil); err == nil {
		t.Error("nil was accepted")
	}
}

func TestIndexerWithCompactStorage(t *testing.T) {
	store := NewIndexer(MetaNamespaceKeyFunc, Indexers{NamespaceIndex: MetaNamespaceIndexFunc}, WithCompactStorage(&Foo{}))
	a, b := richFoo("a", "1", 1), richFoo("b", "2", 2)
	if err := store.Add(a); err != nil {
		t.Fatal(err)
	}
	if err := store.Replace([]interface{}{a, b}, "2"); err != nil {
		t.Fatal(err)
	}
	if _, ok := store.(*keyedStore).items["ns/a"].(*packed); !ok {
		t.Fatalf("ns/a is stored as %T, not packed", store.(*keyedStore).items["ns/a"])
	}
	got, ok, err := store.Get(a)
	if err != nil || !ok {
		t.Fatalf("Get(a) = %v, %v", ok, err)
	}
	if diff := cmp.Diff(a, got); diff != "" {
		t.Errorf("a read back (-want +got):\n%s", diff)
	}
	byNS, err := store.ByIndex(NamespaceIndex, "ns")
	if err != nil || len(byNS) != 2 {
		t.Fatalf("ByIndex(namespace, ns) = %d objects, %v", len(byNS), err)
	}
	if err := store.Delete(a); err != nil {
		t.Fatal(err)
	}
	if keys := store.ListKeys(); !cmp.Equal(keys, []string{"ns/b"}) {
		t.Errorf("keys after delete = %v", keys)
	}
	// Objects of another type stay Go values.
	other := &metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "x"}}
	if err := store.Add(other); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := store.GetByKey("ns/x"); got != other {
		t.Error("an object of another type was not kept as it was")
	}
}
