package discovery

import (
	"context"
	"fmt"
	"slices"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/version"

	"github.com/clientgen/clientgen/runtime/rest"
)

// client-go's package-level discovery functions, for code written against
// client-go. Those without a context take a DiscoveryInterface and run with
// context.Background(), as client-go's do; prefer the WithContext forms, or
// the methods themselves.

// ServerGroupsAndResources is d.ServerGroupsAndResources().
func ServerGroupsAndResources(d DiscoveryInterface) ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	return ServerGroupsAndResourcesWithContext(context.Background(), ToDiscoveryInterfaceWithContext(d))
}

// ServerGroupsAndResourcesWithContext is
// d.ServerGroupsAndResourcesWithContext(ctx): every implementation here
// already returns partial results with an *ErrGroupDiscoveryFailed.
func ServerGroupsAndResourcesWithContext(ctx context.Context, d DiscoveryInterfaceWithContext) ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	return d.ServerGroupsAndResourcesWithContext(ctx)
}

// ServerPreferredResources is d.ServerPreferredResources().
func ServerPreferredResources(d DiscoveryInterface) ([]*metav1.APIResourceList, error) {
	return ServerPreferredResourcesWithContext(context.Background(), ToDiscoveryInterfaceWithContext(d))
}

// ServerPreferredResourcesWithContext is
// d.ServerPreferredResourcesWithContext(ctx).
func ServerPreferredResourcesWithContext(ctx context.Context, d DiscoveryInterfaceWithContext) ([]*metav1.APIResourceList, error) {
	return d.ServerPreferredResourcesWithContext(ctx)
}

// ServerPreferredNamespacedResources is
// d.ServerPreferredNamespacedResources().
func ServerPreferredNamespacedResources(d DiscoveryInterface) ([]*metav1.APIResourceList, error) {
	return ServerPreferredNamespacedResourcesWithContext(context.Background(), ToDiscoveryInterfaceWithContext(d))
}

// ServerPreferredNamespacedResourcesWithContext is
// d.ServerPreferredNamespacedResourcesWithContext(ctx).
func ServerPreferredNamespacedResourcesWithContext(ctx context.Context, d DiscoveryInterfaceWithContext) ([]*metav1.APIResourceList, error) {
	return d.ServerPreferredNamespacedResourcesWithContext(ctx)
}

// IsResourceEnabled reports whether the server serves resource, reading only
// its group version (a group version the server does not serve is false,
// not an error). KindForResource is the form with a context.
func IsResourceEnabled(client DiscoveryInterface, resource schema.GroupVersionResource) (bool, error) {
	list, err := resourcesFor(context.Background(), ToDiscoveryInterfaceWithContext(client), resource.GroupVersion())
	if err != nil || list == nil {
		return false, err
	}
	return slices.ContainsFunc(list.APIResources, func(r metav1.APIResource) bool { return r.Name == resource.Resource }), nil
}

// ServerSupportsVersion returns an error unless the server serves
// requiredGV.
func ServerSupportsVersion(client DiscoveryInterface, requiredGV schema.GroupVersion) error {
	groups, err := ToDiscoveryInterfaceWithContext(client).ServerGroupsWithContext(context.Background())
	if err != nil {
		return err
	}
	served := metav1.ExtractGroupVersions(groups)
	if slices.Contains(served, requiredGV.String()) {
		return nil
	}
	return fmt.Errorf("server does not support API version %q (it serves %v)", requiredGV, served)
}

// MatchesServerVersion returns an error unless the server's version has
// clientVersion's GitVersion, GitCommit and GitTreeState.
func MatchesServerVersion(clientVersion version.Info, client DiscoveryInterface) error {
	v, err := ToDiscoveryInterfaceWithContext(client).ServerVersionWithContext(context.Background())
	if err != nil {
		return fmt.Errorf("discovery: reading the server's version: %w", err)
	}
	if clientVersion.GitVersion != v.GitVersion || clientVersion.GitCommit != v.GitCommit || clientVersion.GitTreeState != v.GitTreeState {
		return fmt.Errorf("discovery: server version %s (commit %s, %s) differs from client version %s (commit %s, %s)",
			v.GitVersion, v.GitCommit, v.GitTreeState, clientVersion.GitVersion, clientVersion.GitCommit, clientVersion.GitTreeState)
	}
	return nil
}

// NewDiscoveryClientForConfigOrDie is NewDiscoveryClientForConfig that
// panics on error, for program setup.
func NewDiscoveryClientForConfigOrDie(c *rest.Config) *DiscoveryClient {
	d, err := NewDiscoveryClientForConfig(c)
	if err != nil {
		panic(err)
	}
	return d
}
