package cache

import (
	"k8s.io/apimachinery/pkg/api/meta"
)

// TransformFunc changes an object before the informer stores it, typically
// to drop fields the program never reads. It runs exactly once per object
// received from the server, before the object is stored or handed to any
// handler, and is never given a DeletedFinalStateUnknown (the informer
// makes tombstones itself, from objects already transformed). It may
// modify and return its argument, which nothing else references yet.
type TransformFunc func(interface{}) (interface{}, error)

// TransformStripManagedFields returns a TransformFunc that drops
// metadata.managedFields, which server-side apply writes into every object
// and which controllers rarely read: often the largest part of a cached
// object. Objects without metadata pass unchanged.
func TransformStripManagedFields() TransformFunc {
	return func(in interface{}) (interface{}, error) {
		if accessor, err := meta.Accessor(in); err == nil && accessor.GetManagedFields() != nil {
			accessor.SetManagedFields(nil)
		}
		return in, nil
	}
}
