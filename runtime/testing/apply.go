package testing

import (
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/managedfields"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
	"sigs.k8s.io/yaml"
)

// Field management is the server's: the tracker runs apimachinery's field
// manager (k8s.io/apimachinery/pkg/util/managedfields, the one the API
// server runs) on every apply, and on every create, update and patch that
// names a field manager. Typed and unstructured objects go through it alike,
// as unstructured maps, so the typed fake clientset and the fake dynamic
// client share one apply.
//
// What the field manager needs to know of a kind is its structured-merge
// schema (which lists merge by key, which maps and structs are atomic). It
// comes from the tracker's type converter (SetTypeConverter; a generated
// fake clientset passes the one built from its apply configurations'
// schema); kinds the converter does not know, and every kind without one,
// get the deduced converter, which treats lists as atomic, as the server
// does for a CRD without a schema.

// SetTypeConverter sets the converter that types objects for server-side
// apply and managedFields; nil restores the default, a converter that
// deduces the schema from the objects (lists atomic). Kinds tc cannot type
// keep the deduced converter.
func (t *Tracker) SetTypeConverter(tc managedfields.TypeConverter) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.typeConverter = tc
}

// converterFor returns the type converter for gvk: the tracker's if it can
// type an object of gvk, else the deduced one. The caller holds t.mu (read
// or write).
func (t *Tracker) converterFor(gvk schema.GroupVersionKind) managedfields.TypeConverter {
	if t.typeConverter != nil {
		probe := &unstructured.Unstructured{Object: map[string]any{}}
		probe.SetGroupVersionKind(gvk)
		if _, err := t.typeConverter.ObjectToTyped(probe); err == nil {
			return t.typeConverter
		}
	}
	return t.deduced
}

// fieldManager returns the server's field manager for gvk's objects served
// at subresource of gvr. Where gvr has a status subresource, each of the
// main resource and "status" resets the other's fields, as the API server's
// custom resource strategies do: ownership of status is never recorded
// through the main resource, nor of metadata and spec through "status".
// The caller holds t.mu.
func (t *Tracker) fieldManager(gvr schema.GroupVersionResource, gvk schema.GroupVersionKind, subresource string) (*managedfields.FieldManager, error) {
	var reset map[fieldpath.APIVersion]fieldpath.Filter
	if t.hasStatusLocked(gvr) {
		paths := []fieldpath.Path{fieldpath.MakePathOrDie("status")}
		if subresource == "status" {
			paths = []fieldpath.Path{fieldpath.MakePathOrDie("metadata"), fieldpath.MakePathOrDie("spec")}
		}
		reset = map[fieldpath.APIVersion]fieldpath.Filter{
			fieldpath.APIVersion(gvk.GroupVersion().String()): fieldpath.NewExcludeSetFilter(fieldpath.NewSet(paths...)),
		}
	}
	return managedfields.NewDefaultFieldManager(t.converterFor(gvk), unstructuredConvertor{}, nopDefaulter{},
		unstructuredCreater{}, gvk, gvk.GroupVersion(), subresource, reset)
}

// hasStatusLocked reports whether gvr has a status subresource; resources
// the tracker was not told about have one (see Resource). The caller holds
// t.mu.
func (t *Tracker) hasStatusLocked(gvr schema.GroupVersionResource) bool {
	if r, ok := t.resources[gvr]; ok {
		return r.HasSubresource("status")
	}
	return true
}

// kindLocked is the kind of gvr's objects: the registered one, else what
// obj says or the scheme knows of it. The caller holds t.mu.
func (t *Tracker) kindLocked(gvr schema.GroupVersionResource, obj runtime.Object) schema.GroupVersionKind {
	if r, ok := t.resources[gvr]; ok && r.Kind != "" {
		return gvr.GroupVersion().WithKind(r.Kind)
	}
	if obj != nil {
		if gvk := obj.GetObjectKind().GroupVersionKind(); gvk.Kind != "" {
			return gvk
		}
		if gvks, _, err := t.scheme.ObjectKinds(obj); err == nil && len(gvks) > 0 {
			return gvks[0]
		}
	}
	return gvr.GroupVersion().WithKind("")
}

// trackUpdate records manager's fields of a create, update or patch (the
// server's operation "Update") on obj's managedFields: what obj changes
// from old (nil for a create) becomes manager's. Without a manager nothing
// is recorded (the server would name the client's user agent, which a fake
// does not have), and the stored managedFields are kept unless obj sets
// them. The caller holds t.mu.
func (t *Tracker) trackUpdate(gvr schema.GroupVersionResource, old, obj runtime.Object, m metav1.Object, w write) error {
	if w.manager == "" {
		if old != nil && m.GetManagedFields() == nil {
			if om, err := meta.Accessor(old); err == nil {
				m.SetManagedFields(om.GetManagedFields())
			}
		}
		return nil
	}
	gvk := t.kindLocked(gvr, obj)
	if gvk.Kind == "" {
		return nil // no kind, no schema: nothing to record against
	}
	newU, err := asUnstructured(obj, gvk)
	if err != nil {
		return apierrors.NewInternalError(err)
	}
	var liveU *unstructured.Unstructured
	if old != nil {
		if liveU, err = asUnstructured(old, gvk); err != nil {
			return apierrors.NewInternalError(err)
		}
	} else {
		liveU = &unstructured.Unstructured{Object: map[string]any{}}
		liveU.SetGroupVersionKind(gvk)
	}
	mgr, err := t.fieldManager(gvr, gvk, w.subresource)
	if err != nil {
		return apierrors.NewInternalError(err)
	}
	out, err := mgr.Update(liveU, newU, w.manager)
	if err != nil {
		return err
	}
	om, err := meta.Accessor(out)
	if err != nil {
		return apierrors.NewInternalError(err)
	}
	m.SetManagedFields(om.GetManagedFields())
	return nil
}

// apply serves an apply patch of the object gvr/ns/name (of its main
// resource, or of "status"), the server's way: the configuration is merged
// into the stored object by the field manager, which records the manager's
// fields in managedFields, removes fields the manager applied before and no
// longer does (unless another manager owns them too), and answers a change
// of a field another manager owns with a 409 Conflict naming the managers
// and fields, unless opts.Force moves their ownership to this manager. An
// object that does not exist is created.
func (t *Tracker) apply(gvr schema.GroupVersionResource, ns, name, subresource string, patch []byte, opts metav1.PatchOptions) (runtime.Object, error) {
	cfg, err := decodeApplyConfiguration(patch)
	if err != nil {
		return nil, err
	}
	if cfg.GetName() == "" {
		cfg.SetName(name)
	}
	if cfg.GetName() != name {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("the name of the object (%s) does not match the name on the URL (%s)", cfg.GetName(), name))
	}
	gvk := cfg.GroupVersionKind()
	force := opts.Force != nil && *opts.Force

	for attempt := 0; ; attempt++ {
		live, err := t.Get(gvr, ns, name)
		exists := err == nil
		switch {
		case exists:
		case apierrors.IsNotFound(err) && subresource == "":
		default:
			return nil, err
		}
		out, stale, err := t.applyOnce(gvr, ns, subresource, gvk, cfg.DeepCopy(), live, opts.FieldManager, force)
		if stale && attempt < maxRetries {
			continue // another write got in between: apply to the new state
		}
		return out, err
	}
}

// applyOnce applies cfg to live (nil: the object does not exist) and writes
// the result. stale reports that the write failed because another write got
// in between (a Conflict on the stored resourceVersion, or AlreadyExists),
// told apart from the field manager's Conflict, which is final.
func (t *Tracker) applyOnce(gvr schema.GroupVersionResource, ns, subresource string, gvk schema.GroupVersionKind, cfg *unstructured.Unstructured, live runtime.Object, manager string, force bool) (_ runtime.Object, stale bool, _ error) {
	var liveU *unstructured.Unstructured
	if live != nil {
		var err error
		if liveU, err = asUnstructured(live, gvk); err != nil {
			return nil, false, apierrors.NewInternalError(err)
		}
	} else {
		liveU = &unstructured.Unstructured{Object: map[string]any{}}
		liveU.SetGroupVersionKind(gvk)
	}
	t.mu.RLock()
	mgr, err := t.fieldManager(gvr, gvk, subresource)
	hasStatus := t.hasStatusLocked(gvr)
	t.mu.RUnlock()
	if err != nil {
		return nil, false, apierrors.NewInternalError(err)
	}
	applied, err := mgr.Apply(liveU, cfg, manager, force)
	if err != nil {
		return nil, false, err
	}
	next, ok := applied.(*unstructured.Unstructured)
	if !ok {
		return nil, false, apierrors.NewInternalError(fmt.Errorf("fake: the field manager returned %T", applied))
	}
	if hasStatus {
		// Each of the main resource and "status" changes only its part,
		// as on the server (which also drops the status of a created
		// object); managedFields follow the apply.
		switch {
		case subresource == "status":
			next = withStatusOf(liveU, next, next.GetManagedFields())
		case live != nil:
			next = withStatusOf(next, liveU, next.GetManagedFields())
		default:
			delete(next.Object, "status")
		}
	}

	like := live
	if like == nil {
		like = t.newStored(gvk)
	}
	obj, err := fromMap(next.Object, like)
	if err != nil {
		return nil, false, apierrors.NewInternalError(err)
	}
	if live == nil {
		m, err := meta.Accessor(obj)
		if err != nil {
			return nil, false, apierrors.NewInternalError(err)
		}
		m.SetNamespace(ns)
		m.SetResourceVersion("")
		out, err := t.create(gvr, obj, ns, write{})
		return out, apierrors.IsAlreadyExists(err), err
	}
	// The live resourceVersion makes the write conditional: a write in
	// between is a Conflict, and the apply is redone on the new state.
	m, err := meta.Accessor(obj)
	if err != nil {
		return nil, false, apierrors.NewInternalError(err)
	}
	m.SetResourceVersion(liveU.GetResourceVersion())
	out, err := t.update(gvr, obj, ns, write{})
	return out, apierrors.IsConflict(err), err
}

// newStored returns an empty object of the Go type the tracker stores for
// gvk: the scheme's type, or Unstructured for kinds it does not know.
func (t *Tracker) newStored(gvk schema.GroupVersionKind) runtime.Object {
	if obj, err := t.scheme.New(gvk); err == nil {
		if _, isUnstructured := obj.(runtime.Unstructured); !isUnstructured {
			return obj
		}
	}
	return &unstructured.Unstructured{}
}

// decodeApplyConfiguration reads an apply patch (YAML or JSON), which must
// name its apiVersion and kind.
func decodeApplyConfiguration(patch []byte) (*unstructured.Unstructured, error) {
	cfgJSON, err := yaml.YAMLToJSON(patch)
	if err != nil {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("the apply configuration is not YAML or JSON: %v", err))
	}
	decoded, err := runtime.Decode(unstructured.UnstructuredJSONScheme, cfgJSON)
	if err != nil {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("decoding the apply configuration: %v (apiVersion and kind are required)", err))
	}
	cfg, ok := decoded.(*unstructured.Unstructured)
	if !ok {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("the apply configuration is a %T, not an object", decoded))
	}
	return cfg, nil
}

// asUnstructured returns obj as a fresh Unstructured of kind gvk.
func asUnstructured(obj runtime.Object, gvk schema.GroupVersionKind) (*unstructured.Unstructured, error) {
	m, err := toMap(obj)
	if err != nil {
		return nil, fmt.Errorf("fake: converting %T: %w", obj, err)
	}
	u := &unstructured.Unstructured{Object: m}
	u.SetGroupVersionKind(gvk)
	return u, nil
}

// withStatusOf returns a copy of obj with status's "status" and the given
// managed fields.
func withStatusOf(obj, status *unstructured.Unstructured, managed []metav1.ManagedFieldsEntry) *unstructured.Unstructured {
	out := obj.DeepCopy()
	if s, ok := status.Object["status"]; ok {
		out.Object["status"] = runtime.DeepCopyJSONValue(s)
	} else {
		delete(out.Object, "status")
	}
	out.SetManagedFields(managed)
	return out
}

// unstructuredConvertor is the field manager's view of versions: every
// object it sees is Unstructured and each version is its own (the tracker
// keeps each version of a group as a resource of its own), so nothing is
// converted.
type unstructuredConvertor struct{}

func (unstructuredConvertor) Convert(in, out, context any) error {
	u, ok := in.(*unstructured.Unstructured)
	o, ok2 := out.(*unstructured.Unstructured)
	if !ok || !ok2 {
		return fmt.Errorf("fake: cannot convert %T to %T", in, out)
	}
	o.Object = runtime.DeepCopyJSON(u.Object)
	return nil
}

func (unstructuredConvertor) ConvertToVersion(in runtime.Object, gv runtime.GroupVersioner) (runtime.Object, error) {
	u, ok := in.(*unstructured.Unstructured)
	if !ok {
		return nil, fmt.Errorf("fake: cannot convert %T", in)
	}
	out := u.DeepCopy()
	if target, ok := gv.KindForGroupVersionKinds([]schema.GroupVersionKind{u.GroupVersionKind()}); ok {
		out.SetGroupVersionKind(target)
	}
	return out, nil
}

func (unstructuredConvertor) ConvertFieldLabel(gvk schema.GroupVersionKind, label, value string) (string, string, error) {
	return label, value, nil
}

type unstructuredCreater struct{}

func (unstructuredCreater) New(gvk schema.GroupVersionKind) (runtime.Object, error) {
	u := &unstructured.Unstructured{Object: map[string]any{}}
	u.SetGroupVersionKind(gvk)
	return u, nil
}

type nopDefaulter struct{}

func (nopDefaulter) Default(runtime.Object) {}
