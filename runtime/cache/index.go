package cache

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"k8s.io/apimachinery/pkg/api/meta"
)

// Indexer is a Store with named secondary indexes. An index maps each
// "indexed value" an IndexFunc computes from an object to the keys of the
// objects that produced it.
type Indexer interface {
	Store
	// Index returns the objects that share at least one indexed value with
	// obj in the named index.
	Index(indexName string, obj interface{}) ([]interface{}, error)
	// IndexKeys returns the keys of the objects with the indexed value.
	IndexKeys(indexName, indexedValue string) ([]string, error)
	// ListIndexFuncValues returns every indexed value of the named index.
	ListIndexFuncValues(indexName string) []string
	// ByIndex returns the objects with the indexed value.
	ByIndex(indexName, indexedValue string) ([]interface{}, error)
	// GetIndexers returns the index functions.
	GetIndexers() Indexers
	// AddIndexers adds indexes; objects already stored are indexed at once.
	AddIndexers(newIndexers Indexers) error
}

// IndexFunc computes the indexed values of an object.
type IndexFunc func(obj interface{}) ([]string, error)

// Indexers maps index names to index functions.
type Indexers map[string]IndexFunc

// NamespaceIndex is the name of the index by namespace that generated
// informers install.
const NamespaceIndex string = "namespace"

// MetaNamespaceIndexFunc indexes objects by namespace.
func MetaNamespaceIndexFunc(obj interface{}) ([]string, error) {
	accessor, err := meta.Accessor(obj)
	if err != nil {
		return []string{""}, fmt.Errorf("object has no meta: %v", err)
	}
	return []string{accessor.GetNamespace()}, nil
}

// IndexFuncToKeyFuncAdapter turns an index function that yields exactly
// one value per object into a KeyFunc.
func IndexFuncToKeyFuncAdapter(indexFunc IndexFunc) KeyFunc {
	return func(obj interface{}) (string, error) {
		values, err := indexFunc(obj)
		if err != nil {
			return "", err
		}
		switch len(values) {
		case 0:
			return "", fmt.Errorf("unexpected empty indexKeys")
		case 1:
			return values[0], nil
		}
		return "", fmt.Errorf("too many keys: %v", values)
	}
}

// TypedIndexers maps index names to typed index functions.
type TypedIndexers[T any] map[string]TypedIndexFunc[T]

// TypedIndexFunc computes the indexed values of a T.
type TypedIndexFunc[T any] func(obj T) ([]string, error)

// TypedIndexer adds typed variants to Indexer.
type TypedIndexer[T any] interface {
	Indexer
	TypedIndex(indexName string, obj T) ([]T, error)
	ByTypedIndex(indexName, indexedValue string) ([]T, error)
	AddTypedIndexers(newIndexers TypedIndexers[T]) error
}

// TypedIndexersToIndexers wraps typed index functions for an Indexer.
func TypedIndexersToIndexers[T any](indexers TypedIndexers[T]) Indexers {
	out := make(Indexers, len(indexers))
	for name, fn := range indexers {
		out[name] = TypedIndexerFuncToIndexerFunc(fn)
	}
	return out
}

// TypedIndexerFuncToIndexerFunc wraps one typed index function.
func TypedIndexerFuncToIndexerFunc[T any](fn TypedIndexFunc[T]) IndexFunc {
	return func(obj any) ([]string, error) { return fn(obj.(T)) }
}

// NewTypedIndexer wraps an Indexer whose objects are all of type T.
func NewTypedIndexer[T any](indexer Indexer) TypedIndexer[T] {
	return typedIndexer[T]{indexer}
}

type typedIndexer[T any] struct {
	Indexer
}

func (i typedIndexer[T]) TypedIndex(indexName string, obj T) ([]T, error) {
	return castAll[T](i.Index(indexName, obj))
}

func (i typedIndexer[T]) ByTypedIndex(indexName, indexedValue string) ([]T, error) {
	return castAll[T](i.ByIndex(indexName, indexedValue))
}

func (i typedIndexer[T]) AddTypedIndexers(newIndexers TypedIndexers[T]) error {
	return i.AddIndexers(TypedIndexersToIndexers(newIndexers))
}

func castAll[T any](objs []interface{}, err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	out := make([]T, len(objs))
	for i, o := range objs {
		out[i] = o.(T)
	}
	return out, nil
}

// keySet is the set of store keys that share one indexed value.
type keySet map[string]struct{}

// threadSafeStore is the map of key to object behind every Store, with its
// indexes. Objects are never copied: callers must treat them as read-only.
type threadSafeStore struct {
	mu       sync.RWMutex
	items    map[string]interface{}
	indexers Indexers
	// indices maps index name -> indexed value -> keys.
	indices map[string]map[string]keySet
	// rv is the last resourceVersion written or bookmarked.
	rv string
	// packer, when set, keeps items in compact form (compact.go): every
	// value in items is then packed, and every object leaving the store
	// is decoded from it.
	packer *packer
}

// unpack returns the object behind a stored item.
func (s *threadSafeStore) unpack(item interface{}) interface{} {
	if s.packer == nil {
		return item
	}
	return s.packer.unpack(item)
}

// resourceVersionOf returns the resourceVersion of the object stored
// under key without decoding it.
func (s *threadSafeStore) resourceVersionOf(key string) (rv string, existed bool) {
	s.mu.RLock()
	item, existed := s.items[key]
	s.mu.RUnlock()
	if !existed {
		return "", false
	}
	return resourceVersionOf(item), true
}

func newThreadSafeStore(indexers Indexers) *threadSafeStore {
	s := &threadSafeStore{
		items:    map[string]interface{}{},
		indexers: Indexers{},
		indices:  map[string]map[string]keySet{},
	}
	for name, fn := range indexers {
		s.indexers[name] = fn
		s.indices[name] = map[string]keySet{}
	}
	return s
}

// reserve sizes an empty store for n objects, so that the first sync does
// not grow the map step by step.
func (s *threadSafeStore) reserve(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.items) == 0 && n > 0 {
		s.items = make(map[string]interface{}, n)
	}
}

func (s *threadSafeStore) get(key string) (interface{}, bool) {
	s.mu.RLock()
	item, ok := s.items[key]
	s.mu.RUnlock()
	if !ok {
		return nil, false
	}
	return s.unpack(item), true
}

// put stores obj under key and returns the object it replaced.
func (s *threadSafeStore) put(key string, obj interface{}) (old interface{}, existed bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, existed = s.items[key]
	if existed {
		old = s.unpack(old)
	}
	if s.packer != nil {
		s.items[key] = s.packer.pack(obj)
	} else {
		s.items[key] = obj
	}
	if existed {
		s.reindex(key, old, obj)
	} else {
		s.reindex(key, nil, obj)
	}
	return old, existed
}

// remove deletes key and returns the object it held.
func (s *threadSafeStore) remove(key string) (old interface{}, existed bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, existed = s.items[key]
	if existed {
		old = s.unpack(old)
		delete(s.items, key)
		s.reindex(key, old, nil)
	}
	return old, existed
}

func (s *threadSafeStore) replaceAll(items map[string]interface{}, rv string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items = items
	for name := range s.indices {
		s.indices[name] = map[string]keySet{}
	}
	for key, obj := range items {
		s.reindex(key, nil, obj)
		if s.packer != nil {
			items[key] = s.packer.pack(obj)
		}
	}
	s.rv = rv
}

// reindex moves key from old's indexed values to obj's. Either may be nil.
// An index function error leaves that index untouched for this object, as
// there is no caller to return it to on the informer's path.
func (s *threadSafeStore) reindex(key string, old, obj interface{}) {
	for name, fn := range s.indexers {
		var oldValues, newValues []string
		if old != nil {
			oldValues, _ = fn(old)
		}
		if obj != nil {
			newValues, _ = fn(obj)
		}
		// Most updates leave indexed values unchanged (namespace, owner).
		if len(oldValues) == 1 && len(newValues) == 1 && oldValues[0] == newValues[0] {
			continue
		}
		index := s.indices[name]
		for _, v := range oldValues {
			if set := index[v]; set != nil {
				delete(set, key)
				if len(set) == 0 {
					delete(index, v)
				}
			}
		}
		for _, v := range newValues {
			set := index[v]
			if set == nil {
				set = keySet{}
				// The value may be a decoded string sharing a block with
				// other objects; the index outlives this object.
				index[strings.Clone(v)] = set
			}
			set[key] = struct{}{}
		}
	}
}

func (s *threadSafeStore) List() []interface{} {
	s.mu.RLock()
	defer s.mu.RUnlock()
	list := make([]interface{}, 0, len(s.items))
	for _, item := range s.items {
		list = append(list, s.unpack(item))
	}
	return list
}

func (s *threadSafeStore) ListKeys() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	keys := make([]string, 0, len(s.items))
	for key := range s.items {
		keys = append(keys, key)
	}
	return keys
}

func (s *threadSafeStore) len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.items)
}

func (s *threadSafeStore) LastStoreSyncResourceVersion() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.rv
}

func (s *threadSafeStore) Bookmark(rv string) {
	s.mu.Lock()
	s.rv = rv
	s.mu.Unlock()
}

func (s *threadSafeStore) Index(indexName string, obj interface{}) ([]interface{}, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	fn, ok := s.indexers[indexName]
	if !ok {
		return nil, fmt.Errorf("Index with name %s does not exist", indexName)
	}
	values, err := fn(obj)
	if err != nil {
		return nil, err
	}
	index := s.indices[indexName]
	if len(values) == 1 {
		return s.objects(index[values[0]]), nil
	}
	union := keySet{}
	for _, v := range values {
		for key := range index[v] {
			union[key] = struct{}{}
		}
	}
	return s.objects(union), nil
}

func (s *threadSafeStore) objects(keys keySet) []interface{} {
	list := make([]interface{}, 0, len(keys))
	for key := range keys {
		list = append(list, s.unpack(s.items[key]))
	}
	return list
}

func (s *threadSafeStore) ByIndex(indexName, indexedValue string) ([]interface{}, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if _, ok := s.indexers[indexName]; !ok {
		return nil, fmt.Errorf("Index with name %s does not exist", indexName)
	}
	return s.objects(s.indices[indexName][indexedValue]), nil
}

func (s *threadSafeStore) IndexKeys(indexName, indexedValue string) ([]string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if _, ok := s.indexers[indexName]; !ok {
		return nil, fmt.Errorf("Index with name %s does not exist", indexName)
	}
	set := s.indices[indexName][indexedValue]
	keys := make([]string, 0, len(set))
	for key := range set {
		keys = append(keys, key)
	}
	return keys, nil
}

func (s *threadSafeStore) ListIndexFuncValues(indexName string) []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	index := s.indices[indexName]
	values := make([]string, 0, len(index))
	for v := range index {
		values = append(values, v)
	}
	return values
}

func (s *threadSafeStore) GetIndexers() Indexers {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make(Indexers, len(s.indexers))
	for name, fn := range s.indexers {
		out[name] = fn
	}
	return out
}

// AddIndexers adds indexes and builds them from the objects already stored.
// A name that is already taken is an error, as in client-go.
func (s *threadSafeStore) AddIndexers(newIndexers Indexers) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var taken []string
	for name := range newIndexers {
		if _, ok := s.indexers[name]; ok {
			taken = append(taken, name)
		}
	}
	if len(taken) > 0 {
		sort.Strings(taken)
		return fmt.Errorf("indexer conflict: %v", taken)
	}
	for name, fn := range newIndexers {
		s.indexers[name] = fn
		s.indices[name] = map[string]keySet{}
	}
	only := s.indexers
	s.indexers = newIndexers
	for key, item := range s.items {
		s.reindex(key, nil, s.unpack(item))
	}
	s.indexers = only
	return nil
}
