// Package fake is a discovery.DiscoveryInterface served from a
// testing.Fake's Resources, for fake clientsets (whose Discovery() returns
// one) and for tests of code that discovers resources.
package fake

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	openapi_v2 "github.com/google/gnostic-models/openapiv2"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/version"

	"github.com/clientgen/clientgen/runtime/discovery"
	"github.com/clientgen/clientgen/runtime/openapi"
	"github.com/clientgen/clientgen/runtime/rest"
	clienttesting "github.com/clientgen/clientgen/runtime/testing"
)

// FakeDiscovery answers discovery from Fake.Resources, the APIResourceLists
// a test (or the fake clientset, with its own resources) put there. Every
// call records a "get" action (resource "version", "group" or "resource"),
// so a test can make discovery fail with PrependReactor("get", "resource",
// ...). Groups are derived from the lists: the legacy core group ("v1")
// first, versions in the server's priority order (v2 > v1 > v1beta1 >
// v1alpha1), the first one preferred.
//
// It has client-go's FakeDiscovery fields and both forms of every method
// (see discovery.DiscoveryInterface); each form without a context is its
// WithContext form with context.Background().
type FakeDiscovery struct {
	*clienttesting.Fake
	// FakedServerVersion is what ServerVersion returns; nil gives v0.0.0-fake.
	FakedServerVersion *version.Info
}

var (
	_ discovery.DiscoveryInterfaces                     = (*FakeDiscovery)(nil)
	_ discovery.AggregatedDiscoveryInterface            = (*FakeDiscovery)(nil)
	_ discovery.AggregatedDiscoveryInterfaceWithContext = (*FakeDiscovery)(nil)
)

// RESTClient returns nil: the fake sends no requests.
func (c *FakeDiscovery) RESTClient() rest.Interface { return nil }

func (c *FakeDiscovery) invoke(what string) error {
	_, err := c.Invokes(clienttesting.ActionImpl{Verb: "get", Resource: schema.GroupVersionResource{Resource: what}}, nil)
	return err
}

// ServerVersionWithContext returns FakedServerVersion.
func (c *FakeDiscovery) ServerVersionWithContext(ctx context.Context) (*version.Info, error) {
	if err := c.invoke("version"); err != nil {
		return nil, err
	}
	if c.FakedServerVersion != nil {
		v := *c.FakedServerVersion
		return &v, nil
	}
	return &version.Info{Major: "0", Minor: "0", GitVersion: "v0.0.0-fake"}, nil
}

// ServerGroupsWithContext returns the groups of the group versions in Resources.
func (c *FakeDiscovery) ServerGroupsWithContext(ctx context.Context) (*metav1.APIGroupList, error) {
	if err := c.invoke("group"); err != nil {
		return nil, err
	}
	return &metav1.APIGroupList{Groups: groupsOf(c.Resources)}, nil
}

// ServerResourcesForGroupVersionWithContext returns the list of groupVersion, or
// NotFound.
func (c *FakeDiscovery) ServerResourcesForGroupVersionWithContext(ctx context.Context, groupVersion string) (*metav1.APIResourceList, error) {
	if err := c.invoke("resource"); err != nil {
		return nil, err
	}
	for _, l := range c.Resources {
		if l.GroupVersion == groupVersion {
			return l.DeepCopy(), nil
		}
	}
	return nil, &apierrors.StatusError{ErrStatus: metav1.Status{
		Status: metav1.StatusFailure, Code: http.StatusNotFound, Reason: metav1.StatusReasonNotFound,
		Message: fmt.Sprintf("the server could not find the requested resource, GroupVersion %q not found", groupVersion),
	}}
}

// ServerGroupsAndResourcesWithContext returns the groups and every list of Resources.
func (c *FakeDiscovery) ServerGroupsAndResourcesWithContext(ctx context.Context) ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	groups, err := c.ServerGroupsWithContext(ctx)
	if err != nil {
		return nil, nil, err
	}
	if err := c.invoke("resource"); err != nil {
		return nil, nil, err
	}
	out := make([]*metav1.APIGroup, len(groups.Groups))
	for i := range groups.Groups {
		out[i] = &groups.Groups[i]
	}
	lists := make([]*metav1.APIResourceList, len(c.Resources))
	for i, l := range c.Resources {
		lists[i] = l.DeepCopy()
	}
	return out, lists, nil
}

// ServerPreferredResourcesWithContext returns, per group version, the resources whose
// preferred version it is.
func (c *FakeDiscovery) ServerPreferredResourcesWithContext(ctx context.Context) ([]*metav1.APIResourceList, error) {
	groups, lists, err := c.ServerGroupsAndResourcesWithContext(ctx)
	if err != nil {
		return nil, err
	}
	return discovery.PreferredResources(groups, lists), nil
}

// ServerPreferredNamespacedResourcesWithContext is ServerPreferredResources with only
// the namespaced resources; lists left empty are dropped.
func (c *FakeDiscovery) ServerPreferredNamespacedResourcesWithContext(ctx context.Context) ([]*metav1.APIResourceList, error) {
	all, err := c.ServerPreferredResourcesWithContext(ctx)
	if err != nil {
		return nil, err
	}
	var out []*metav1.APIResourceList
	for _, l := range all {
		nl := &metav1.APIResourceList{GroupVersion: l.GroupVersion}
		for _, r := range l.APIResources {
			if r.Namespaced {
				nl.APIResources = append(nl.APIResources, r)
			}
		}
		if len(nl.APIResources) > 0 {
			out = append(out, nl)
		}
	}
	return out, nil
}

// ServerVersion is ServerVersionWithContext with context.Background().
func (c *FakeDiscovery) ServerVersion() (*version.Info, error) {
	return c.ServerVersionWithContext(context.Background())
}

// ServerGroups is ServerGroupsWithContext with context.Background().
func (c *FakeDiscovery) ServerGroups() (*metav1.APIGroupList, error) {
	return c.ServerGroupsWithContext(context.Background())
}

// ServerResourcesForGroupVersion is
// ServerResourcesForGroupVersionWithContext with context.Background().
func (c *FakeDiscovery) ServerResourcesForGroupVersion(groupVersion string) (*metav1.APIResourceList, error) {
	return c.ServerResourcesForGroupVersionWithContext(context.Background(), groupVersion)
}

// ServerGroupsAndResources is ServerGroupsAndResourcesWithContext with
// context.Background().
func (c *FakeDiscovery) ServerGroupsAndResources() ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	return c.ServerGroupsAndResourcesWithContext(context.Background())
}

// ServerPreferredResources is ServerPreferredResourcesWithContext with
// context.Background().
func (c *FakeDiscovery) ServerPreferredResources() ([]*metav1.APIResourceList, error) {
	return c.ServerPreferredResourcesWithContext(context.Background())
}

// ServerPreferredNamespacedResources is
// ServerPreferredNamespacedResourcesWithContext with context.Background().
func (c *FakeDiscovery) ServerPreferredNamespacedResources() ([]*metav1.APIResourceList, error) {
	return c.ServerPreferredNamespacedResourcesWithContext(context.Background())
}

// GroupsAndMaybeResources is GroupsAndMaybeResourcesWithContext with
// context.Background().
func (c *FakeDiscovery) GroupsAndMaybeResources() (*metav1.APIGroupList, map[schema.GroupVersion]*metav1.APIResourceList, map[schema.GroupVersion]error, error) {
	return c.GroupsAndMaybeResourcesWithContext(context.Background())
}

// GroupsAndMaybeResourcesWithContext answers as aggregated discovery does:
// the groups with every list of Resources by group version (recording the
// "group" and "resource" actions of ServerGroupsAndResources).
func (c *FakeDiscovery) GroupsAndMaybeResourcesWithContext(ctx context.Context) (*metav1.APIGroupList, map[schema.GroupVersion]*metav1.APIResourceList, map[schema.GroupVersion]error, error) {
	groups, lists, err := c.ServerGroupsAndResourcesWithContext(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	out := &metav1.APIGroupList{}
	for _, g := range groups {
		out.Groups = append(out.Groups, *g)
	}
	resources := make(map[schema.GroupVersion]*metav1.APIResourceList, len(lists))
	for _, l := range lists {
		if gv, err := schema.ParseGroupVersion(l.GroupVersion); err == nil {
			resources[gv] = l
		}
	}
	return out, resources, nil, nil
}

// OpenAPISchema is OpenAPISchemaWithContext with context.Background().
func (c *FakeDiscovery) OpenAPISchema() (*openapi_v2.Document, error) {
	return c.OpenAPISchemaWithContext(context.Background())
}

// OpenAPISchemaWithContext returns an empty document, as client-go's fake
// does: the fake has no schemas.
func (c *FakeDiscovery) OpenAPISchemaWithContext(context.Context) (*openapi_v2.Document, error) {
	return &openapi_v2.Document{}, nil
}

// OpenAPIV3 is OpenAPIV3WithContext without a context.
func (c *FakeDiscovery) OpenAPIV3() openapi.Client { return noSchemas{} }

// OpenAPIV3WithContext returns a client that lists no group versions
// (client-go's fake panics "unimplemented"; an empty answer lets code that
// only probes for schemas run against the fake).
func (c *FakeDiscovery) OpenAPIV3WithContext(context.Context) openapi.ClientWithContext {
	return noSchemas{}
}

// WithLegacy returns c: the fake has one form of discovery (client-go's
// fake panics "unimplemented").
func (c *FakeDiscovery) WithLegacy() discovery.DiscoveryInterface { return c }

// WithLegacyWithContext returns c, as WithLegacy.
func (c *FakeDiscovery) WithLegacyWithContext(context.Context) discovery.DiscoveryInterfaceWithContext {
	return c
}

// noSchemas is an OpenAPI v3 client of a server that publishes none.
type noSchemas struct{}

func (noSchemas) Paths() (map[string]openapi.GroupVersion, error) {
	return map[string]openapi.GroupVersion{}, nil
}

func (noSchemas) PathsWithContext(context.Context) (map[string]openapi.GroupVersionWithContext, error) {
	return map[string]openapi.GroupVersionWithContext{}, nil
}

// groupsOf derives the API groups from resource lists.
func groupsOf(lists []*metav1.APIResourceList) []metav1.APIGroup {
	var order []string
	versions := map[string][]string{}
	for _, l := range lists {
		gv, err := schema.ParseGroupVersion(l.GroupVersion)
		if err != nil {
			continue
		}
		if _, seen := versions[gv.Group]; !seen {
			order = append(order, gv.Group)
		}
		if !slices.Contains(versions[gv.Group], gv.Version) {
			versions[gv.Group] = append(versions[gv.Group], gv.Version)
		}
	}
	// The legacy core group comes first, as from /api.
	slices.SortStableFunc(order, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == "":
			return -1
		case b == "":
			return 1
		}
		return 0
	})
	groups := make([]metav1.APIGroup, 0, len(order))
	for _, name := range order {
		vs := versions[name]
		slices.SortStableFunc(vs, func(a, b string) int { return -version.CompareKubeAwareVersionStrings(a, b) })
		g := metav1.APIGroup{Name: name}
		for _, v := range vs {
			g.Versions = append(g.Versions, metav1.GroupVersionForDiscovery{
				GroupVersion: schema.GroupVersion{Group: name, Version: v}.String(), Version: v,
			})
		}
		g.PreferredVersion = g.Versions[0]
		groups = append(groups, g)
	}
	return groups
}
