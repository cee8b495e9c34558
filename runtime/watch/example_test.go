package watch_test

import (
	"context"
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/clientgen/clientgen/runtime/pager"
	rwatch "github.com/clientgen/clientgen/runtime/watch"
)

func widget(name, rv string) *metav1.PartialObjectMetadata {
	return &metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{Name: name, ResourceVersion: rv}}
}

// A watch that survives 410 Gone: the caller keeps its own view of the objects
// and replaces it on Resynced.
func ExampleNewRetryWatcherWithOptions() {
	// Stand-ins for a generated client's Watch and List methods: the watch
	// sends one event and then 410, the list answers at resourceVersion 20.
	watchWidgets := rwatch.WatchFunc(func(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
		w := watch.NewRaceFreeFake()
		w.Add(widget("a", "11"))
		w.Error(&apierrors.NewResourceExpired("too old resource version").ErrStatus)
		return w, nil
	})
	listWidgets := func(ctx context.Context, opts metav1.ListOptions) (*metav1.PartialObjectMetadataList, error) {
		return &metav1.PartialObjectMetadataList{
			ListMeta: metav1.ListMeta{ResourceVersion: "20"},
			Items:    []metav1.PartialObjectMetadata{*widget("b", "15"), *widget("c", "19")},
		}, nil
	}

	ctx := context.Background()
	w, err := rwatch.NewRetryWatcherWithOptions(ctx, "10", watchWidgets, rwatch.Options{List: pager.TypedPageFunc(listWidgets)})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer w.Stop()
	known := map[string]bool{}
	for ev := range w.ResultChan() {
		switch ev.Type {
		case watch.Added, watch.Modified:
			known[ev.Object.(metav1.Object).GetName()] = true
		case watch.Deleted:
			delete(known, ev.Object.(metav1.Object).GetName())
		case rwatch.Resynced:
			// Everything not in the list was deleted while the watch was away.
			known = map[string]bool{}
			_ = meta.EachListItem(ev.Object, func(o runtime.Object) error {
				known[o.(metav1.Object).GetName()] = true
				return nil
			})
			fmt.Println("resynced at", ev.Object.(metav1.ListInterface).GetResourceVersion(), "known:", len(known), known["a"])
			return
		case watch.Error:
			fmt.Println("watch ended:", apierrors.FromObject(ev.Object))
			return
		}
	}
	// Output:
	// resynced at 20 known: 2 false
}
