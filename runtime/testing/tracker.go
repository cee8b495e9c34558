package testing

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/managedfields"
	utilrand "k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apimachinery/pkg/watch"
)

// ObjectTracker stores objects by resource, namespace and name. It has the
// methods of client-go's ObjectTracker, so test code that seeds or inspects
// a tracker ports over. Its methods are storage operations: Update and Patch
// replace the whole object. The API's rules on top of them (the status
// subresource, patch formats, delete-collection) are ObjectReaction's.
type ObjectTracker interface {
	// Add stores obj (each item, if obj is a list) under the resource its
	// kind maps to. It keeps the object's resourceVersion, uid and
	// creationTimestamp if set and assigns a resourceVersion otherwise.
	Add(obj runtime.Object) error
	// Get returns a copy of the stored object, or NotFound.
	Get(gvr schema.GroupVersionResource, ns, name string, opts ...metav1.GetOptions) (runtime.Object, error)
	// Create stores a new object as the server does: generateName, uid,
	// creationTimestamp and resourceVersion are set; an existing name is
	// AlreadyExists.
	Create(gvr schema.GroupVersionResource, obj runtime.Object, ns string, opts ...metav1.CreateOptions) error
	// Update replaces an existing object. A resourceVersion or uid that
	// differs from the stored one is a Conflict; an update that changes
	// nothing is not a write.
	Update(gvr schema.GroupVersionResource, obj runtime.Object, ns string, opts ...metav1.UpdateOptions) error
	// Patch stores an already patched object; it is Update.
	Patch(gvr schema.GroupVersionResource, patchedObject runtime.Object, ns string, opts ...metav1.PatchOptions) error
	// Apply applies an apply configuration (see ObjectReaction for what
	// apply does here).
	Apply(gvr schema.GroupVersionResource, applyConfiguration runtime.Object, ns string, opts ...metav1.PatchOptions) error
	// List returns the objects of gvr in ns ("" for all) that match the
	// selectors of opts, as a list of kind gvk.Kind+"List" (or the
	// resource's registered list kind), or an UnstructuredList when the
	// scheme does not know that kind.
	List(gvr schema.GroupVersionResource, gvk schema.GroupVersionKind, ns string, opts ...metav1.ListOptions) (runtime.Object, error)
	// Delete removes an object, or marks it deleted while it has finalizers.
	Delete(gvr schema.GroupVersionResource, ns, name string, opts ...metav1.DeleteOptions) error
	// Watch streams the changes of gvr in ns that match opts' selectors.
	Watch(gvr schema.GroupVersionResource, ns string, opts ...metav1.ListOptions) (watch.Interface, error)
}

// ObjectScheme creates and types objects; a *runtime.Scheme is one.
type ObjectScheme interface {
	runtime.ObjectCreater
	runtime.ObjectTyper
}

// Resource describes one resource the tracker serves. A generated fake
// clientset registers all of its resources; a tracker also serves resources
// it was not told about (a fake dynamic client's), taking their kind from
// the objects and treating them as namespaced with a status subresource.
type Resource struct {
	GVR        schema.GroupVersionResource
	Kind       string // e.g. "Widget"
	ListKind   string // default Kind+"List"
	Namespaced bool
	// Subresources the resource has, e.g. "status". With "status", Update
	// and Patch of the resource leave the status alone and UpdateStatus
	// changes only the status; without it, UpdateStatus is NotFound.
	Subresources []string
	// Verbs are what discovery lists, e.g. "get", "list", "watch".
	Verbs []string
}

// HasSubresource reports whether r has subresource sub.
func (r Resource) HasSubresource(sub string) bool { return slices.Contains(r.Subresources, sub) }

func (r Resource) listKind() string {
	if r.ListKind != "" {
		return r.ListKind
	}
	return r.Kind + "List"
}

// maxHistory bounds the changes kept for watches that start at an old
// resourceVersion; older ones get 410 Expired, as on a server after
// compaction.
const maxHistory = 10000

// Tracker is the ObjectTracker of fake clientsets: an in-memory store with
// the server's behaviour on what unit tests rely on. One resourceVersion
// counter, as the server's etcd revision, orders every write of every
// resource; watches see writes in that order and can start at any
// resourceVersion a List returned.
type Tracker struct {
	scheme  ObjectScheme
	decoder runtime.Decoder
	// deduced types objects for field management when typeConverter is
	// nil or does not know their kind (see apply.go).
	deduced       managedfields.TypeConverter
	typeConverter managedfields.TypeConverter

	mu           sync.RWMutex
	resources    map[schema.GroupVersionResource]Resource
	byKind       map[schema.GroupVersionKind]schema.GroupVersionResource
	objects      map[schema.GroupVersionResource]map[types.NamespacedName]runtime.Object
	rv           int64 // the last resourceVersion assigned
	history      []change
	historyStart int64 // the resourceVersion before the oldest change kept
	watchers     map[*watcher]struct{}
}

var _ ObjectTracker = (*Tracker)(nil)

// NewObjectTracker returns an empty tracker. scheme types the objects it is
// given (a *runtime.Scheme with the clientset's types); decoder decodes the
// raw items of lists passed to Add; resources are the resources it serves
// with their scope, kinds and subresources.
func NewObjectTracker(scheme ObjectScheme, decoder runtime.Decoder, resources ...Resource) *Tracker {
	t := &Tracker{
		scheme:    scheme,
		decoder:   decoder,
		resources: map[schema.GroupVersionResource]Resource{},
		byKind:    map[schema.GroupVersionKind]schema.GroupVersionResource{},
		objects:   map[schema.GroupVersionResource]map[types.NamespacedName]runtime.Object{},
		watchers:  map[*watcher]struct{}{},
		deduced:   managedfields.NewDeducedTypeConverter(),
	}
	t.AddResources(resources...)
	return t
}

// AddResources registers more resources (a fake dynamic client's, say).
func (t *Tracker) AddResources(resources ...Resource) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, r := range resources {
		t.resources[r.GVR] = r
		if r.Kind != "" {
			t.byKind[r.GVR.GroupVersion().WithKind(r.Kind)] = r.GVR
		}
	}
}

// Resources returns the registered resources, sorted by group, version and
// resource.
func (t *Tracker) Resources() []Resource {
	t.mu.RLock()
	defer t.mu.RUnlock()
	out := make([]Resource, 0, len(t.resources))
	for _, r := range t.resources {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].GVR, out[j].GVR
		if a.Group != b.Group {
			return a.Group < b.Group
		}
		if a.Version != b.Version {
			return a.Version < b.Version
		}
		return a.Resource < b.Resource
	})
	return out
}

// Resource returns what the tracker knows of gvr.
func (t *Tracker) Resource(gvr schema.GroupVersionResource) (Resource, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	r, ok := t.resources[gvr]
	return r, ok
}

// Add stores obj (or the items of a list) without the API's checks, for
// seeding: resourceVersion, uid and timestamps are kept as given, and a
// resourceVersion is assigned only if the object has none.
func (t *Tracker) Add(obj runtime.Object) error {
	if meta.IsListType(obj) {
		items, err := meta.ExtractList(obj)
		if err != nil {
			return err
		}
		if errs := runtime.DecodeList(items, t.decoder); len(errs) > 0 {
			return errs[0]
		}
		for _, item := range items {
			if err := t.Add(item); err != nil {
				return err
			}
		}
		return nil
	}
	m, err := meta.Accessor(obj)
	if err != nil {
		return fmt.Errorf("fake: adding %T: %w", obj, err)
	}
	gvks, _, err := t.scheme.ObjectKinds(obj)
	if err != nil {
		return fmt.Errorf("fake: adding %T %q: %w (is its group-version in the fake's scheme, or is it Unstructured with apiVersion and kind set?)", obj, m.GetName(), err)
	}
	for _, gvk := range gvks {
		gvr := t.resourceForKind(gvk)
		obj := obj.DeepCopyObject()
		m, _ := meta.Accessor(obj)
		if err := t.add(gvr, obj, m); err != nil {
			return err
		}
	}
	return nil
}

func (t *Tracker) resourceForKind(gvk schema.GroupVersionKind) schema.GroupVersionResource {
	t.mu.RLock()
	gvr, ok := t.byKind[gvk]
	t.mu.RUnlock()
	if ok {
		return gvr
	}
	// The heuristic client-go uses too; register the resource for plurals
	// it gets wrong.
	gvr, _ = meta.UnsafeGuessKindToResource(gvk)
	if gvr.Version == runtime.APIVersionInternal {
		gvr.Version = ""
	}
	return gvr
}

func (t *Tracker) add(gvr schema.GroupVersionResource, obj runtime.Object, m metav1.Object) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if r, ok := t.resources[gvr]; ok && !r.Namespaced {
		m.SetNamespace("")
	}
	if m.GetName() == "" && m.GetGenerateName() != "" {
		m.SetName(generateName(m.GetGenerateName()))
	}
	key := types.NamespacedName{Namespace: m.GetNamespace(), Name: m.GetName()}
	if _, exists := t.objects[gvr][key]; exists {
		return apierrors.NewAlreadyExists(gvr.GroupResource(), m.GetName())
	}
	rv := m.GetResourceVersion()
	if rv == "" {
		t.rv++
		m.SetResourceVersion(formatRV(t.rv))
	} else if n, err := strconv.ParseInt(rv, 10, 64); err == nil && n > t.rv {
		t.rv = n
	}
	t.store(gvr, key, watch.Added, obj, nil)
	return nil
}

// Get returns a copy of the stored object, or NotFound.
func (t *Tracker) Get(gvr schema.GroupVersionResource, ns, name string, _ ...metav1.GetOptions) (runtime.Object, error) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	obj, ok := t.objects[gvr][t.key(gvr, ns, name)]
	if !ok {
		return nil, apierrors.NewNotFound(gvr.GroupResource(), name)
	}
	return obj.DeepCopyObject(), nil
}

// key is where an object of gvr lives: cluster-scoped resources ignore ns.
func (t *Tracker) key(gvr schema.GroupVersionResource, ns, name string) types.NamespacedName {
	if r, ok := t.resources[gvr]; ok && !r.Namespaced {
		ns = ""
	}
	return types.NamespacedName{Namespace: ns, Name: name}
}

// Create stores a new object the way the server's create does; with a
// field manager in opts, managedFields record its fields.
func (t *Tracker) Create(gvr schema.GroupVersionResource, obj runtime.Object, ns string, opts ...metav1.CreateOptions) error {
	var w write
	if len(opts) > 0 {
		w.manager = opts[0].FieldManager
	}
	_, err := t.create(gvr, obj, ns, w)
	return err
}

// write is what a write records in managedFields: the field manager
// (none: nothing is recorded) and the subresource written.
type write struct {
	manager     string
	subresource string
}

func (t *Tracker) create(gvr schema.GroupVersionResource, obj runtime.Object, ns string, w write) (runtime.Object, error) {
	obj = obj.DeepCopyObject()
	m, err := meta.Accessor(obj)
	if err != nil {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("fake: %T has no object metadata: %v", obj, err))
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.setNamespace(gvr, m, ns); err != nil {
		return nil, err
	}
	if m.GetName() == "" {
		if m.GetGenerateName() == "" {
			return nil, apierrors.NewInvalid(t.groupKind(gvr, obj), "", field.ErrorList{
				field.Required(field.NewPath("metadata", "name"), "name or generateName is required"),
			})
		}
		m.SetName(generateName(m.GetGenerateName()))
	}
	if m.GetResourceVersion() != "" {
		// The server's answer, word for word (a 500 without a reason),
		// from storage, after validation.
		return nil, &apierrors.StatusError{ErrStatus: metav1.Status{
			Status: metav1.StatusFailure, Code: http.StatusInternalServerError,
			Message: "resourceVersion should not be set on objects to be created",
		}}
	}
	key := types.NamespacedName{Namespace: m.GetNamespace(), Name: m.GetName()}
	if _, exists := t.objects[gvr][key]; exists {
		return nil, apierrors.NewAlreadyExists(gvr.GroupResource(), m.GetName())
	}
	if err := t.trackUpdate(gvr, nil, obj, m, w); err != nil {
		return nil, err
	}
	m.SetUID(newUID())
	m.SetCreationTimestamp(now())
	m.SetDeletionTimestamp(nil)
	m.SetDeletionGracePeriodSeconds(nil)
	m.SetSelfLink("")
	t.rv++
	m.SetResourceVersion(formatRV(t.rv))
	t.store(gvr, key, watch.Added, obj, nil)
	return obj.DeepCopyObject(), nil
}

// setNamespace applies the server's namespace rules: a cluster-scoped
// object loses any namespace; a namespaced one takes the request's, and a
// different one on the object is a BadRequest.
func (t *Tracker) setNamespace(gvr schema.GroupVersionResource, m metav1.Object, ns string) error {
	if r, ok := t.resources[gvr]; ok && !r.Namespaced {
		m.SetNamespace("")
		return nil
	}
	switch m.GetNamespace() {
	case ns:
	case "":
		m.SetNamespace(ns)
	default:
		return apierrors.NewBadRequest("the namespace of the provided object does not match the namespace sent on the request")
	}
	return nil
}

func (t *Tracker) groupKind(gvr schema.GroupVersionResource, obj runtime.Object) schema.GroupKind {
	if r, ok := t.resources[gvr]; ok && r.Kind != "" {
		return schema.GroupKind{Group: gvr.Group, Kind: r.Kind}
	}
	if gvks, _, err := t.scheme.ObjectKinds(obj); err == nil && len(gvks) > 0 {
		return gvks[0].GroupKind()
	}
	return schema.GroupKind{Group: gvr.Group, Kind: gvr.Resource}
}

// Update replaces an existing object, with the server's checks on
// resourceVersion and uid; the stored uid, creationTimestamp and
// deletionTimestamp are kept. An update that empties the finalizers of an
// object being deleted deletes it. With a field manager in opts,
// managedFields record the fields it changed as its own; without one, the
// stored managedFields are kept unless obj sets them.
func (t *Tracker) Update(gvr schema.GroupVersionResource, obj runtime.Object, ns string, opts ...metav1.UpdateOptions) error {
	var w write
	if len(opts) > 0 {
		w.manager = opts[0].FieldManager
	}
	_, err := t.update(gvr, obj, ns, w)
	return err
}

// Patch stores patchedObject as Update does.
func (t *Tracker) Patch(gvr schema.GroupVersionResource, patchedObject runtime.Object, ns string, opts ...metav1.PatchOptions) error {
	var w write
	if len(opts) > 0 {
		w.manager = opts[0].FieldManager
	}
	_, err := t.update(gvr, patchedObject, ns, w)
	return err
}

func (t *Tracker) update(gvr schema.GroupVersionResource, obj runtime.Object, ns string, w write) (runtime.Object, error) {
	obj = obj.DeepCopyObject()
	m, err := meta.Accessor(obj)
	if err != nil {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("fake: %T has no object metadata: %v", obj, err))
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.setNamespace(gvr, m, ns); err != nil {
		return nil, err
	}
	key := types.NamespacedName{Namespace: m.GetNamespace(), Name: m.GetName()}
	old, ok := t.objects[gvr][key]
	if !ok {
		return nil, apierrors.NewNotFound(gvr.GroupResource(), m.GetName())
	}
	om, err := meta.Accessor(old)
	if err != nil {
		return nil, err
	}
	if uid := m.GetUID(); uid != "" && uid != om.GetUID() {
		return nil, apierrors.NewConflict(gvr.GroupResource(), m.GetName(),
			fmt.Errorf("Precondition failed: UID in precondition: %s, UID in object meta: %s", uid, om.GetUID()))
	}
	if rv := m.GetResourceVersion(); rv != "" && rv != om.GetResourceVersion() {
		return nil, conflict(gvr, m.GetName())
	}
	m.SetUID(om.GetUID())
	if ct := om.GetCreationTimestamp(); !ct.IsZero() {
		m.SetCreationTimestamp(ct)
	}
	if dt := om.GetDeletionTimestamp(); dt != nil {
		m.SetDeletionTimestamp(dt)
		if m.GetDeletionGracePeriodSeconds() == nil {
			m.SetDeletionGracePeriodSeconds(om.GetDeletionGracePeriodSeconds())
		}
	}
	m.SetResourceVersion(om.GetResourceVersion())
	if err := t.trackUpdate(gvr, old, obj, m, w); err != nil {
		return nil, err
	}
	if sameContent(obj, old) {
		return old.DeepCopyObject(), nil
	}
	if m.GetDeletionTimestamp() != nil && len(m.GetFinalizers()) == 0 {
		// The last finalizer is gone: the server deletes the object,
		// answers the update with the object as sent, and its watches see
		// the last stored state (finalizers and all) at a new
		// resourceVersion.
		t.rv++
		last := old.DeepCopyObject()
		lm, _ := meta.Accessor(last)
		lm.SetResourceVersion(formatRV(t.rv))
		t.store(gvr, key, watch.Deleted, last, old)
		return obj, nil
	}
	t.rv++
	m.SetResourceVersion(formatRV(t.rv))
	t.store(gvr, key, watch.Modified, obj, old)
	return obj.DeepCopyObject(), nil
}

func conflict(gvr schema.GroupVersionResource, name string) error {
	return apierrors.NewConflict(gvr.GroupResource(), name,
		errors.New("the object has been modified; please apply your changes to the latest version and try again"))
}

// Delete removes the object, after checking opts.Preconditions. An object
// with finalizers is not removed: it gets a deletionTimestamp, and goes when
// an update empties its finalizers.
func (t *Tracker) Delete(gvr schema.GroupVersionResource, ns, name string, opts ...metav1.DeleteOptions) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	key := t.key(gvr, ns, name)
	old, ok := t.objects[gvr][key]
	if !ok {
		return apierrors.NewNotFound(gvr.GroupResource(), name)
	}
	om, err := meta.Accessor(old)
	if err != nil {
		return err
	}
	// The server names the kind here, not the resource.
	kind := schema.GroupResource{Group: gvr.Group, Resource: t.groupKind(gvr, old).Kind}
	for _, o := range opts {
		p := o.Preconditions
		if p == nil {
			continue
		}
		if p.UID != nil && *p.UID != om.GetUID() {
			return apierrors.NewConflict(kind, name, fmt.Errorf(
				"the UID in the precondition (%s) does not match the UID in record (%s). The object might have been deleted and then recreated", *p.UID, om.GetUID()))
		}
		if p.ResourceVersion != nil && *p.ResourceVersion != om.GetResourceVersion() {
			return apierrors.NewConflict(kind, name, fmt.Errorf(
				"the ResourceVersion in the precondition (%s) does not match the ResourceVersion in record (%s). The object might have been modified", *p.ResourceVersion, om.GetResourceVersion()))
		}
	}
	if len(om.GetFinalizers()) > 0 && om.GetDeletionTimestamp() != nil {
		return nil // already being deleted: nothing changes
	}
	obj := old.DeepCopyObject()
	m, _ := meta.Accessor(obj)
	t.rv++
	m.SetResourceVersion(formatRV(t.rv))
	if len(om.GetFinalizers()) > 0 {
		ts := now()
		var zero int64
		m.SetDeletionTimestamp(&ts)
		m.SetDeletionGracePeriodSeconds(&zero)
		t.store(gvr, key, watch.Modified, obj, old)
		return nil
	}
	t.store(gvr, key, watch.Deleted, obj, old)
	return nil
}

// store applies one write (its resourceVersion already set on obj) and
// tells the watches. The stored object is never changed afterwards, so the
// history may share it. Callers hold t.mu.
func (t *Tracker) store(gvr schema.GroupVersionResource, key types.NamespacedName, kind watch.EventType, obj, old runtime.Object) {
	if kind == watch.Deleted {
		delete(t.objects[gvr], key)
	} else {
		if t.objects[gvr] == nil {
			t.objects[gvr] = map[types.NamespacedName]runtime.Object{}
		}
		t.objects[gvr][key] = obj
	}
	c := change{rv: t.rv, gvr: gvr, kind: kind, obj: obj, old: old}
	t.history = append(t.history, c)
	if len(t.history) > maxHistory {
		drop := len(t.history) - maxHistory/2
		t.historyStart = t.history[drop-1].rv
		t.history = slices.Clone(t.history[drop:])
	}
	for w := range t.watchers {
		if w.gvr != gvr {
			continue
		}
		if e, ok := eventFor(w.filter, c); ok {
			w.push(e)
		}
	}
}

// List returns the matching objects sorted by namespace and name (the
// server's order), with the list's resourceVersion, and pages them when
// opts.Limit is set.
func (t *Tracker) List(gvr schema.GroupVersionResource, gvk schema.GroupVersionKind, ns string, opts ...metav1.ListOptions) (runtime.Object, error) {
	var o metav1.ListOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	f, err := newFilter(ns, o)
	if err != nil {
		return nil, err
	}
	var start continueToken
	if o.Continue != "" {
		if start, err = decodeContinue(o.Continue); err != nil {
			return nil, err
		}
	}

	t.mu.RLock()
	defer t.mu.RUnlock()
	if r, ok := t.resources[gvr]; ok {
		if !r.Namespaced {
			f.namespace = ""
		}
		if gvk.Kind == "" && r.Kind != "" {
			gvk = gvr.GroupVersion().WithKind(r.Kind)
		}
	}
	keys := make([]types.NamespacedName, 0, len(t.objects[gvr]))
	for k := range t.objects[gvr] {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keyString(keys[i]) < keyString(keys[j]) })

	var items []runtime.Object
	var last, next string
	remaining := int64(0)
	for _, k := range keys {
		if start.StartAfter != "" && keyString(k) <= start.StartAfter {
			continue
		}
		obj := t.objects[gvr][k]
		if !f.matches(obj) {
			continue
		}
		if o.Limit > 0 && int64(len(items)) == o.Limit {
			next = last
			remaining++
			continue
		}
		items = append(items, obj)
		last = keyString(k)
	}
	// Objects whose kind the scheme does not know fall back to an
	// unstructured list; it is also what a fake dynamic client wants.
	if gvk.Kind == "" && len(items) > 0 {
		if gvks, _, err := t.scheme.ObjectKinds(items[0]); err == nil && len(gvks) > 0 {
			gvk = gvks[0]
		}
	}
	listGVK := gvk.GroupVersion().WithKind(gvk.Kind + "List")
	if r, ok := t.resources[gvr]; ok && r.Kind != "" {
		listGVK = gvr.GroupVersion().WithKind(r.listKind())
	}
	list, err := t.newList(listGVK)
	if err != nil {
		return nil, err
	}
	itemLike, err := t.newItem(list, gvk)
	if err != nil {
		return nil, err
	}
	converted := make([]runtime.Object, 0, len(items))
	for _, obj := range items {
		c, err := convertTo(obj.DeepCopyObject(), itemLike, t.kindOf(obj, gvk))
		if err != nil {
			return nil, fmt.Errorf("fake: listing %s: %w", gvr, err)
		}
		converted = append(converted, c)
	}
	if err := meta.SetList(list, converted); err != nil {
		return nil, fmt.Errorf("fake: listing %s into %T: %w", gvr, list, err)
	}
	lm, err := meta.ListAccessor(list)
	if err != nil {
		return nil, err
	}
	rv := t.rv
	if start.ResourceVersion != 0 {
		rv = start.ResourceVersion
	}
	lm.SetResourceVersion(formatRV(rv))
	if next != "" {
		lm.SetContinue(continueToken{ResourceVersion: rv, StartAfter: next}.encode())
		if f.selectsAll() {
			lm.SetRemainingItemCount(&remaining)
		}
	}
	return list, nil
}

func keyString(k types.NamespacedName) string { return k.Namespace + "/" + k.Name }

// newList makes the list object: the scheme's type if it knows the kind,
// else an UnstructuredList.
func (t *Tracker) newList(listGVK schema.GroupVersionKind) (runtime.Object, error) {
	if listGVK.Kind != "List" {
		if list, err := t.scheme.New(listGVK); err == nil && meta.IsListType(list) {
			return list, nil
		}
	}
	u := &unstructured.UnstructuredList{Object: map[string]any{}}
	if listGVK.Kind != "List" {
		u.SetGroupVersionKind(listGVK)
	}
	return u, nil
}

// newItem returns an empty item of list's item type: Unstructured for an
// UnstructuredList, the scheme's type for gvk otherwise.
func (t *Tracker) newItem(list runtime.Object, gvk schema.GroupVersionKind) (runtime.Object, error) {
	if _, ok := list.(*unstructured.UnstructuredList); ok {
		return &unstructured.Unstructured{}, nil
	}
	item, err := t.scheme.New(gvk)
	if err != nil {
		return nil, fmt.Errorf("fake: the scheme knows list kind %T but not its item kind %s: %w", list, gvk, err)
	}
	return item, nil
}

func (t *Tracker) kindOf(obj runtime.Object, fallback schema.GroupVersionKind) schema.GroupVersionKind {
	if gvks, _, err := t.scheme.ObjectKinds(obj); err == nil && len(gvks) > 0 {
		return gvks[0]
	}
	return fallback
}

// Watch streams the changes of gvr in ns matching opts' selectors. With
// opts and an empty or "0" resourceVersion it starts with an ADDED event
// for every matching object, as the server does; with a resourceVersion
// from a List it replays every change after it; without opts (client-go's
// tracker interface) it only streams new changes. A watch ends when
// stopped, or after opts.TimeoutSeconds.
//
// Watch-list (opts.SendInitialEvents=true with resourceVersionMatch
// NotOlderThan, what client-go's and clientgen's informers send first) is
// served as a server with the WatchList feature serves it: an ADDED event
// for every matching object as it is now, then, when bookmarks are allowed,
// a BOOKMARK at the current resourceVersion annotated
// k8s.io/initial-events-end, then the changes after it. So an informer over
// the fake syncs at once instead of waiting for a bookmark that never comes
// (kubernetes#135895).
func (t *Tracker) Watch(gvr schema.GroupVersionResource, ns string, opts ...metav1.ListOptions) (watch.Interface, error) {
	var o metav1.ListOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	if err := validateWatchOptions(o); err != nil {
		return nil, err
	}
	f, err := newFilter(ns, o)
	if err != nil {
		return nil, err
	}
	watchList := o.SendInitialEvents != nil && *o.SendInitialEvents
	from := int64(-1) // only new changes
	if len(opts) > 0 && !watchList && o.ResourceVersion != "" && o.ResourceVersion != "0" {
		if from, err = strconv.ParseInt(o.ResourceVersion, 10, 64); err != nil {
			return nil, &apierrors.StatusError{ErrStatus: metav1.Status{
				Status: metav1.StatusFailure, Code: http.StatusInternalServerError,
				Message: fmt.Sprintf("resourceVersion: Invalid value: %q: %v", o.ResourceVersion, err),
			}}
		}
	}

	t.mu.Lock()
	defer t.mu.Unlock()
	if r, ok := t.resources[gvr]; ok && !r.Namespaced {
		f.namespace = ""
	}
	if from >= 0 && from < t.historyStart {
		status := apierrors.NewResourceExpired(fmt.Sprintf("too old resource version: %d (%d)", from, t.historyStart)).ErrStatus
		return newEndedWatch(watch.Event{Type: watch.Error, Object: &status}), nil
	}
	w := newWatcher(gvr, f, t.removeWatcher)
	switch {
	case watchList:
		t.pushInitial(w, gvr, f)
		if o.AllowWatchBookmarks {
			w.push(watch.Event{Type: watch.Bookmark, Object: t.initialEventsEnd(gvr)})
		}
	case len(opts) > 0 && from < 0 && o.SendInitialEvents == nil:
		t.pushInitial(w, gvr, f)
	case from >= 0:
		for _, c := range t.history {
			if c.rv <= from || c.gvr != gvr {
				continue
			}
			if e, ok := eventFor(f, c); ok {
				w.push(e)
			}
		}
	}
	t.watchers[w] = struct{}{}
	if o.TimeoutSeconds != nil && *o.TimeoutSeconds > 0 {
		w.mu.Lock()
		w.timer = time.AfterFunc(time.Duration(*o.TimeoutSeconds)*time.Second, w.Stop)
		w.mu.Unlock()
	}
	return w, nil
}

// pushInitial queues an ADDED event for every object of gvr matching f, in
// key order. The caller holds t.mu.
func (t *Tracker) pushInitial(w *watcher, gvr schema.GroupVersionResource, f filter) {
	var initial []runtime.Object
	for _, obj := range t.objects[gvr] {
		if f.matches(obj) {
			initial = append(initial, obj)
		}
	}
	sort.Slice(initial, func(i, j int) bool { return objectKey(initial[i]) < objectKey(initial[j]) })
	for _, obj := range initial {
		w.push(watch.Event{Type: watch.Added, Object: obj.DeepCopyObject()})
	}
}

// initialEventsEnd is the BOOKMARK object that ends the initial events of a
// watch-list: an empty object of gvr's kind with only the current
// resourceVersion and the annotation, as the server sends it. The caller
// holds t.mu.
func (t *Tracker) initialEventsEnd(gvr schema.GroupVersionResource) runtime.Object {
	var obj runtime.Object
	if r, ok := t.resources[gvr]; ok && r.Kind != "" {
		gvk := gvr.GroupVersion().WithKind(r.Kind)
		if o, err := t.scheme.New(gvk); err == nil {
			o.GetObjectKind().SetGroupVersionKind(gvk)
			obj = o
		} else {
			u := &unstructured.Unstructured{Object: map[string]any{}}
			u.SetGroupVersionKind(gvk)
			obj = u
		}
	} else {
		for _, o := range t.objects[gvr] {
			obj = o.DeepCopyObject()
			break
		}
		if obj == nil {
			obj = &unstructured.Unstructured{Object: map[string]any{}}
		}
		if m, err := meta.Accessor(obj); err == nil {
			m.SetName("")
			m.SetNamespace("")
		}
	}
	if m, err := meta.Accessor(obj); err == nil {
		m.SetResourceVersion(formatRV(t.rv))
		m.SetAnnotations(map[string]string{metav1.InitialEventsAnnotationKey: "true"})
	}
	return obj
}

// validateWatchOptions rejects what the server rejects of a watch's
// options (apimachinery's internalversion validation with the WatchList
// feature on), with the server's 422 Invalid.
func validateWatchOptions(o metav1.ListOptions) error {
	var errs field.ErrorList
	match := o.ResourceVersionMatch
	if o.SendInitialEvents != nil && match != metav1.ResourceVersionMatchNotOlderThan {
		errs = append(errs, field.Forbidden(field.NewPath("resourceVersionMatch"), fmt.Sprintf("sendInitialEvents requires setting resourceVersionMatch to %s", metav1.ResourceVersionMatchNotOlderThan)))
	}
	if match != "" {
		if o.SendInitialEvents == nil {
			errs = append(errs, field.Forbidden(field.NewPath("resourceVersionMatch"), "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"))
		}
		if match != metav1.ResourceVersionMatchNotOlderThan {
			errs = append(errs, field.NotSupported(field.NewPath("resourceVersionMatch"), match, []string{string(metav1.ResourceVersionMatchNotOlderThan)}))
		}
		if o.Continue != "" {
			errs = append(errs, field.Forbidden(field.NewPath("resourceVersionMatch"), "resourceVersionMatch is forbidden when continue is provided"))
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return apierrors.NewInvalid(schema.GroupKind{Group: "meta.k8s.io", Kind: "ListOptions"}, "", errs)
}

func objectKey(obj runtime.Object) string {
	m, err := meta.Accessor(obj)
	if err != nil {
		return ""
	}
	return m.GetNamespace() + "/" + m.GetName()
}

func (t *Tracker) removeWatcher(w *watcher) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.watchers, w)
}

// Apply applies applyConfiguration (an object with apiVersion and kind
// set, typically Unstructured) to the object it names with server-side
// apply's field ownership, creating the object if it does not exist (see
// apply.go). opts must name a field manager.
func (t *Tracker) Apply(gvr schema.GroupVersionResource, applyConfiguration runtime.Object, ns string, opts ...metav1.PatchOptions) error {
	m, err := meta.Accessor(applyConfiguration)
	if err != nil {
		return apierrors.NewBadRequest(fmt.Sprintf("fake: apply configuration %T has no metadata: %v", applyConfiguration, err))
	}
	data, err := marshal(applyConfiguration)
	if err != nil {
		return err
	}
	var o metav1.PatchOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	if err := requireFieldManager(o); err != nil {
		return err
	}
	_, err = t.apply(gvr, ns, m.GetName(), "", data, o)
	return err
}

func formatRV(rv int64) string { return strconv.FormatInt(rv, 10) }

// now is the server's clock at the precision objects carry on the wire.
func now() metav1.Time { return metav1.NewTime(time.Now().Truncate(time.Second)) }

// generateName appends five random characters to prefix, as the server's
// name generator does (prefix cut to keep the name within 63 characters).
func generateName(prefix string) string {
	const maxPrefix = 63 - 5
	if len(prefix) > maxPrefix {
		prefix = prefix[:maxPrefix]
	}
	return prefix + utilrand.String(5)
}
