// Package fake is a dynamic.Interface over the object tracker of
// runtime/testing, the one generated fake clientsets use: give it a fake
// clientset's Tracker() and typed and dynamic clients see the same objects.
// It behaves like the API server where runtime/testing does (see its
// documentation), server-side apply included: the tracker's one apply,
// with managedFields, conflicts, force and the hand-over of fields a
// manager stops applying, serves the typed and the dynamic client alike.
//
// Every object it returns is an *unstructured.Unstructured (or an
// UnstructuredList), whatever the tracker stores. A list of a resource it
// knows nothing about is a kind-less UnstructuredList rather than the panic
// of client-go's fake.
package fake

import (
	"context"
	"fmt"
	"strings"
	"sync"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/clientgen/clientgen/runtime/dynamic"
	clienttesting "github.com/clientgen/clientgen/runtime/testing"
)

// FakeDynamicClient implements dynamic.Interface over a testing.Fake,
// which it embeds: tests call PrependReactor, Actions and ClearActions on
// it.
type FakeDynamicClient struct {
	clienttesting.Fake
	tracker   clienttesting.ObjectTracker
	scheme    *runtime.Scheme
	listKinds map[schema.GroupVersionResource]string
}

var (
	_ dynamic.Interface        = (*FakeDynamicClient)(nil)
	_ clienttesting.FakeClient = (*FakeDynamicClient)(nil)
)

// NewSimpleDynamicClient returns a fake dynamic client over a new tracker
// seeded with objects (Unstructured objects, or typed objects whose types
// scheme knows; scheme may be nil). Resources it is not told about are
// namespaced with a status subresource, their kind taken from the objects.
// It panics if an object cannot be added, as client-go's does.
func NewSimpleDynamicClient(scheme *runtime.Scheme, objects ...runtime.Object) *FakeDynamicClient {
	return NewSimpleDynamicClientWithCustomListKinds(scheme, nil, objects...)
}

// NewSimpleDynamicClientWithCustomListKinds is NewSimpleDynamicClient with
// the list kinds of resources ("WidgetList"), which name the lists of
// resources that hold no object yet.
func NewSimpleDynamicClientWithCustomListKinds(scheme *runtime.Scheme, gvrToListKind map[schema.GroupVersionResource]string, objects ...runtime.Object) *FakeDynamicClient {
	if scheme == nil {
		scheme = runtime.NewScheme()
	}
	var resources []clienttesting.Resource
	for gvr, listKind := range gvrToListKind {
		resources = append(resources, clienttesting.Resource{
			GVR: gvr, Kind: strings.TrimSuffix(listKind, "List"), ListKind: listKind,
			Namespaced: true, Subresources: []string{"status"},
		})
	}
	tracker := clienttesting.NewObjectTracker(scheme, serializer.NewCodecFactory(scheme).UniversalDecoder(), resources...)
	for _, obj := range objects {
		if err := tracker.Add(obj); err != nil {
			panic(fmt.Sprintf("fake dynamic client: adding %T: %v", obj, err))
		}
	}
	c := NewDynamicClientForTracker(tracker, scheme)
	c.listKinds = gvrToListKind
	return c
}

// NewDynamicClientForTracker returns a fake dynamic client serving from
// tracker: pass a fake clientset's Tracker() to share its objects. scheme
// (may be nil) names the kinds of typed objects the tracker holds that
// carry no apiVersion and kind; the kinds of the resources a
// *testing.Tracker has registered are known without it.
func NewDynamicClientForTracker(tracker clienttesting.ObjectTracker, scheme *runtime.Scheme) *FakeDynamicClient {
	if scheme == nil {
		scheme = runtime.NewScheme()
	}
	c := &FakeDynamicClient{tracker: tracker, scheme: scheme}
	c.AddReactor("*", "*", clienttesting.ObjectReaction(tracker))
	c.AddWatchReactor("*", clienttesting.ObjectWatchReaction(tracker))
	return c
}

// Tracker returns the object tracker the client's reactors serve from.
func (c *FakeDynamicClient) Tracker() clienttesting.ObjectTracker { return c.tracker }

// Resource returns the client of one resource, cluster-wide until
// Namespace is called.
func (c *FakeDynamicClient) Resource(resource schema.GroupVersionResource) dynamic.NamespaceableResourceInterface {
	return &resourceClient{client: c, resource: resource}
}

// registered returns what a *testing.Tracker knows of gvr.
func (c *FakeDynamicClient) registered(gvr schema.GroupVersionResource) (clienttesting.Resource, bool) {
	if t, ok := c.tracker.(interface {
		Resource(schema.GroupVersionResource) (clienttesting.Resource, bool)
	}); ok {
		return t.Resource(gvr)
	}
	return clienttesting.Resource{}, false
}

// kindOf names the kind of gvr's objects when an object does not say.
func (c *FakeDynamicClient) kindOf(gvr schema.GroupVersionResource) string {
	if lk, ok := c.listKinds[gvr]; ok {
		return strings.TrimSuffix(lk, "List")
	}
	if r, ok := c.registered(gvr); ok {
		return r.Kind
	}
	return ""
}

// toUnstructured returns obj as a fresh Unstructured with apiVersion and
// kind set.
func (c *FakeDynamicClient) toUnstructured(obj runtime.Object, gvr schema.GroupVersionResource) (*unstructured.Unstructured, error) {
	var u *unstructured.Unstructured
	if in, ok := obj.(*unstructured.Unstructured); ok {
		u = in.DeepCopy()
	} else {
		m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
		if err != nil {
			return nil, fmt.Errorf("fake dynamic client: converting %T: %w", obj, err)
		}
		u = &unstructured.Unstructured{Object: m}
	}
	if u.GetKind() == "" {
		if gvks, _, err := c.scheme.ObjectKinds(obj); err == nil && len(gvks) > 0 {
			u.SetGroupVersionKind(gvks[0])
		} else if k := c.kindOf(gvr); k != "" {
			u.SetGroupVersionKind(gvr.GroupVersion().WithKind(k))
		}
	}
	return u, nil
}

func (c *FakeDynamicClient) toUnstructuredList(obj runtime.Object, gvr schema.GroupVersionResource, kind string) (*unstructured.UnstructuredList, error) {
	out := &unstructured.UnstructuredList{Object: map[string]any{}}
	items, err := meta.ExtractList(obj)
	if err != nil {
		return nil, fmt.Errorf("fake dynamic client: listing %s: %w", gvr, err)
	}
	for _, item := range items {
		u, err := c.toUnstructured(item, gvr)
		if err != nil {
			return nil, err
		}
		out.Items = append(out.Items, *u)
		if kind == "" {
			kind = u.GetKind()
		}
	}
	if lm, err := meta.ListAccessor(obj); err == nil {
		out.SetResourceVersion(lm.GetResourceVersion())
		out.SetContinue(lm.GetContinue())
		out.SetRemainingItemCount(lm.GetRemainingItemCount())
	}
	listKind := "List"
	if kind != "" {
		listKind = kind + "List"
	}
	if lk, ok := c.listKinds[gvr]; ok {
		listKind = lk
	}
	out.SetAPIVersion(gvr.GroupVersion().String())
	out.SetKind(listKind)
	return out, nil
}

type resourceClient struct {
	client    *FakeDynamicClient
	resource  schema.GroupVersionResource
	namespace string
}

func (c *resourceClient) Namespace(ns string) dynamic.ResourceInterface {
	out := *c
	out.namespace = ns
	return &out
}

// object converts a reactor's answer; a nil answer without an error (a
// reactor that handled the action with nothing) stays nil.
func (c *resourceClient) object(ret runtime.Object, err error) (*unstructured.Unstructured, error) {
	if err != nil || ret == nil {
		return nil, err
	}
	return c.client.toUnstructured(ret, c.resource)
}

func (c *resourceClient) Create(ctx context.Context, obj *unstructured.Unstructured, opts metav1.CreateOptions, subresources ...string) (*unstructured.Unstructured, error) {
	if obj == nil {
		return nil, fmt.Errorf("dynamic: Create: nil object")
	}
	var action clienttesting.Action
	if len(subresources) == 0 {
		action = clienttesting.NewCreateActionWithOptions(c.resource, c.namespace, obj, opts)
	} else {
		action = clienttesting.NewCreateSubresourceActionWithOptions(c.resource, obj.GetName(), strings.Join(subresources, "/"), c.namespace, obj, opts)
	}
	return c.object(c.client.Invokes(action, nil))
}

func (c *resourceClient) Update(ctx context.Context, obj *unstructured.Unstructured, opts metav1.UpdateOptions, subresources ...string) (*unstructured.Unstructured, error) {
	if obj == nil {
		return nil, fmt.Errorf("dynamic: Update: nil object")
	}
	var action clienttesting.Action
	if len(subresources) == 0 {
		action = clienttesting.NewUpdateActionWithOptions(c.resource, c.namespace, obj, opts)
	} else {
		action = clienttesting.NewUpdateSubresourceActionWithOptions(c.resource, strings.Join(subresources, "/"), c.namespace, obj, opts)
	}
	return c.object(c.client.Invokes(action, nil))
}

func (c *resourceClient) UpdateStatus(ctx context.Context, obj *unstructured.Unstructured, opts metav1.UpdateOptions) (*unstructured.Unstructured, error) {
	return c.Update(ctx, obj, opts, "status")
}

func (c *resourceClient) Delete(ctx context.Context, name string, opts metav1.DeleteOptions, subresources ...string) error {
	var action clienttesting.Action
	if len(subresources) == 0 {
		action = clienttesting.NewDeleteActionWithOptions(c.resource, c.namespace, name, opts)
	} else {
		action = clienttesting.NewDeleteSubresourceActionWithOptions(c.resource, strings.Join(subresources, "/"), c.namespace, name, opts)
	}
	_, err := c.client.Invokes(action, nil)
	return err
}

func (c *resourceClient) DeleteCollection(ctx context.Context, opts metav1.DeleteOptions, listOptions metav1.ListOptions) error {
	_, err := c.client.Invokes(clienttesting.NewDeleteCollectionActionWithOptions(c.resource, c.namespace, opts, listOptions), nil)
	return err
}

func (c *resourceClient) Get(ctx context.Context, name string, opts metav1.GetOptions, subresources ...string) (*unstructured.Unstructured, error) {
	var action clienttesting.Action
	if len(subresources) == 0 {
		action = clienttesting.NewGetActionWithOptions(c.resource, c.namespace, name, opts)
	} else {
		action = clienttesting.NewGetSubresourceActionWithOptions(c.resource, c.namespace, strings.Join(subresources, "/"), name, opts)
	}
	return c.object(c.client.Invokes(action, nil))
}

// List never panics on a resource it knows nothing about: the list is an
// UnstructuredList whose kind comes from the custom list kinds, the
// tracker's registration or the items, else "List".
func (c *resourceClient) List(ctx context.Context, opts metav1.ListOptions) (*unstructured.UnstructuredList, error) {
	kind := c.client.kindOf(c.resource)
	var itemKind schema.GroupVersionKind
	if kind != "" {
		itemKind = c.resource.GroupVersion().WithKind(kind)
	}
	ret, err := c.client.Invokes(clienttesting.NewListActionWithOptions(c.resource, itemKind, c.namespace, opts), nil)
	if err != nil || ret == nil {
		return nil, err
	}
	return c.client.toUnstructuredList(ret, c.resource, kind)
}

func (c *resourceClient) Watch(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
	opts.Watch = true
	w, err := c.client.InvokesWatch(clienttesting.NewWatchActionWithOptions(c.resource, c.namespace, opts))
	if err != nil || w == nil {
		return w, err
	}
	return newConvertingWatch(ctx, w, func(obj runtime.Object) (runtime.Object, error) {
		if _, isStatus := obj.(*metav1.Status); isStatus {
			return obj, nil
		}
		return c.client.toUnstructured(obj, c.resource)
	}), nil
}

func (c *resourceClient) Patch(ctx context.Context, name string, pt types.PatchType, data []byte, opts metav1.PatchOptions, subresources ...string) (*unstructured.Unstructured, error) {
	var action clienttesting.Action
	if len(subresources) == 0 {
		action = clienttesting.NewPatchActionWithOptions(c.resource, c.namespace, name, pt, data, opts)
	} else {
		action = clienttesting.NewPatchSubresourceActionWithOptions(c.resource, c.namespace, name, pt, data, opts, subresources...)
	}
	return c.object(c.client.Invokes(action, nil))
}

// Apply sends an apply patch, as the real client does; see the package
// documentation for what the fake makes of it.
func (c *resourceClient) Apply(ctx context.Context, name string, obj *unstructured.Unstructured, opts metav1.ApplyOptions, subresources ...string) (*unstructured.Unstructured, error) {
	if name == "" {
		return nil, fmt.Errorf("dynamic: Apply: name is required")
	}
	if obj == nil {
		return nil, fmt.Errorf("dynamic: Apply: nil object")
	}
	if opts.FieldManager == "" {
		return nil, fmt.Errorf("dynamic: Apply: ApplyOptions.FieldManager is required: set it to a name that identifies your client")
	}
	if len(obj.GetManagedFields()) > 0 {
		return nil, fmt.Errorf("dynamic: Apply: the object has metadata.managedFields set; apply only the fields you manage")
	}
	data, err := runtime.Encode(unstructured.UnstructuredJSONScheme, obj)
	if err != nil {
		return nil, fmt.Errorf("dynamic: encoding object: %w", err)
	}
	return c.Patch(ctx, name, types.ApplyPatchType, data, opts.ToPatchOptions(), subresources...)
}

func (c *resourceClient) ApplyStatus(ctx context.Context, name string, obj *unstructured.Unstructured, opts metav1.ApplyOptions) (*unstructured.Unstructured, error) {
	return c.Apply(ctx, name, obj, opts, "status")
}

// convertingWatch passes events on with their objects converted.
type convertingWatch struct {
	inner   watch.Interface
	out     chan watch.Event
	stop    chan struct{}
	stopped sync.Once
}

func newConvertingWatch(ctx context.Context, inner watch.Interface, convert func(runtime.Object) (runtime.Object, error)) *convertingWatch {
	w := &convertingWatch{inner: inner, out: make(chan watch.Event), stop: make(chan struct{})}
	go func() {
		defer close(w.out)
		defer inner.Stop()
		for {
			select {
			case ev, ok := <-inner.ResultChan():
				if !ok {
					return
				}
				if ev.Object != nil {
					obj, err := convert(ev.Object)
					if err != nil {
						ev = watch.Event{Type: watch.Error, Object: &apierrors.NewInternalError(err).ErrStatus}
					} else {
						ev.Object = obj
					}
				}
				select {
				case w.out <- ev:
				case <-w.stop:
					return
				case <-ctx.Done():
					return
				}
			case <-w.stop:
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	return w
}

func (w *convertingWatch) Stop() { w.stopped.Do(func() { close(w.stop) }) }

func (w *convertingWatch) ResultChan() <-chan watch.Event { return w.out }
