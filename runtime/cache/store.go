package cache

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// Store is client-go's generic object storage interface. Every method is
// safe for concurrent use.
type Store interface {
	// Add stores obj under its key.
	Add(obj interface{}) error
	// Update stores obj under its key.
	Update(obj interface{}) error
	// Delete removes the object stored under obj's key.
	Delete(obj interface{}) error
	// List returns every stored object.
	List() []interface{}
	// ListKeys returns every key.
	ListKeys() []string
	// LastStoreSyncResourceVersion is the latest resourceVersion the store
	// has seen from a list, a watch event or a bookmark.
	LastStoreSyncResourceVersion() string
	// Bookmark records rv as seen.
	Bookmark(rv string)
	// Get returns the object stored under obj's key.
	Get(obj interface{}) (item interface{}, exists bool, err error)
	// GetByKey returns the object stored under key.
	GetByKey(key string) (item interface{}, exists bool, err error)
	// Replace swaps the contents for list; the store owns list afterwards.
	Replace([]interface{}, string) error
	// Resync does nothing here; it is part of the interface for client-go's
	// queue implementations.
	Resync() error
}

// KeyFunc makes a store key from an object; it must be deterministic.
type KeyFunc func(obj interface{}) (string, error)

// KeyError is returned when a KeyFunc fails; it carries the object.
type KeyError struct {
	Obj interface{}
	Err error
}

// Error implements error.
func (k KeyError) Error() string {
	return fmt.Sprintf("couldn't create key for object %+v: %v", k.Obj, k.Err)
}

// Unwrap returns the KeyFunc's error.
func (k KeyError) Unwrap() error { return k.Err }

// ExplicitKey can be given to MetaNamespaceKeyFunc in place of an object
// whose key is already known.
type ExplicitKey string

// MetaNamespaceKeyFunc is the default KeyFunc: "<namespace>/<name>", or
// "<name>" for cluster-scoped objects.
//
// The key never shares memory with the object's name: decoded strings may
// live in blocks shared with other objects (runtime/codec), and a map key
// outlives the object it was made from (a Go map keeps the first key it saw
// for an entry), so a borrowed name would pin its whole block after the
// object is gone.
func MetaNamespaceKeyFunc(obj interface{}) (string, error) {
	if key, ok := obj.(ExplicitKey); ok {
		return string(key), nil
	}
	accessor, err := meta.Accessor(obj)
	if err != nil {
		return "", fmt.Errorf("object has no meta: %v", err)
	}
	if ns := accessor.GetNamespace(); ns != "" {
		return ns + "/" + accessor.GetName(), nil
	}
	return strings.Clone(accessor.GetName()), nil
}

// DeletionHandlingMetaNamespaceKeyFunc is MetaNamespaceKeyFunc that also
// accepts DeletedFinalStateUnknown tombstones.
func DeletionHandlingMetaNamespaceKeyFunc(obj interface{}) (string, error) {
	if d, ok := obj.(DeletedFinalStateUnknown); ok {
		return d.Key, nil
	}
	return MetaNamespaceKeyFunc(obj)
}

// SplitMetaNamespaceKey splits a key made by MetaNamespaceKeyFunc.
func SplitMetaNamespaceKey(key string) (namespace, name string, err error) {
	parts := strings.Split(key, "/")
	switch len(parts) {
	case 1:
		return "", parts[0], nil
	case 2:
		return parts[0], parts[1], nil
	}
	return "", "", fmt.Errorf("unexpected key format: %q", key)
}

// ObjectName is an object's namespace and name.
type ObjectName struct {
	Namespace string
	Name      string
}

// NewObjectName returns ObjectName{namespace, name}.
func NewObjectName(namespace, name string) ObjectName {
	return ObjectName{Namespace: namespace, Name: name}
}

// Parts returns the namespace and the name.
func (n ObjectName) Parts() (namespace, name string) { return n.Namespace, n.Name }

// String is the key MetaNamespaceKeyFunc makes for the object.
func (n ObjectName) String() string {
	if n.Namespace != "" {
		return n.Namespace + "/" + n.Name
	}
	return n.Name
}

// AsNamespacedName converts to types.NamespacedName.
func (n ObjectName) AsNamespacedName() types.NamespacedName {
	return types.NamespacedName{Namespace: n.Namespace, Name: n.Name}
}

// ParseObjectName is the inverse of ObjectName.String.
func ParseObjectName(s string) (ObjectName, error) {
	ns, name, err := SplitMetaNamespaceKey(s)
	return ObjectName{Namespace: ns, Name: name}, err
}

// NamespacedNameAsObjectName converts a types.NamespacedName.
func NamespacedNameAsObjectName(nn types.NamespacedName) ObjectName {
	return ObjectName{Namespace: nn.Namespace, Name: nn.Name}
}

// ObjectToName returns the object's namespace and name.
func ObjectToName(obj interface{}) (ObjectName, error) {
	accessor, err := meta.Accessor(obj)
	if err != nil {
		return ObjectName{}, fmt.Errorf("object has no meta: %v", err)
	}
	return MetaObjectToName(accessor), nil
}

// MetaObjectToName returns the object's namespace and name.
func MetaObjectToName(obj metav1.Object) ObjectName {
	return ObjectName{Namespace: obj.GetNamespace(), Name: obj.GetName()}
}

// DeletionHandlingObjectToName is ObjectToName that also accepts
// DeletedFinalStateUnknown tombstones.
func DeletionHandlingObjectToName(obj interface{}) (ObjectName, error) {
	if d, ok := obj.(DeletedFinalStateUnknown); ok {
		return ParseObjectName(d.Key)
	}
	return ObjectToName(obj)
}

// StoreOption configures NewStore and NewIndexer.
type StoreOption = func(*storeOptions)

type storeOptions struct {
	transform TransformFunc
	// compactExample, when set, turns on compact storage for objects of
	// its type.
	compactExample interface{}
}

// WithCompactStorage keeps objects of example's type (a pointer to a
// struct) in compact form: deflated JSON, decoded on every read (compact.go
// says what that costs). Objects of other types are kept as they are.
func WithCompactStorage(example interface{}) StoreOption {
	return func(o *storeOptions) { o.compactExample = example }
}

// WithTransformer makes the store pass every object given to Add, Update
// and Replace through transformer before storing it.
func WithTransformer(transformer TransformFunc) StoreOption {
	return func(o *storeOptions) { o.transform = transformer }
}

// NewStore returns a Store keyed by keyFunc.
func NewStore(keyFunc KeyFunc, opts ...StoreOption) Store {
	return newKeyedStore(keyFunc, Indexers{}, opts)
}

// NewIndexer returns an Indexer keyed by keyFunc with the given indexes.
func NewIndexer(keyFunc KeyFunc, indexers Indexers, opts ...StoreOption) Indexer {
	return newKeyedStore(keyFunc, indexers, opts)
}

// keyedStore adapts the key-based threadSafeStore to the object-based Store
// and Indexer interfaces.
type keyedStore struct {
	*threadSafeStore
	keyFunc   KeyFunc
	transform TransformFunc
}

func newKeyedStore(keyFunc KeyFunc, indexers Indexers, opts []StoreOption) *keyedStore {
	var o storeOptions
	for _, opt := range opts {
		opt(&o)
	}
	s := &keyedStore{threadSafeStore: newThreadSafeStore(indexers), keyFunc: keyFunc, transform: o.transform}
	if o.compactExample != nil {
		// An example that cannot be packed leaves the store plain, as
		// objects of another type do.
		s.packer, _ = newPacker(o.compactExample)
	}
	return s
}

func (s *keyedStore) prepare(obj interface{}) (string, interface{}, error) {
	if s.transform != nil {
		var err error
		if obj, err = s.transform(obj); err != nil {
			return "", nil, err
		}
	}
	key, err := s.keyFunc(obj)
	if err != nil {
		return "", nil, KeyError{obj, err}
	}
	return key, obj, nil
}

func (s *keyedStore) Add(obj interface{}) error { return s.Update(obj) }

func (s *keyedStore) Update(obj interface{}) error {
	key, obj, err := s.prepare(obj)
	if err != nil {
		return err
	}
	s.put(key, obj)
	s.observe(obj)
	return nil
}

func (s *keyedStore) Delete(obj interface{}) error {
	key, err := s.keyFunc(obj)
	if err != nil {
		return KeyError{obj, err}
	}
	s.remove(key)
	s.observe(obj)
	return nil
}

func (s *keyedStore) Get(obj interface{}) (interface{}, bool, error) {
	key, err := s.keyFunc(obj)
	if err != nil {
		return nil, false, KeyError{obj, err}
	}
	return s.GetByKey(key)
}

func (s *keyedStore) GetByKey(key string) (interface{}, bool, error) {
	item, ok := s.get(key)
	return item, ok, nil
}

func (s *keyedStore) Replace(list []interface{}, resourceVersion string) error {
	items := make(map[string]interface{}, len(list))
	for _, obj := range list {
		key, obj, err := s.prepare(obj)
		if err != nil {
			return err
		}
		items[key] = obj
	}
	s.replaceAll(items, resourceVersion)
	return nil
}

func (s *keyedStore) Resync() error { return nil }

// observe records the resourceVersion of an object written to the store.
func (s *keyedStore) observe(obj interface{}) {
	if accessor, err := meta.Accessor(obj); err == nil {
		if rv := accessor.GetResourceVersion(); rv != "" {
			s.Bookmark(rv)
		}
	}
}
