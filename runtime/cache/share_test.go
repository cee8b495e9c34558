package cache

import (
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/watch"
)

// fooManagedBy is a Foo with one managedFields entry, whose FieldsV1 and
// Time are allocated for it alone, as the decoder allocates them.
func fooManagedBy(name, rv, fields string, at time.Time) *Foo {
	foo := NewFoo("ns", name, rv)
	ts := metav1.NewTime(at)
	foo.ManagedFields = []metav1.ManagedFieldsEntry{{
		Manager: "kubectl", Operation: metav1.ManagedFieldsOperationUpdate, FieldsType: "FieldsV1",
		FieldsV1: &metav1.FieldsV1{Raw: []byte(fields)}, Time: &ts,
	}}
	return foo
}

func TestCachedObjectsShareEqualManagedFieldsParts(t *testing.T) {
	at := time.Date(2026, 12, 7, 2, 20, 38, 0, time.UTC)
	spec := `{"f:spec":{"f:size":{}}}`
	lw := &scriptedLW{
		lists: []listResponse{{list: fooList("3",
			fooManagedBy("a", "1", spec, at),
			fooManagedBy("b", "2", spec, at),
			fooManagedBy("c", "3", `{"f:status":{}}`, at.Add(time.Second)),
		)}},
		watches: []watchScript{{events: []watch.Event{modified(fooManagedBy("a", "4", spec, at.Add(time.Second)))}}},
	}
	h := newHarness(t, lw, quietOptions())
	h.start()
	lw.waitBlocked(t)
	get := func(name string) *Foo {
		t.Helper()
		var foo *Foo
		waitFor(t, name+" in the cache", func() bool {
			obj, ok, _ := h.informer.GetStore().GetByKey("ns/" + name)
			if ok {
				foo = obj.(*Foo)
			}
			return ok
		})
		return foo
	}
	waitFor(t, "the update of a", func() bool {
		obj, ok, _ := h.informer.GetStore().GetByKey("ns/a")
		return ok && obj.(*Foo).ResourceVersion == "4"
	})
	a, b, c := get("a").ManagedFields[0], get("b").ManagedFields[0], get("c").ManagedFields[0]
	if a.FieldsV1 != b.FieldsV1 {
		t.Error("a and b carry equal FieldsV1 trees that are not shared")
	}
	if a.Time != c.Time {
		t.Error("a (updated) and c carry equal timestamps that are not shared")
	}
	if b.Time == a.Time || b.Time.Equal(a.Time) {
		t.Error("b's timestamp differs from a's and must stay its own")
	}
	if c.FieldsV1 == a.FieldsV1 || string(c.FieldsV1.Raw) != `{"f:status":{}}` {
		t.Errorf("c's own tree was replaced: %s", c.FieldsV1.Raw)
	}
	// Callers copy before changing: a copy owns its bytes.
	copied := get("a").DeepCopy()
	copied.ManagedFields[0].FieldsV1.Raw[0] = '['
	if string(get("b").ManagedFields[0].FieldsV1.Raw) != spec {
		t.Error("changing a deep copy changed another cached object")
	}
}

func TestSharingLeavesObjectsWithoutTypedMetadataAlone(t *testing.T) {
	var s managedFieldsSharer
	u := &unstructured.Unstructured{}
	u.SetManagedFields([]metav1.ManagedFieldsEntry{{Manager: "m", FieldsV1: &metav1.FieldsV1{Raw: []byte(`{}`)}}})
	before := u.DeepCopy()
	s.share(u)
	s.share(&Foo{})
	if len(s.fields) != 0 || !equalUnstructured(before, u) {
		t.Errorf("unstructured object changed or recorded: %v", s.fields)
	}
}

func equalUnstructured(a, b *unstructured.Unstructured) bool {
	ab, _ := a.MarshalJSON()
	bb, _ := b.MarshalJSON()
	return string(ab) == string(bb)
}

func TestSharingTablesAreBounded(t *testing.T) {
	var s managedFieldsSharer
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range sharedEntries + 10 {
		s.share(fooManagedBy("x", "1", `{"f:`+time.Duration(i).String()+`":{}}`, at.Add(time.Duration(i)*time.Second)))
	}
	if len(s.fields) > sharedEntries || len(s.times) > sharedEntries {
		t.Errorf("tables hold %d trees and %d times, more than %d", len(s.fields), len(s.times), sharedEntries)
	}
	if len(s.fields) != 10 || len(s.times) != 10 {
		t.Errorf("after starting over the tables hold %d trees and %d times, want 10 each", len(s.fields), len(s.times))
	}
}
