package cache

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"
)

// InformerSynced reports whether an informer has synced.
type InformerSynced func() bool

// syncedPollPeriod is how often WaitForCacheSync polls its InformerSynced
// functions, as in client-go (they can only be polled).
const syncedPollPeriod = 100 * time.Millisecond

// WaitForCacheSync polls cacheSyncs until all report true (then it returns
// true) or stopCh is closed (false). WaitFor with DoneCheckers needs no
// polling, and WaitForInformers also tells why an informer did not sync.
func WaitForCacheSync(stopCh <-chan struct{}, cacheSyncs ...InformerSynced) bool {
	ticker := time.NewTicker(syncedPollPeriod)
	defer ticker.Stop()
	for {
		if allSynced(cacheSyncs) {
			return true
		}
		select {
		case <-stopCh:
			return false
		case <-ticker.C:
		}
	}
}

func allSynced(cacheSyncs []InformerSynced) bool {
	for _, synced := range cacheSyncs {
		if !synced() {
			return false
		}
	}
	return true
}

// WaitForNamedCacheSync is WaitForCacheSync; client-go logs the controller
// name around it, this runtime leaves logging to the caller.
func WaitForNamedCacheSync(controllerName string, stopCh <-chan struct{}, cacheSyncs ...InformerSynced) bool {
	return WaitForCacheSync(stopCh, cacheSyncs...)
}

// WaitForNamedCacheSyncWithContext is WaitForCacheSync until ctx is done.
func WaitForNamedCacheSyncWithContext(ctx context.Context, cacheSyncs ...InformerSynced) bool {
	return WaitForCacheSync(ctx.Done(), cacheSyncs...)
}

// DoneChecker is an activity that can be waited for without polling.
type DoneChecker interface {
	// Name describes what is waited for.
	Name() string
	// Done is closed when the activity has completed.
	Done() <-chan struct{}
}

// IsDone reports, without blocking, whether checker is done.
func IsDone(checker DoneChecker) bool {
	select {
	case <-checker.Done():
		return true
	default:
		return false
	}
}

// WaitFor waits until every checker is done (true) or ctx is done (false,
// unless all checkers are done by then). what only names the wait for
// client-go's logging, which this runtime leaves to the caller.
func WaitFor(ctx context.Context, what string, checkers ...DoneChecker) bool {
	for _, c := range checkers {
		select {
		case <-c.Done():
		case <-ctx.Done():
			// select picks at random among ready cases.
			if !IsDone(c) {
				return false
			}
		}
	}
	return true
}

// doneChecker is a named channel.
type doneChecker struct {
	name string
	done <-chan struct{}
}

func (d doneChecker) Name() string          { return d.name }
func (d doneChecker) Done() <-chan struct{} { return d.done }

// SyncResult is what a factory's WaitForCacheSyncWithContext returns.
type SyncResult struct {
	// Err is nil when every informer synced; otherwise why waiting
	// stopped. From WaitForInformers it also wraps each unsynced
	// informer's last list/watch error, so errors.As finds a 403.
	Err error
	// Synced maps each informer's object type to whether it synced.
	Synced map[reflect.Type]bool
}

// AsError returns nil if every informer synced, otherwise an error naming
// the unsynced types and wrapping Err.
func (c SyncResult) AsError() error {
	if c.Err == nil {
		return nil
	}
	var unsynced []string
	for t, synced := range c.Synced {
		if !synced {
			unsynced = append(unsynced, t.String())
		}
	}
	slices.Sort(unsynced)
	return fmt.Errorf("failed to sync all caches: %s: %w", strings.Join(unsynced, ", "), c.Err)
}

// LastSyncError returns the error of the informer's last failed LIST or
// WATCH (a 403, an unknown resource, a decode error) since it last synced
// with the server, or nil. Informers that are not this package's have none.
func LastSyncError(informer SharedInformer) error {
	if i, ok := informer.(interface{ LastSyncError() error }); ok {
		return i.LastSyncError()
	}
	return nil
}

// WaitForInformers waits, without polling, until every informer has synced
// or ctx is done, and reports it as a SyncResult. Unlike client-go's
// factories, whose Err is only context.Cause(ctx), Err here also wraps
// each unsynced informer's LastSyncError, so that a WaitForCacheSync on a
// resource the user may not list says 403 instead of only timing out.
// Generated factories' WaitForCacheSyncWithContext is this one call.
func WaitForInformers(ctx context.Context, informers map[reflect.Type]SharedIndexInformer) SyncResult {
	checkers := make([]DoneChecker, 0, len(informers))
	for _, informer := range informers {
		checkers = append(checkers, informer.HasSyncedChecker())
	}
	WaitFor(ctx, "", checkers...)
	res := SyncResult{Synced: make(map[reflect.Type]bool, len(informers))}
	var failed []typedError
	for t, informer := range informers {
		synced := informer.HasSynced()
		res.Synced[t] = synced
		if !synced {
			failed = append(failed, typedError{t: t, err: LastSyncError(informer)})
		}
	}
	if len(failed) == 0 {
		return res
	}
	slices.SortFunc(failed, func(a, b typedError) int { return strings.Compare(a.t.String(), b.t.String()) })
	res.Err = &syncError{cause: context.Cause(ctx), failed: failed}
	return res
}

type typedError struct {
	t   reflect.Type
	err error
}

// syncError is context.Cause(ctx) plus the informers' last errors.
type syncError struct {
	cause  error
	failed []typedError
}

func (e *syncError) Error() string {
	var b strings.Builder
	if e.cause != nil {
		b.WriteString(e.cause.Error())
	} else {
		b.WriteString("caches not synced")
	}
	sep := " (last list/watch errors: "
	for _, f := range e.failed {
		if f.err == nil {
			continue
		}
		b.WriteString(sep)
		sep = "; "
		fmt.Fprintf(&b, "%s: %v", f.t, f.err)
	}
	if sep == "; " {
		b.WriteString(")")
	}
	return b.String()
}

func (e *syncError) Unwrap() []error {
	errs := []error{}
	if e.cause != nil {
		errs = append(errs, e.cause)
	}
	for _, f := range e.failed {
		if f.err != nil {
			errs = append(errs, f.err)
		}
	}
	return errs
}

// closeOnce is a channel that is closed at most once.
type closeOnce struct {
	once sync.Once
	ch   chan struct{}
}

func newCloseOnce() *closeOnce { return &closeOnce{ch: make(chan struct{})} }

func (c *closeOnce) close() { c.once.Do(func() { close(c.ch) }) }

func (c *closeOnce) isClosed() bool {
	select {
	case <-c.ch:
		return true
	default:
		return false
	}
}
