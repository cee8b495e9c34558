package dynamic

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// ClientForMapping returns the client of mapping's resource: in namespace
// for a namespaced resource ("" means all namespaces), cluster-wide for a
// cluster-scoped one (namespace is ignored).
func ClientForMapping(dyn Interface, mapping *meta.RESTMapping, namespace string) ResourceInterface {
	r := dyn.Resource(mapping.Resource)
	if mapping.Scope != nil && mapping.Scope.Name() == meta.RESTScopeNameNamespace {
		return r.Namespace(namespace)
	}
	return r
}

// ForKind maps gvk to its resource and scope through mapper and returns
// the client for it (see ClientForMapping). If mapper has context-aware
// methods (apimachinery v0.37's meta.RESTMapperWithContext, as
// restmapper.Mapper does) ctx bounds the discovery it may do.
func ForKind(ctx context.Context, dyn Interface, mapper meta.RESTMapper, gvk schema.GroupVersionKind, namespace string) (ResourceInterface, *meta.RESTMapping, error) {
	if gvk.Kind == "" || gvk.Version == "" {
		return nil, nil, fmt.Errorf("dynamic: incomplete GroupVersionKind %v: apiVersion and kind are required", gvk)
	}
	var mapping *meta.RESTMapping
	var err error
	if mc, ok := mapper.(restMappingWithContext); ok {
		mapping, err = mc.RESTMappingWithContext(ctx, gvk.GroupKind(), gvk.Version)
	} else {
		mapping, err = mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("dynamic: finding the resource of %s: %w", gvk, err)
	}
	return ClientForMapping(dyn, mapping, namespace), mapping, nil
}

// ForObject is ForKind for obj's apiVersion and kind, in obj's namespace or,
// if it has none, defaultNamespace. It is the entry point for applying a
// manifest:
//
//	objs, err := dynamic.ReadManifests(f)
//	for _, obj := range objs {
//		c, _, err := dynamic.ForObject(ctx, dyn, mapper, obj, "default")
//		_, err = c.Apply(ctx, obj.GetName(), obj, metav1.ApplyOptions{FieldManager: "me"})
//	}
func ForObject(ctx context.Context, dyn Interface, mapper meta.RESTMapper, obj *unstructured.Unstructured, defaultNamespace string) (ResourceInterface, *meta.RESTMapping, error) {
	if obj == nil {
		return nil, nil, errors.New("dynamic: ForObject: nil object")
	}
	ns := obj.GetNamespace()
	if ns == "" {
		ns = defaultNamespace
	}
	return ForKind(ctx, dyn, mapper, obj.GroupVersionKind(), ns)
}

// ReadManifests decodes a stream of YAML documents separated by "---" (or
// of JSON objects) into unstructured objects, skipping empty documents and
// flattening lists (kind: List) into their items. Every object must have
// apiVersion and kind; the error names the document that does not.
func ReadManifests(r io.Reader) ([]*unstructured.Unstructured, error) {
	reader := utilyaml.NewYAMLReader(bufio.NewReader(r))
	var out []*unstructured.Unstructured
	for doc := 1; ; doc++ {
		data, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("dynamic: reading manifest document %d: %w", doc, err)
		}
		js, err := yaml.YAMLToJSON(data)
		if err != nil {
			return nil, fmt.Errorf("dynamic: manifest document %d: %w", doc, err)
		}
		if string(js) == "null" || string(js) == "{}" {
			continue
		}
		obj, err := runtime.Decode(unstructured.UnstructuredJSONScheme, js)
		if err != nil {
			return nil, fmt.Errorf("dynamic: manifest document %d: %w (every object needs apiVersion and kind)", doc, err)
		}
		switch o := obj.(type) {
		case *unstructured.Unstructured:
			out = append(out, o)
		case *unstructured.UnstructuredList:
			for i := range o.Items {
				out = append(out, &o.Items[i])
			}
		default:
			return nil, fmt.Errorf("dynamic: manifest document %d: unexpected %T", doc, obj)
		}
	}
}

// restMappingWithContext is the method of meta.RESTMapperWithContext that
// ForKind uses, declared here because apimachinery before v0.37 (which the
// runtime supports) does not have that interface.
type restMappingWithContext interface {
	RESTMappingWithContext(ctx context.Context, gk schema.GroupKind, versions ...string) (*meta.RESTMapping, error)
}
