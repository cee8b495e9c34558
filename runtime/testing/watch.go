package testing

import (
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/watch"
)

// change is one write to the tracker, kept in its history so that a watch
// can start at any resourceVersion a List returned.
type change struct {
	rv   int64
	gvr  schema.GroupVersionResource
	kind watch.EventType // Added, Modified or Deleted
	obj  runtime.Object  // the state after the write (for Deleted: the last state, with the delete's resourceVersion)
	old  runtime.Object  // the state before (nil for Added)
}

// eventFor is what a watch with filter f sees of c, as the server's watch
// cache decides it: an object that starts matching the selectors is Added,
// one that stops matching is Deleted (carrying its previous content at the
// new resourceVersion), and one that matches neither before nor after is
// not seen at all.
func eventFor(f filter, c change) (watch.Event, bool) {
	newMatch := c.kind != watch.Deleted && f.matches(c.obj)
	oldMatch := false
	switch c.kind {
	case watch.Deleted:
		oldMatch = f.matches(c.obj)
	case watch.Modified:
		oldMatch = f.matches(c.old)
	}
	switch {
	case newMatch && oldMatch:
		return watch.Event{Type: watch.Modified, Object: c.obj.DeepCopyObject()}, true
	case newMatch:
		return watch.Event{Type: watch.Added, Object: c.obj.DeepCopyObject()}, true
	case oldMatch && c.kind == watch.Deleted:
		return watch.Event{Type: watch.Deleted, Object: c.obj.DeepCopyObject()}, true
	case oldMatch:
		prev := c.old.DeepCopyObject()
		if m, err := meta.Accessor(prev); err == nil {
			m.SetResourceVersion(formatRV(c.rv))
		}
		return watch.Event{Type: watch.Deleted, Object: prev}, true
	}
	return watch.Event{}, false
}

// watcher is one open watch. Writers never block on it: events queue
// without bound until the reader takes them, where client-go's fake watcher
// panics once 100 events are unread.
type watcher struct {
	gvr    schema.GroupVersionResource
	filter filter

	result  chan watch.Event
	wake    chan struct{}
	stopped chan struct{}
	once    sync.Once
	onStop  func(*watcher)

	mu    sync.Mutex
	queue []watch.Event
	timer *time.Timer // ends the watch after its timeoutSeconds
}

func newWatcher(gvr schema.GroupVersionResource, f filter, onStop func(*watcher)) *watcher {
	w := &watcher{
		gvr:     gvr,
		filter:  f,
		result:  make(chan watch.Event),
		wake:    make(chan struct{}, 1),
		stopped: make(chan struct{}),
		onStop:  onStop,
	}
	go w.run()
	return w
}

func (w *watcher) ResultChan() <-chan watch.Event { return w.result }

// Stop ends the watch; ResultChan is closed soon after. It is safe to call
// more than once and from any goroutine.
func (w *watcher) Stop() {
	w.once.Do(func() {
		close(w.stopped)
		w.mu.Lock()
		timer := w.timer
		w.mu.Unlock()
		if timer != nil {
			timer.Stop()
		}
		w.onStop(w)
	})
}

func (w *watcher) push(e watch.Event) {
	w.mu.Lock()
	w.queue = append(w.queue, e)
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

func (w *watcher) run() {
	defer close(w.result)
	for {
		w.mu.Lock()
		q := w.queue
		w.queue = nil
		w.mu.Unlock()
		for _, e := range q {
			select {
			case w.result <- e:
			case <-w.stopped:
				return
			}
		}
		select {
		case <-w.wake:
		case <-w.stopped:
			return
		}
	}
}

// endedWatch is a watch whose events are all known up front, such as the
// single ERROR event of a watch from a resourceVersion the history no
// longer holds.
type endedWatch struct{ ch chan watch.Event }

func newEndedWatch(events ...watch.Event) endedWatch {
	ch := make(chan watch.Event, len(events))
	for _, e := range events {
		ch <- e
	}
	close(ch)
	return endedWatch{ch: ch}
}

func (w endedWatch) Stop()                          {}
func (w endedWatch) ResultChan() <-chan watch.Event { return w.ch }
