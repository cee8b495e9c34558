// Package record is a minimal stand-in for client-go's tools/record: an
// EventRecorder that writes core/v1 Events through a clientgen-generated
// clientset and logs them, with client-go's names (NewBroadcaster,
// StartStructuredLogging, StartRecordingToSink, NewRecorder, EventSinkImpl)
// so that sample-controller's setup code ports with an import-path change.
//
// What it leaves out, deliberately: client-go's event correlation (the
// aggregation of similar events and the spam filter that rate-limits them
// per object) and its retries of a failed write. An event here is written
// once, or dropped and logged; a controller's correctness never depends on
// its events.
package record

import (
	"context"
	"fmt"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/klog/v2"

	typedcorev1 "github.com/clientgen/clientgen/examples/sample-controller/pkg/kube/kubernetes/typed/core/v1"
)

// queueLength bounds the events waiting for one watcher (a sink or the
// logger). Recording never blocks the controller: past this length an event
// is dropped, as client-go's broadcaster drops when its channel is full.
const queueLength = 1000

// EventRecorder records events about objects. Event and Eventf never block.
type EventRecorder interface {
	// Event records an event of type eventtype (corev1.EventTypeNormal or
	// corev1.EventTypeWarning) about object.
	Event(object runtime.Object, eventtype, reason, message string)
	// Eventf is Event with a fmt.Sprintf message.
	Eventf(object runtime.Object, eventtype, reason, messageFmt string, args ...any)
}

// EventSink receives events to store.
type EventSink interface {
	Create(ctx context.Context, event *corev1.Event) (*corev1.Event, error)
}

// EventSinkImpl writes events through a generated clientset:
// &record.EventSinkImpl{Interface: kubeclientset.CoreV1()}.
//
// client-go's EventSinkImpl takes CoreV1().Events("") and relies on the
// hand-written CreateWithEventNamespace expansion of client-go's typed
// client; a clientgen clientset has no such expansion, so this sink takes
// the group client and picks each event's namespace itself.
type EventSinkImpl struct {
	Interface typedcorev1.EventsGetter
}

// Create creates event in its own namespace.
func (e *EventSinkImpl) Create(ctx context.Context, event *corev1.Event) (*corev1.Event, error) {
	return e.Interface.Events(event.Namespace).Create(ctx, event, metav1.CreateOptions{})
}

// EventBroadcaster fans recorded events out to the watchers started on it.
type EventBroadcaster interface {
	// StartStructuredLogging logs every event at the given klog verbosity.
	StartStructuredLogging(verbosity klog.Level) func()
	// StartRecordingToSink writes every event to sink.
	StartRecordingToSink(sink EventSink) func()
	// NewRecorder returns a recorder whose events come from source and
	// whose involved objects' kinds are looked up in scheme.
	NewRecorder(scheme *runtime.Scheme, source corev1.EventSource) EventRecorder
	// Shutdown stops every watcher; events still queued are dropped.
	Shutdown()
}

// BroadcasterOption configures NewBroadcaster.
type BroadcasterOption func(*broadcaster)

// WithContext makes the broadcaster stop when ctx is done and log through
// ctx's logger; the sink's requests are made with ctx.
func WithContext(ctx context.Context) BroadcasterOption {
	return func(b *broadcaster) { b.ctx = ctx }
}

// NewBroadcaster returns a broadcaster with no watchers.
func NewBroadcaster(opts ...BroadcasterOption) EventBroadcaster {
	b := &broadcaster{ctx: context.Background()}
	for _, o := range opts {
		o(b)
	}
	b.ctx, b.cancel = context.WithCancel(b.ctx)
	return b
}

type broadcaster struct {
	ctx    context.Context
	cancel context.CancelFunc

	mu       sync.Mutex
	watchers []chan *corev1.Event
	wg       sync.WaitGroup
}

// start runs handle on every event in a goroutine of its own, so that a slow
// sink cannot delay the logger or the controller. It returns a function that
// stops this watcher.
func (b *broadcaster) start(handle func(*corev1.Event)) func() {
	ch := make(chan *corev1.Event, queueLength)
	stop := make(chan struct{})
	b.mu.Lock()
	b.watchers = append(b.watchers, ch)
	b.mu.Unlock()
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		for {
			select {
			case <-b.ctx.Done():
				return
			case <-stop:
				return
			case e := <-ch:
				handle(e)
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			b.mu.Lock()
			for i, w := range b.watchers {
				if w == ch {
					b.watchers = append(b.watchers[:i], b.watchers[i+1:]...)
					break
				}
			}
			b.mu.Unlock()
			close(stop)
		})
	}
}

func (b *broadcaster) StartStructuredLogging(verbosity klog.Level) func() {
	logger := klog.FromContext(b.ctx)
	return b.start(func(e *corev1.Event) {
		logger.V(int(verbosity)).Info("Event occurred", "object", klog.KRef(e.InvolvedObject.Namespace, e.InvolvedObject.Name),
			"fieldPath", e.InvolvedObject.FieldPath, "kind", e.InvolvedObject.Kind, "apiVersion", e.InvolvedObject.APIVersion,
			"type", e.Type, "reason", e.Reason, "message", e.Message)
	})
}

func (b *broadcaster) StartRecordingToSink(sink EventSink) func() {
	return b.start(func(e *corev1.Event) {
		if _, err := sink.Create(b.ctx, e); err != nil && b.ctx.Err() == nil {
			utilruntime.HandleErrorWithContext(b.ctx, err, "Could not write event; dropping it", "reason", e.Reason,
				"object", klog.KRef(e.InvolvedObject.Namespace, e.InvolvedObject.Name))
		}
	})
}

func (b *broadcaster) Shutdown() {
	b.cancel()
	b.wg.Wait()
}

// publish hands e to every watcher without blocking.
func (b *broadcaster) publish(e *corev1.Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, w := range b.watchers {
		select {
		case w <- e:
		default:
			klog.FromContext(b.ctx).Info("Dropping event: the queue is full", "reason", e.Reason,
				"object", klog.KRef(e.InvolvedObject.Namespace, e.InvolvedObject.Name))
		}
	}
}

func (b *broadcaster) NewRecorder(scheme *runtime.Scheme, source corev1.EventSource) EventRecorder {
	return &recorder{b: b, scheme: scheme, source: source, now: time.Now}
}

type recorder struct {
	b      *broadcaster
	scheme *runtime.Scheme
	source corev1.EventSource
	now    func() time.Time
}

func (r *recorder) Event(object runtime.Object, eventtype, reason, message string) {
	if eventtype != corev1.EventTypeNormal && eventtype != corev1.EventTypeWarning {
		utilruntime.HandleErrorWithContext(r.b.ctx, nil, "Unsupported event type", "eventType", eventtype)
		return
	}
	ref, err := reference(r.scheme, object)
	if err != nil {
		utilruntime.HandleErrorWithContext(r.b.ctx, err, "Could not construct reference, will not report event",
			"object", object, "eventType", eventtype, "reason", reason, "message", message)
		return
	}
	t := metav1.NewTime(r.now())
	namespace := ref.Namespace
	if namespace == "" {
		namespace = metav1.NamespaceDefault
	}
	r.b.publish(&corev1.Event{
		ObjectMeta: metav1.ObjectMeta{
			// client-go's naming: unique per object and nanosecond.
			Name:      fmt.Sprintf("%v.%x", ref.Name, t.UnixNano()),
			Namespace: namespace,
		},
		InvolvedObject:      *ref,
		Reason:              reason,
		Message:             message,
		FirstTimestamp:      t,
		LastTimestamp:       t,
		Count:               1,
		Type:                eventtype,
		Source:              r.source,
		ReportingController: r.source.Component,
		ReportingInstance:   r.source.Host,
	})
}

func (r *recorder) Eventf(object runtime.Object, eventtype, reason, messageFmt string, args ...any) {
	r.Event(object, eventtype, reason, fmt.Sprintf(messageFmt, args...))
}

// reference is the ObjectReference of obj. Objects from typed clients and
// informers carry no apiVersion and kind, so these come from scheme.
func reference(scheme *runtime.Scheme, obj runtime.Object) (*corev1.ObjectReference, error) {
	if obj == nil {
		return nil, fmt.Errorf("nil object")
	}
	if ref, ok := obj.(*corev1.ObjectReference); ok {
		return ref, nil
	}
	gvk := obj.GetObjectKind().GroupVersionKind()
	if gvk.Empty() {
		gvks, _, err := scheme.ObjectKinds(obj)
		if err != nil {
			return nil, err
		}
		gvk = gvks[0]
	}
	m, err := meta.Accessor(obj)
	if err != nil {
		return nil, err
	}
	apiVersion, kind := gvk.ToAPIVersionAndKind()
	return &corev1.ObjectReference{
		Kind:            kind,
		APIVersion:      apiVersion,
		Name:            m.GetName(),
		Namespace:       m.GetNamespace(),
		UID:             m.GetUID(),
		ResourceVersion: m.GetResourceVersion(),
	}, nil
}
