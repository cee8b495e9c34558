// Package typed holds the generic client that every generated typed client is a
// thin shell over. The request logic for Get, List, Watch, Create, Update,
// UpdateStatus, Delete, DeleteCollection, Patch, Apply and ApplyStatus, and for
// the extension methods of +genclient:method tags (GetInto, UpdateInto, ...),
// lives here once, is tested once, and the generator only instantiates it with
// concrete types.
//
// The clients, their constructors and the extension-method helpers are for
// generated code only, as protobuf-go's protoimpl is: user code calls the
// generated interfaces, which are the contract. Each such name says so in
// its doc comment; runtime/generated_names_test.go keeps the list.
package typed

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/validation/field"
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
//
// For generated code only: generated kind clients embed it; user code calls
// the methods of the generated interfaces. Not covered by compatibility
// promises.
type Client[T Object] struct {
	resource       string
	client         rest.Interface
	parameterCodec runtime.ParameterCodec
	namespace      string
	newObject      func() T
}

// NewClient returns a Client for resource (the lower-case plural, e.g.
// "widgets") served by client.
//
// For generated code only: generated kind clients are built with it. Not
// covered by compatibility promises.
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

// Watch starts a watch of the objects matching opts.
func (c *Client[T]) Watch(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
	opts.Watch = true
	r := c.scoped(c.client.Get()).VersionedParams(&opts, c.parameterCodec)
	if opts.TimeoutSeconds != nil {
		r = r.Timeout(time.Duration(*opts.TimeoutSeconds) * time.Second)
	}
	return r.Watch(ctx)
}

// DeleteCollection deletes every object matching listOpts.
func (c *Client[T]) DeleteCollection(ctx context.Context, opts metav1.DeleteOptions, listOpts metav1.ListOptions) error {
	r := c.scoped(c.client.Delete()).VersionedParams(&listOpts, c.parameterCodec)
	if listOpts.TimeoutSeconds != nil {
		r = r.Timeout(time.Duration(*listOpts.TimeoutSeconds) * time.Second)
	}
	return r.Body(&opts).Do(ctx).Error()
}

// ClientWithList adds List, which needs the kind's List type. (Watch and
// DeleteCollection need no List type and live on Client, so a client with
// +genclient:onlyVerbs=deleteCollection or watch compiles without one.)
//
// For generated code only: generated kind clients embed it; user code calls
// the methods of the generated interfaces. Not covered by compatibility
// promises.
type ClientWithList[T Object, L runtime.Object] struct {
	*Client[T]
	newList func() L
}

// NewClientWithList returns a ClientWithList; see NewClient.
//
// For generated code only: generated kind clients are built with it. Not
// covered by compatibility promises.
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

// ApplyConfiguration is what a generated apply configuration of a kind
// satisfies: a pointer to a struct whose GetName reads metadata.name.
type ApplyConfiguration interface {
	comparable
	GetName() *string
}

// ClientWithApply adds Apply and ApplyStatus (server-side apply) to Client
// for kinds without a List verb.
//
// For generated code only: generated kind clients embed it; user code calls
// the methods of the generated interfaces. Not covered by compatibility
// promises.
type ClientWithApply[T Object, C ApplyConfiguration] struct {
	*Client[T]
}

// NewClientWithApply returns a ClientWithApply; see NewClient.
//
// For generated code only: generated kind clients are built with it. Not
// covered by compatibility promises.
func NewClientWithApply[T Object, C ApplyConfiguration](resource string, client rest.Interface, parameterCodec runtime.ParameterCodec, namespace string, newObject func() T) *ClientWithApply[T, C] {
	return &ClientWithApply[T, C]{Client: NewClient(resource, client, parameterCodec, namespace, newObject)}
}

// Apply sends obj as a server-side apply patch and returns the object as the
// server has it afterwards.
func (c *ClientWithApply[T, C]) Apply(ctx context.Context, obj C, opts metav1.ApplyOptions) (T, error) {
	return applyObject(ctx, c.Client, obj, opts)
}

// ApplyStatus sends obj as a server-side apply patch to the status subresource.
func (c *ClientWithApply[T, C]) ApplyStatus(ctx context.Context, obj C, opts metav1.ApplyOptions) (T, error) {
	return applyObject(ctx, c.Client, obj, opts, "status")
}

// ClientWithListAndApply is ClientWithList plus Apply and ApplyStatus.
//
// For generated code only: generated kind clients embed it; user code calls
// the methods of the generated interfaces. Not covered by compatibility
// promises.
type ClientWithListAndApply[T Object, L runtime.Object, C ApplyConfiguration] struct {
	*ClientWithList[T, L]
}

// NewClientWithListAndApply returns a ClientWithListAndApply; see NewClient.
//
// For generated code only: generated kind clients are built with it. Not
// covered by compatibility promises.
func NewClientWithListAndApply[T Object, L runtime.Object, C ApplyConfiguration](resource string, client rest.Interface, parameterCodec runtime.ParameterCodec, namespace string, newObject func() T, newList func() L) *ClientWithListAndApply[T, L, C] {
	return &ClientWithListAndApply[T, L, C]{ClientWithList: NewClientWithList(resource, client, parameterCodec, namespace, newObject, newList)}
}

// Apply sends obj as a server-side apply patch and returns the object as the
// server has it afterwards.
func (c *ClientWithListAndApply[T, L, C]) Apply(ctx context.Context, obj C, opts metav1.ApplyOptions) (T, error) {
	return applyObject(ctx, c.Client, obj, opts)
}

// ApplyStatus sends obj as a server-side apply patch to the status subresource.
func (c *ClientWithListAndApply[T, L, C]) ApplyStatus(ctx context.Context, obj C, opts metav1.ApplyOptions) (T, error) {
	return applyObject(ctx, c.Client, obj, opts, "status")
}

func applyObject[T Object, C ApplyConfiguration](ctx context.Context, c *Client[T], obj C, opts metav1.ApplyOptions, subresources ...string) (T, error) {
	var zero T
	var nilC C
	if obj == nilC {
		return zero, fmt.Errorf("apply %s: the apply configuration is nil: build one with the generated constructor, e.g. applyconfiguration.<Kind>(name, namespace)", c.resource)
	}
	name := obj.GetName()
	if name == nil || *name == "" {
		return zero, fmt.Errorf("apply %s: the apply configuration has no name: set it with WithName or the constructor", c.resource)
	}
	result := c.newObject()
	if err := c.ApplyInto(ctx, *name, obj, opts, result, subresources...); err != nil {
		return zero, err
	}
	return result, nil
}

// The methods below serve generated extension methods
// (+genclient:method=Name,verb=...): they send the verb's request for the
// named object (name "" addresses the collection) or one of its subresources
// and decode the answer into result, whose type the tag chose.

// GetInto gets the named object or subresource into result.
//
// For generated code only: generated extension methods (+genclient:method)
// call it. Not covered by compatibility promises.
func (c *Client[T]) GetInto(ctx context.Context, name string, opts metav1.GetOptions, result runtime.Object, subresources ...string) error {
	return c.named(c.client.Get(), name, subresources).VersionedParams(&opts, c.parameterCodec).Do(ctx).Into(result)
}

// ListInto lists the collection (name "") or a subresource of the named
// object into result.
//
// For generated code only: generated extension methods (+genclient:method)
// call it. Not covered by compatibility promises.
func (c *Client[T]) ListInto(ctx context.Context, name string, opts metav1.ListOptions, result runtime.Object, subresources ...string) error {
	r := c.named(c.client.Get(), name, subresources).VersionedParams(&opts, c.parameterCodec)
	if opts.TimeoutSeconds != nil {
		r = r.Timeout(time.Duration(*opts.TimeoutSeconds) * time.Second)
	}
	return r.Do(ctx).Into(result)
}

// CreateInto posts body to the collection (name "") or to a subresource of
// the named object and decodes the answer into result.
//
// For generated code only: generated extension methods (+genclient:method)
// call it. Not covered by compatibility promises.
func (c *Client[T]) CreateInto(ctx context.Context, name string, body runtime.Object, opts metav1.CreateOptions, result runtime.Object, subresources ...string) error {
	return c.named(c.client.Post(), name, subresources).VersionedParams(&opts, c.parameterCodec).Body(body).Do(ctx).Into(result)
}

// UpdateInto puts body to the named object or its subresource and decodes
// the answer into result.
//
// For generated code only: generated extension methods (+genclient:method)
// call it. Not covered by compatibility promises.
func (c *Client[T]) UpdateInto(ctx context.Context, name string, body runtime.Object, opts metav1.UpdateOptions, result runtime.Object, subresources ...string) error {
	return c.named(c.client.Put(), name, subresources).VersionedParams(&opts, c.parameterCodec).Body(body).Do(ctx).Into(result)
}

// PatchInto sends a patch of type pt to the named object or its subresource
// and decodes the answer into result.
//
// For generated code only: generated extension methods (+genclient:method)
// call it. Not covered by compatibility promises.
func (c *Client[T]) PatchInto(ctx context.Context, name string, pt types.PatchType, data []byte, opts metav1.PatchOptions, result runtime.Object, subresources ...string) error {
	return c.named(c.client.Patch(pt), name, subresources).VersionedParams(&opts, c.parameterCodec).Body(data).Do(ctx).Into(result)
}

// ApplyInto sends applyConfiguration, marshalled to JSON, as a server-side
// apply patch (application/apply-patch+yaml, of which JSON is a subset) to
// the named object or its subresource, with the field manager and force flag
// of opts, and decodes the answer into result.
//
// For generated code only: generated extension methods (+genclient:method)
// call it. Not covered by compatibility promises.
func (c *Client[T]) ApplyInto(ctx context.Context, name string, applyConfiguration any, opts metav1.ApplyOptions, result runtime.Object, subresources ...string) error {
	if applyConfiguration == nil || (reflect.ValueOf(applyConfiguration).Kind() == reflect.Pointer && reflect.ValueOf(applyConfiguration).IsNil()) {
		return fmt.Errorf("apply %s %q: the apply configuration is nil", c.resource, name)
	}
	if name == "" {
		return fmt.Errorf("apply %s: the object name is empty: server-side apply addresses one named object", c.resource)
	}
	if opts.FieldManager == "" {
		// The server refuses an apply without a field manager; say so
		// before sending, and take the Config's default when it has one.
		if d, ok := c.client.(interface{ FieldManager() string }); ok {
			opts.FieldManager = d.FieldManager()
		}
		if opts.FieldManager == "" {
			// The error the server would answer (422 Invalid, so
			// apierrors.IsInvalid holds either way), with what to do.
			return apierrors.NewInvalid(schema.GroupKind{Group: "meta.k8s.io", Kind: "PatchOptions"}, "", field.ErrorList{field.Required(field.NewPath("fieldManager"),
				fmt.Sprintf("apply %s %q: no field manager, and server-side apply records which manager owns each field: set metav1.ApplyOptions.FieldManager (e.g. the controller's name), or rest.Config.FieldManager as the default of every client built from that Config", c.resource, name))})
		}
	}
	body, err := json.Marshal(applyConfiguration)
	if err != nil {
		return fmt.Errorf("apply %s %q: marshal the apply configuration: %w", c.resource, name, err)
	}
	patchOpts := opts.ToPatchOptions()
	return c.named(c.client.Patch(types.ApplyPatchType), name, subresources).VersionedParams(&patchOpts, c.parameterCodec).Body(body).Do(ctx).Into(result)
}

func (c *Client[T]) named(r *rest.Request, name string, subresources []string) *rest.Request {
	r = c.scoped(r)
	if name != "" {
		r = r.Name(name)
	}
	return r.SubResource(subresources...)
}

// ObjectName returns the name of obj for a generated extension method that
// takes a whole object without a subresource: obj's metadata.name when it is
// an object (GetName() string) or an apply configuration (GetName() *string).
//
// For generated code only: generated extension methods (+genclient:method)
// call it. Not covered by compatibility promises.
func ObjectName(obj any) (string, error) {
	switch o := obj.(type) {
	case interface{ GetName() string }:
		if n := o.GetName(); n != "" {
			return n, nil
		}
	case interface{ GetName() *string }:
		if n := o.GetName(); n != nil && *n != "" {
			return *n, nil
		}
	default:
		return "", fmt.Errorf("%T has no GetName method, so the object to send it to is unknown: give the +genclient:method tag a subresource, or an input type with ObjectMeta", obj)
	}
	return "", fmt.Errorf("%T has an empty name: set metadata.name", obj)
}
