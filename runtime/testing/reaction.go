package testing

import (
	"fmt"
	"net/http"

	jsonpatch "gopkg.in/evanphx/json-patch.v4"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apimachinery/pkg/watch"
)

// maxRetries bounds the read-modify-write loops of requests that carry no
// resourceVersion of their own (a patch, an unconditional update of the
// main resource or of its status), which retry when a concurrent write got
// in between, as the server's GuaranteedUpdate does.
const maxRetries = 100

// ObjectReaction returns the reactor that serves actions from tracker the
// way the API server would:
//
//   - get, list (label and field selectors, Limit/Continue), create,
//     update, delete (preconditions, finalizers) and delete-collection
//     (which deletes every matching object);
//   - the status subresource: for a resource registered with "status",
//     update and patch leave the status alone and update/patch of "status"
//     change only the status; for a registered resource without it,
//     "status" is NotFound;
//   - patch in JSON patch, merge patch and strategic merge patch (for typed
//     objects; an Unstructured object gets 415 Unsupported Media Type, as
//     custom resources do on the server);
//   - apply (server-side apply patches), with the API server's field
//     manager (see apply.go): it needs a field manager, creates the object
//     if it does not exist, records each manager's fields in
//     managedFields, answers a change of another manager's field with a
//     409 Conflict unless forced, and removes a field its manager stops
//     applying when no other manager owns it. Create, update and patch
//     with a field manager record its fields too (operation Update).
//
// Other subresources (scale, eviction...) are not served: a test answers
// them with PrependReactor.
func ObjectReaction(tracker ObjectTracker) ReactionFunc {
	r := reaction{tracker: tracker}
	return func(action Action) (bool, runtime.Object, error) {
		var obj runtime.Object
		var err error
		switch a := action.(type) {
		case GetActionImpl:
			obj, err = r.get(a)
		case ListActionImpl:
			obj, err = r.tracker.List(a.Resource, a.Kind, a.Namespace, a.ListOptions)
		case CreateActionImpl:
			obj, err = r.create(a)
		case UpdateActionImpl:
			obj, err = r.update(a)
		case DeleteActionImpl:
			err = r.delete(a)
		case DeleteCollectionActionImpl:
			err = r.deleteCollection(a)
		case PatchActionImpl:
			obj, err = r.patch(a)
		default:
			return false, nil, nil
		}
		return true, obj, err
	}
}

// ObjectWatchReaction returns the watch reactor that serves watches from
// tracker, with the action's namespace and list options.
func ObjectWatchReaction(tracker ObjectTracker) WatchReactionFunc {
	return func(action Action) (bool, watch.Interface, error) {
		var opts metav1.ListOptions
		if a, ok := action.(WatchActionImpl); ok {
			opts = a.ListOptions
		}
		w, err := tracker.Watch(action.GetResource(), action.GetNamespace(), opts)
		return true, w, err
	}
}

type reaction struct {
	tracker ObjectTracker
}

// resource is what the tracker knows of gvr; a tracker other than *Tracker
// knows nothing, and every resource is then unregistered.
func (r reaction) resource(gvr schema.GroupVersionResource) (Resource, bool) {
	if t, ok := r.tracker.(interface {
		Resource(schema.GroupVersionResource) (Resource, bool)
	}); ok {
		return t.Resource(gvr)
	}
	return Resource{}, false
}

func (r reaction) hasStatus(gvr schema.GroupVersionResource) bool {
	res, ok := r.resource(gvr)
	return ok && res.HasSubresource("status")
}

// checkSubresource lets through the main resource and "status", which the
// tracker serves. A subresource the registered resource does not have is
// NotFound, as on the server; any other needs a reactor of the test's own.
func (r reaction) checkSubresource(a Action, name string) error {
	sub := a.GetSubresource()
	if sub == "" {
		return nil
	}
	res, known := r.resource(a.GetResource())
	if known && !res.HasSubresource(sub) {
		return apierrors.NewNotFound(a.GetResource().GroupResource(), name)
	}
	if sub == "status" {
		return nil
	}
	return &apierrors.StatusError{ErrStatus: metav1.Status{
		Status: metav1.StatusFailure, Code: http.StatusMethodNotAllowed, Reason: metav1.StatusReasonMethodNotAllowed,
		Message: fmt.Sprintf("fake: the object tracker does not serve the %s subresource (%s); answer it in the test with PrependReactor(%q, %q, ...)",
			sub, describe(a), a.GetVerb(), a.GetResource().Resource+"/"+sub),
	}}
}

func (r reaction) get(a GetActionImpl) (runtime.Object, error) {
	if err := r.checkSubresource(a, a.Name); err != nil {
		return nil, err
	}
	return r.tracker.Get(a.Resource, a.Namespace, a.Name, a.GetOptions)
}

func (r reaction) create(a CreateActionImpl) (runtime.Object, error) {
	if a.Object == nil {
		return nil, apierrors.NewBadRequest("fake: create without an object")
	}
	if err := r.checkSubresource(a, a.Name); err != nil {
		return nil, err
	}
	if a.Subresource != "" {
		// Only "status" gets here; the server has no create on it.
		return nil, apierrors.NewMethodNotSupported(a.Resource.GroupResource(), "create")
	}
	return r.createObject(a.Resource, a.Object, a.Namespace, write{manager: a.CreateOptions.FieldManager})
}

// createObject and updateObject write and return what was stored, in one
// step with a *Tracker and by reading back with another ObjectTracker.
func (r reaction) createObject(gvr schema.GroupVersionResource, obj runtime.Object, ns string, w write) (runtime.Object, error) {
	if t, ok := r.tracker.(*Tracker); ok {
		return t.create(gvr, obj, ns, w)
	}
	obj = obj.DeepCopyObject()
	m, err := meta.Accessor(obj)
	if err != nil {
		return nil, apierrors.NewBadRequest(err.Error())
	}
	if m.GetName() == "" && m.GetGenerateName() != "" {
		m.SetName(generateName(m.GetGenerateName()))
	}
	if err := r.tracker.Create(gvr, obj, ns, metav1.CreateOptions{FieldManager: w.manager}); err != nil {
		return nil, err
	}
	return r.tracker.Get(gvr, ns, m.GetName())
}

func (r reaction) updateObject(gvr schema.GroupVersionResource, obj runtime.Object, ns string, w write) (runtime.Object, error) {
	if t, ok := r.tracker.(*Tracker); ok {
		return t.update(gvr, obj, ns, w)
	}
	m, err := meta.Accessor(obj)
	if err != nil {
		return nil, apierrors.NewBadRequest(err.Error())
	}
	if err := r.tracker.Update(gvr, obj, ns, metav1.UpdateOptions{FieldManager: w.manager}); err != nil {
		return nil, err
	}
	got, err := r.tracker.Get(gvr, ns, m.GetName())
	if apierrors.IsNotFound(err) {
		return obj, nil // the update removed the last finalizer
	}
	return got, err
}

// update serves update of the main resource and of "status". Where the
// resource has a status subresource, each changes only its part: the
// stored object is read, the part replaced, and the result written with the
// request's resourceVersion (or, without one, the stored one, retrying if
// another write got in between).
func (r reaction) update(a UpdateActionImpl) (runtime.Object, error) {
	if a.Object == nil {
		return nil, apierrors.NewBadRequest("fake: update without an object")
	}
	in, err := meta.Accessor(a.Object)
	if err != nil {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("fake: %T has no object metadata: %v", a.Object, err))
	}
	if err := r.checkSubresource(a, in.GetName()); err != nil {
		return nil, err
	}
	status := a.Subresource == "status"
	w := write{manager: a.UpdateOptions.FieldManager, subresource: a.Subresource}
	if !status && !r.hasStatus(a.Resource) {
		return r.updateObject(a.Resource, a.Object, a.Namespace, w)
	}
	for attempt := 0; ; attempt++ {
		cur, err := r.tracker.Get(a.Resource, a.Namespace, in.GetName())
		if err != nil {
			return nil, err
		}
		cm, err := meta.Accessor(cur)
		if err != nil {
			return nil, err
		}
		var next runtime.Object
		if status {
			// Only the status changes: the stored object with the new status.
			if uid := in.GetUID(); uid != "" && uid != cm.GetUID() {
				return nil, apierrors.NewConflict(a.Resource.GroupResource(), in.GetName(),
					fmt.Errorf("Precondition failed: UID in precondition: %s, UID in object meta: %s", uid, cm.GetUID()))
			}
			next, err = spliceStatus(cur, a.Object)
		} else {
			// Everything but the status: the new object with the stored status.
			next, err = spliceStatus(a.Object, cur)
		}
		if err != nil {
			return nil, err
		}
		nm, _ := meta.Accessor(next)
		rv := in.GetResourceVersion()
		if rv == "" {
			rv = cm.GetResourceVersion()
		}
		nm.SetResourceVersion(rv)
		out, err := r.updateObject(a.Resource, next, a.Namespace, w)
		if apierrors.IsConflict(err) && in.GetResourceVersion() == "" && attempt < maxRetries {
			continue
		}
		return out, err
	}
}

func (r reaction) delete(a DeleteActionImpl) error {
	if err := r.checkSubresource(a, a.Name); err != nil {
		return err
	}
	if a.Subresource != "" {
		return apierrors.NewMethodNotSupported(a.Resource.GroupResource(), "delete")
	}
	return r.tracker.Delete(a.Resource, a.Namespace, a.Name, a.DeleteOptions)
}

// deleteCollection deletes every object the list options select, each as a
// delete (so finalizers hold objects back), as the server does.
func (r reaction) deleteCollection(a DeleteCollectionActionImpl) error {
	list, err := r.tracker.List(a.Resource, schema.GroupVersionKind{}, a.Namespace, a.ListOptions)
	if err != nil {
		return err
	}
	items, err := meta.ExtractList(list)
	if err != nil {
		return err
	}
	for _, item := range items {
		m, err := meta.Accessor(item)
		if err != nil {
			return err
		}
		err = r.tracker.Delete(a.Resource, m.GetNamespace(), m.GetName(), a.DeleteOptions)
		if err != nil && !apierrors.IsNotFound(err) {
			return err
		}
	}
	return nil
}

// requireFieldManager is the server's check of an apply's options.
func requireFieldManager(o metav1.PatchOptions) error {
	if o.FieldManager != "" {
		return nil
	}
	return apierrors.NewInvalid(schema.GroupKind{Group: metav1.GroupName, Kind: "PatchOptions"}, "", field.ErrorList{
		field.Required(field.NewPath("fieldManager"), "is required for apply patch"),
	})
}

func (r reaction) patch(a PatchActionImpl) (runtime.Object, error) {
	if a.PatchType == types.ApplyPatchType {
		if err := requireFieldManager(a.PatchOptions); err != nil {
			return nil, err
		}
	}
	if err := r.checkSubresource(a, a.Name); err != nil {
		return nil, err
	}
	if a.PatchType == types.ApplyPatchType {
		return r.apply(a)
	}
	w := write{manager: a.PatchOptions.FieldManager, subresource: a.Subresource}
	for attempt := 0; ; attempt++ {
		cur, err := r.tracker.Get(a.Resource, a.Namespace, a.Name)
		if err != nil {
			return nil, err
		}
		patched, err := r.applyPatch(cur, a)
		if err != nil {
			return nil, err
		}
		cm, _ := meta.Accessor(cur)
		pm, err := meta.Accessor(patched)
		if err != nil {
			return nil, err
		}
		if pm.GetName() != a.Name {
			return nil, apierrors.NewBadRequest(fmt.Sprintf("the name of the object (%s) does not match the name on the URL (%s)", pm.GetName(), a.Name))
		}
		next := patched
		switch {
		case a.Subresource == "status":
			next, err = spliceStatus(cur, patched)
		case r.hasStatus(a.Resource):
			next, err = spliceStatus(patched, cur)
		}
		if err != nil {
			return nil, err
		}
		// A resourceVersion in the patch is a precondition; without one
		// the patch applies to whatever is stored.
		nm, _ := meta.Accessor(next)
		nm.SetResourceVersion(pm.GetResourceVersion())
		out, err := r.updateObject(a.Resource, next, a.Namespace, w)
		if apierrors.IsConflict(err) && pm.GetResourceVersion() == cm.GetResourceVersion() && attempt < maxRetries {
			continue
		}
		return out, err
	}
}

// applyPatch returns cur with the patch applied, as a new object of cur's
// Go type.
func (r reaction) applyPatch(cur runtime.Object, a PatchActionImpl) (runtime.Object, error) {
	orig, err := marshal(cur)
	if err != nil {
		return nil, err
	}
	_, unstructuredObj := cur.(runtime.Unstructured)
	var modified []byte
	switch a.PatchType {
	case types.JSONPatchType:
		p, err := jsonpatch.DecodePatch(a.Patch)
		if err != nil {
			return nil, apierrors.NewBadRequest(err.Error())
		}
		if modified, err = p.Apply(orig); err != nil {
			return nil, invalidPatch(a, err)
		}
	case types.MergePatchType:
		if modified, err = jsonpatch.MergePatch(orig, a.Patch); err != nil {
			return nil, apierrors.NewBadRequest(err.Error())
		}
	case types.StrategicMergePatchType:
		if unstructuredObj {
			return nil, unsupportedPatch(a, "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml")
		}
		if modified, err = strategicpatch.StrategicMergePatch(orig, a.Patch, cur); err != nil {
			return nil, apierrors.NewBadRequest(err.Error())
		}
	default:
		return nil, unsupportedPatch(a, "application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml")
	}
	return decodeLike(modified, cur)
}

// apply serves an apply patch: with a *Tracker through its field manager
// (apply.go), the one apply of typed and dynamic fakes; with another
// ObjectTracker through its Apply, for the main resource only.
func (r reaction) apply(a PatchActionImpl) (runtime.Object, error) {
	if t, ok := r.tracker.(*Tracker); ok {
		return t.apply(a.Resource, a.Namespace, a.Name, a.Subresource, a.Patch, a.PatchOptions)
	}
	if a.Subresource != "" {
		return nil, apierrors.NewMethodNotSupported(a.Resource.GroupResource(), "apply to "+a.Subresource)
	}
	cfg, err := decodeApplyConfiguration(a.Patch)
	if err != nil {
		return nil, err
	}
	if cfg.GetName() == "" {
		cfg.SetName(a.Name)
	}
	if err := r.tracker.Apply(a.Resource, cfg, a.Namespace, a.PatchOptions); err != nil {
		return nil, err
	}
	return r.tracker.Get(a.Resource, a.Namespace, a.Name)
}

// decodeLike decodes JSON into a new object of like's Go type. Numbers in
// Unstructured content become int64 where they are whole, as the API
// machinery's decoders make them.
func decodeLike(data []byte, like runtime.Object) (runtime.Object, error) {
	if _, ok := like.(*unstructured.Unstructured); ok {
		m := map[string]any{}
		if err := utiljson.Unmarshal(data, &m); err != nil {
			return nil, apierrors.NewBadRequest(fmt.Sprintf("fake: decoding the patched object: %v", err))
		}
		return &unstructured.Unstructured{Object: m}, nil
	}
	out, err := newLike(like)
	if err != nil {
		return nil, err
	}
	if err := utiljson.Unmarshal(data, out); err != nil {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("fake: decoding the patched object into %T: %v", out, err))
	}
	return out, nil
}

func invalidPatch(a PatchActionImpl, err error) error {
	return &apierrors.StatusError{ErrStatus: metav1.Status{
		Status: metav1.StatusFailure, Code: http.StatusUnprocessableEntity, Reason: metav1.StatusReasonInvalid,
		Message: fmt.Sprintf("the server rejected our request due to an error in our request: applying the JSON patch to %s %q: %v", a.Resource.GroupResource(), a.Name, err),
	}}
}

func unsupportedPatch(a PatchActionImpl, accepted string) error {
	return &apierrors.StatusError{ErrStatus: metav1.Status{
		Status: metav1.StatusFailure, Code: http.StatusUnsupportedMediaType, Reason: metav1.StatusReasonUnsupportedMediaType,
		Message: fmt.Sprintf("the body of the request was in an unknown format - accepted media types include: %s (patch type %q on %s)", accepted, a.PatchType, a.Resource.GroupResource()),
	}}
}
