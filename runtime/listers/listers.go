// Package listers holds what generated listers are made of: ResourceIndexer,
// client-go's k8s.io/client-go/listers.ResourceIndexer over this module's
// runtime/cache. It is plumbing for generated code; programs use the
// generated <Kind>Lister interfaces.
package listers

import (
	"k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/clientgen/clientgen/runtime/cache"
)

// ResourceIndexer lists and gets the Ts of an indexer, in one namespace or
// in all. The objects returned are the cached ones: read-only.
type ResourceIndexer[T runtime.Object] struct {
	indexer   cache.Indexer
	resource  schema.GroupResource
	namespace string // "" for all namespaces or a cluster-scoped kind
}

// New returns a ResourceIndexer over indexer; NotFound errors name
// resource (lister-gen passes the singular lower-case kind, so the error
// reads `foo.example.com "x" not found`, as client-go's).
func New[T runtime.Object](indexer cache.Indexer, resource schema.GroupResource) ResourceIndexer[T] {
	return ResourceIndexer[T]{indexer: indexer, resource: resource}
}

// NewNamespaced returns parent restricted to namespace.
func NewNamespaced[T runtime.Object](parent ResourceIndexer[T], namespace string) ResourceIndexer[T] {
	return ResourceIndexer[T]{indexer: parent.indexer, resource: parent.resource, namespace: namespace}
}

// List returns the objects whose labels selector matches.
func (l ResourceIndexer[T]) List(selector labels.Selector) (ret []T, err error) {
	err = cache.ListAllByNamespace(l.indexer, l.namespace, selector, func(m interface{}) {
		ret = append(ret, m.(T))
	})
	return ret, err
}

// Get returns the object called name (in the namespace, if one was given),
// or a NotFound StatusError.
func (l ResourceIndexer[T]) Get(name string) (T, error) {
	key := name
	if l.namespace != "" {
		key = l.namespace + "/" + name
	}
	obj, exists, err := l.indexer.GetByKey(key)
	if err != nil {
		var zero T
		return zero, err
	}
	if !exists {
		var zero T
		return zero, errors.NewNotFound(l.resource, name)
	}
	return obj.(T), nil
}
