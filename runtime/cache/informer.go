package cache

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"sync"
	"time"

	"github.com/go-logr/logr"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/apimachinery/pkg/watch"
)

// SharedInformer keeps a cache of one collection and tells handlers about
// its changes; see client-go's SharedInformer, whose method set this is.
type SharedInformer interface {
	// AddEventHandler adds a handler with the informer's resync period.
	AddEventHandler(handler ResourceEventHandler) (ResourceEventHandlerRegistration, error)
	// AddEventHandlerWithResyncPeriod adds a handler with its own resync
	// period (0: no resync).
	AddEventHandlerWithResyncPeriod(handler ResourceEventHandler, resyncPeriod time.Duration) (ResourceEventHandlerRegistration, error)
	// AddEventHandlerWithOptions adds a handler with options.
	AddEventHandlerWithOptions(handler ResourceEventHandler, options HandlerOptions) (ResourceEventHandlerRegistration, error)
	// RemoveEventHandler stops notifications to a handler; it does not
	// wait for a notification being delivered. Idempotent.
	RemoveEventHandler(handle ResourceEventHandlerRegistration) error
	// GetStore returns the cache.
	GetStore() Store
	// GetController is deprecated and does nothing useful.
	GetController() Controller
	// Run runs the informer until stopCh is closed.
	Run(stopCh <-chan struct{})
	// RunWithContext runs the informer until ctx is done.
	RunWithContext(ctx context.Context)
	// HasSynced reports whether the cache has been filled by a full list
	// (or watch-list) of the collection.
	HasSynced() bool
	// HasSyncedChecker is HasSynced as a DoneChecker.
	HasSyncedChecker() DoneChecker
	// LastSyncResourceVersion is the resourceVersion the cache is at.
	LastSyncResourceVersion() string
	// SetWatchErrorHandler sets the handler of list/watch errors; only
	// before Run.
	SetWatchErrorHandler(handler WatchErrorHandler) error
	// SetWatchErrorHandlerWithContext is SetWatchErrorHandler with a context.
	SetWatchErrorHandlerWithContext(handler WatchErrorHandlerWithContext) error
	// SetTransform sets the transform; only before Run.
	SetTransform(handler TransformFunc) error
	// IsStopped reports whether Run has returned; a stopped informer
	// takes no handlers and is never started again.
	IsStopped() bool
}

// SharedIndexInformer is a SharedInformer with indexes.
type SharedIndexInformer interface {
	SharedInformer
	AddIndexers(indexers Indexers) error
	GetIndexer() Indexer
}

// TypedSharedIndexInformer adds typed variants of the untyped methods.
type TypedSharedIndexInformer[T Object] interface {
	SharedIndexInformer
	// AddTypedEventHandler adds a typed handler; at most one HandlerOptions.
	AddTypedEventHandler(handler TypedResourceEventHandler[T], options ...HandlerOptions) (ResourceEventHandlerRegistration, error)
	AddTypedIndexers(indexers TypedIndexers[T]) error
	GetTypedIndexer() TypedIndexer[T]
}

// NewTypedSharedIndexInformer wraps an informer whose objects are all Ts.
func NewTypedSharedIndexInformer[T Object](informer SharedIndexInformer) TypedSharedIndexInformer[T] {
	if typed, ok := informer.(TypedSharedIndexInformer[T]); ok {
		return typed
	}
	return typedSharedIndexInformer[T]{informer}
}

type typedSharedIndexInformer[T Object] struct {
	SharedIndexInformer
}

func (s typedSharedIndexInformer[T]) AddTypedEventHandler(handler TypedResourceEventHandler[T], options ...HandlerOptions) (ResourceEventHandlerRegistration, error) {
	var o HandlerOptions
	switch len(options) {
	case 0:
	case 1:
		o = options[0]
	default:
		return nil, fmt.Errorf("at most one HandlerOptions may be passed, got %d", len(options))
	}
	return s.AddEventHandlerWithOptions(untypedHandler[T]{handler}, o)
}

func (s typedSharedIndexInformer[T]) AddTypedIndexers(indexers TypedIndexers[T]) error {
	return s.AddIndexers(TypedIndexersToIndexers(indexers))
}

func (s typedSharedIndexInformer[T]) GetTypedIndexer() TypedIndexer[T] {
	return NewTypedIndexer[T](s.GetIndexer())
}

func (s typedSharedIndexInformer[T]) untyped() SharedIndexInformer { return s.SharedIndexInformer }

// LastSyncError passes the wrapped informer's through, so that
// cache.LastSyncError and WaitForInformers see through the typed wrapper.
func (s typedSharedIndexInformer[T]) LastSyncError() error {
	return LastSyncError(s.SharedIndexInformer)
}

// ResourceEventHandlerRegistration is the handle of an added handler.
type ResourceEventHandlerRegistration interface {
	// HasSynced reports whether the informer has synced and the handler
	// has been given every object of that first sync.
	HasSynced() bool
	// HasSyncedChecker is HasSynced as a DoneChecker.
	HasSyncedChecker() DoneChecker
}

// HandlerOptions are the options of AddEventHandlerWithOptions.
type HandlerOptions struct {
	// Logger is accepted for client-go compatibility (klog.Logger is a
	// logr.Logger); this runtime does not log per handler.
	Logger *logr.Logger
	// ResyncPeriod is the handler's resync period; nil means the
	// informer's.
	ResyncPeriod *time.Duration
}

// Controller is what the deprecated GetController returns.
type Controller interface {
	Run(stopCh <-chan struct{})
	RunWithContext(ctx context.Context)
	HasSynced() bool
	HasSyncedChecker() DoneChecker
	LastSyncResourceVersion() string
}

// SharedIndexInformerOptions configures NewSharedIndexInformerWithOptions.
type SharedIndexInformerOptions struct {
	// ResyncPeriod is the default resync period of handlers and the
	// informer's resync check period; 0 turns resyncs off.
	ResyncPeriod time.Duration
	// Indexers are the cache's indexes.
	Indexers Indexers
	// ObjectDescription names the objects in errors; default: the Go type.
	ObjectDescription string
	// Identifier names the informer for metrics (none are published yet).
	Identifier InformerNameAndResource

	// UseWatchList chooses how the cache is filled: nil or true stream it
	// with a watch-list when the server and the ListerWatcher support it
	// (falling back to LIST, for good, when they do not); false always
	// LISTs.
	UseWatchList *bool
	// InitialEventsTimeout bounds the wait for a watch-list's initial-events
	// bookmark after the last initial event; default
	// DefaultInitialEventsTimeout.
	InitialEventsTimeout time.Duration
	// Transform is the TransformFunc, as SetTransform.
	Transform TransformFunc
	// Logger receives the informer's warnings; default slog.Default().
	Logger *slog.Logger
	// CompactStorage keeps cached objects deflated instead of as Go
	// values: a fraction of the memory, for a decode on every read
	// (compact.go says what it costs). Objects must survive a JSON round
	// trip, as API types do (a field tagged json:"-" would be lost).
	// UseCompactStorage sets it on an informer made by a factory.
	CompactStorage bool
}

// UseCompactStorage makes informer keep its cached objects in compact form
// (SharedIndexInformerOptions.CompactStorage), for an informer made
// elsewhere, such as by a generated factory. It must be called before the
// informer runs, and works on this package's informers only.
func UseCompactStorage(informer SharedIndexInformer) error {
	s, ok := informer.(*sharedIndexInformer)
	if !ok {
		if t, ok := informer.(interface{ untyped() SharedIndexInformer }); ok {
			return UseCompactStorage(t.untyped())
		}
		return fmt.Errorf("compact storage: %T is not an informer of runtime/cache", informer)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return errors.New("compact storage: the informer has already started")
	}
	return s.useCompactStorage()
}

// useCompactStorage turns compact storage on; the caller holds mu or owns
// the informer alone.
func (s *sharedIndexInformer) useCompactStorage() error {
	p, err := newPacker(s.objectType)
	if err != nil {
		return err
	}
	s.indexer.packer = p
	return nil
}

// InformerOption changes how an informer runs; tests use it to control
// time.
type informerOption func(*sharedIndexInformer)

const minimumResyncPeriod = time.Second

// NewSharedInformer returns an informer without indexes.
func NewSharedInformer(lw ListerWatcher, exampleObject runtime.Object, defaultEventHandlerResyncPeriod time.Duration) SharedInformer {
	return NewSharedIndexInformer(lw, exampleObject, defaultEventHandlerResyncPeriod, Indexers{})
}

// NewSharedIndexInformer returns an informer with indexes.
func NewSharedIndexInformer(lw ListerWatcher, exampleObject runtime.Object, defaultEventHandlerResyncPeriod time.Duration, indexers Indexers) SharedIndexInformer {
	return NewSharedIndexInformerWithOptions(lw, exampleObject, SharedIndexInformerOptions{ResyncPeriod: defaultEventHandlerResyncPeriod, Indexers: indexers})
}

// NewSharedIndexInformerWithOptions returns an informer of the objects of
// exampleObject's type that lw lists and watches.
func NewSharedIndexInformerWithOptions(lw ListerWatcher, exampleObject runtime.Object, options SharedIndexInformerOptions) SharedIndexInformer {
	return newSharedIndexInformer(lw, exampleObject, options)
}

func newSharedIndexInformer(lw ListerWatcher, exampleObject runtime.Object, options SharedIndexInformerOptions, opts ...informerOption) *sharedIndexInformer {
	description := options.ObjectDescription
	if description == "" {
		description = fmt.Sprintf("%T", exampleObject)
	}
	s := &sharedIndexInformer{
		indexer:           newKeyedStore(DeletionHandlingMetaNamespaceKeyFunc, options.Indexers, nil),
		lw:                ToListerWatcherWithContext(lw),
		objectType:        exampleObject,
		description:       description,
		options:           options,
		defaultResync:     options.ResyncPeriod,
		resyncCheckPeriod: options.ResyncPeriod,
		transform:         options.Transform,
		synced:            newCloseOnce(),
		clock:             realClock{},
		logger:            options.Logger,
		watchErrorHandler: DefaultWatchErrorHandler,
	}
	if s.logger == nil {
		s.logger = slog.Default()
	}
	s.useWatchList = options.UseWatchList == nil || *options.UseWatchList
	if u, ok := lw.(watchListSemantics); ok && u.IsWatchListSemanticsUnSupported() {
		s.useWatchList = false
	}
	for _, o := range opts {
		o(s)
	}
	if options.CompactStorage {
		if err := s.useCompactStorage(); err != nil {
			s.logger.Warn("objects are cached as Go values", "type", description, "err", err)
		}
	}
	return s
}

// sharedIndexInformer is the informer: its reflector writes straight into
// the indexed cache and queues notifications for each handler (doc.go).
type sharedIndexInformer struct {
	indexer     *keyedStore
	lw          ListerWatcherWithContext
	objectType  runtime.Object
	description string
	options     SharedIndexInformerOptions
	clock       clock
	logger      *slog.Logger
	// reflectorHook lets tests adjust the reflector before it runs.
	reflectorHook func(*Reflector)
	useWatchList  bool

	// mu serializes cache writes with their notifications and with
	// changes to the set of handlers, so that a handler added at any
	// moment sees the cache as it was plus every change after it.
	mu                sync.Mutex
	listeners         []*listener
	transform         TransformFunc
	watchErrorHandler WatchErrorHandlerWithContext
	started, stopped  bool
	defaultResync     time.Duration
	resyncCheckPeriod time.Duration
	// isSynced mirrors synced under mu: adds before it are initial.
	isSynced  bool
	lastErr   error
	reflector *Reflector
	// listenersWG counts running listener goroutines.
	listenersWG sync.WaitGroup

	synced *closeOnce
	// sharer lets cached objects share equal managedFields parts (share.go).
	sharer managedFieldsSharer
}

var _ SharedIndexInformer = &sharedIndexInformer{}

func (s *sharedIndexInformer) AddEventHandler(handler ResourceEventHandler) (ResourceEventHandlerRegistration, error) {
	return s.AddEventHandlerWithOptions(handler, HandlerOptions{})
}

func (s *sharedIndexInformer) AddEventHandlerWithResyncPeriod(handler ResourceEventHandler, resyncPeriod time.Duration) (ResourceEventHandlerRegistration, error) {
	return s.AddEventHandlerWithOptions(handler, HandlerOptions{ResyncPeriod: &resyncPeriod})
}

// AddEventHandlerWithOptions adds a handler. Resync periods follow
// client-go: at least a second; an informer whose own period is 0 never
// resyncs; before Run a shorter period shortens the informer's check
// period, after Run it is raised to it.
func (s *sharedIndexInformer) AddEventHandlerWithOptions(handler ResourceEventHandler, options HandlerOptions) (ResourceEventHandlerRegistration, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return nil, fmt.Errorf("handler %v was not added to shared informer because it has stopped already", handler)
	}
	requested := s.defaultResync
	if options.ResyncPeriod != nil {
		requested = *options.ResyncPeriod
	}
	if requested > 0 {
		requested = max(requested, minimumResyncPeriod)
		if requested < s.resyncCheckPeriod {
			if s.started {
				requested = s.resyncCheckPeriod
			} else {
				s.resyncCheckPeriod = requested
				for _, l := range s.listeners {
					l.resyncPeriod = effectiveResync(l.requestedResync, requested)
				}
			}
		}
	}
	l := newListener(handler, requested, effectiveResync(requested, s.resyncCheckPeriod))
	l.nextResync = s.clock.Now().Add(l.resyncPeriod)
	if s.started {
		// The cache as it is now, as initial adds; every later change
		// reaches the handler through distribute, which needs mu.
		for _, obj := range s.indexer.List() {
			l.add(notification{kind: notifyAdd, newObj: obj, initial: true})
		}
	}
	if s.isSynced {
		l.add(notification{kind: notifySynced})
	}
	s.listeners = append(s.listeners, l)
	if s.started {
		s.startListener(l)
	}
	return &registration{l: l, informer: s}, nil
}

func effectiveResync(requested, check time.Duration) time.Duration {
	if requested == 0 || check == 0 {
		return 0
	}
	return max(requested, check)
}

func (s *sharedIndexInformer) startListener(l *listener) {
	l.started = true
	s.listenersWG.Add(1)
	go func() {
		defer s.listenersWG.Done()
		l.run()
	}()
}

func (s *sharedIndexInformer) RemoveEventHandler(handle ResourceEventHandlerRegistration) error {
	reg, ok := handle.(*registration)
	if !ok || reg.informer != s {
		return fmt.Errorf("handle %v was not returned by this informer", handle)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, l := range s.listeners {
		if l == reg.l {
			s.listeners = append(s.listeners[:i], s.listeners[i+1:]...)
			break
		}
	}
	reg.l.stop.close()
	return nil
}

// ShutDownEventHandler removes a handler and waits until it has returned
// from its last notification. It must not be called from the handler.
func ShutDownEventHandler(informer SharedInformer, handle ResourceEventHandlerRegistration) error {
	if err := informer.RemoveEventHandler(handle); err != nil {
		return err
	}
	if reg, ok := handle.(*registration); ok {
		reg.informer.mu.Lock()
		started := reg.l.started
		reg.informer.mu.Unlock()
		if started {
			<-reg.l.stopped
		}
	}
	return nil
}

func (s *sharedIndexInformer) GetStore() Store           { return s.indexer }
func (s *sharedIndexInformer) GetIndexer() Indexer       { return s.indexer }
func (s *sharedIndexInformer) GetController() Controller { return informerController{s} }

// AddIndexers adds indexes, at any time before the informer stops; objects
// already cached are indexed at once.
func (s *sharedIndexInformer) AddIndexers(indexers Indexers) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return errors.New("indexer was not added because it has stopped already")
	}
	return s.indexer.AddIndexers(indexers)
}

func (s *sharedIndexInformer) HasSynced() bool { return s.synced.isClosed() }

func (s *sharedIndexInformer) HasSyncedChecker() DoneChecker {
	return doneChecker{name: s.description, done: s.synced.ch}
}

func (s *sharedIndexInformer) LastSyncResourceVersion() string {
	s.mu.Lock()
	r := s.reflector
	s.mu.Unlock()
	if r == nil {
		return ""
	}
	return r.LastSyncResourceVersion()
}

// LastSyncError returns the error of the last failed LIST or WATCH since
// the cache last synced with the server, or nil.
func (s *sharedIndexInformer) LastSyncError() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastErr
}

func (s *sharedIndexInformer) SetWatchErrorHandler(handler WatchErrorHandler) error {
	return s.SetWatchErrorHandlerWithContext(func(_ context.Context, r *Reflector, err error) { handler(r, err) })
}

func (s *sharedIndexInformer) SetWatchErrorHandlerWithContext(handler WatchErrorHandlerWithContext) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return errors.New("informer has already started")
	}
	s.watchErrorHandler = handler
	return nil
}

func (s *sharedIndexInformer) SetTransform(handler TransformFunc) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return errors.New("informer has already started")
	}
	s.transform = handler
	return nil
}

func (s *sharedIndexInformer) IsStopped() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopped
}

func (s *sharedIndexInformer) Run(stopCh <-chan struct{}) {
	s.RunWithContext(wait.ContextForChannel(stopCh))
}

// RunWithContext fills and maintains the cache until ctx is done, then
// stops every handler and returns once they have returned. A second call
// returns at once.
func (s *sharedIndexInformer) RunWithContext(ctx context.Context) {
	s.mu.Lock()
	if s.started {
		s.mu.Unlock()
		s.logger.WarnContext(ctx, "the informer has already been started; Run more than once is not allowed", "type", s.description)
		return
	}
	s.started = true
	r := &Reflector{
		name:                 s.description,
		description:          s.description,
		lw:                   s.lw,
		expectedType:         reflect.TypeOf(s.objectType),
		sink:                 s,
		clock:                s.clock,
		logger:               s.logger,
		errorHandler:         s.watchErrorHandler,
		initialEventsTimeout: s.options.InitialEventsTimeout,
	}
	if lw, ok := s.lw.(*ListWatch); ok {
		r.disableChunking = lw.DisableChunking
	} else if lw, ok := s.lw.(*listWatchWithSemantics); ok {
		r.disableChunking = lw.DisableChunking
	}
	r.useWatchList.Store(s.useWatchList)
	r.setDefaults()
	if s.reflectorHook != nil {
		s.reflectorHook(r)
	}
	s.reflector = r
	for _, l := range s.listeners {
		s.startListener(l)
	}
	checkPeriod := s.resyncCheckPeriod
	s.mu.Unlock()

	var wg sync.WaitGroup
	if checkPeriod > 0 {
		wg.Add(1) // not wg.Go: the runtime builds with Go 1.24
		go func() {
			defer wg.Done()
			s.resyncLoop(ctx, checkPeriod)
		}()
	}
	r.run(ctx)
	wg.Wait()

	s.mu.Lock()
	s.stopped = true
	for _, l := range s.listeners {
		l.stop.close()
	}
	s.mu.Unlock()
	s.listenersWG.Wait()
}

// resyncLoop gives the handlers with a resync period an OnUpdate(obj, obj)
// for every cached object when their period is due.
func (s *sharedIndexInformer) resyncLoop(ctx context.Context, checkPeriod time.Duration) {
	for sleep(ctx, s.clock, checkPeriod) {
		s.mu.Lock()
		now := s.clock.Now()
		var due []*listener
		for _, l := range s.listeners {
			if l.resyncPeriod > 0 && !now.Before(l.nextResync) {
				due = append(due, l)
				l.nextResync = now.Add(l.resyncPeriod)
			}
		}
		if len(due) > 0 {
			for _, obj := range s.indexer.List() {
				for _, l := range due {
					l.add(notification{kind: notifyUpdate, oldObj: obj, newObj: obj})
				}
			}
		}
		s.mu.Unlock()
	}
}

// distribute queues n for every handler, or only for handlers with a
// resync period when n is a sync (an unchanged object on a relist). The
// caller holds mu.
func (s *sharedIndexInformer) distribute(n notification, syncOnly bool) {
	for _, l := range s.listeners {
		if syncOnly && l.resyncPeriod == 0 {
			continue
		}
		l.add(n)
	}
}

// prepare runs the transform (once per object from the server) and
// computes the key. Errors drop the object, as client-go's queue does.
func (s *sharedIndexInformer) prepare(obj runtime.Object) (string, interface{}, bool) {
	var out interface{} = obj
	if s.transform != nil {
		var err error
		if out, err = s.transform(obj); err != nil {
			s.logger.Warn("transform failed; object not cached", "type", s.description, "err", err)
			return "", nil, false
		}
	}
	key, err := DeletionHandlingMetaNamespaceKeyFunc(out)
	if err != nil {
		s.logger.Warn("object without a key; not cached", "type", s.description, "err", err)
		return "", nil, false
	}
	s.sharer.share(out)
	return key, out, true
}

// applyEvent applies one watch event to the cache and queues its
// notification.
func (s *sharedIndexInformer) applyEvent(t watch.EventType, obj runtime.Object) {
	key, out, ok := s.prepare(obj)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch t {
	case watch.Added, watch.Modified:
		if old, existed := s.indexer.put(key, out); existed {
			s.distribute(notification{kind: notifyUpdate, oldObj: old, newObj: out}, false)
		} else {
			s.distribute(notification{kind: notifyAdd, newObj: out, initial: !s.isSynced}, false)
		}
	case watch.Deleted:
		// The event carries the final state; a delete of an object the
		// cache never had is not news to anyone.
		if _, existed := s.indexer.remove(key); existed {
			s.distribute(notification{kind: notifyDelete, oldObj: out}, false)
		}
	}
	s.indexer.observe(out)
}

func (s *sharedIndexInformer) bookmark(rv string) { s.indexer.Bookmark(rv) }

func (s *sharedIndexInformer) failed(err error) {
	s.mu.Lock()
	s.lastErr = err
	s.mu.Unlock()
}

// beginReplace starts a full sync. Objects are applied one at a time as
// they come, so a relist never holds a second copy of the cache: an object
// whose resourceVersion is unchanged keeps the cached pointer (the new
// copy is dropped at once), a changed one replaces it.
func (s *sharedIndexInformer) beginReplace(sizeHint int) replacer {
	s.indexer.reserve(sizeHint)
	return &replaceSession{s: s, seen: make(map[string]struct{}, max(sizeHint, s.indexer.len()))}
}

type replaceSession struct {
	s    *sharedIndexInformer
	seen map[string]struct{}
}

func (r *replaceSession) item(obj runtime.Object, detach func() runtime.Object) {
	s := r.s
	key, out, ok := s.prepare(obj)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r.seen[key] = struct{}{}
	if rv, existed := s.indexer.resourceVersionOf(key); existed && rv != "" && rv == resourceVersionOf(out) {
		// client-go calls this a sync: only handlers with a resync
		// period hear of it (and a compact store decodes only for them).
		if s.hasResyncListener() {
			old, _ := s.indexer.get(key)
			s.distribute(notification{kind: notifyUpdate, oldObj: old, newObj: old}, true)
		}
		return
	}
	old, existed := s.indexer.get(key)
	if detach != nil && out == interface{}(obj) {
		out = detach()
	}
	s.indexer.put(key, out)
	if existed {
		s.distribute(notification{kind: notifyUpdate, oldObj: old, newObj: out}, false)
	} else {
		s.distribute(notification{kind: notifyAdd, newObj: out, initial: !s.isSynced}, false)
	}
}

// end deletes what the sync did not see (with a tombstone, since the final
// state is unknown) and marks the informer synced.
func (r *replaceSession) end(rv string) {
	s := r.s
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, key := range s.indexer.ListKeys() {
		if _, ok := r.seen[key]; ok {
			continue
		}
		if old, existed := s.indexer.remove(key); existed {
			s.distribute(notification{kind: notifyDelete, oldObj: DeletedFinalStateUnknown{Key: key, Obj: old}}, false)
		}
	}
	r.seen = nil
	s.indexer.Bookmark(rv)
	s.lastErr = nil
	if !s.isSynced {
		s.isSynced = true
		s.distribute(notification{kind: notifySynced}, false)
		s.synced.close()
	}
}

// resourceVersionOf returns obj's resourceVersion, "" if it has none.
func resourceVersionOf(obj interface{}) string {
	if rv, ok := itemResourceVersion(obj); ok {
		return rv
	}
	if m, err := meta.Accessor(obj); err == nil {
		return m.GetResourceVersion()
	}
	return ""
}

// hasResyncListener reports whether a handler hears of syncs. The caller
// holds mu.
func (s *sharedIndexInformer) hasResyncListener() bool {
	for _, l := range s.listeners {
		if l.resyncPeriod != 0 {
			return true
		}
	}
	return false
}

// informerController is what GetController returns: a view of the
// informer, as client-go's dummyController.
type informerController struct{ s *sharedIndexInformer }

func (c informerController) Run(<-chan struct{})             {}
func (c informerController) RunWithContext(context.Context)  {}
func (c informerController) HasSynced() bool                 { return c.s.HasSynced() }
func (c informerController) HasSyncedChecker() DoneChecker   { return c.s.HasSyncedChecker() }
func (c informerController) LastSyncResourceVersion() string { return c.s.LastSyncResourceVersion() }
