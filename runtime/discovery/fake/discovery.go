// Package fake is a discovery.DiscoveryInterface served from a
// testing.Fake's Resources, for fake clientsets (whose Discovery() returns
// one) and for tests of code that discovers resources.
package fake

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/version"

	"github.com/clientgen/clientgen/runtime/discovery"
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
type FakeDiscovery struct {
	*clienttesting.Fake
	// FakedServerVersion is what ServerVersion returns; nil gives v0.0.0-fake.
	FakedServerVersion *version.Info
}

var _ discovery.DiscoveryInterface = (*FakeDiscovery)(nil)

// RESTClient returns nil: the fake sends no requests.
func (c *FakeDiscovery) RESTClient() rest.Interface { return nil }

func (c *FakeDiscovery) invoke(what string) error {
	_, err := c.Invokes(clienttesting.ActionImpl{Verb: "get", Resource: schema.GroupVersionResource{Resource: what}}, nil)
	return err
}

// ServerVersion returns FakedServerVersion.
func (c *FakeDiscovery) ServerVersion(ctx context.Context) (*version.Info, error) {
	if err := c.invoke("version"); err != nil {
		return nil, err
	}
	if c.FakedServerVersion != nil {
		v := *c.FakedServerVersion
		return &v, nil
	}
	return &version.Info{Major: "0", Minor: "0", GitVersion: "v0.0.0-fake"}, nil
}

// ServerGroups returns the groups of the group versions in Resources.
func (c *FakeDiscovery) ServerGroups(ctx context.Context) (*metav1.APIGroupList, error) {
	if err := c.invoke("group"); err != nil {
		return nil, err
	}
	return &metav1.APIGroupList{Groups: groupsOf(c.Resources)}, nil
}

// ServerResourcesForGroupVersion returns the list of groupVersion, or
// NotFound.
func (c *FakeDiscovery) ServerResourcesForGroupVersion(ctx context.Context, groupVersion string) (*metav1.APIResourceList, error) {
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

// ServerGroupsAndResources returns the groups and every list of Resources.
func (c *FakeDiscovery) ServerGroupsAndResources(ctx context.Context) ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	groups, err := c.ServerGroups(ctx)
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

// ServerPreferredResources returns, per group version, the resources whose
// preferred version it is.
func (c *FakeDiscovery) ServerPreferredResources(ctx context.Context) ([]*metav1.APIResourceList, error) {
	groups, lists, err := c.ServerGroupsAndResources(ctx)
	if err != nil {
		return nil, err
	}
	return discovery.PreferredResources(groups, lists), nil
}

// ServerPreferredNamespacedResources is ServerPreferredResources with only
// the namespaced resources; lists left empty are dropped.
func (c *FakeDiscovery) ServerPreferredNamespacedResources(ctx context.Context) ([]*metav1.APIResourceList, error) {
	all, err := c.ServerPreferredResources(ctx)
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
