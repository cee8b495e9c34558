package cache

import (
	"sync"
	"time"
)

type notificationKind uint8

const (
	notifyAdd notificationKind = iota
	notifyUpdate
	notifyDelete
	// notifySynced marks the end of the notifications a handler must have
	// seen before its registration reports HasSynced.
	notifySynced
)

// notification is one event for one handler. Buffers hold notifications by
// value, so queueing costs no allocation per event.
type notification struct {
	kind    notificationKind
	initial bool
	oldObj  interface{}
	newObj  interface{}
}

// listener feeds one handler from an unbounded buffer, so that a slow
// handler never blocks the informer or the other handlers.
type listener struct {
	handler ResourceEventHandler
	// requestedResync is what the handler asked for; resyncPeriod what it
	// gets (see AddEventHandlerWithOptions). Guarded by the informer's mu.
	requestedResync time.Duration
	resyncPeriod    time.Duration
	nextResync      time.Time

	mu      sync.Mutex
	pending []notification
	// spare is the drained buffer, reused for the next batch so that a
	// steady stream of events does not allocate buffers.
	spare   []notification
	wake    chan struct{}
	stop    *closeOnce
	synced  *closeOnce
	stopped chan struct{}
	started bool
	// queued counts notifications ever queued (tests read it to prove a
	// handler was not given something).
	queued int
}

func newListener(handler ResourceEventHandler, requestedResync, resyncPeriod time.Duration) *listener {
	return &listener{
		handler:         handler,
		requestedResync: requestedResync,
		resyncPeriod:    resyncPeriod,
		wake:            make(chan struct{}, 1),
		stop:            newCloseOnce(),
		synced:          newCloseOnce(),
		stopped:         make(chan struct{}),
	}
}

// add queues n; it never blocks.
func (l *listener) add(n notification) {
	l.mu.Lock()
	l.pending = append(l.pending, n)
	l.queued++
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// run delivers notifications until stop is closed; notifications still
// queued then are dropped, as in client-go.
func (l *listener) run() {
	defer close(l.stopped)
	for {
		select {
		case <-l.stop.ch:
			return
		case <-l.wake:
		}
		for {
			l.mu.Lock()
			batch := l.pending
			l.pending = l.spare[:0]
			l.spare = nil
			l.mu.Unlock()
			if len(batch) == 0 {
				break
			}
			for i := range batch {
				if l.stop.isClosed() {
					return
				}
				n := batch[i]
				// Drop references as we go: the batch may be the whole
				// initial list and must not keep delivered objects alive.
				batch[i] = notification{}
				l.deliver(n)
			}
			// A buffer grown by a burst (the initial list) is let go
			// instead of being kept for the steady state.
			if cap(batch) <= 1024 {
				l.mu.Lock()
				l.spare = batch[:0]
				l.mu.Unlock()
			}
		}
	}
}

func (l *listener) deliver(n notification) {
	switch n.kind {
	case notifyAdd:
		l.handler.OnAdd(n.newObj, n.initial)
	case notifyUpdate:
		l.handler.OnUpdate(n.oldObj, n.newObj)
	case notifyDelete:
		l.handler.OnDelete(n.oldObj)
	case notifySynced:
		l.synced.close()
	}
}

// registration is the ResourceEventHandlerRegistration of a listener.
type registration struct {
	l        *listener
	informer *sharedIndexInformer
}

func (r *registration) HasSynced() bool { return r.l.synced.isClosed() }

func (r *registration) HasSyncedChecker() DoneChecker {
	return doneChecker{name: "handler of " + r.informer.description, done: r.l.synced.ch}
}
