// Package typed holds the generic client that every generated typed client is a
// thin shell over. The request logic for Get, List, Watch, Create, Update,
// UpdateStatus, Delete, DeleteCollection and Patch lives here once, is tested
// once, and the generator only instantiates it with concrete types.
package typed

import (
	"context"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/clientgen/clientgen/runtime/rest"
)

// Object is what a generated kind satisfies: a runtime.Object with ObjectMeta.
type Object interface {
	runtime.Object
	metav1.Object
}

// Client is the typed client for one resource of one kind. A zero namespace
// means the resource is cluster-scoped (or all namespaces for List and Watch).
type Client[T Object] struct {
	resource       string
	client         rest.Interface
	parameterCodec runtime.ParameterCodec
	namespace      string
	newObject      func() T
}

// NewClient returns a Client for resource (the lower-case plural, e.g.
// "widgets") served by client.
func NewClient[T Object](resource string, client rest.Interface, parameterCodec runtime.ParameterCodec, namespace string, newObject func() T) *Client[T] {
	return &Client[T]{
		resource:       resource,
		client:         client,
		parameterCodec: parameterCodec,
		namespace:      namespace,
		newObject:      newObject,
	}
}

// GetClient returns the REST client the typed client sends its requests with.
func (c *Client[T]) GetClient() rest.Interface { return c.client }

// GetNamespace returns the namespace the client is bound to ("" if none).
func (c *Client[T]) GetNamespace() string { return c.namespace }

func (c *Client[T]) scoped(r *rest.Request) *rest.Request {
	return r.NamespaceIfScoped(c.namespace, c.namespace != "").Resource(c.resource)
}

// into runs the request and decodes the response into a new T. On error it
// returns the zero T (nil) rather than an empty object, so that a caller that
// ignores err fails fast instead of acting on a blank object.
func (c *Client[T]) into(ctx context.Context, r *rest.Request) (T, error) {
	result := c.newObject()
	if err := r.Do(ctx).Into(result); err != nil {
		var zero T
		return zero, err
	}
	return result, nil
}

// Get returns the object with the given name.
func (c *Client[T]) Get(ctx context.Context, name string, opts metav1.GetOptions) (T, error) {
	return c.into(ctx, c.scoped(c.client.Get()).Name(name).VersionedParams(&opts, c.parameterCodec))
}

// Create creates obj and returns the server's representation of it.
func (c *Client[T]) Create(ctx context.Context, obj T, opts metav1.CreateOptions) (T, error) {
	return c.into(ctx, c.scoped(c.client.Post()).VersionedParams(&opts, c.parameterCodec).Body(obj))
}

// Update replaces obj (all but its status) and returns the server's representation.
func (c *Client[T]) Update(ctx context.Context, obj T, opts metav1.UpdateOptions) (T, error) {
	return c.into(ctx, c.scoped(c.client.Put()).Name(obj.GetName()).VersionedParams(&opts, c.parameterCodec).Body(obj))
}

// UpdateStatus replaces the status of obj through the status subresource.
func (c *Client[T]) UpdateStatus(ctx context.Context, obj T, opts metav1.UpdateOptions) (T, error) {
	return c.into(ctx, c.scoped(c.client.Put()).Name(obj.GetName()).SubResource("status").VersionedParams(&opts, c.parameterCodec).Body(obj))
}

// Delete deletes the object with the given name.
func (c *Client[T]) Delete(ctx context.Context, name string, opts metav1.DeleteOptions) error {
	return c.scoped(c.client.Delete()).Name(name).Body(&opts).Do(ctx).Error()
}

// Patch applies a patch of type pt to the named object (or one of its
// subresources) and returns the patched object.
func (c *Client[T]) Patch(ctx context.Context, name string, pt types.PatchType, data []byte, opts metav1.PatchOptions, subresources ...string) (T, error) {
	return c.into(ctx, c.scoped(c.client.Patch(pt)).Name(name).SubResource(subresources...).VersionedParams(&opts, c.parameterCodec).Body(data))
}

// ClientWithList adds the collection verbs, which need the kind's List type.
type ClientWithList[T Object, L runtime.Object] struct {
	*Client[T]
	newList func() L
}

// NewClientWithList returns a ClientWithList; see NewClient.
func NewClientWithList[T Object, L runtime.Object](resource string, client rest.Interface, parameterCodec runtime.ParameterCodec, namespace string, newObject func() T, newList func() L) *ClientWithList[T, L] {
	return &ClientWithList[T, L]{
		Client:  NewClient(resource, client, parameterCodec, namespace, newObject),
		newList: newList,
	}
}

// List returns the objects matching opts.
func (c *ClientWithList[T, L]) List(ctx context.Context, opts metav1.ListOptions) (L, error) {
	result := c.newList()
	r := c.scoped(c.client.Get()).VersionedParams(&opts, c.parameterCodec)
	if opts.TimeoutSeconds != nil {
		r = r.Timeout(time.Duration(*opts.TimeoutSeconds) * time.Second)
	}
	if err := r.Do(ctx).Into(result); err != nil {
		var zero L
		return zero, err
	}
	return result, nil
}

// Watch starts a watch of the objects matching opts.
func (c *ClientWithList[T, L]) Watch(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
	opts.Watch = true
	r := c.scoped(c.client.Get()).VersionedParams(&opts, c.parameterCodec)
	if opts.TimeoutSeconds != nil {
		r = r.Timeout(time.Duration(*opts.TimeoutSeconds) * time.Second)
	}
	return r.Watch(ctx)
}

// DeleteCollection deletes every object matching listOpts.
func (c *ClientWithList[T, L]) DeleteCollection(ctx context.Context, opts metav1.DeleteOptions, listOpts metav1.ListOptions) error {
	r := c.scoped(c.client.Delete()).VersionedParams(&listOpts, c.parameterCodec)
	if listOpts.TimeoutSeconds != nil {
		r = r.Timeout(time.Duration(*listOpts.TimeoutSeconds) * time.Second)
	}
	return r.Body(&opts).Do(ctx).Error()
}
