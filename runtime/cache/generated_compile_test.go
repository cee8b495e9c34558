package cache_test

// This file holds code shaped exactly like what informer-gen and lister-gen
// v0.37.2 write for a namespaced kind (types.go, informer.go, factory.go,
// generic.go and lister.go templates), with only the import paths changed,
// so that the build proves generated code compiles against this package;
// TestGeneratedShapedCodeRuns then drives it.

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/clientgen/clientgen/runtime/cache"
	"github.com/clientgen/clientgen/runtime/listers"
)

type examplev1Foo = cache.Foo

// ---- lister-gen: listers/example/v1/foo.go

type FooLister interface {
	List(selector labels.Selector) (ret []*examplev1Foo, err error)
	Foos(namespace string) FooNamespaceLister
	FooListerExpansion
}

type FooListerExpansion interface{}
type FooNamespaceListerExpansion interface{}

type fooLister struct {
	listers.ResourceIndexer[*examplev1Foo]
}

func NewFooLister(indexer cache.Indexer) FooLister {
	return &fooLister{listers.New[*examplev1Foo](indexer, cache.FooResource("foo"))}
}

func (s *fooLister) Foos(namespace string) FooNamespaceLister {
	return fooNamespaceLister{listers.NewNamespaced[*examplev1Foo](s.ResourceIndexer, namespace)}
}

type FooNamespaceLister interface {
	List(selector labels.Selector) (ret []*examplev1Foo, err error)
	Get(name string) (*examplev1Foo, error)
	FooNamespaceListerExpansion
}

type fooNamespaceLister struct {
	listers.ResourceIndexer[*examplev1Foo]
}

// ---- a clientset, as far as informers use it

type fooClient interface {
	List(ctx context.Context, opts metav1.ListOptions) (*cache.FooList, error)
	Watch(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error)
}

type Interface interface {
	ExampleV1() ExampleV1Interface
}

type ExampleV1Interface interface {
	Foos(namespace string) fooClient
}

// ---- informer-gen: internalinterfaces/factory_interfaces.go

type NewInformerFunc func(Interface, time.Duration) cache.SharedIndexInformer

type SharedInformerFactoryInternal interface {
	Start(stopCh <-chan struct{})
	InformerFor(obj runtime.Object, newFunc NewInformerFunc) cache.SharedIndexInformer
	InformerName() *cache.InformerName
}

type TweakListOptionsFunc func(*metav1.ListOptions)

type InformerOptions struct {
	ResyncPeriod     time.Duration
	Indexers         cache.Indexers
	InformerName     *cache.InformerName
	TweakListOptions TweakListOptionsFunc
}

// ---- informer-gen: externalversions/example/v1/foo.go

type FooInformer interface {
	Informer() cache.SharedIndexInformer
	Lister() FooLister
}

type TypedFooInformer interface {
	Informer() cache.SharedIndexInformer
	TypedInformer() FooIndexInformer
	Lister() FooLister
}

type FooIndexInformer cache.TypedSharedIndexInformer[*examplev1Foo]

type FooHandlerFuncs = cache.TypedResourceEventHandlerFuncs[*examplev1Foo]
type FooDetailedHandlerFuncs = cache.TypedResourceEventHandlerDetailedFuncs[*examplev1Foo]
type FooFilteringHandler = cache.TypedFilteringResourceEventHandler[*examplev1Foo]
type FooIndexers = cache.TypedIndexers[*examplev1Foo]
type DeletedFoo = cache.DeletedObject[*examplev1Foo]

type fooInformer struct {
	factory          SharedInformerFactoryInternal
	tweakListOptions TweakListOptionsFunc
	namespace        string
}

func NewFooInformer(client Interface, namespace string, resyncPeriod time.Duration, indexers cache.Indexers) cache.SharedIndexInformer {
	return NewFooInformerWithOptions(client, namespace, InformerOptions{ResyncPeriod: resyncPeriod, Indexers: indexers})
}

func NewTypedFooInformer(client Interface, namespace string, resyncPeriod time.Duration, indexers FooIndexers) FooIndexInformer {
	return NewTypedFooInformerWithOptions(client, namespace, InformerOptions{ResyncPeriod: resyncPeriod, Indexers: cache.TypedIndexersToIndexers(indexers)})
}

func NewFilteredFooInformer(client Interface, namespace string, resyncPeriod time.Duration, indexers cache.Indexers, tweakListOptions TweakListOptionsFunc) cache.SharedIndexInformer {
	return NewTypedFooInformerWithOptions(client, namespace, InformerOptions{ResyncPeriod: resyncPeriod, Indexers: indexers, TweakListOptions: tweakListOptions})
}

func NewFooInformerWithOptions(client Interface, namespace string, options InformerOptions) cache.SharedIndexInformer {
	return NewTypedFooInformerWithOptions(client, namespace, options)
}

func NewTypedFooInformerWithOptions(client Interface, namespace string, options InformerOptions) FooIndexInformer {
	gvr := schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "foos"}
	identifier := options.InformerName.WithResource(gvr)
	tweakListOptions := options.TweakListOptions
	return cache.NewTypedSharedIndexInformer[*examplev1Foo](cache.NewSharedIndexInformerWithOptions(
		cache.ToListWatcherWithWatchListSemantics(&cache.ListWatch{
			ListFunc: func(opts metav1.ListOptions) (runtime.Object, error) {
				if tweakListOptions != nil {
					tweakListOptions(&opts)
				}
				return client.ExampleV1().Foos(namespace).List(context.Background(), opts)
			},
			WatchFunc: func(opts metav1.ListOptions) (watch.Interface, error) {
				if tweakListOptions != nil {
					tweakListOptions(&opts)
				}
				return client.ExampleV1().Foos(namespace).Watch(context.Background(), opts)
			},
			ListWithContextFunc: func(ctx context.Context, opts metav1.ListOptions) (runtime.Object, error) {
				if tweakListOptions != nil {
					tweakListOptions(&opts)
				}
				return client.ExampleV1().Foos(namespace).List(ctx, opts)
			},
			WatchFuncWithContext: func(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
				if tweakListOptions != nil {
					tweakListOptions(&opts)
				}
				return client.ExampleV1().Foos(namespace).Watch(ctx, opts)
			},
		}, client),
		&examplev1Foo{},
		cache.SharedIndexInformerOptions{
			ResyncPeriod: options.ResyncPeriod,
			Indexers:     options.Indexers,
			Identifier:   identifier,
		},
	))
}

func (f *fooInformer) defaultInformer(client Interface, resyncPeriod time.Duration) cache.SharedIndexInformer {
	return NewTypedFooInformerWithOptions(client, f.namespace, InformerOptions{ResyncPeriod: resyncPeriod, Indexers: cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc}, InformerName: f.factory.InformerName(), TweakListOptions: f.tweakListOptions})
}

func (f *fooInformer) Informer() cache.SharedIndexInformer {
	return f.TypedInformer()
}

func (f *fooInformer) TypedInformer() FooIndexInformer {
	return cache.NewTypedSharedIndexInformer[*examplev1Foo](f.factory.InformerFor(&examplev1Foo{}, f.defaultInformer))
}

func (f *fooInformer) Lister() FooLister {
	return NewFooLister(f.Informer().GetIndexer())
}

func ToTypedFooInformer(informer FooInformer) TypedFooInformer {
	if informer, ok := informer.(TypedFooInformer); ok {
		return informer
	}
	return &fooTypedInformerAdapter{informer}
}

type fooTypedInformerAdapter struct {
	FooInformer
}

func (a *fooTypedInformerAdapter) TypedInformer() FooIndexInformer {
	return cache.NewTypedSharedIndexInformer[*examplev1Foo](a.Informer())
}

func ToFooIndexInformer(informer cache.SharedIndexInformer) FooIndexInformer {
	if informer, ok := informer.(FooIndexInformer); ok {
		return informer
	}
	return cache.NewTypedSharedIndexInformer[*examplev1Foo](informer)
}

// ---- informer-gen: externalversions/factory.go

type SharedInformerOption func(*sharedInformerFactory) *sharedInformerFactory

type sharedInformerFactory struct {
	client           Interface
	namespace        string
	tweakListOptions TweakListOptionsFunc
	lock             sync.Mutex
	defaultResync    time.Duration
	customResync     map[reflect.Type]time.Duration
	transform        cache.TransformFunc
	informerName     *cache.InformerName

	informers        map[reflect.Type]cache.SharedIndexInformer
	startedInformers map[reflect.Type]bool
	wg               sync.WaitGroup
	shuttingDown     bool
}

func WithCustomResyncConfig(resyncConfig map[metav1.Object]time.Duration) SharedInformerOption {
	return func(factory *sharedInformerFactory) *sharedInformerFactory {
		for k, v := range resyncConfig {
			factory.customResync[reflect.TypeOf(k)] = v
		}
		return factory
	}
}

func WithTransform(transform cache.TransformFunc) SharedInformerOption {
	return func(factory *sharedInformerFactory) *sharedInformerFactory {
		factory.transform = transform
		return factory
	}
}

func WithInformerName(informerName *cache.InformerName) SharedInformerOption {
	return func(factory *sharedInformerFactory) *sharedInformerFactory {
		factory.informerName = informerName
		return factory
	}
}

func (f *sharedInformerFactory) InformerName() *cache.InformerName { return f.informerName }

func NewSharedInformerFactoryWithOptions(client Interface, defaultResync time.Duration, options ...SharedInformerOption) *sharedInformerFactory {
	factory := &sharedInformerFactory{
		client:           client,
		namespace:        metav1.NamespaceAll,
		defaultResync:    defaultResync,
		informers:        make(map[reflect.Type]cache.SharedIndexInformer),
		startedInformers: make(map[reflect.Type]bool),
		customResync:     make(map[reflect.Type]time.Duration),
	}
	for _, opt := range options {
		factory = opt(factory)
	}
	return factory
}

func (f *sharedInformerFactory) Start(stopCh <-chan struct{}) {
	f.StartWithContext(wait.ContextForChannel(stopCh))
}

func (f *sharedInformerFactory) StartWithContext(ctx context.Context) {
	f.lock.Lock()
	defer f.lock.Unlock()
	if f.shuttingDown {
		return
	}
	for informerType, informer := range f.informers {
		if !f.startedInformers[informerType] {
			f.wg.Add(1)
			go func() {
				defer f.wg.Done()
				informer.RunWithContext(ctx)
			}()
			f.startedInformers[informerType] = true
		}
	}
}

func (f *sharedInformerFactory) Shutdown() {
	f.lock.Lock()
	f.shuttingDown = true
	f.lock.Unlock()
	f.wg.Wait()
	f.informerName.Release()
}

func (f *sharedInformerFactory) WaitForCacheSync(stopCh <-chan struct{}) map[reflect.Type]bool {
	return f.WaitForCacheSyncWithContext(wait.ContextForChannel(stopCh)).Synced
}

// WaitForCacheSyncWithContext is informer-gen's body, written with
// cache.WaitFor and cache.SyncResult as the template does.
func (f *sharedInformerFactory) WaitForCacheSyncWithContext(ctx context.Context) cache.SyncResult {
	informers := func() map[reflect.Type]cache.SharedIndexInformer {
		f.lock.Lock()
		defer f.lock.Unlock()
		informers := map[reflect.Type]cache.SharedIndexInformer{}
		for informerType, informer := range f.informers {
			if f.startedInformers[informerType] {
				informers[informerType] = informer
			}
		}
		return informers
	}()
	cacheSyncs := make([]cache.DoneChecker, 0, len(informers))
	for _, informer := range informers {
		cacheSyncs = append(cacheSyncs, informer.HasSyncedChecker())
	}
	cache.WaitFor(ctx, "", cacheSyncs...)
	res := cache.SyncResult{Synced: make(map[reflect.Type]bool, len(informers))}
	failed := false
	for informType, informer := range informers {
		hasSynced := informer.HasSynced()
		if !hasSynced {
			failed = true
		}
		res.Synced[informType] = hasSynced
	}
	if failed {
		res.Err = context.Cause(ctx)
	}
	return res
}

// waitForCacheSyncWithErrors is what clientgen's factory does instead: one
// call that also reports each informer's last list/watch error.
func (f *sharedInformerFactory) waitForCacheSyncWithErrors(ctx context.Context) cache.SyncResult {
	f.lock.Lock()
	informers := map[reflect.Type]cache.SharedIndexInformer{}
	for informerType, informer := range f.informers {
		if f.startedInformers[informerType] {
			informers[informerType] = informer
		}
	}
	f.lock.Unlock()
	return cache.WaitForInformers(ctx, informers)
}

func (f *sharedInformerFactory) InformerFor(obj runtime.Object, newFunc NewInformerFunc) cache.SharedIndexInformer {
	f.lock.Lock()
	defer f.lock.Unlock()
	informerType := reflect.TypeOf(obj)
	informer, exists := f.informers[informerType]
	if exists {
		return informer
	}
	resyncPeriod, exists := f.customResync[informerType]
	if !exists {
		resyncPeriod = f.defaultResync
	}
	informer = newFunc(f.client, resyncPeriod)
	if f.transform != nil {
		informer.SetTransform(f.transform)
	}
	f.informers[informerType] = informer
	return informer
}

func (f *sharedInformerFactory) Foos() TypedFooInformer {
	return &fooInformer{factory: f, namespace: f.namespace, tweakListOptions: f.tweakListOptions}
}

// ---- informer-gen: externalversions/generic.go

type GenericInformer interface {
	Informer() cache.SharedIndexInformer
	Lister() cache.GenericLister
}

type genericInformer struct {
	informer cache.SharedIndexInformer
	resource schema.GroupResource
}

func (f *genericInformer) Informer() cache.SharedIndexInformer { return f.informer }

func (f *genericInformer) Lister() cache.GenericLister {
	return cache.NewGenericLister(f.Informer().GetIndexer(), f.resource)
}

func (f *sharedInformerFactory) ForResource(resource schema.GroupVersionResource) (GenericInformer, error) {
	switch resource {
	case cache.FooGroupVersion.WithResource("foos"):
		return &genericInformer{resource: resource.GroupResource(), informer: f.Foos().Informer()}, nil
	}
	return nil, fmt.Errorf("no informer found for %v", resource)
}

// ---- the rest of the names generated and user code touch

var (
	_ cache.ListerWatcher                                                     = &cache.ListWatch{DisableChunking: true}
	_ cache.ListerWatcherWithContext                                          = &cache.ListWatch{}
	_ cache.ResourceEventHandler                                              = cache.ResourceEventHandlerFuncs{}
	_ cache.ResourceEventHandler                                              = cache.ResourceEventHandlerDetailedFuncs{}
	_ cache.ResourceEventHandler                                              = cache.FilteringResourceEventHandler{}
	_ cache.TypedResourceEventHandler[*examplev1Foo]                          = FooHandlerFuncs{}
	_ cache.TypedResourceEventHandler[*examplev1Foo]                          = FooDetailedHandlerFuncs{}
	_ cache.TypedResourceEventHandler[*examplev1Foo]                          = FooFilteringHandler{}
	_ cache.KeyFunc                                                           = cache.MetaNamespaceKeyFunc
	_ cache.KeyFunc                                                           = cache.DeletionHandlingMetaNamespaceKeyFunc
	_ cache.IndexFunc                                                         = cache.MetaNamespaceIndexFunc
	_ cache.TypedIndexFunc[*examplev1Foo]                                     = func(*examplev1Foo) ([]string, error) { return nil, nil }
	_ cache.InformerSynced                                                    = cache.NewSharedIndexInformer(&cache.ListWatch{}, &examplev1Foo{}, 0, cache.Indexers{}).HasSynced
	_ func(cache.Store, labels.Selector, cache.AppendFunc) error              = cache.ListAll
	_ func(cache.Indexer, string, labels.Selector, cache.AppendFunc) error    = cache.ListAllByNamespace
	_ func(string) (string, string, error)                                    = cache.SplitMetaNamespaceKey
	_ func(<-chan struct{}, ...cache.InformerSynced) bool                     = cache.WaitForCacheSync
	_ func(context.Context, string, ...cache.DoneChecker) bool                = cache.WaitFor
	_ func(cache.KeyFunc, ...cache.StoreOption) cache.Store                   = cache.NewStore
	_ func(cache.KeyFunc, cache.Indexers, ...cache.StoreOption) cache.Indexer = cache.NewIndexer
	_ func(cache.SyncResult) error                                            = cache.SyncResult.AsError
	_ func(string) (*cache.InformerName, error)                               = cache.NewInformerName
	_ cache.TransformFunc                                                     = cache.TransformStripManagedFields()
	_                                                                         = cache.ObjectName{Namespace: "ns", Name: "n"}.String()
	_                                                                         = cache.DeletedFinalStateUnknown{Key: "ns/n", Obj: nil}
	_                                                                         = cache.HandlerOptions{ResyncPeriod: nil, Logger: nil}
	_ func(cache.SharedInformer) error                                        = cache.LastSyncError
)

// userCode is how user code uses the informer, typed and untyped.
func userCode(informer FooIndexInformer) error {
	if _, err := informer.AddTypedEventHandler(FooHandlerFuncs{
		AddFunc:    func(*examplev1Foo) {},
		UpdateFunc: func(_, _ *examplev1Foo) {},
		DeleteFunc: func(d DeletedFoo) { _ = d.GetKey() },
	}, cache.HandlerOptions{}); err != nil {
		return err
	}
	if _, err := informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		DeleteFunc: func(obj interface{}) {
			if tomb, ok := obj.(cache.DeletedFinalStateUnknown); ok {
				_ = tomb.Obj
			}
		},
	}); err != nil {
		return err
	}
	if err := informer.AddTypedIndexers(FooIndexers{"byReplicas": func(f *examplev1Foo) ([]string, error) {
		return []string{fmt.Sprint(f.Spec.Replicas)}, nil
	}}); err != nil {
		return err
	}
	var byIndex []*examplev1Foo
	byIndex, err := informer.GetTypedIndexer().ByTypedIndex("byReplicas", "1")
	_ = byIndex
	_ = informer.SetWatchErrorHandler(func(r *cache.Reflector, err error) {})
	_ = informer.SetWatchErrorHandlerWithContext(func(ctx context.Context, r *cache.Reflector, err error) {})
	_ = informer.GetController()
	_ = informer.GetStore()
	_ = informer.IsStopped()
	_ = informer.LastSyncResourceVersion()
	_, _ = informer.AddEventHandlerWithResyncPeriod(cache.ResourceEventHandlerFuncs{}, time.Minute)
	return err
}

// ---- running it

type fakeFoos struct {
	mu      sync.Mutex
	items   []examplev1Foo
	rv      string
	watcher *watch.RaceFreeFakeWatcher
	listErr error
}

func (c *fakeFoos) List(ctx context.Context, opts metav1.ListOptions) (*cache.FooList, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.listErr != nil {
		return nil, c.listErr
	}
	return &cache.FooList{ListMeta: metav1.ListMeta{ResourceVersion: c.rv}, Items: append([]examplev1Foo(nil), c.items...)}, nil
}

func (c *fakeFoos) Watch(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
	return c.watcher, nil
}

type fakeClientset struct{ foos *fakeFoos }

func (c *fakeClientset) ExampleV1() ExampleV1Interface         { return c }
func (c *fakeClientset) Foos(namespace string) fooClient       { return c.foos }
func (c *fakeClientset) IsWatchListSemanticsUnSupported() bool { return true }

func TestGeneratedShapedCodeRuns(t *testing.T) {
	foos := &fakeFoos{
		items:   []examplev1Foo{*cache.NewFoo("ns", "a", "5"), *cache.NewFoo("ns", "b", "6")},
		rv:      "6",
		watcher: watch.NewRaceFreeFake(),
	}
	factory := NewSharedInformerFactoryWithOptions(&fakeClientset{foos: foos}, 0, WithTransform(cache.TransformStripManagedFields()))
	fooInformer := factory.Foos()
	if err := userCode(fooInformer.TypedInformer()); err != nil {
		t.Fatal(err)
	}
	added := make(chan string, 10)
	if _, err := fooInformer.TypedInformer().AddTypedEventHandler(FooHandlerFuncs{
		AddFunc: func(f *examplev1Foo) { added <- f.Name },
	}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	factory.StartWithContext(ctx)
	defer factory.Shutdown()
	defer cancel()
	syncCtx, syncCancel := context.WithTimeout(ctx, 30*time.Second)
	defer syncCancel()
	if err := factory.WaitForCacheSyncWithContext(syncCtx).AsError(); err != nil {
		t.Fatal(err)
	}
	foo, err := fooInformer.Lister().Foos("ns").Get("a")
	if err != nil || foo.ResourceVersion != "5" {
		t.Fatalf("Get(a) = %v, %v; want the cached a at rv 5", foo, err)
	}
	foos.watcher.Add(cache.NewFoo("ns", "c", "7"))
	got := map[string]bool{}
	for len(got) < 3 {
		select {
		case name := <-added:
			got[name] = true
		case <-syncCtx.Done():
			t.Fatalf("handler saw %v, want a, b and c", got)
		}
	}
	generic, err := factory.ForResource(cache.FooGroupVersion.WithResource("foos"))
	if err != nil {
		t.Fatal(err)
	}
	objs, err := generic.Lister().ByNamespace("ns").List(labels.Everything())
	if err != nil || len(objs) != 3 {
		t.Fatalf("generic lister listed %d objects (%v), want 3", len(objs), err)
	}
}
