package cache

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"reflect"
	"sync/atomic"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilnet "k8s.io/apimachinery/pkg/util/net"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/clientgen/clientgen/runtime/pager"
)

// Reflector keeps an informer's cache equal to the server's collection: it
// lists (or streams, with watch-list) the collection, then watches it, and
// decides after every failure whether to re-watch or relist. See doc.go for
// the rules. Informers create their reflector; it is exported because
// watch error handlers receive it.
type Reflector struct {
	name string
	// description names the objects in errors ("*v1.Pod").
	description  string
	lw           ListerWatcherWithContext
	expectedType reflect.Type
	sink         reflectorSink
	clock        clock
	logger       *slog.Logger
	errorHandler WatchErrorHandlerWithContext

	// pageSize overrides the pager's page size; chunking off lists in one
	// request.
	pageSize        int64
	disableChunking bool
	// initialEventsTimeout bounds the wait for watch-list's initial-events
	// bookmark, counted from the last initial event.
	initialEventsTimeout time.Duration
	minWatchTimeout      time.Duration
	// rand returns a uniform float in [0, 1) for jitter.
	rand func() float64
	// sleep waits between attempts; tests replace it to record delays.
	sleep func(ctx context.Context, d time.Duration) bool

	backoff *backoff

	// lastSyncRV is the resourceVersion of the last list, event or
	// bookmark; read by LastSyncResourceVersion from any goroutine.
	lastSyncRV atomic.Pointer[string]
	// The fields below belong to the reflector's goroutine.
	//
	// rvUnavailable: the last list or watch-list found lastSyncRV
	// compacted (410) or ahead of the server, so the next one asks for
	// the latest state ("").
	rvUnavailable bool
	// paginatedResult: the first list at "0" came back in pages, so the
	// server has no watch cache for the resource; relists page too.
	paginatedResult bool
	// useWatchList: the next full sync is tried as a watch-list; cleared
	// for good when the server shows it does not support it.
	useWatchList atomic.Bool
}

// WatchErrorHandler is called with every error that ends a list or watch;
// the reflector then backs off and retries. It is for visibility only.
type WatchErrorHandler func(r *Reflector, err error)

// WatchErrorHandlerWithContext is WatchErrorHandler with the context of
// the informer's Run.
type WatchErrorHandlerWithContext func(ctx context.Context, r *Reflector, err error)

// DefaultWatchErrorHandler logs err at a level that fits it: expected
// ends of a watch at debug, everything else as a warning.
func DefaultWatchErrorHandler(ctx context.Context, r *Reflector, err error) {
	level := slog.LevelWarn
	if isExpiredError(err) || errors.Is(err, io.EOF) {
		level = slog.LevelDebug
	}
	r.logger.Log(ctx, level, "list/watch failed", "reflector", r.name, "type", r.description, "err", err)
}

// Name returns the reflector's name.
func (r *Reflector) Name() string { return r.name }

// TypeDescription describes the objects the reflector handles.
func (r *Reflector) TypeDescription() string { return r.description }

// LastSyncResourceVersion is the resourceVersion the reflector has synced
// up to; it is where the next watch starts.
func (r *Reflector) LastSyncResourceVersion() string {
	if p := r.lastSyncRV.Load(); p != nil {
		return *p
	}
	return ""
}

func (r *Reflector) setLastSyncRV(rv string) { r.lastSyncRV.Store(&rv) }

// UsesWatchList reports whether the next full sync will be tried as a
// watch-list.
func (r *Reflector) UsesWatchList() bool { return r.useWatchList.Load() }

// reflectorSink is where the reflector delivers what it reads: the
// informer, which transforms, stores and notifies.
type reflectorSink interface {
	// beginReplace starts a full sync: every object of the collection is
	// given to the replacer, then end deletes whatever was not.
	beginReplace(sizeHint int) replacer
	// applyEvent applies one watch event.
	applyEvent(t watch.EventType, obj runtime.Object)
	// bookmark records a resourceVersion the collection has reached.
	bookmark(rv string)
	// failed records the error of a list or watch.
	failed(err error)
}

type replacer interface {
	// item gives one object of the collection; detach, if not nil,
	// returns a copy of obj that does not share the list's array (see
	// forEachItem).
	item(obj runtime.Object, detach func() runtime.Object)
	// end finishes the sync at resourceVersion rv.
	end(rv string)
}

var (
	// errStopRequested ends a watch because the informer is stopping.
	errStopRequested = errors.New("stop requested")
	// errInitialEventsTimeout: the watch-list's initial-events bookmark did
	// not arrive in time.
	errInitialEventsTimeout = errors.New("timed out waiting for the initial-events-end bookmark of a watch-list")
	// errWatchListEnded: the watch-list stream ended before its bookmark.
	errWatchListEnded = errors.New("watch-list stream ended before the initial-events-end bookmark")
)

// VeryShortWatchError is returned when a watch ends within a second
// without a single event: something between us and the server is closing
// watches, and re-watching at once would spin, so the reflector relists
// after a backoff.
type VeryShortWatchError struct {
	// Name of the Reflector.
	Name string
}

// Error implements error.
func (e *VeryShortWatchError) Error() string {
	return fmt.Sprintf("very short watch: %s: Unexpected watch close - watch lasted less than a second and no items received", e.Name)
}

// run lists and watches until ctx is done: the first attempt at once,
// every further one after a backoff.
func (r *Reflector) run(ctx context.Context) {
	for {
		err := r.listAndWatch(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			r.sink.failed(err)
			r.errorHandler(ctx, r, err)
		}
		if !r.sleep(ctx, r.backoff.next(r.clock.Now(), r.rand())) {
			return
		}
	}
}

// listAndWatch does one full sync (watch-list or list) and then watches
// until the watch needs a relist. It returns nil when ctx is done.
func (r *Reflector) listAndWatch(ctx context.Context) error {
	var w watch.Interface
	if r.useWatchList.Load() {
		var err error
		w, err = r.watchList(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case err == nil:
		case isWatchErrorRetriable(err):
			return err
		default:
			if watchListUnsupported(err) {
				r.useWatchList.Store(false)
				r.logger.InfoContext(ctx, "watch-list not supported, listing from now on", "reflector", r.name, "type", r.description, "err", err)
			}
			// Any other failure (a 403, a 500, a stream cut short) falls
			// back to a LIST for this attempt, as client-go does.
			r.sink.failed(err)
			w = nil
		}
	}
	if w == nil {
		if err := r.list(ctx); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
	}
	return r.watch(ctx, w)
}

// watchListUnsupported tells errors that mean "this server or resource
// does not do watch-list" (the server's WatchList gate off: 422 on
// sendInitialEvents; a proxy or aggregated server that rejects the
// parameters; a server that never sends the bookmark) from failures that
// the next attempt may not see.
func watchListUnsupported(err error) bool {
	return errors.Is(err, errInitialEventsTimeout) ||
		apierrors.IsInvalid(err) || apierrors.IsBadRequest(err) ||
		apierrors.IsMethodNotSupported(err) || apierrors.IsNotAcceptable(err)
}

// list lists the collection through the pager and replaces the cache.
func (r *Reflector) list(ctx context.Context) error {
	opts := metav1.ListOptions{ResourceVersion: r.relistResourceVersion()}
	p := pager.New(func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
		return r.lw.ListWithContext(ctx, o)
	})
	r.setPageSize(p, opts.ResourceVersion)
	list, paginated, err := p.List(ctx, opts)
	if isExpiredError(err) || isTooLargeResourceVersionError(err) {
		// The version we asked for is compacted (410) or ahead of this
		// server: only the latest state ("") can be listed now.
		r.rvUnavailable = true
		opts.ResourceVersion = r.relistResourceVersion()
		r.setPageSize(p, opts.ResourceVersion)
		list, paginated, err = p.List(ctx, opts)
	}
	if err != nil {
		return fmt.Errorf("failed to list %s: %w", r.description, err)
	}
	// Pages at "0" mean the watch cache is off for this resource (it
	// ignores limit at "0"); later relists then page too, sparing etcd.
	if opts.ResourceVersion == "0" && paginated {
		r.paginatedResult = true
	}
	listMeta, err := meta.ListAccessor(list)
	if err != nil {
		return fmt.Errorf("unable to understand list result %T: %w", list, err)
	}
	rv := listMeta.GetResourceVersion()
	rep := r.sink.beginReplace(meta.LenList(list))
	if err := forEachItem(list, rep.item); err != nil {
		return fmt.Errorf("unable to understand list result %T: %w", list, err)
	}
	rep.end(rv)
	r.rvUnavailable = false
	r.setLastSyncRV(rv)
	return nil
}

func (r *Reflector) setPageSize(p *pager.ListPager, rv string) {
	if r.disableChunking {
		p.PageSize = 0
		return
	}
	p.PageSize = pager.RelistPageSize(r.pageSize, r.paginatedResult, rv)
}

// relistResourceVersion is where a list starts: "0" (the watch cache) the
// first time, the last synced version afterwards (no older than what the
// cache holds, still served by the watch cache), "" after a 410.
func (r *Reflector) relistResourceVersion() string {
	if r.rvUnavailable {
		return ""
	}
	if rv := r.LastSyncResourceVersion(); rv != "" {
		return rv
	}
	return "0"
}

// forEachItem gives every item of a list to fn and lets go of the list's
// memory as it goes. A typed list's items live in one array: caching
// pointers into it would keep the whole array alive until the last of its
// objects leaves the cache (k/k#113305), so fn gets a pointer into the
// array plus detach, which copies the item out for keeping; the slot is
// zeroed after fn so that items the cache does not keep (unchanged ones on
// a relist) are garbage at once, not when the whole list is.
func forEachItem(list runtime.Object, fn func(runtime.Object, func() runtime.Object)) error {
	itemsPtr, err := meta.GetItemsPtr(list)
	if err != nil {
		return err
	}
	items := reflect.ValueOf(itemsPtr).Elem()
	if items.Kind() != reflect.Slice {
		return fmt.Errorf("items of %T are %s, not a slice", list, items.Kind())
	}
	for i := range items.Len() {
		slot := items.Index(i)
		switch slot.Kind() {
		case reflect.Struct:
			if ext, ok := slot.Addr().Interface().(*runtime.RawExtension); ok {
				if ext.Object == nil {
					return fmt.Errorf("item %d of %T is not decoded", i, list)
				}
				fn(ext.Object, nil)
				break
			}
			obj, ok := slot.Addr().Interface().(runtime.Object)
			if !ok {
				return fmt.Errorf("item %d of %T (%s) is not a runtime.Object", i, list, slot.Type())
			}
			fn(obj, func() runtime.Object {
				c := reflect.New(slot.Type())
				c.Elem().Set(slot)
				return c.Interface().(runtime.Object)
			})
		default:
			obj, ok := slot.Interface().(runtime.Object)
			if !ok || obj == nil {
				return fmt.Errorf("item %d of %T (%s) is not a runtime.Object", i, list, slot.Type())
			}
			fn(obj, nil)
		}
		slot.SetZero()
	}
	items.SetZero()
	return nil
}

// watchTimeout spreads watch lengths over [min, 2*min] so that watches
// opened together do not all end together.
func (r *Reflector) watchTimeout() *int64 {
	min := r.minWatchTimeout.Seconds()
	s := int64(min + r.rand()*min)
	return &s
}

// watch watches from the last synced resourceVersion (or continues w, the
// stream of a watch-list), re-watching without a relist when a watch ends
// cleanly or with 429 / connection refused. It returns nil when ctx is
// done and the error that calls for a relist otherwise.
func (r *Reflector) watch(ctx context.Context, w watch.Interface) error {
	for {
		if ctx.Err() != nil {
			if w != nil {
				w.Stop()
			}
			return nil
		}
		start := r.clock.Now()
		// A watch-list's stream is past its initial events, so every
		// event's resourceVersion is in order; and it has delivered
		// events, so its end is never a very short watch (it started
		// before start, which is only when it was handed over here).
		propagateRV := true
		delivered := 0
		if w != nil {
			delivered = 1
		}
		if w == nil {
			opts := metav1.ListOptions{
				ResourceVersion:     r.LastSyncResourceVersion(),
				TimeoutSeconds:      r.watchTimeout(),
				AllowWatchBookmarks: true,
			}
			// A watch from "" or "0" starts with synthetic ADDED events in
			// no particular order; their versions are not a position.
			if opts.ResourceVersion == "" || opts.ResourceVersion == "0" {
				propagateRV = false
			}
			var err error
			w, err = r.lw.WatchWithContext(ctx, opts)
			if err != nil {
				if ctx.Err() != nil {
					return nil
				}
				if isWatchErrorRetriable(err) {
					r.sink.failed(err)
					if !r.sleep(ctx, r.backoff.next(r.clock.Now(), r.rand())) {
						return nil
					}
					continue
				}
				return fmt.Errorf("failed to watch %s: %w", r.description, err)
			}
		}
		err := r.handleWatch(ctx, start, w, propagateRV, delivered)
		w = nil
		switch {
		case err == nil:
			// A clean end (the server's timeout): watch again from where
			// we are, without a list.
			continue
		case errors.Is(err, errStopRequested):
			return nil
		case apierrors.IsTooManyRequests(err):
			r.sink.failed(err)
			if !r.sleep(ctx, r.backoff.next(r.clock.Now(), r.rand())) {
				return nil
			}
			continue
		}
		// 410 (relist at the last version), a 500 (client-go relists
		// unless MaxInternalErrorRetryDuration is set), a decode error,
		// a very short watch: relist.
		return fmt.Errorf("watch of %s ended: %w", r.description, err)
	}
}

// handleWatch applies w's events until it ends; w is stopped on return.
// delivered counts the events w delivered before (a watch-list's initial
// events).
func (r *Reflector) handleWatch(ctx context.Context, start time.Time, w watch.Interface, propagateRV bool, delivered int) error {
	defer w.Stop()
	events := delivered
	pastInitialEvents := false
	for {
		select {
		case <-ctx.Done():
			return errStopRequested
		case ev, ok := <-w.ResultChan():
			if !ok {
				if events == 0 && r.clock.Now().Sub(start) < time.Second {
					return &VeryShortWatchError{Name: r.name}
				}
				return nil
			}
			if ev.Type == watch.Error {
				return apierrors.FromObject(ev.Object)
			}
			rv, ok := r.eventResourceVersion(ctx, ev)
			if !ok {
				continue
			}
			switch ev.Type {
			case watch.Added:
				r.sink.applyEvent(ev.Type, ev.Object)
			case watch.Modified, watch.Deleted:
				pastInitialEvents = true
				r.sink.applyEvent(ev.Type, ev.Object)
			case watch.Bookmark:
				pastInitialEvents = true
				r.sink.bookmark(rv)
			default:
				r.logger.WarnContext(ctx, "unknown watch event", "reflector", r.name, "type", ev.Type)
				continue
			}
			if propagateRV || pastInitialEvents {
				r.setLastSyncRV(rv)
			}
			events++
		}
	}
}

// eventResourceVersion checks an event's object and returns its
// resourceVersion; objects of the wrong type are skipped, as in client-go.
func (r *Reflector) eventResourceVersion(ctx context.Context, ev watch.Event) (string, bool) {
	if r.expectedType != nil && ev.Type != watch.Bookmark {
		if got := reflect.TypeOf(ev.Object); got != r.expectedType {
			r.logger.WarnContext(ctx, "unexpected watch event object type", "reflector", r.name, "expected", r.expectedType, "got", got)
			return "", false
		}
	}
	accessor, err := meta.Accessor(ev.Object)
	if err != nil {
		r.logger.WarnContext(ctx, "unable to understand watch event", "reflector", r.name, "err", err)
		return "", false
	}
	return accessor.GetResourceVersion(), true
}

// watchList streams the collection with a watch that starts with the
// current state (sendInitialEvents) and ends it with a bookmark annotated
// k8s.io/initial-events-end; the same stream then goes on as the watch.
// The wait for that bookmark is bounded: initialEventsTimeout after the
// last initial event (k/k#140890: servers that never send it).
func (r *Reflector) watchList(ctx context.Context) (watch.Interface, error) {
	for attempt := 0; ; attempt++ {
		rv := r.LastSyncResourceVersion()
		if r.rvUnavailable {
			rv = ""
		}
		sendInitialEvents := true
		opts := metav1.ListOptions{
			ResourceVersion:      rv,
			ResourceVersionMatch: metav1.ResourceVersionMatchNotOlderThan,
			SendInitialEvents:    &sendInitialEvents,
			AllowWatchBookmarks:  true,
			TimeoutSeconds:       r.watchTimeout(),
		}
		w, err := r.lw.WatchWithContext(ctx, opts)
		if err == nil {
			err = r.initialEvents(ctx, w)
			if err == nil {
				r.rvUnavailable = false
				return w, nil
			}
			w.Stop()
		}
		if ctx.Err() != nil {
			return nil, nil
		}
		if (isExpiredError(err) || isTooLargeResourceVersionError(err)) && attempt == 0 {
			// Retry at once for the latest state, as a list would.
			r.rvUnavailable = true
			continue
		}
		return nil, fmt.Errorf("failed to watch-list %s: %w", r.description, err)
	}
}

// initialEvents applies a watch-list's initial events as one full sync.
func (r *Reflector) initialEvents(ctx context.Context, w watch.Interface) error {
	rep := r.sink.beginReplace(0)
	t := r.clock.NewTimer(r.initialEventsTimeout)
	defer func() { t.Stop() }()
	for {
		select {
		case <-ctx.Done():
			return errStopRequested
		case <-t.C():
			return errInitialEventsTimeout
		case ev, ok := <-w.ResultChan():
			if !ok {
				return errWatchListEnded
			}
			if ev.Type == watch.Error {
				return apierrors.FromObject(ev.Object)
			}
			rv, ok := r.eventResourceVersion(ctx, ev)
			if !ok {
				continue
			}
			switch ev.Type {
			case watch.Added, watch.Modified:
				rep.item(ev.Object, nil)
			case watch.Deleted:
				// Not sent during initial events; applied if it is.
				r.sink.applyEvent(ev.Type, ev.Object)
			case watch.Bookmark:
				if isInitialEventsEnd(ev.Object) {
					rep.end(rv)
					r.setLastSyncRV(rv)
					return nil
				}
			}
			// Progress: the bound counts from the last event.
			t.Stop()
			t = r.clock.NewTimer(r.initialEventsTimeout)
		}
	}
}

func isInitialEventsEnd(obj runtime.Object) bool {
	accessor, err := meta.Accessor(obj)
	return err == nil && accessor.GetAnnotations()[metav1.InitialEventsAnnotationKey] == "true"
}

func isExpiredError(err error) bool {
	return apierrors.IsResourceExpired(err) || apierrors.IsGone(err)
}

func isTooLargeResourceVersionError(err error) bool {
	if apierrors.HasStatusCause(err, metav1.CauseTypeResourceVersionTooLarge) {
		return true
	}
	// Servers 1.17.0-1.18.5 said so only in a cause's message.
	var status apierrors.APIStatus
	if !apierrors.IsTimeout(err) || !errors.As(err, &status) || status.Status().Details == nil {
		return false
	}
	for _, cause := range status.Status().Details.Causes {
		if cause.Message == "Too large resource version" {
			return true
		}
	}
	return false
}

// isWatchErrorRetriable: the server is overloaded (429) or not there
// (connection refused); the cache is still good, so back off and re-watch
// instead of relisting.
func isWatchErrorRetriable(err error) bool {
	return utilnet.IsConnectionRefused(err) || apierrors.IsTooManyRequests(err)
}

// setDefaults fills what the informer and tests leave unset.
func (r *Reflector) setDefaults() {
	if r.clock == nil {
		r.clock = realClock{}
	}
	if r.rand == nil {
		r.rand = rand.Float64
	}
	if r.sleep == nil {
		r.sleep = func(ctx context.Context, d time.Duration) bool { return sleep(ctx, r.clock, d) }
	}
	if r.backoff == nil {
		r.backoff = newBackoff()
	}
	if r.minWatchTimeout == 0 {
		r.minWatchTimeout = 5 * time.Minute
	}
	if r.initialEventsTimeout == 0 {
		r.initialEventsTimeout = DefaultInitialEventsTimeout
	}
	if r.logger == nil {
		r.logger = slog.Default()
	}
	if r.errorHandler == nil {
		r.errorHandler = DefaultWatchErrorHandler
	}
}

// DefaultInitialEventsTimeout is how long a watch-list may go without an
// event before its initial-events bookmark before the reflector gives up
// on watch-list for good and lists instead.
const DefaultInitialEventsTimeout = 60 * time.Second
