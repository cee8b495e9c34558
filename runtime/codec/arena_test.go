package codec

import (
	"runtime"
	"testing"
	"unsafe"
	"weak"

	examplev1 "github.com/clientgen/clientgen/runtime/internal/example/v1"
)

// A Widget as kube-apiserver sends it: managedFields between the
// object's other strings.
const managedWidget = `{"apiVersion":"example.com/v1","kind":"Widget","metadata":{` +
	`"labels":{"app.kubernetes.io/name":"widget","example.com/team":"team-1"},` +
	`"managedFields":[{"apiVersion":"example.com/v1","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app.kubernetes.io/name":{},"f:example.com/team":{}}},"f:spec":{".":{},"f:color":{},"f:size":{}}},"manager":"kubectl","operation":"Update","time":"2026-03-14T09:26:53Z"},` +
	`{"apiVersion":"example.com/v1","fieldsType":"FieldsV1","fieldsV1":{"f:status":{".":{},"f:phase":{}}},"manager":"widget-controller","operation":"Update","subresource":"status","time":"2026-03-14T09:27:53Z"}],` +
	`"name":"widget-1","namespace":"shop","resourceVersion":"12345","uid":"0c5a1f7e-1b2c-4d3e-8f90-123456789abc"},` +
	`"spec":{"color":"blue","size":3,"tags":["shop","tier-1"]},"status":{"phase":"Ready"}}`

func TestDroppingManagedFieldsFreesTheirBytes(t *testing.T) {
	w := &examplev1.Widget{}
	if err := Unmarshal([]byte(managedWidget), w); err != nil {
		t.Fatal(err)
	}
	if len(w.ManagedFields) != 2 || len(w.ManagedFields[0].FieldsV1.Raw) == 0 || w.Name != "widget-1" {
		t.Fatalf("decoded %+v; want the Widget with two managedFields entries", w.ObjectMeta)
	}
	// Weak pointers to the blocks the entries' bytes and strings live in.
	raw := weak.Make(unsafe.SliceData(w.ManagedFields[0].FieldsV1.Raw))
	manager := weak.Make(unsafe.StringData(w.ManagedFields[1].Manager))
	w.ManagedFields = nil // what cache.TransformStripManagedFields does
	// Three cycles: the decoder's pooled state, which keeps its current
	// blocks, is dropped by the second.
	for range 3 {
		runtime.GC()
	}
	if raw.Value() != nil || manager.Value() != nil {
		t.Errorf("after managedFields were dropped their bytes are still reachable (fieldsV1 %v, manager %v): the object's other strings pin the blocks they share", raw.Value() != nil, manager.Value() != nil)
	}
	if w.Name != "widget-1" || w.Labels["example.com/team"] != "team-1" || w.Spec.Tags[1] != "tier-1" {
		t.Fatalf("the object's own strings changed: %+v", w)
	}
	runtime.KeepAlive(w)
}

func TestRecurringKeysAndManagersAreOneString(t *testing.T) {
	// One decode of a list of two equal objects: the table belongs to a
	// pooled decoder state, and two separate Unmarshal calls may get two
	// states (sync.Pool drops items at random under the race detector).
	var list examplev1.WidgetList
	if err := Unmarshal([]byte(`{"apiVersion":"example.com/v1","kind":"WidgetList","metadata":{},"items":[`+managedWidget+`,`+managedWidget+`]}`), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 2 {
		t.Fatalf("decoded %d items, want 2", len(list.Items))
	}
	a, b := list.Items[0], list.Items[1]
	same := func(x, y string) bool { return unsafe.StringData(x) == unsafe.StringData(y) }
	keyOf := func(m map[string]string, k string) string {
		for key := range m {
			if key == k {
				return key
			}
		}
		t.Fatalf("no key %q in %v", k, m)
		return ""
	}
	tests := []struct {
		name string
		x, y string
		want bool
	}{
		{"a label key is shared", keyOf(a.Labels, "example.com/team"), keyOf(b.Labels, "example.com/team"), true},
		{"a short label value is shared", a.Labels["app.kubernetes.io/name"], b.Labels["app.kubernetes.io/name"], true},
		{"a field manager is shared", a.ManagedFields[1].Manager, b.ManagedFields[1].Manager, true},
		{"an object's name is its own", a.Name, b.Name, false},
		{"a uid is its own", string(a.UID), string(b.UID), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.x != tc.y {
				t.Fatalf("decoded %q and %q from the same input", tc.x, tc.y)
			}
			if got := same(tc.x, tc.y); got != tc.want {
				t.Fatalf("%q: same bytes in both objects = %v, want %v", tc.x, got, tc.want)
			}
		})
	}
}
