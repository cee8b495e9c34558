package v1

import (
	"k8s.io/apimachinery/pkg/labels"

	shopv1 "github.com/clientgen/clientgen/testdata/cases/lister-expansion/input/shop/v1"
)

// OrderListerExpansion is written by hand, as lister-gen users write it: the
// generated lister.go must not declare it again.
type OrderListerExpansion interface {
	// ForItem lists the orders of one item in every namespace.
	ForItem(item string) ([]*shopv1.Order, error)
}

// OrderNamespaceListerExpansion is written by hand too.
type OrderNamespaceListerExpansion interface {
	// Count returns how many orders the namespace has.
	Count() (int, error)
}

func (s *orderLister) ForItem(item string) ([]*shopv1.Order, error) {
	all, err := s.List(labels.Everything())
	if err != nil {
		return nil, err
	}
	var out []*shopv1.Order
	for _, o := range all {
		if o.Spec.Item == item {
			out = append(out, o)
		}
	}
	return out, nil
}

func (s orderNamespaceLister) Count() (int, error) {
	all, err := s.List(labels.Everything())
	return len(all), err
}
