package compare

import (
	"fmt"
	"testing"
	"time"

	"github.com/clientgen/clientgen/runtime/cache"
	examplev1 "github.com/clientgen/clientgen/testdata/crds/example/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// BenchmarkCachedWidget is what runtime/cache's compact storage costs per
// operation against Go values, on the Widgets of BenchmarkInformer (about
// 5 KB of JSON with managedFields): "write" stores an object (the
// informer's cost per event), "get" reads one by key (a lister's Get).
// Compact storage encodes and deflates on write and inflates and decodes
// on read; Go values do neither.
func BenchmarkCachedWidget(b *testing.B) {
	const n = 1000
	widgets := make([]*examplev1.Widget, n)
	for i := range widgets {
		widgets[i] = benchWidget(i)
	}
	for _, storage := range []string{"go-values", "compact"} {
		newStore := func() cache.Indexer {
			var opts []cache.StoreOption
			if storage == "compact" {
				opts = append(opts, cache.WithCompactStorage(&examplev1.Widget{}))
			}
			return cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc}, opts...)
		}
		b.Run(storage+"/write", func(b *testing.B) {
			store := newStore()
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if err := store.Update(widgets[i%n]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run(storage+"/get", func(b *testing.B) {
			store := newStore()
			for _, w := range widgets {
				if err := store.Add(w); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				obj, ok, err := store.GetByKey("bench/" + informerWidgetName(i%n))
				if err != nil || !ok || obj.(*examplev1.Widget).Spec.Size == 0 {
					b.Fatalf("GetByKey: %v %v", ok, err)
				}
				i++
			}
		})
	}
}

// benchWidget is the i-th seeded Widget as the server returns it: with a
// uid, resourceVersion, status and the managedFields of its two managers.
func benchWidget(i int) *examplev1.Widget {
	w := informerWidget("bench", i)
	w.UID = types.UID(fmt.Sprintf("4515bc84-d05d-42d1-8396-%012d", i))
	w.ResourceVersion = fmt.Sprint(1000 + i)
	w.Generation = 1
	at := metav1.NewTime(time.Date(2026, 12, 7, 2, 20, 38, 0, time.UTC))
	w.CreationTimestamp = at
	w.Status.Phase = "Ready-000000"
	w.Status.ObservedSize = w.Spec.Size
	w.ManagedFields = []metav1.ManagedFieldsEntry{
		{Manager: creatorManager, Operation: metav1.ManagedFieldsOperationUpdate, APIVersion: "example.com/v1", Time: &at, FieldsType: "FieldsV1",
			FieldsV1: &metav1.FieldsV1{Raw: []byte(`{"f:metadata":{"f:annotations":{".":{},"f:example.com/checksum":{},"f:example.com/config-hash":{},"f:example.com/contact":{},"f:example.com/dependencies":{},"f:example.com/description":{},"f:example.com/owner":{},"f:example.com/revision":{},"f:example.com/runbook":{},"f:kubectl.kubernetes.io/last-applied-configuration":{}},"f:finalizers":{".":{},"v:\"example.com/cleanup\"":{}},"f:labels":{".":{},"f:app.kubernetes.io/component":{},"f:app.kubernetes.io/instance":{},"f:app.kubernetes.io/managed-by":{},"f:app.kubernetes.io/name":{},"f:app.kubernetes.io/part-of":{},"f:app.kubernetes.io/version":{},"f:example.com/cost-center":{},"f:example.com/environment":{},"f:example.com/shard":{},"f:example.com/team":{},"f:topology.example.com/region":{}}},"f:spec":{".":{},"f:color":{},"f:size":{},"f:tags":{}}}`)}},
		{Manager: controllerManager, Operation: metav1.ManagedFieldsOperationUpdate, APIVersion: "example.com/v1", Time: &at, FieldsType: "FieldsV1", Subresource: "status",
			FieldsV1: &metav1.FieldsV1{Raw: []byte(`{"f:status":{".":{},"f:observedSize":{},"f:phase":{}}}`)}},
	}
	return w
}
