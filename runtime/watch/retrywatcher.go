package watch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/clientgen/clientgen/runtime/pager"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/utils/clock"
)

// Resynced is the type of the event a RetryWatcher sends after a 410 Gone,
// when it was given Options.List. Its Object is the complete list (the list
// type of the List function, such as *v1.WidgetList, with every page's
// items); use meta.ExtractList or the list's Items.
//
// It means: the watch lost track of changes, so replace everything you know
// with this list. Objects you know that are not in it were deleted while the
// watch was away, and no DELETED event will come for them. Events after it
// apply on top of the list. One event, rather than a marker followed by an
// ADDED event per object, because the caller must see the whole list before
// it can tell which objects are gone, and because a marker that could be
// missed (a caller who switches on ADDED/MODIFIED/DELETED and ignores the
// rest would treat a relist as a stream of additions and never forget a
// deleted object) is worse than a type that must be handled to be useful. A
// caller only receives it after asking for it by setting Options.List.
const Resynced watch.EventType = "RESYNCED"

// Watcher starts a watch; a generated typed client (Client[T].Watch) and a
// dynamic ResourceInterface are Watchers.
type Watcher interface {
	Watch(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error)
}

// WatchFunc is a function that is a Watcher.
type WatchFunc func(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error)

// Watch calls f.
func (f WatchFunc) Watch(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
	return f(ctx, opts)
}

// DefaultBackoff is client-go's reflector backoff: 800 ms doubling to 30 s,
// each wait stretched by up to 100% at random so that clients failed by one
// outage do not come back in step.
func DefaultBackoff() wait.Backoff {
	return wait.Backoff{Duration: 800 * time.Millisecond, Factor: 2, Jitter: 1, Cap: 30 * time.Second}
}

// DefaultMinRestartDelay is client-go's spacing of watch starts: a watch
// starts at least this long after the previous one started.
const DefaultMinRestartDelay = time.Second

// Options tune a RetryWatcher; the zero value is client-go's behaviour plus
// backoff.
type Options struct {
	// List, when set, makes a 410 Gone recoverable by a relist delivered as a
	// Resynced event (see Resynced). pager.TypedPageFunc adapts a generated
	// client's List method. Label and field selectors of the watch must be
	// applied here too.
	List pager.ListPageFunc
	// Backoff after consecutive failures; Duration 0 means DefaultBackoff().
	// Steps is ignored: the watcher retries until stopped.
	Backoff wait.Backoff
	// MinRestartDelay spaces watch starts; 0 means DefaultMinRestartDelay,
	// negative means none.
	MinRestartDelay time.Duration
	// Clock is real time when nil.
	Clock clock.Clock
	// Logger receives retries at debug level; nil means slog.Default().
	Logger *slog.Logger
}

// RetryWatcher is a watch.Interface that restarts the watch it stands for.
// Its result channel is unbuffered and closed when the watcher ends.
type RetryWatcher struct {
	cancel  context.CancelCauseFunc
	watcher Watcher
	opts    Options
	result  chan watch.Event
	done    chan struct{}

	mu     sync.Mutex
	lastRV string

	// Owned by the receive goroutine.
	failures  int
	lastStart time.Time
	started   bool
}

// NewRetryWatcherWithContext watches through watcherClient from
// initialResourceVersion until ctx ends or Stop is called, with the default
// Options (no recovery from 410).
func NewRetryWatcherWithContext(ctx context.Context, initialResourceVersion string, watcherClient Watcher) (*RetryWatcher, error) {
	return NewRetryWatcherWithOptions(ctx, initialResourceVersion, watcherClient, Options{})
}

// NewRetryWatcherWithOptions is NewRetryWatcherWithContext with Options, such
// as a List function that turns a 410 Gone into a Resynced event.
func NewRetryWatcherWithOptions(ctx context.Context, initialResourceVersion string, watcherClient Watcher, opts Options) (*RetryWatcher, error) {
	switch initialResourceVersion {
	case "", "0":
		// A watch from "" or "0" starts with a synthetic ADDED event per
		// object; a restart would send them all again.
		return nil, fmt.Errorf("initial RV %q is not supported due to issues with underlying WATCH: list first and watch from the list's resourceVersion", initialResourceVersion)
	}
	if watcherClient == nil {
		return nil, errors.New("watch: nil watcherClient")
	}
	if opts.Backoff.Duration <= 0 {
		opts.Backoff = DefaultBackoff()
	}
	if opts.Backoff.Factor < 1 {
		opts.Backoff.Factor = 1
	}
	if opts.MinRestartDelay == 0 {
		opts.MinRestartDelay = DefaultMinRestartDelay
	}
	if opts.Clock == nil {
		opts.Clock = clock.RealClock{}
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	ctx, cancel := context.WithCancelCause(ctx)
	rw := &RetryWatcher{
		cancel:  cancel,
		watcher: watcherClient,
		opts:    opts,
		result:  make(chan watch.Event),
		done:    make(chan struct{}),
		lastRV:  initialResourceVersion,
	}
	go rw.receive(ctx)
	return rw, nil
}

// ResultChan implements watch.Interface.
func (rw *RetryWatcher) ResultChan() <-chan watch.Event { return rw.result }

// Stop implements watch.Interface; the result channel closes soon after.
func (rw *RetryWatcher) Stop() { rw.cancel(errors.New("watch: asked to stop")) }

// Done is closed when the watcher has ended and closed its result channel.
func (rw *RetryWatcher) Done() <-chan struct{} { return rw.done }

// LastResourceVersion is the resourceVersion the next watch would start from:
// that of the last event, bookmark or relist.
func (rw *RetryWatcher) LastResourceVersion() string {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	return rw.lastRV
}

func (rw *RetryWatcher) setLastRV(rv string) {
	rw.mu.Lock()
	rw.lastRV = rv
	rw.mu.Unlock()
}

// next is what the receive loop does after one watch or list.
type next int

const (
	stop    next = iota // the watcher ends
	rewatch             // watch again from the last resourceVersion
	relist              // list, send Resynced, then watch
)

// step is the outcome of one watch or list: what comes next, whether it
// failed (which grows the backoff) and the server's Retry-After.
type step struct {
	next       next
	failed     bool
	retryAfter time.Duration
}

func (rw *RetryWatcher) receive(ctx context.Context) {
	defer close(rw.done)
	defer close(rw.result)
	action := rewatch
	for {
		var s step
		if action == relist {
			s = rw.relist(ctx)
		} else {
			s = rw.watchOnce(ctx)
		}
		if s.next == stop || ctx.Err() != nil {
			return
		}
		action = s.next
		if !rw.wait(ctx, rw.delay(s)) {
			return
		}
	}
}

// delay is how long to wait before the next watch or list: the backoff after
// a failure, at least the server's Retry-After, and before a watch at least
// what is left of MinRestartDelay since the last watch started.
func (rw *RetryWatcher) delay(s step) time.Duration {
	var d time.Duration
	if s.failed {
		rw.failures++
		d = rw.backoff(rw.failures)
	}
	d = max(d, s.retryAfter)
	if s.next == rewatch && rw.started && rw.opts.MinRestartDelay > 0 {
		d = max(d, rw.opts.MinRestartDelay-rw.opts.Clock.Since(rw.lastStart))
	}
	return d
}

// backoff is the jittered wait after n consecutive failures.
func (rw *RetryWatcher) backoff(n int) time.Duration {
	b := rw.opts.Backoff
	d := float64(b.Duration)
	for i := 1; i < n && (b.Cap <= 0 || d < float64(b.Cap)); i++ {
		d *= b.Factor
	}
	if b.Cap > 0 && d > float64(b.Cap) {
		d = float64(b.Cap)
	}
	if b.Jitter > 0 {
		d += rand.Float64() * b.Jitter * d
	}
	return time.Duration(d)
}

func (rw *RetryWatcher) wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := rw.opts.Clock.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C():
		return true
	}
}

// send delivers an event unless the watcher is stopped first.
func (rw *RetryWatcher) send(ctx context.Context, ev watch.Event) bool {
	select {
	case rw.result <- ev:
		return true
	case <-ctx.Done():
		return false
	}
}

// sendError ends the watcher with an ERROR event carrying status.
func (rw *RetryWatcher) sendError(ctx context.Context, status metav1.Status) step {
	rw.send(ctx, watch.Event{Type: watch.Error, Object: &status})
	return step{next: stop}
}

func internalError(format string, args ...any) metav1.Status {
	return apierrors.NewInternalError(fmt.Errorf(format, args...)).ErrStatus
}

// watchOnce runs one watch until it ends and says what to do next.
func (rw *RetryWatcher) watchOnce(ctx context.Context) step {
	rv := rw.LastResourceVersion()
	rw.lastStart, rw.started = rw.opts.Clock.Now(), true
	w, err := rw.watcher.Watch(ctx, metav1.ListOptions{ResourceVersion: rv, AllowWatchBookmarks: true})
	if err != nil {
		return rw.watchError(ctx, err)
	}
	if w == nil {
		rw.opts.Logger.Debug("watch returned a nil watcher, retrying", "resourceVersion", rv)
		return step{next: rewatch, failed: true}
	}
	defer w.Stop()
	ch := w.ResultChan()
	for {
		var ev watch.Event
		var ok bool
		select {
		case <-ctx.Done():
			return step{next: stop}
		case ev, ok = <-ch:
		}
		if !ok {
			// Closed by the server (its timeout) or the connection: resume.
			rw.opts.Logger.Debug("watch closed, resuming", "resourceVersion", rw.LastResourceVersion())
			return step{next: rewatch}
		}
		switch ev.Type {
		case watch.Added, watch.Modified, watch.Deleted, watch.Bookmark:
			obj, err := meta.Accessor(ev.Object)
			if err != nil {
				return rw.sendError(ctx, internalError("retryWatcher: %T doesn't support resourceVersion", ev.Object))
			}
			eventRV := obj.GetResourceVersion()
			if eventRV == "" {
				return rw.sendError(ctx, internalError("retryWatcher: %s event for %T %q has no resourceVersion", ev.Type, ev.Object, obj.GetName()))
			}
			if ev.Type != watch.Bookmark && !rw.send(ctx, ev) {
				return step{next: stop}
			}
			rw.setLastRV(eventRV)
			rw.failures = 0 // the watch is healthy
		case watch.Error:
			return rw.errorEvent(ctx, ev)
		default:
			return rw.sendError(ctx, internalError("retryWatcher failed to recognize Event type %q", ev.Type))
		}
	}
}

// watchError handles an error from the Watch call itself.
func (rw *RetryWatcher) watchError(ctx context.Context, err error) step {
	switch {
	case ctx.Err() != nil:
		return step{next: stop}
	case apierrors.IsForbidden(err) || apierrors.IsUnauthorized(err):
		// Retrying cannot help; say so rather than retry forever.
		return rw.sendError(ctx, statusOf(err))
	case apierrors.IsResourceExpired(err) || apierrors.IsGone(err):
		return rw.gone(ctx, statusOf(err))
	}
	rw.opts.Logger.Debug("watch failed, retrying", "resourceVersion", rw.LastResourceVersion(), "err", err)
	retryAfter, _ := apierrors.SuggestsClientDelay(err)
	return step{next: rewatch, failed: true, retryAfter: time.Duration(retryAfter) * time.Second}
}

// errorEvent handles an ERROR event inside a watch.
func (rw *RetryWatcher) errorEvent(ctx context.Context, ev watch.Event) step {
	var statusErr *apierrors.StatusError
	if !errors.As(apierrors.FromObject(ev.Object), &statusErr) {
		rw.opts.Logger.Debug("watch sent an error that is not a Status, retrying", "object", fmt.Sprintf("%T", ev.Object))
		return step{next: rewatch, failed: true}
	}
	status := statusErr.ErrStatus
	if status.Code == http.StatusGone {
		return rw.gone(ctx, status)
	}
	var retryAfter time.Duration
	if status.Details != nil {
		retryAfter = time.Duration(status.Details.RetryAfterSeconds) * time.Second
	}
	// Retry whatever else the server said, as client-go: the watcher is meant
	// to go on unless it is certain it cannot; the caller bounds it with ctx.
	rw.opts.Logger.Debug("watch sent an error, retrying", "resourceVersion", rw.LastResourceVersion(), "code", status.Code, "message", status.Message)
	return step{next: rewatch, failed: true, retryAfter: retryAfter}
}

// gone handles 410: relist when the caller can take a Resynced event, end
// the watch with the ERROR event otherwise.
func (rw *RetryWatcher) gone(ctx context.Context, status metav1.Status) step {
	if rw.opts.List == nil {
		return rw.sendError(ctx, status)
	}
	rw.opts.Logger.Debug("watch resourceVersion expired, relisting", "resourceVersion", rw.LastResourceVersion())
	return step{next: relist}
}

// relist lists as client-go's reflector does after a 410 and sends the list
// as a Resynced event.
func (rw *RetryWatcher) relist(ctx context.Context) step {
	rv := rw.LastResourceVersion()
	p := pager.New(rw.opts.List)
	// At a known resourceVersion one unpaginated request lets the watch cache
	// answer (a list there is "not older than" rv, so it cannot go back in
	// time); only if that is gone as well does the list go to etcd, paged.
	p.PageSize = pager.RelistPageSize(0, false, rv)
	list, _, err := p.List(ctx, metav1.ListOptions{ResourceVersion: rv})
	if apierrors.IsResourceExpired(err) || apierrors.IsGone(err) || isTooLargeResourceVersion(err) {
		p.PageSize = pager.RelistPageSize(0, false, "")
		list, _, err = p.List(ctx, metav1.ListOptions{ResourceVersion: ""})
	}
	switch {
	case ctx.Err() != nil:
		return step{next: stop}
	case apierrors.IsForbidden(err) || apierrors.IsUnauthorized(err):
		return rw.sendError(ctx, statusOf(err))
	case err != nil:
		rw.opts.Logger.Debug("relist failed, retrying", "resourceVersion", rv, "err", err)
		retryAfter, _ := apierrors.SuggestsClientDelay(err)
		return step{next: relist, failed: true, retryAfter: time.Duration(retryAfter) * time.Second}
	}
	m, err := meta.ListAccessor(list)
	if err != nil {
		return rw.sendError(ctx, internalError("retryWatcher: relist returned %T, not a list", list))
	}
	listRV := m.GetResourceVersion()
	if listRV == "" {
		return rw.sendError(ctx, internalError("retryWatcher: relist returned %T without a resourceVersion", list))
	}
	if !rw.send(ctx, watch.Event{Type: Resynced, Object: list}) {
		return step{next: stop}
	}
	rw.setLastRV(listRV)
	rw.failures = 0
	return step{next: rewatch}
}

// statusOf is the Status behind an error, or a 500 for one that has none.
func statusOf(err error) metav1.Status {
	var s apierrors.APIStatus
	if errors.As(err, &s) {
		return s.Status()
	}
	return apierrors.NewInternalError(err).ErrStatus
}

// isTooLargeResourceVersion reports the server's "too large resource version"
// (the watch cache has not caught up with rv), which like 410 makes the
// reflector list at "".
func isTooLargeResourceVersion(err error) bool {
	return apierrors.HasStatusCause(err, metav1.CauseTypeResourceVersionTooLarge)
}
