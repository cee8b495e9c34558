package cache

import (
	"sync"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// sharedEntries bounds each table of a managedFieldsSharer; a full table
// starts over (objects keep what they share), so that a stream of unique
// values costs a bounded amount.
const sharedEntries = 4096

// managedFieldsSharer makes the managedFields of cached objects share their
// FieldsV1 trees and timestamps with other cached objects that carry equal
// ones. A FieldsV1 tree lists field names only, so every object one manager
// wrote the same way carries the same bytes (about 1 KB for an object with
// a dozen labels and annotations); timestamps repeat because many objects
// are written within one second.
//
// The cache may share them because cached objects are read-only: the
// contract of every informer, lister and handler is that callers copy an
// object (DeepCopy copies FieldsV1 and Time) before changing it. Only typed
// objects are shared; an unstructured object keeps its own maps.
type managedFieldsSharer struct {
	mu     sync.Mutex
	fields map[string]*metav1.FieldsV1
	times  map[time.Time]*metav1.Time
}

// share replaces the FieldsV1 and Time pointers of obj's managedFields
// entries with equal ones already cached.
func (s *managedFieldsSharer) share(obj interface{}) {
	accessor, ok := obj.(metav1.ObjectMetaAccessor)
	if !ok {
		return
	}
	meta, ok := accessor.GetObjectMeta().(*metav1.ObjectMeta)
	if !ok || len(meta.ManagedFields) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range meta.ManagedFields {
		e := &meta.ManagedFields[i]
		if e.FieldsV1 != nil && e.FieldsV1.Raw != nil {
			e.FieldsV1 = s.fieldsV1(e.FieldsV1)
		}
		if e.Time != nil {
			e.Time = s.time(e.Time)
		}
	}
}

func (s *managedFieldsSharer) fieldsV1(f *metav1.FieldsV1) *metav1.FieldsV1 {
	if shared, ok := s.fields[string(f.Raw)]; ok {
		return shared
	}
	if s.fields == nil || len(s.fields) >= sharedEntries {
		s.fields = make(map[string]*metav1.FieldsV1)
	}
	s.fields[string(f.Raw)] = f
	return f
}

func (s *managedFieldsSharer) time(t *metav1.Time) *metav1.Time {
	if shared, ok := s.times[t.Time]; ok {
		return shared
	}
	if s.times == nil || len(s.times) >= sharedEntries {
		s.times = make(map[time.Time]*metav1.Time)
	}
	s.times[t.Time] = t
	return t
}
