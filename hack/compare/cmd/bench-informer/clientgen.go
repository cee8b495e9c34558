package main

import (
	"context"
	"sync/atomic"

	"github.com/clientgen/clientgen/runtime/cache"
	"github.com/clientgen/clientgen/runtime/rest"
	examplev1 "github.com/clientgen/clientgen/testdata/crds/example/v1"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset"
	informersexamplev1 "github.com/clientgen/clientgen/testdata/golden/crds/informers/example/v1"
	"github.com/clientgen/clientgen/testdata/golden/crds/informers/internalinterfaces"
)

// The clientgen side is the generated Widget informer
// (testdata/golden/crds/informers) over runtime/cache and the generated
// clientset, with the same options as the client-go side: resync 0, the
// namespace index, and runtime/cache's TransformStripManagedFields (the same
// function as controller-runtime's) when stripping.
func newClientgen(opts options, updates *atomic.Int64) (*informer, error) {
	cfg, err := rest.ConfigFromKubeconfig(opts.kubeconfig, opts.context)
	if err != nil {
		return nil, err
	}
	cfg.QPS = -1 // no client-side rate limit, as for client-go
	cs, err := clientset.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	inf := informersexamplev1.NewWidgetInformerWithOptions(cs, opts.namespace, internalinterfaces.InformerOptions{
		ResyncPeriod: 0,
		Indexers:     cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc},
	})
	if opts.stripManagedFields {
		if err := inf.SetTransform(cache.TransformStripManagedFields()); err != nil {
			return nil, err
		}
	}
	if opts.compactStorage {
		if err := cache.UseCompactStorage(inf); err != nil {
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
