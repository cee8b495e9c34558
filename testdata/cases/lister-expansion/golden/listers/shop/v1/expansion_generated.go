package v1

import "k8s.io/apimachinery/pkg/labels"

// ShelfListerExpansion is declared in a hand-written expansion_generated.go
// (no generated-code banner), which lister-gen users sometimes keep: clientgen
// leaves the file alone and does not declare the interface.
type ShelfListerExpansion interface {
	// Names returns the cached shelves' names.
	Names() []string
}

func (s *shelfLister) Names() []string {
	all, _ := s.List(labels.Everything()) // a cache list does not fail
	names := make([]string, 0, len(all))
	for _, o := range all {
		names = append(names, o.Name)
	}
	return names
}
