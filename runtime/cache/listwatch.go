package cache

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
)

// Lister lists objects.
type Lister interface {
	List(options metav1.ListOptions) (runtime.Object, error)
}

// ListerWithContext lists objects.
type ListerWithContext interface {
	ListWithContext(ctx context.Context, options metav1.ListOptions) (runtime.Object, error)
}

// Watcher watches objects.
type Watcher interface {
	Watch(options metav1.ListOptions) (watch.Interface, error)
}

// WatcherWithContext watches objects.
type WatcherWithContext interface {
	WatchWithContext(ctx context.Context, options metav1.ListOptions) (watch.Interface, error)
}

// ListerWatcher lists and watches one collection.
type ListerWatcher interface {
	Lister
	Watcher
}

// ListerWatcherWithContext lists and watches one collection; informers
// prefer it so that a stopped informer cancels its requests.
type ListerWatcherWithContext interface {
	ListerWithContext
	WatcherWithContext
}

// ToListerWithContext adapts a Lister; a context-free Lister cannot be
// cancelled.
func ToListerWithContext(l Lister) ListerWithContext {
	if l, ok := l.(ListerWithContext); ok {
		return l
	}
	return listerWrapper{l}
}

type listerWrapper struct{ Lister }

func (l listerWrapper) ListWithContext(_ context.Context, options metav1.ListOptions) (runtime.Object, error) {
	return l.List(options)
}

// ToWatcherWithContext adapts a Watcher.
func ToWatcherWithContext(w Watcher) WatcherWithContext {
	if w, ok := w.(WatcherWithContext); ok {
		return w
	}
	return watcherWrapper{w}
}

type watcherWrapper struct{ Watcher }

func (w watcherWrapper) WatchWithContext(_ context.Context, options metav1.ListOptions) (watch.Interface, error) {
	return w.Watch(options)
}

// ToListerWatcherWithContext adapts a ListerWatcher.
func ToListerWatcherWithContext(lw ListerWatcher) ListerWatcherWithContext {
	if lw, ok := lw.(ListerWatcherWithContext); ok {
		return lw
	}
	return struct {
		ListerWithContext
		WatcherWithContext
	}{ToListerWithContext(lw), ToWatcherWithContext(lw)}
}

// ListFunc lists objects.
//
// Deprecated: use ListWithContextFunc.
type ListFunc func(options metav1.ListOptions) (runtime.Object, error)

// ListWithContextFunc lists objects.
type ListWithContextFunc func(ctx context.Context, options metav1.ListOptions) (runtime.Object, error)

// WatchFunc watches objects.
//
// Deprecated: use WatchFuncWithContext.
type WatchFunc func(options metav1.ListOptions) (watch.Interface, error)

// WatchFuncWithContext watches objects.
type WatchFuncWithContext func(ctx context.Context, options metav1.ListOptions) (watch.Interface, error)

// ListWatch is a ListerWatcher made of functions: ListFunc or
// ListWithContextFunc, and WatchFunc or WatchFuncWithContext, must be set;
// the context variants win when both are.
type ListWatch struct {
	// Deprecated: use ListWithContextFunc.
	ListFunc ListFunc
	// Deprecated: use WatchFuncWithContext.
	WatchFunc WatchFunc

	ListWithContextFunc  ListWithContextFunc
	WatchFuncWithContext WatchFuncWithContext

	// DisableChunking makes informers list in one request instead of pages.
	DisableChunking bool
}

var (
	_ ListerWatcher            = &ListWatch{}
	_ ListerWatcherWithContext = &ListWatch{}
)

// List lists objects.
func (lw *ListWatch) List(options metav1.ListOptions) (runtime.Object, error) {
	if lw.ListFunc != nil {
		return lw.ListFunc(options)
	}
	return lw.ListWithContextFunc(context.Background(), options)
}

// ListWithContext lists objects.
func (lw *ListWatch) ListWithContext(ctx context.Context, options metav1.ListOptions) (runtime.Object, error) {
	if lw.ListWithContextFunc != nil {
		return lw.ListWithContextFunc(ctx, options)
	}
	return lw.ListFunc(options)
}

// Watch watches objects.
func (lw *ListWatch) Watch(options metav1.ListOptions) (watch.Interface, error) {
	if lw.WatchFunc != nil {
		return lw.WatchFunc(options)
	}
	return lw.WatchFuncWithContext(context.Background(), options)
}

// WatchWithContext watches objects.
func (lw *ListWatch) WatchWithContext(ctx context.Context, options metav1.ListOptions) (watch.Interface, error) {
	if lw.WatchFuncWithContext != nil {
		return lw.WatchFuncWithContext(ctx, options)
	}
	return lw.WatchFunc(options)
}

// watchListSemantics is implemented by clients (and by the ListerWatcher
// ToListWatcherWithWatchListSemantics returns) that can say they do not
// support watch-list: fakes that never send the initial-events bookmark.
type watchListSemantics interface {
	IsWatchListSemanticsUnSupported() bool
}

// ToListWatcherWithWatchListSemantics returns lw, remembering whether client
// says it does not support watch-list (IsWatchListSemanticsUnSupported()
// returns true); informers over such a ListerWatcher always LIST.
func ToListWatcherWithWatchListSemantics(lw *ListWatch, client any) ListerWatcher {
	unsupported := false
	if c, ok := client.(watchListSemantics); ok {
		unsupported = c.IsWatchListSemanticsUnSupported()
	}
	return &listWatchWithSemantics{ListWatch: lw, unsupported: unsupported}
}

type listWatchWithSemantics struct {
	*ListWatch
	unsupported bool
}

func (lw *listWatchWithSemantics) IsWatchListSemanticsUnSupported() bool { return lw.unsupported }
