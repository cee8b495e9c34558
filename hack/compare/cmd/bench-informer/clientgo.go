package main

import (
	"context"
	"errors"
	"sync/atomic"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/clientgen/clientgen/hack/compare/clientgo/versioned"
	examplev1 "github.com/clientgen/clientgen/testdata/crds/example/v1"
)

// The client-go side is what informer-gen v0.37.2 writes for Widget
// (NewTypedWidgetInformerWithOptions), built by hand over the client-gen
// clientset in hack/compare/clientgo: a SharedIndexInformer over a ListWatch
// of the typed client, wrapped by ToListWatcherWithWatchListSemantics, with
// resync 0 and the namespace index. client-go's feature gates are left at
// their defaults, so WatchListClient is on (since 1.35) and the initial sync
// streams the objects through a watch-list request, as its users get it.

func newClientGo(opts options, updates *atomic.Int64) (*informer, error) {
	if opts.compactStorage {
		return nil, errors.New("-compact-storage is runtime/cache's; client-go has no such storage")
	}
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
		&clientcmd.ClientConfigLoadingRules{ExplicitPath: opts.kubeconfig},
		&clientcmd.ConfigOverrides{CurrentContext: opts.context}).ClientConfig()
	if err != nil {
		return nil, err
	}
	cfg.QPS = -1 // no client-side rate limit, as for clientgen
	cs, err := versioned.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	widgets := cs.ExampleV1().Widgets(opts.namespace)
	lw := cache.ToListWatcherWithWatchListSemantics(&cache.ListWatch{
		ListWithContextFunc: func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
			return widgets.List(ctx, o)
		},
		WatchFuncWithContext: func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
			return widgets.Watch(ctx, o)
		},
	}, cs)
	inf := cache.NewSharedIndexInformerWithOptions(lw, &examplev1.Widget{}, cache.SharedIndexInformerOptions{
		ResyncPeriod: 0,
		Indexers:     cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc},
	})
	if opts.stripManagedFields {
		// controller-runtime's cache.TransformStripManagedFields, which most
		// controllers that drop managedFields use.
		if err := inf.SetTransform(func(obj any) (any, error) {
			if a, err := meta.Accessor(obj); err == nil && a.GetManagedFields() != nil {
				a.SetManagedFields(nil)
			}
			return obj, nil
		}); err != nil {
			return nil, err
		}
	}
	if _, err := inf.AddEventHandler(cache.ResourceEventHandlerFuncs{
		UpdateFunc: func(oldObj, newObj any) {
			o, n := oldObj.(*examplev1.Widget), newObj.(*examplev1.Widget)
			if o.ResourceVersion != n.ResourceVersion {
				updates.Add(1)
			}
		},
	}); err != nil {
		return nil, err
	}
	return &informer{
		run:       func(ctx context.Context) { go inf.RunWithContext(ctx) },
		hasSynced: inf.HasSynced,
		cached:    func() int { return len(inf.GetStore().ListKeys()) },
		managedFields: func() int {
			n := 0
			for _, obj := range inf.GetStore().List() {
				n += len(obj.(*examplev1.Widget).ManagedFields)
			}
			return n
		},
	}, nil
}
