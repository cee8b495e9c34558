// Package fake holds the generic fake typed client that every generated fake
// kind client (typed/<group>/<version>/fake) is a thin shell over, as
// runtime/typed's Client is for the real ones. It has the same types and
// method set as runtime/typed (Client, ClientWithList, ClientWithApply,
// ClientWithListAndApply, and the GetInto... helpers of extension methods);
// each method records an Action on a testing.Fake and returns what the
// Fake's reactors answer, by default the object tracker.
//
// As in runtime/typed, the clients and their constructors are for generated
// code only: tests call the generated fake clientset's interfaces.
package fake

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	clienttesting "github.com/clientgen/clientgen/runtime/testing"
	"github.com/clientgen/clientgen/runtime/typed"
)

// Client is the fake of typed.Client: the verbs of one resource of one kind,
// in one namespace ("" for a cluster-scoped resource, or all namespaces).
//
// For generated code only: generated fake kind clients embed it; tests call
// the methods of the generated interfaces. Not covered by compatibility
// promises.
type Client[T typed.Object] struct {
	*clienttesting.Fake
	ns        string
	resource  schema.GroupVersionResource
	kind      schema.GroupVersionKind
	newObject func() T
}

// NewClient returns a Client recording on fake.
//
// For generated code only: generated fake kind clients are built with it. Not
// covered by compatibility promises.
func NewClient[T typed.Object](fake *clienttesting.Fake, namespace string, resource schema.GroupVersionResource, kind schema.GroupVersionKind, newObject func() T) *Client[T] {
	return &Client[T]{Fake: fake, ns: namespace, resource: resource, kind: kind, newObject: newObject}
}

// Namespace returns the namespace the client is bound to.
func (c *Client[T]) Namespace() string { return c.ns }

// Kind returns the kind of the client's objects.
func (c *Client[T]) Kind() schema.GroupVersionKind { return c.kind }

// Resource returns the client's resource.
func (c *Client[T]) Resource() schema.GroupVersionResource { return c.resource }

// object turns a reactor's answer into a T. As with the real client an
// error gives the zero T (nil); an unanswered action gives an empty object.
// An answer of another Go type (an Unstructured object a fake dynamic client
// stored, say) is converted.
func (c *Client[T]) object(obj runtime.Object, err error) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	if obj == nil {
		return c.newObject(), nil
	}
	if t, ok := obj.(T); ok {
		return t, nil
	}
	out := c.newObject()
	if err := convertInto(obj, out); err != nil {
		return zero, fmt.Errorf("fake %s: a reactor answered with %T, which does not convert to %T: %w", c.resource.Resource, obj, out, err)
	}
	return out, nil
}

// Get records a get action and returns the reactors' answer.
func (c *Client[T]) Get(ctx context.Context, name string, opts metav1.GetOptions) (T, error) {
	return c.object(c.Invokes(clienttesting.NewGetActionWithOptions(c.resource, c.ns, name, opts), c.newObject()))
}

// Create records a create action.
func (c *Client[T]) Create(ctx context.Context, obj T, opts metav1.CreateOptions) (T, error) {
	return c.object(c.Invokes(clienttesting.NewCreateActionWithOptions(c.resource, c.ns, obj, opts), c.newObject()))
}

// Update records an update action.
func (c *Client[T]) Update(ctx context.Context, obj T, opts metav1.UpdateOptions) (T, error) {
	return c.object(c.Invokes(clienttesting.NewUpdateActionWithOptions(c.resource, c.ns, obj, opts), c.newObject()))
}

// UpdateStatus records an update action on the status subresource.
func (c *Client[T]) UpdateStatus(ctx context.Context, obj T, opts metav1.UpdateOptions) (T, error) {
	return c.object(c.Invokes(clienttesting.NewUpdateSubresourceActionWithOptions(c.resource, "status", c.ns, obj, opts), c.newObject()))
}

// Delete records a delete action.
func (c *Client[T]) Delete(ctx context.Context, name string, opts metav1.DeleteOptions) error {
	_, err := c.Invokes(clienttesting.NewDeleteActionWithOptions(c.resource, c.ns, name, opts), c.newObject())
	return err
}

// DeleteCollection records a delete-collection action.
func (c *Client[T]) DeleteCollection(ctx context.Context, opts metav1.DeleteOptions, listOpts metav1.ListOptions) error {
	_, err := c.Invokes(clienttesting.NewDeleteCollectionActionWithOptions(c.resource, c.ns, opts, listOpts), nil)
	return err
}

// Patch records a patch action.
func (c *Client[T]) Patch(ctx context.Context, name string, pt types.PatchType, data []byte, opts metav1.PatchOptions, subresources ...string) (T, error) {
	return c.object(c.Invokes(clienttesting.NewPatchSubresourceActionWithOptions(c.resource, c.ns, name, pt, data, opts, subresources...), c.newObject()))
}

// Watch records a watch action and returns the watch reactors' answer. The
// watch stops when ctx is done, as a real one does.
func (c *Client[T]) Watch(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
	opts.Watch = true
	w, err := c.InvokesWatch(clienttesting.NewWatchActionWithOptions(c.resource, c.ns, opts))
	if err != nil || w == nil {
		return w, err
	}
	stop := context.AfterFunc(ctx, w.Stop)
	return &stopWatch{Interface: w, release: stop}, nil
}

// stopWatch releases the context hook when the watch is stopped first.
type stopWatch struct {
	watch.Interface
	release func() bool
}

func (w *stopWatch) Stop() {
	w.release()
	w.Interface.Stop()
}

// The helpers of generated extension methods (+genclient:method), with
// typed.Client's signatures: each records the verb's action on the named
// object (name "" is the collection) or its subresource and decodes the
// answer into result.

// GetInto records a get of the named object or subresource.
//
// For generated code only: generated fake extension methods call it. Not
// covered by compatibility promises.
func (c *Client[T]) GetInto(ctx context.Context, name string, opts metav1.GetOptions, result runtime.Object, subresources ...string) error {
	return into(c.Invokes(clienttesting.NewGetSubresourceActionWithOptions(c.resource, c.ns, join(subresources), name, opts), nil))(result)
}

// ListInto records a list of the collection (name "") or of a subresource
// of the named object.
//
// For generated code only: generated fake extension methods call it. Not
// covered by compatibility promises.
func (c *Client[T]) ListInto(ctx context.Context, name string, opts metav1.ListOptions, result runtime.Object, subresources ...string) error {
	a := clienttesting.NewListActionWithOptions(c.resource, c.kind, c.ns, opts)
	a.Name = name
	a.Subresource = join(subresources)
	return into(c.Invokes(a, nil))(result)
}

// CreateInto records a create of body in the collection (name "") or in a
// subresource of the named object.
//
// For generated code only: generated fake extension methods call it. Not
// covered by compatibility promises.
func (c *Client[T]) CreateInto(ctx context.Context, name string, body runtime.Object, opts metav1.CreateOptions, result runtime.Object, subresources ...string) error {
	return into(c.Invokes(clienttesting.NewCreateSubresourceActionWithOptions(c.resource, name, join(subresources), c.ns, body, opts), nil))(result)
}

// UpdateInto records an update of the named object or its subresource with body.
//
// For generated code only: generated fake extension methods call it. Not
// covered by compatibility promises.
func (c *Client[T]) UpdateInto(ctx context.Context, name string, body runtime.Object, opts metav1.UpdateOptions, result runtime.Object, subresources ...string) error {
	return into(c.Invokes(clienttesting.NewUpdateSubresourceActionWithOptions(c.resource, join(subresources), c.ns, body, opts), nil))(result)
}

// PatchInto records a patch of the named object or its subresource.
//
// For generated code only: generated fake extension methods call it. Not
// covered by compatibility promises.
func (c *Client[T]) PatchInto(ctx context.Context, name string, pt types.PatchType, data []byte, opts metav1.PatchOptions, result runtime.Object, subresources ...string) error {
	return into(c.Invokes(clienttesting.NewPatchSubresourceActionWithOptions(c.resource, c.ns, name, pt, data, opts, subresources...), nil))(result)
}

// ApplyInto records a server-side apply patch of the named object or its
// subresource, with applyConfiguration marshalled to JSON as the real client
// sends it.
//
// For generated code only: generated fake extension methods call it. Not
// covered by compatibility promises.
func (c *Client[T]) ApplyInto(ctx context.Context, name string, applyConfiguration any, opts metav1.ApplyOptions, result runtime.Object, subresources ...string) error {
	if applyConfiguration == nil || (reflect.ValueOf(applyConfiguration).Kind() == reflect.Pointer && reflect.ValueOf(applyConfiguration).IsNil()) {
		return fmt.Errorf("apply %s %q: the apply configuration is nil", c.resource.Resource, name)
	}
	if name == "" {
		return fmt.Errorf("apply %s: the object name is empty: server-side apply addresses one named object", c.resource.Resource)
	}
	data, err := json.Marshal(applyConfiguration)
	if err != nil {
		return fmt.Errorf("apply %s %q: marshal the apply configuration: %w", c.resource.Resource, name, err)
	}
	return c.PatchInto(ctx, name, types.ApplyPatchType, data, opts.ToPatchOptions(), result, subresources...)
}

func join(subresources []string) string {
	out := ""
	for _, s := range subresources {
		if s == "" {
			continue
		}
		if out != "" {
			out += "/"
		}
		out += s
	}
	return out
}

// into copies a reactor's answer into result.
func into(obj runtime.Object, err error) func(result runtime.Object) error {
	return func(result runtime.Object) error {
		if err != nil || obj == nil {
			return err
		}
		return convertInto(obj, result)
	}
}

// convertInto stores obj in out: a plain copy when they have the same Go
// type, else through the unstructured form.
func convertInto(obj, out runtime.Object) error {
	ov, rv := reflect.ValueOf(obj), reflect.ValueOf(out)
	if ov.Type() == rv.Type() && ov.Kind() == reflect.Pointer {
		rv.Elem().Set(reflect.ValueOf(obj.DeepCopyObject()).Elem())
		return nil
	}
	var content map[string]any
	if u, ok := obj.(runtime.Unstructured); ok {
		content = u.UnstructuredContent()
	} else {
		var err error
		if content, err = runtime.DefaultUnstructuredConverter.ToUnstructured(obj); err != nil {
			return err
		}
	}
	if u, ok := out.(runtime.Unstructured); ok {
		u.SetUnstructuredContent(runtime.DeepCopyJSON(content))
		return nil
	}
	return runtime.DefaultUnstructuredConverter.FromUnstructured(content, out)
}

// ClientWithList is the fake of typed.ClientWithList.
//
// For generated code only: generated fake kind clients embed it; tests call
// the methods of the generated interfaces. Not covered by compatibility
// promises.
type ClientWithList[T typed.Object, L runtime.Object] struct {
	*Client[T]
	newList func() L
}

// NewClientWithList returns a ClientWithList recording on fake.
//
// For generated code only: generated fake kind clients are built with it. Not
// covered by compatibility promises.
func NewClientWithList[T typed.Object, L runtime.Object](fake *clienttesting.Fake, namespace string, resource schema.GroupVersionResource, kind schema.GroupVersionKind, newObject func() T, newList func() L) *ClientWithList[T, L] {
	return &ClientWithList[T, L]{Client: NewClient(fake, namespace, resource, kind, newObject), newList: newList}
}

// List records a list action. As client-go's fake does, it also applies the
// label selector to what the reactors answer, so a reactor may return every
// object.
func (c *ClientWithList[T, L]) List(ctx context.Context, opts metav1.ListOptions) (L, error) {
	var zero L
	obj, err := c.Invokes(clienttesting.NewListActionWithOptions(c.resource, c.kind, c.ns, opts), c.newList())
	if err != nil {
		return zero, err
	}
	if obj == nil {
		return c.newList(), nil
	}
	list, ok := obj.(L)
	if !ok {
		list = c.newList()
		if err := convertInto(obj, list); err != nil {
			return zero, fmt.Errorf("fake %s: a reactor answered the list with %T, which does not convert to %T: %w", c.resource.Resource, obj, list, err)
		}
	}
	sel, err := labels.Parse(opts.LabelSelector)
	if err != nil || sel.Empty() {
		return list, nil
	}
	items, err := meta.ExtractList(list)
	if err != nil {
		return list, nil
	}
	kept := items[:0]
	for _, item := range items {
		if m, err := meta.Accessor(item); err == nil && sel.Matches(labels.Set(m.GetLabels())) {
			kept = append(kept, item)
		}
	}
	if len(kept) == len(items) {
		return list, nil
	}
	if err := meta.SetList(list, kept); err != nil {
		return zero, err
	}
	return list, nil
}

// ClientWithApply is the fake of typed.ClientWithApply.
//
// For generated code only: generated fake kind clients embed it; tests call
// the methods of the generated interfaces. Not covered by compatibility
// promises.
type ClientWithApply[T typed.Object, C typed.ApplyConfiguration] struct {
	*Client[T]
}

// NewClientWithApply returns a ClientWithApply recording on fake.
//
// For generated code only: generated fake kind clients are built with it. Not
// covered by compatibility promises.
func NewClientWithApply[T typed.Object, C typed.ApplyConfiguration](fake *clienttesting.Fake, namespace string, resource schema.GroupVersionResource, kind schema.GroupVersionKind, newObject func() T) *ClientWithApply[T, C] {
	return &ClientWithApply[T, C]{Client: NewClient(fake, namespace, resource, kind, newObject)}
}

// Apply records a server-side apply patch of the object cfg names.
func (c *ClientWithApply[T, C]) Apply(ctx context.Context, cfg C, opts metav1.ApplyOptions) (T, error) {
	return apply(ctx, c.Client, cfg, opts)
}

// ApplyStatus records a server-side apply patch of the status subresource.
func (c *ClientWithApply[T, C]) ApplyStatus(ctx context.Context, cfg C, opts metav1.ApplyOptions) (T, error) {
	return apply(ctx, c.Client, cfg, opts, "status")
}

// ClientWithListAndApply is the fake of typed.ClientWithListAndApply.
//
// For generated code only: generated fake kind clients embed it; tests call
// the methods of the generated interfaces. Not covered by compatibility
// promises.
type ClientWithListAndApply[T typed.Object, L runtime.Object, C typed.ApplyConfiguration] struct {
	*ClientWithList[T, L]
}

// NewClientWithListAndApply returns a ClientWithListAndApply recording on fake.
//
// For generated code only: generated fake kind clients are built with it. Not
// covered by compatibility promises.
func NewClientWithListAndApply[T typed.Object, L runtime.Object, C typed.ApplyConfiguration](fake *clienttesting.Fake, namespace string, resource schema.GroupVersionResource, kind schema.GroupVersionKind, newObject func() T, newList func() L) *ClientWithListAndApply[T, L, C] {
	return &ClientWithListAndApply[T, L, C]{ClientWithList: NewClientWithList(fake, namespace, resource, kind, newObject, newList)}
}

// Apply records a server-side apply patch of the object cfg names.
func (c *ClientWithListAndApply[T, L, C]) Apply(ctx context.Context, cfg C, opts metav1.ApplyOptions) (T, error) {
	return apply(ctx, c.Client, cfg, opts)
}

// ApplyStatus records a server-side apply patch of the status subresource.
func (c *ClientWithListAndApply[T, L, C]) ApplyStatus(ctx context.Context, cfg C, opts metav1.ApplyOptions) (T, error) {
	return apply(ctx, c.Client, cfg, opts, "status")
}

func apply[T typed.Object, C typed.ApplyConfiguration](ctx context.Context, c *Client[T], cfg C, opts metav1.ApplyOptions, subresources ...string) (T, error) {
	var zero T
	var nilC C
	if cfg == nilC {
		return zero, fmt.Errorf("apply %s: the apply configuration is nil: build one with the generated constructor", c.resource.Resource)
	}
	name := cfg.GetName()
	if name == nil || *name == "" {
		return zero, fmt.Errorf("apply %s: the apply configuration has no name: set it with WithName or the constructor", c.resource.Resource)
	}
	data, err := json.Marshal(cfg)
	if err != nil {
		return zero, fmt.Errorf("apply %s %q: marshal the apply configuration: %w", c.resource.Resource, *name, err)
	}
	return c.object(c.Invokes(clienttesting.NewPatchSubresourceActionWithOptions(c.resource, c.ns, *name, types.ApplyPatchType, data, opts.ToPatchOptions(), subresources...), c.newObject()))
}
