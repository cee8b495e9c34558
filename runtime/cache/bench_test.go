package cache

import (
	"fmt"
	"runtime"
	"testing"

	"k8s.io/apimachinery/pkg/watch"
)

// BenchmarkInformerSync measures a LIST sync of 10,000 objects into an
// informer with the namespace index and one handler, and the heap the
// cache holds per object afterwards (cached-B/obj; the list itself is
// garbage by then).
func BenchmarkInformerSync(b *testing.B) {
	const n = 10000
	list := &FooList{}
	for i := range n {
		list.Items = append(list.Items, *labeled(fmt.Sprintf("ns%d", i%50), fmt.Sprintf("foo-%d", i), fmt.Sprint(i), "red"))
	}
	list.ResourceVersion = fmt.Sprint(n)
	var retained uint64
	b.ReportAllocs()
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		lw := &scriptedLW{lists: []listResponse{{list: list}}, watches: []watchScript{{events: []watch.Event{}, hang: true}}}
		opts := quietOptions()
		opts.Indexers = Indexers{NamespaceIndex: MetaNamespaceIndexFunc}
		h := newHarness(b, lw, opts)
		if _, err := h.informer.AddEventHandler(ResourceEventHandlerFuncs{}); err != nil {
			b.Fatal(err)
		}
		h.start()
		waitFor(b, "sync", h.informer.HasSynced)
		runtime.GC()
		runtime.ReadMemStats(&after)
		retained = after.HeapAlloc - before.HeapAlloc
		h.stop()
	}
	b.ReportMetric(float64(retained)/n, "cached-B/obj")
}
