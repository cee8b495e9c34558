package dynamic

import (
	"errors"
	"fmt"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// ToUnstructured converts a typed object (a generated API type, a metav1
// type) into an Unstructured, taking apiVersion and kind from its TypeMeta.
// Objects returned by a clientset usually have an empty TypeMeta: set it,
// or use ToUnstructuredAs.
func ToUnstructured(obj runtime.Object) (*unstructured.Unstructured, error) {
	if obj == nil {
		return nil, errors.New("dynamic: ToUnstructured: nil object")
	}
	u, err := toUnstructured(obj)
	if err != nil {
		return nil, err
	}
	if u.GetAPIVersion() == "" || u.GetKind() == "" {
		return nil, fmt.Errorf("dynamic: ToUnstructured: %T has no apiVersion or kind; set its TypeMeta or use ToUnstructuredAs with its GroupVersionKind", obj)
	}
	return u, nil
}

// ToUnstructuredAs is ToUnstructured with apiVersion and kind set to gvk.
func ToUnstructuredAs(obj runtime.Object, gvk schema.GroupVersionKind) (*unstructured.Unstructured, error) {
	if obj == nil {
		return nil, errors.New("dynamic: ToUnstructuredAs: nil object")
	}
	if gvk.Version == "" || gvk.Kind == "" {
		return nil, fmt.Errorf("dynamic: ToUnstructuredAs: incomplete GroupVersionKind %v (version and kind are required)", gvk)
	}
	u, err := toUnstructured(obj)
	if err != nil {
		return nil, err
	}
	u.SetGroupVersionKind(gvk)
	return u, nil
}

func toUnstructured(obj runtime.Object) (*unstructured.Unstructured, error) {
	if u, ok := obj.(*unstructured.Unstructured); ok {
		return u.DeepCopy(), nil
	}
	m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		return nil, fmt.Errorf("dynamic: converting %T to unstructured: %w", obj, err)
	}
	return &unstructured.Unstructured{Object: m}, nil
}

// FromUnstructured fills into (a pointer to a typed object) from u. Fields
// that into does not have are an error, so a mismatched type is noticed.
func FromUnstructured(u *unstructured.Unstructured, into runtime.Object) error {
	if u == nil {
		return errors.New("dynamic: FromUnstructured: nil object")
	}
	if err := runtime.DefaultUnstructuredConverter.FromUnstructuredWithValidation(u.Object, into, true); err != nil {
		return fmt.Errorf("dynamic: converting %s %s to %T: %w", u.GetAPIVersion(), u.GetKind(), into, err)
	}
	return nil
}

// FromUnstructuredList fills into (a pointer to a typed list such as
// *WidgetList) from l, items included.
func FromUnstructuredList(l *unstructured.UnstructuredList, into runtime.Object) error {
	if l == nil {
		return errors.New("dynamic: FromUnstructuredList: nil list")
	}
	if err := runtime.DefaultUnstructuredConverter.FromUnstructuredWithValidation(l.UnstructuredContent(), into, true); err != nil {
		return fmt.Errorf("dynamic: converting %s %s to %T: %w", l.GetAPIVersion(), l.GetKind(), into, err)
	}
	return nil
}
