package cache

import (
	"k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// AppendFunc collects the objects a list selects.
type AppendFunc func(interface{})

// ListAll calls appendFn on every object of store whose labels selector
// matches.
func ListAll(store Store, selector labels.Selector, appendFn AppendFunc) error {
	if labels.MatchesNothing(selector) {
		return nil
	}
	return appendMatching(store.List(), selector, appendFn)
}

// ListAllByNamespace is ListAll within one namespace, through the
// NamespaceIndex when the indexer has it; namespace "" means all.
func ListAllByNamespace(indexer Indexer, namespace string, selector labels.Selector, appendFn AppendFunc) error {
	if labels.MatchesNothing(selector) {
		return nil
	}
	if namespace == metav1.NamespaceAll {
		return ListAll(indexer, selector, appendFn)
	}
	items, err := indexer.ByIndex(NamespaceIndex, namespace)
	if err != nil {
		// No namespace index: scan everything.
		for _, m := range indexer.List() {
			accessor, err := meta.Accessor(m)
			if err != nil {
				return err
			}
			if accessor.GetNamespace() == namespace && selector.Matches(labels.Set(accessor.GetLabels())) {
				appendFn(m)
			}
		}
		return nil
	}
	return appendMatching(items, selector, appendFn)
}

func appendMatching(items []interface{}, selector labels.Selector, appendFn AppendFunc) error {
	all := selector.Empty()
	for _, m := range items {
		if all {
			appendFn(m)
			continue
		}
		accessor, err := meta.Accessor(m)
		if err != nil {
			return err
		}
		if selector.Matches(labels.Set(accessor.GetLabels())) {
			appendFn(m)
		}
	}
	return nil
}

// GenericLister lists and gets objects of any type from an Indexer.
type GenericLister interface {
	List(selector labels.Selector) (ret []runtime.Object, err error)
	Get(name string) (runtime.Object, error)
	ByNamespace(namespace string) GenericNamespaceLister
}

// GenericNamespaceLister is a GenericLister within one namespace.
type GenericNamespaceLister interface {
	List(selector labels.Selector) (ret []runtime.Object, err error)
	Get(name string) (runtime.Object, error)
}

// NewGenericLister returns a GenericLister over indexer; NotFound errors
// name resource.
func NewGenericLister(indexer Indexer, resource schema.GroupResource) GenericLister {
	return &genericLister{indexer: indexer, resource: resource}
}

type genericLister struct {
	indexer  Indexer
	resource schema.GroupResource
}

func (s *genericLister) List(selector labels.Selector) (ret []runtime.Object, err error) {
	err = ListAll(s.indexer, selector, func(m interface{}) { ret = append(ret, m.(runtime.Object)) })
	return ret, err
}

func (s *genericLister) ByNamespace(namespace string) GenericNamespaceLister {
	return &genericNamespaceLister{indexer: s.indexer, namespace: namespace, resource: s.resource}
}

func (s *genericLister) Get(name string) (runtime.Object, error) {
	return getByKey(s.indexer, s.resource, name, name)
}

type genericNamespaceLister struct {
	indexer   Indexer
	namespace string
	resource  schema.GroupResource
}

func (s *genericNamespaceLister) List(selector labels.Selector) (ret []runtime.Object, err error) {
	err = ListAllByNamespace(s.indexer, s.namespace, selector, func(m interface{}) { ret = append(ret, m.(runtime.Object)) })
	return ret, err
}

func (s *genericNamespaceLister) Get(name string) (runtime.Object, error) {
	return getByKey(s.indexer, s.resource, s.namespace+"/"+name, name)
}

func getByKey(indexer Indexer, resource schema.GroupResource, key, name string) (runtime.Object, error) {
	obj, exists, err := indexer.GetByKey(key)
	if err != nil {
		return nil, err
	}
	if !exists {
		return nil, errors.NewNotFound(resource, name)
	}
	return obj.(runtime.Object), nil
}
