package fake

import (
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/managedfields"
	"sigs.k8s.io/yaml"

	clienttesting "github.com/clientgen/clientgen/runtime/testing"
)

// maxApplyRetries bounds the read-apply-write loop when another write gets
// in between, as the server's GuaranteedUpdate retries.
const maxApplyRetries = 100

// applyReaction serves apply patches of the main resource and of "status"
// with apimachinery's field manager (the one the API server runs for
// custom resources, with a type converter that deduces the schema from the
// objects): it records managedFields and reports a Conflict when a manager
// changes a field another one owns, unless forced. Other patches, and
// apply patches without a field manager, go on to the tracker's reactor.
func (c *FakeDynamicClient) applyReaction(action clienttesting.Action) (bool, runtime.Object, error) {
	a, ok := action.(clienttesting.PatchActionImpl)
	if !ok || a.PatchType != types.ApplyPatchType || a.PatchOptions.FieldManager == "" {
		return false, nil, nil
	}
	if a.Subresource != "" && a.Subresource != "status" {
		return false, nil, nil
	}
	cfgJSON, err := yaml.YAMLToJSON(a.Patch)
	if err != nil {
		return true, nil, apierrors.NewBadRequest(fmt.Sprintf("the apply configuration is not YAML or JSON: %v", err))
	}
	decoded, err := runtime.Decode(unstructured.UnstructuredJSONScheme, cfgJSON)
	if err != nil {
		return true, nil, apierrors.NewBadRequest(fmt.Sprintf("decoding the apply configuration: %v (apiVersion and kind are required)", err))
	}
	cfg, ok := decoded.(*unstructured.Unstructured)
	if !ok {
		return true, nil, apierrors.NewBadRequest(fmt.Sprintf("the apply configuration is a %T, not an object", decoded))
	}
	if cfg.GetName() == "" {
		cfg.SetName(a.Name)
	}
	if cfg.GetName() != a.Name {
		return true, nil, apierrors.NewBadRequest(fmt.Sprintf("the name of the object (%s) does not match the name on the URL (%s)", cfg.GetName(), a.Name))
	}
	gvk := cfg.GroupVersionKind()
	manager, err := managedfields.NewDefaultCRDFieldManager(managedfields.NewDeducedTypeConverter(),
		unstructuredConvertor{}, nopDefaulter{}, unstructuredCreater{}, gvk, gvk.GroupVersion(), a.Subresource, nil)
	if err != nil {
		return true, nil, apierrors.NewInternalError(err)
	}
	force := a.PatchOptions.Force != nil && *a.PatchOptions.Force
	hasStatus := c.hasStatus(a.Resource)

	for attempt := 0; ; attempt++ {
		live, err := c.tracker.Get(a.Resource, a.Namespace, a.Name)
		exists := err == nil
		var liveU *unstructured.Unstructured
		switch {
		case exists:
			if liveU, err = c.toUnstructured(live, a.Resource); err != nil {
				return true, nil, apierrors.NewInternalError(err)
			}
		case apierrors.IsNotFound(err) && a.Subresource == "":
			liveU = &unstructured.Unstructured{Object: map[string]any{}}
			liveU.SetGroupVersionKind(gvk)
		default:
			return true, nil, err
		}
		applied, err := manager.Apply(liveU, cfg.DeepCopy(), a.PatchOptions.FieldManager, force)
		if err != nil {
			return true, nil, err
		}
		next, ok := applied.(*unstructured.Unstructured)
		if !ok {
			return true, nil, apierrors.NewInternalError(fmt.Errorf("field manager returned %T", applied))
		}
		if exists && hasStatus {
			// Each of the main resource and "status" changes only its
			// part, as on the server; managedFields follow the apply.
			if a.Subresource == "status" {
				next = withStatusOf(liveU, next, next.GetManagedFields())
			} else {
				next = withStatusOf(next, liveU, next.GetManagedFields())
			}
		}
		if !exists {
			next.SetNamespace(a.Namespace)
			if err := c.tracker.Create(a.Resource, next, a.Namespace); err != nil {
				if apierrors.IsAlreadyExists(err) && attempt < maxApplyRetries {
					continue
				}
				return true, nil, err
			}
		} else {
			// The live resourceVersion makes the write conditional: a
			// write in between is a Conflict, and the apply is redone.
			next.SetResourceVersion(liveU.GetResourceVersion())
			if err := c.tracker.Update(a.Resource, next, a.Namespace); err != nil {
				if apierrors.IsConflict(err) && attempt < maxApplyRetries {
					continue
				}
				return true, nil, err
			}
		}
		stored, err := c.tracker.Get(a.Resource, a.Namespace, a.Name)
		return true, stored, err
	}
}

// hasStatus reports whether gvr has a status subresource; the tracker
// treats resources it was not told about as having one.
func (c *FakeDynamicClient) hasStatus(gvr schema.GroupVersionResource) bool {
	if r, ok := c.registered(gvr); ok {
		return r.HasSubresource("status")
	}
	return true
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

// unstructuredConvertor is the field manager's view of versions for
// Unstructured objects: each version is its own, no conversion happens
// (the tracker keeps each version of a group as a resource of its own).
type unstructuredConvertor struct{}

func (unstructuredConvertor) Convert(in, out, context any) error {
	u, ok := in.(*unstructured.Unstructured)
	o, ok2 := out.(*unstructured.Unstructured)
	if !ok || !ok2 {
		return fmt.Errorf("fake dynamic client: cannot convert %T to %T", in, out)
	}
	o.Object = runtime.DeepCopyJSON(u.Object)
	return nil
}

func (unstructuredConvertor) ConvertToVersion(in runtime.Object, gv runtime.GroupVersioner) (runtime.Object, error) {
	u, ok := in.(*unstructured.Unstructured)
	if !ok {
		return nil, fmt.Errorf("fake dynamic client: cannot convert %T", in)
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
