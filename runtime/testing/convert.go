package testing

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"reflect"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
)

// The tracker stores whatever object it is given: typed objects (from a
// generated fake clientset) and *unstructured.Unstructured (from a fake
// dynamic client) side by side. Where it must look inside an object or turn
// one into the other, it goes through the unstructured map form.

// toMap returns obj as a fresh JSON-like map.
func toMap(obj runtime.Object) (map[string]any, error) {
	if u, ok := obj.(runtime.Unstructured); ok {
		return runtime.DeepCopyJSON(u.UnstructuredContent()), nil
	}
	return runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
}

// fromMap builds an object of the same Go type as like from m.
func fromMap(m map[string]any, like runtime.Object) (runtime.Object, error) {
	if _, ok := like.(*unstructured.Unstructured); ok {
		return &unstructured.Unstructured{Object: m}, nil
	}
	out, err := newLike(like)
	if err != nil {
		return nil, err
	}
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(m, out); err != nil {
		return nil, fmt.Errorf("decoding into %T: %w", like, err)
	}
	return out, nil
}

// newLike returns a new zero object of like's Go type.
func newLike(like runtime.Object) (runtime.Object, error) {
	t := reflect.TypeOf(like)
	if t == nil || t.Kind() != reflect.Pointer {
		return nil, fmt.Errorf("object of type %T is not a pointer to a struct", like)
	}
	out, ok := reflect.New(t.Elem()).Interface().(runtime.Object)
	if !ok {
		return nil, fmt.Errorf("new %T is not a runtime.Object", like)
	}
	return out, nil
}

// convertTo returns obj as the Go type of like (obj itself if it already is
// one). gvk fills apiVersion and kind when a typed object becomes
// unstructured, since typed objects often carry no TypeMeta.
func convertTo(obj, like runtime.Object, gvk schema.GroupVersionKind) (runtime.Object, error) {
	if reflect.TypeOf(obj) == reflect.TypeOf(like) {
		return obj, nil
	}
	m, err := toMap(obj)
	if err != nil {
		return nil, err
	}
	out, err := fromMap(m, like)
	if err != nil {
		return nil, err
	}
	if u, ok := out.(*unstructured.Unstructured); ok && u.GetKind() == "" && !gvk.Empty() {
		u.SetGroupVersionKind(gvk)
	}
	return out, nil
}

// sameContent reports whether a and b hold the same data, ignoring
// resourceVersion and TypeMeta: an update that changes nothing else is not
// a write, as on the server.
func sameContent(a, b runtime.Object) bool {
	am, err1 := toMap(a)
	bm, err2 := toMap(b)
	if err1 != nil || err2 != nil {
		return false
	}
	for _, m := range []map[string]any{am, bm} {
		delete(m, "apiVersion")
		delete(m, "kind")
		if md, ok := m["metadata"].(map[string]any); ok {
			delete(md, "resourceVersion")
		}
		normalizeEmpty(m)
	}
	return reflect.DeepEqual(am, bm)
}

// normalizeEmpty drops empty maps and nil values, so that a typed object's
// "status": {} equals an unstructured object without a status.
func normalizeEmpty(m map[string]any) {
	for k, v := range m {
		switch x := v.(type) {
		case nil:
			delete(m, k)
		case map[string]any:
			normalizeEmpty(x)
			if len(x) == 0 {
				delete(m, k)
			}
		}
	}
}

// spliceStatus returns dst with its "status" replaced by src's (removed if
// src has none): the server's rule for updates of the status subresource,
// and, with the arguments swapped, for updates of the main resource.
func spliceStatus(dst, src runtime.Object) (runtime.Object, error) {
	dm, err := toMap(dst)
	if err != nil {
		return nil, err
	}
	sm, err := toMap(src)
	if err != nil {
		return nil, err
	}
	if s, ok := sm["status"]; ok {
		dm["status"] = s
	} else {
		delete(dm, "status")
	}
	return fromMap(dm, dst)
}

func marshal(obj runtime.Object) ([]byte, error) {
	return json.Marshal(obj)
}

// newUID returns a random (version 4) UUID, as the server assigns.
func newUID() types.UID {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return types.UID(fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]))
}
