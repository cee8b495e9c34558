// Package discovery asks an API server which versions, groups and resources
// it serves. It is minimal for now: no caching and no aggregated discovery.
package discovery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/version"

	"github.com/clientgen/clientgen/runtime/rest"
)

// DiscoveryInterface is the discovery surface clientsets expose.
type DiscoveryInterface interface {
	RESTClient() rest.Interface
	// ServerVersion returns the server's /version.
	ServerVersion(ctx context.Context) (*version.Info, error)
	// ServerGroups returns the legacy core group (name "") from /api followed
	// by the groups from /apis.
	ServerGroups(ctx context.Context) (*metav1.APIGroupList, error)
	// ServerResourcesForGroupVersion returns the resources of groupVersion
	// ("v1" for the core group, "apps/v1" otherwise).
	ServerResourcesForGroupVersion(ctx context.Context, groupVersion string) (*metav1.APIResourceList, error)
}

// DiscoveryClient implements DiscoveryInterface over a RESTClient.
type DiscoveryClient struct {
	client rest.Interface
}

var _ DiscoveryInterface = (*DiscoveryClient)(nil)

// NewDiscoveryClientForConfig builds a DiscoveryClient with its own HTTP
// client from c.
func NewDiscoveryClientForConfig(c *rest.Config) (*DiscoveryClient, error) {
	if c == nil {
		return nil, errors.New("discovery: nil Config")
	}
	cfg := configFor(c)
	h, err := rest.HTTPClientFor(cfg)
	if err != nil {
		return nil, err
	}
	return newForConfigAndClient(cfg, h)
}

// NewDiscoveryClientForConfigAndClient builds a DiscoveryClient that sends
// requests through h, so it can share connections with other clients.
func NewDiscoveryClientForConfigAndClient(c *rest.Config, h *http.Client) (*DiscoveryClient, error) {
	if c == nil {
		return nil, errors.New("discovery: nil Config")
	}
	return newForConfigAndClient(configFor(c), h)
}

func newForConfigAndClient(cfg *rest.Config, h *http.Client) (*DiscoveryClient, error) {
	rc, err := rest.UnversionedRESTClientForConfigAndClient(cfg, h)
	if err != nil {
		return nil, err
	}
	return NewDiscoveryClient(rc), nil
}

// NewDiscoveryClient wraps an existing client. Its serializer must be able to
// decode the metav1 discovery types (APIVersions, APIGroupList,
// APIResourceList).
func NewDiscoveryClient(c rest.Interface) *DiscoveryClient {
	return &DiscoveryClient{client: c}
}

// configFor returns a copy of c for discovery: paths are absolute, and the
// serializer knows the unversioned metav1 discovery types. JSON is forced
// because the discovery documents are only guaranteed in JSON.
func configFor(c *rest.Config) *rest.Config {
	cfg := *c
	cfg.APIPath = ""
	cfg.GroupVersion = nil
	cfg.ContentType = "application/json"
	cfg.AcceptContentTypes = "application/json"
	// A scheme per client rather than a package-level one keeps this package
	// free of shared mutable state.
	scheme := runtime.NewScheme()
	metav1.AddToGroupVersion(scheme, schema.GroupVersion{Version: "v1"})
	cfg.NegotiatedSerializer = serializer.NewCodecFactory(scheme).WithoutConversion()
	if cfg.UserAgent == "" {
		cfg.UserAgent = rest.DefaultUserAgent()
	}
	return &cfg
}

// RESTClient returns the underlying client.
func (d *DiscoveryClient) RESTClient() rest.Interface { return d.client }

// ServerVersion returns the server's version information.
func (d *DiscoveryClient) ServerVersion(ctx context.Context) (*version.Info, error) {
	body, err := d.client.Get().AbsPath("/version").DoRaw(ctx)
	if err != nil {
		return nil, err
	}
	var info version.Info
	if err := json.Unmarshal(body, &info); err != nil {
		return nil, fmt.Errorf("discovery: decoding /version: %w", err)
	}
	return &info, nil
}

// ServerGroups returns the supported groups with their versions. As in
// client-go, a server without /api or /apis (404/403) contributes no groups
// rather than failing, which keeps this usable against aggregated or
// restricted servers.
func (d *DiscoveryClient) ServerGroups(ctx context.Context) (*metav1.APIGroupList, error) {
	versions := &metav1.APIVersions{}
	err := d.client.Get().AbsPath("/api").Do(ctx).Into(versions)
	if err != nil && !apierrors.IsNotFound(err) && !apierrors.IsForbidden(err) {
		return nil, err
	}
	groups := &metav1.APIGroupList{}
	err = d.client.Get().AbsPath("/apis").Do(ctx).Into(groups)
	if err != nil && !apierrors.IsNotFound(err) && !apierrors.IsForbidden(err) {
		return nil, err
	}
	if len(versions.Versions) > 0 {
		legacy := metav1.APIGroup{Name: ""}
		for _, v := range versions.Versions {
			legacy.Versions = append(legacy.Versions, metav1.GroupVersionForDiscovery{GroupVersion: v, Version: v})
		}
		legacy.PreferredVersion = legacy.Versions[0]
		groups.Groups = append([]metav1.APIGroup{legacy}, groups.Groups...)
	}
	return groups, nil
}

// ServerResourcesForGroupVersion returns the resources served for
// groupVersion.
func (d *DiscoveryClient) ServerResourcesForGroupVersion(ctx context.Context, groupVersion string) (*metav1.APIResourceList, error) {
	if groupVersion == "" {
		return nil, errors.New("discovery: groupVersion must not be empty")
	}
	gv, err := schema.ParseGroupVersion(groupVersion)
	if err != nil {
		return nil, fmt.Errorf("discovery: %w", err)
	}
	path := []string{"/apis", gv.Group, gv.Version}
	if gv.Group == "" {
		path = []string{"/api", gv.Version}
	}
	resources := &metav1.APIResourceList{}
	if err := d.client.Get().AbsPath(path...).Do(ctx).Into(resources); err != nil {
		return nil, err
	}
	// Servers omit groupVersion on some lists; callers rely on it.
	if resources.GroupVersion == "" {
		resources.GroupVersion = groupVersion
	}
	return resources, nil
}
