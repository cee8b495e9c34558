// Package dynamic is a client for arbitrary resources as unstructured
// objects, addressed by GroupVersionResource, with the interface of
// client-go's dynamic.Interface: Create, Update, UpdateStatus, Delete,
// DeleteCollection, Get, List, Watch, Patch, Apply and ApplyStatus, each
// with subresources where the API has them.
//
// ForObject and ForKind go from an apiVersion and kind (a YAML manifest,
// read with ReadManifests) to the right resource and scope through a
// RESTMapper (see runtime/discovery/restmapper); ToUnstructured and
// FromUnstructured convert between typed objects and unstructured ones.
// The fake subpackage runs the same interface over an in-memory tracker.
package dynamic

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/clientgen/clientgen/runtime/internal/pathseg"
	"net/http"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	jsonserializer "k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/clientgen/clientgen/runtime/rest"
)

// Interface gives access to resources by GroupVersionResource.
type Interface interface {
	Resource(resource schema.GroupVersionResource) NamespaceableResourceInterface
}

// ResourceInterface has the signatures of client-go's
// dynamic.ResourceInterface so code can move between the two.
type ResourceInterface interface {
	Create(ctx context.Context, obj *unstructured.Unstructured, options metav1.CreateOptions, subresources ...string) (*unstructured.Unstructured, error)
	Update(ctx context.Context, obj *unstructured.Unstructured, options metav1.UpdateOptions, subresources ...string) (*unstructured.Unstructured, error)
	UpdateStatus(ctx context.Context, obj *unstructured.Unstructured, options metav1.UpdateOptions) (*unstructured.Unstructured, error)
	Delete(ctx context.Context, name string, options metav1.DeleteOptions, subresources ...string) error
	DeleteCollection(ctx context.Context, options metav1.DeleteOptions, listOptions metav1.ListOptions) error
	Get(ctx context.Context, name string, options metav1.GetOptions, subresources ...string) (*unstructured.Unstructured, error)
	List(ctx context.Context, opts metav1.ListOptions) (*unstructured.UnstructuredList, error)
	Watch(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error)
	Patch(ctx context.Context, name string, pt types.PatchType, data []byte, options metav1.PatchOptions, subresources ...string) (*unstructured.Unstructured, error)
	// Apply sends obj as a server-side apply patch; options.FieldManager
	// is required, options.Force takes over fields other managers own.
	Apply(ctx context.Context, name string, obj *unstructured.Unstructured, options metav1.ApplyOptions, subresources ...string) (*unstructured.Unstructured, error)
	// ApplyStatus is Apply on the status subresource.
	ApplyStatus(ctx context.Context, name string, obj *unstructured.Unstructured, options metav1.ApplyOptions) (*unstructured.Unstructured, error)
}

// NamespaceableResourceInterface is a ResourceInterface for cluster-wide
// access that can be narrowed to one namespace.
type NamespaceableResourceInterface interface {
	Namespace(string) ResourceInterface
	ResourceInterface
}

// DynamicClient implements Interface.
type DynamicClient struct {
	client rest.Interface
	// params encodes metav1 options as query parameters.
	params runtime.ParameterCodec
}

var _ Interface = (*DynamicClient)(nil)

// optionsVersion is the version metav1 options are encoded as, whatever the
// target resource's group version. A function rather than a package variable
// so nothing can change it under other clients.
func optionsVersion() schema.GroupVersion { return schema.GroupVersion{Version: "v1"} }

// NewForConfig builds a DynamicClient with its own HTTP client from c.
func NewForConfig(c *rest.Config) (*DynamicClient, error) {
	if c == nil {
		return nil, errors.New("dynamic: nil Config")
	}
	cfg, params := configFor(c)
	h, err := rest.HTTPClientFor(cfg)
	if err != nil {
		return nil, err
	}
	return newForConfigAndClient(cfg, params, h)
}

// NewForConfigAndClient builds a DynamicClient that sends requests through h.
func NewForConfigAndClient(c *rest.Config, h *http.Client) (*DynamicClient, error) {
	if c == nil {
		return nil, errors.New("dynamic: nil Config")
	}
	cfg, params := configFor(c)
	return newForConfigAndClient(cfg, params, h)
}

func newForConfigAndClient(cfg *rest.Config, params runtime.ParameterCodec, h *http.Client) (*DynamicClient, error) {
	rc, err := rest.UnversionedRESTClientForConfigAndClient(cfg, h)
	if err != nil {
		return nil, err
	}
	return &DynamicClient{client: rc, params: params}, nil
}

// configFor returns a copy of c for unstructured JSON access, plus the
// parameter codec for metav1 options. The scheme is built per client so the
// package holds no shared mutable state.
func configFor(c *rest.Config) (*rest.Config, runtime.ParameterCodec) {
	scheme := runtime.NewScheme()
	metav1.AddToGroupVersion(scheme, optionsVersion())

	cfg := *c
	cfg.APIPath = ""
	cfg.GroupVersion = nil
	cfg.ContentType = "application/json"
	cfg.AcceptContentTypes = "application/json"
	cfg.NegotiatedSerializer = unstructuredSerializer{
		stream: jsonserializer.NewSerializerWithOptions(jsonserializer.DefaultMetaFactory, scheme, scheme, jsonserializer.SerializerOptions{}),
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = rest.DefaultUserAgent()
	}
	return &cfg, runtime.NewParameterCodec(scheme)
}

// unstructuredSerializer decodes every object as unstructured JSON; only the
// watch event envelope goes through a typed serializer.
type unstructuredSerializer struct {
	stream runtime.Serializer
}

func (s unstructuredSerializer) SupportedMediaTypes() []runtime.SerializerInfo {
	return []runtime.SerializerInfo{{
		MediaType:        "application/json",
		MediaTypeType:    "application",
		MediaTypeSubType: "json",
		EncodesAsText:    true,
		Serializer:       unstructured.UnstructuredJSONScheme,
		StreamSerializer: &runtime.StreamSerializerInfo{
			EncodesAsText: true,
			Serializer:    s.stream,
			Framer:        jsonserializer.Framer,
		},
	}}
}

// Unstructured objects carry their own apiVersion, so no conversion applies.
func (unstructuredSerializer) EncoderForVersion(e runtime.Encoder, _ runtime.GroupVersioner) runtime.Encoder {
	return e
}

func (unstructuredSerializer) DecoderToVersion(d runtime.Decoder, _ runtime.GroupVersioner) runtime.Decoder {
	return d
}

// Resource returns a client for one resource, cluster-wide until Namespace
// is called.
func (c *DynamicClient) Resource(resource schema.GroupVersionResource) NamespaceableResourceInterface {
	return &resourceClient{client: c, resource: resource}
}

type resourceClient struct {
	client    *DynamicClient
	resource  schema.GroupVersionResource
	namespace string
}

func (c *resourceClient) Namespace(ns string) ResourceInterface {
	out := *c
	out.namespace = ns
	return &out
}

// path returns the AbsPath segments for name (optional) and subresources,
// validating every caller-supplied segment so that a name such as ".." cannot
// redirect the request.
func (c *resourceClient) path(name string, subresources ...string) ([]string, error) {
	if c.resource.Resource == "" || c.resource.Version == "" {
		return nil, fmt.Errorf("dynamic: incomplete resource %v", c.resource)
	}
	segs := []string{"/apis", c.resource.Group, c.resource.Version}
	if c.resource.Group == "" {
		segs = []string{"/api", c.resource.Version}
	}
	if c.namespace != "" {
		if err := validSegment("namespace", c.namespace); err != nil {
			return nil, err
		}
		segs = append(segs, "namespaces", c.namespace)
	}
	segs = append(segs, c.resource.Resource)
	if name != "" {
		if err := validSegment("name", name); err != nil {
			return nil, err
		}
		segs = append(segs, name)
	}
	for _, s := range subresources {
		if err := validSegment("subresource", s); err != nil {
			return nil, err
		}
		segs = append(segs, s)
	}
	return segs, nil
}

func validSegment(kind, s string) error {
	if msgs := pathseg.Problems(s); len(msgs) > 0 || s == "" {
		return fmt.Errorf("dynamic: invalid %s %q: %v", kind, s, msgs)
	}
	return nil
}

func (c *resourceClient) Create(ctx context.Context, obj *unstructured.Unstructured, opts metav1.CreateOptions, subresources ...string) (*unstructured.Unstructured, error) {
	if obj == nil {
		return nil, errors.New("dynamic: Create: nil object")
	}
	name := ""
	if len(subresources) > 0 {
		// A subresource hangs off an existing object, so it needs its name.
		if name = obj.GetName(); name == "" {
			return nil, errors.New("dynamic: Create: name is required when creating a subresource")
		}
	}
	return c.writeObject(ctx, c.client.client.Post(), name, subresources, obj, &opts)
}

func (c *resourceClient) Update(ctx context.Context, obj *unstructured.Unstructured, opts metav1.UpdateOptions, subresources ...string) (*unstructured.Unstructured, error) {
	if obj == nil {
		return nil, errors.New("dynamic: Update: nil object")
	}
	name := obj.GetName()
	if name == "" {
		return nil, errors.New("dynamic: Update: name is required")
	}
	return c.writeObject(ctx, c.client.client.Put(), name, subresources, obj, &opts)
}

// writeObject sends obj as the body of r (a POST or a PUT) at the object's
// path, with opts as query parameters, and decodes the server's answer.
func (c *resourceClient) writeObject(ctx context.Context, r *rest.Request, name string, subresources []string, obj *unstructured.Unstructured, opts runtime.Object) (*unstructured.Unstructured, error) {
	segs, err := c.path(name, subresources...)
	if err != nil {
		return nil, err
	}
	body, err := runtime.Encode(unstructured.UnstructuredJSONScheme, obj)
	if err != nil {
		return nil, fmt.Errorf("dynamic: encoding object: %w", err)
	}
	raw, err := r.AbsPath(segs...).
		SpecificallyVersionedParams(opts, c.client.params, optionsVersion()).
		Body(body).Do(ctx).Raw()
	if err != nil {
		return nil, err
	}
	return decodeObject(raw)
}

func (c *resourceClient) UpdateStatus(ctx context.Context, obj *unstructured.Unstructured, opts metav1.UpdateOptions) (*unstructured.Unstructured, error) {
	return c.Update(ctx, obj, opts, "status")
}

func (c *resourceClient) Delete(ctx context.Context, name string, opts metav1.DeleteOptions, subresources ...string) error {
	if name == "" {
		return errors.New("dynamic: Delete: name is required")
	}
	segs, err := c.path(name, subresources...)
	if err != nil {
		return err
	}
	body, err := encodeDeleteOptions(opts)
	if err != nil {
		return err
	}
	return c.client.client.Delete().AbsPath(segs...).Body(body).Do(ctx).Error()
}

func (c *resourceClient) DeleteCollection(ctx context.Context, opts metav1.DeleteOptions, listOptions metav1.ListOptions) error {
	segs, err := c.path("")
	if err != nil {
		return err
	}
	body, err := encodeDeleteOptions(opts)
	if err != nil {
		return err
	}
	return c.client.client.Delete().AbsPath(segs...).
		SpecificallyVersionedParams(&listOptions, c.client.params, optionsVersion()).
		Body(body).Do(ctx).Error()
}

// encodeDeleteOptions sends DeleteOptions as v1 JSON, which every group
// accepts (the API server registers metav1 options in each group version).
func encodeDeleteOptions(opts metav1.DeleteOptions) ([]byte, error) {
	opts.TypeMeta = metav1.TypeMeta{APIVersion: optionsVersion().String(), Kind: "DeleteOptions"}
	b, err := json.Marshal(&opts)
	if err != nil {
		return nil, fmt.Errorf("dynamic: encoding DeleteOptions: %w", err)
	}
	return b, nil
}

func (c *resourceClient) Get(ctx context.Context, name string, opts metav1.GetOptions, subresources ...string) (*unstructured.Unstructured, error) {
	if name == "" {
		return nil, errors.New("dynamic: Get: name is required")
	}
	segs, err := c.path(name, subresources...)
	if err != nil {
		return nil, err
	}
	raw, err := c.client.client.Get().AbsPath(segs...).
		SpecificallyVersionedParams(&opts, c.client.params, optionsVersion()).
		Do(ctx).Raw()
	if err != nil {
		return nil, err
	}
	return decodeObject(raw)
}

func (c *resourceClient) List(ctx context.Context, opts metav1.ListOptions) (*unstructured.UnstructuredList, error) {
	segs, err := c.path("")
	if err != nil {
		return nil, err
	}
	raw, err := c.client.client.Get().AbsPath(segs...).
		SpecificallyVersionedParams(&opts, c.client.params, optionsVersion()).
		Do(ctx).Raw()
	if err != nil {
		return nil, err
	}
	obj, err := runtime.Decode(unstructured.UnstructuredJSONScheme, raw)
	if err != nil {
		return nil, fmt.Errorf("dynamic: decoding list: %w", err)
	}
	switch t := obj.(type) {
	case *unstructured.UnstructuredList:
		return t, nil
	case *unstructured.Unstructured:
		// Some servers return a list whose kind is not "...List"; ToList
		// still understands the items field.
		return t.ToList()
	}
	return nil, fmt.Errorf("dynamic: decoding list: unexpected type %T", obj)
}

// Watch sets opts.Watch itself, as client-go's dynamic client does.
func (c *resourceClient) Watch(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
	segs, err := c.path("")
	if err != nil {
		return nil, err
	}
	opts.Watch = true
	return c.client.client.Get().AbsPath(segs...).
		SpecificallyVersionedParams(&opts, c.client.params, optionsVersion()).
		Watch(ctx)
}

func (c *resourceClient) Patch(ctx context.Context, name string, pt types.PatchType, data []byte, opts metav1.PatchOptions, subresources ...string) (*unstructured.Unstructured, error) {
	if name == "" {
		return nil, errors.New("dynamic: Patch: name is required")
	}
	segs, err := c.path(name, subresources...)
	if err != nil {
		return nil, err
	}
	raw, err := c.client.client.Patch(pt).AbsPath(segs...).
		SpecificallyVersionedParams(&opts, c.client.params, optionsVersion()).
		Body(data).Do(ctx).Raw()
	if err != nil {
		return nil, err
	}
	return decodeObject(raw)
}

func decodeObject(raw []byte) (*unstructured.Unstructured, error) {
	obj, err := runtime.Decode(unstructured.UnstructuredJSONScheme, raw)
	if err != nil {
		return nil, fmt.Errorf("dynamic: decoding object: %w", err)
	}
	u, ok := obj.(*unstructured.Unstructured)
	if !ok {
		return nil, fmt.Errorf("dynamic: decoding object: unexpected type %T", obj)
	}
	return u, nil
}

// Apply sends obj as a server-side apply patch (application/apply-patch+yaml;
// JSON is valid YAML) with options as query parameters.
func (c *resourceClient) Apply(ctx context.Context, name string, obj *unstructured.Unstructured, opts metav1.ApplyOptions, subresources ...string) (*unstructured.Unstructured, error) {
	if name == "" {
		return nil, errors.New("dynamic: Apply: name is required")
	}
	if obj == nil {
		return nil, errors.New("dynamic: Apply: nil object")
	}
	if opts.FieldManager == "" {
		return nil, errors.New("dynamic: Apply: ApplyOptions.FieldManager is required: set it to a name that identifies your client")
	}
	if len(obj.GetManagedFields()) > 0 {
		return nil, errors.New("dynamic: Apply: the object has metadata.managedFields set; apply only the fields you manage (for example a fresh object, or one without managedFields)")
	}
	body, err := runtime.Encode(unstructured.UnstructuredJSONScheme, obj)
	if err != nil {
		return nil, fmt.Errorf("dynamic: encoding object: %w", err)
	}
	return c.Patch(ctx, name, types.ApplyPatchType, body, opts.ToPatchOptions(), subresources...)
}

// ApplyStatus applies obj to the status subresource.
func (c *resourceClient) ApplyStatus(ctx context.Context, name string, obj *unstructured.Unstructured, opts metav1.ApplyOptions) (*unstructured.Unstructured, error) {
	return c.Apply(ctx, name, obj, opts, "status")
}
