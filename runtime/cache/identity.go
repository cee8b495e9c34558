package cache

import (
	"errors"
	"sync"

	"k8s.io/apimachinery/pkg/runtime/schema"
)

// InformerName names a set of informers (a factory) for metrics. It has
// client-go's API so that generated factories compile; clientgen publishes
// no informer metrics yet, and names are not checked for uniqueness across
// the process (client-go does that with a package-level registry, which
// this runtime does not keep).
type InformerName struct {
	name string
	mu   sync.Mutex
	gvrs map[schema.GroupVersionResource]bool
}

// NewInformerName returns an InformerName; the name must not be empty.
func NewInformerName(name string) (*InformerName, error) {
	if name == "" {
		return nil, errors.New("informer name cannot be empty")
	}
	return &InformerName{name: name, gvrs: map[schema.GroupVersionResource]bool{}}, nil
}

// Name returns the name; "" for a nil InformerName.
func (n *InformerName) Name() string {
	if n == nil {
		return ""
	}
	return n.name
}

// WithResource returns the identity of one informer of the set. The first
// registration of a resource is Reserved, later ones are not. A nil
// InformerName gives an identity that is never Reserved.
func (n *InformerName) WithResource(gvr schema.GroupVersionResource) InformerNameAndResource {
	if n == nil {
		return InformerNameAndResource{gvr: gvr}
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	id := InformerNameAndResource{name: n.name, gvr: gvr}
	if n.gvrs != nil && !n.gvrs[gvr] {
		n.gvrs[gvr] = true
		id.reserved = true
	}
	return id
}

// Release forgets the registered resources; nil is allowed (generated
// factories call it on Shutdown whether or not a name was set).
func (n *InformerName) Release() {
	if n == nil {
		return
	}
	n.mu.Lock()
	n.gvrs = nil
	n.mu.Unlock()
}

// InformerNameAndResource identifies one informer: a name and a resource.
type InformerNameAndResource struct {
	name     string
	gvr      schema.GroupVersionResource
	reserved bool
}

// Reserved reports whether this identity was the first registration of its
// resource under its name.
func (n InformerNameAndResource) Reserved() bool { return n.reserved }

// Name returns the informer name.
func (n InformerNameAndResource) Name() string { return n.name }

// GroupVersionResource returns the resource.
func (n InformerNameAndResource) GroupVersionResource() schema.GroupVersionResource { return n.gvr }
