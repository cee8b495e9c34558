package discovery

import (
	"context"
	"fmt"
	"slices"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// ResourceForKind returns the resource that serves gvk, with its Group and
// Version filled in, reading only gvk's group version (one request on a
// DiscoveryClient, none on a warm cache) rather than all of discovery. An
// unknown kind or group version is a *meta.NoKindMatchError.
func ResourceForKind(ctx context.Context, d DiscoveryInterfaceWithContext, gvk schema.GroupVersionKind) (metav1.APIResource, error) {
	list, err := resourcesFor(ctx, d, gvk.GroupVersion())
	if err != nil {
		return metav1.APIResource{}, err
	}
	if list != nil {
		for _, r := range list.APIResources {
			if r.Kind == gvk.Kind && !strings.Contains(r.Name, "/") {
				return qualify(r, gvk.GroupVersion()), nil
			}
		}
	}
	return metav1.APIResource{}, &meta.NoKindMatchError{GroupKind: gvk.GroupKind(), SearchedVersions: []string{gvk.Version}}
}

// KindForResource returns the resource gvr (a plural name, or
// "<resource>/<subresource>"), with its Group, Version and Kind filled in,
// reading only gvr's group version. An unknown resource or group version
// is a *meta.NoResourceMatchError.
func KindForResource(ctx context.Context, d DiscoveryInterfaceWithContext, gvr schema.GroupVersionResource) (metav1.APIResource, error) {
	list, err := resourcesFor(ctx, d, gvr.GroupVersion())
	if err != nil {
		return metav1.APIResource{}, err
	}
	if list != nil {
		for _, r := range list.APIResources {
			if r.Name == gvr.Resource {
				return qualify(r, gvr.GroupVersion()), nil
			}
		}
	}
	return metav1.APIResource{}, &meta.NoResourceMatchError{PartialResource: gvr}
}

// resourcesFor returns nil (no error) when the server does not serve gv.
func resourcesFor(ctx context.Context, d DiscoveryInterfaceWithContext, gv schema.GroupVersion) (*metav1.APIResourceList, error) {
	if gv.Version == "" {
		return nil, fmt.Errorf("discovery: %v has no version; a lookup of one group version needs it (use the restmapper package to find the preferred version)", gv)
	}
	list, err := d.ServerResourcesForGroupVersionWithContext(ctx, gv.String())
	if apierrors.IsNotFound(err) {
		return nil, nil
	}
	return list, err
}

// qualify fills in the group and version that the legacy representation
// leaves empty when they equal the list's.
func qualify(r metav1.APIResource, gv schema.GroupVersion) metav1.APIResource {
	if r.Group == "" && r.Version == "" {
		r.Group, r.Version = gv.Group, gv.Version
	}
	return r
}

// GroupVersionResources returns the set of resources in lists.
func GroupVersionResources(lists []*metav1.APIResourceList) (map[schema.GroupVersionResource]struct{}, error) {
	out := map[schema.GroupVersionResource]struct{}{}
	for _, l := range lists {
		gv, err := schema.ParseGroupVersion(l.GroupVersion)
		if err != nil {
			return nil, fmt.Errorf("discovery: resource list with invalid groupVersion: %w", err)
		}
		for _, r := range l.APIResources {
			out[gv.WithResource(r.Name)] = struct{}{}
		}
	}
	return out, nil
}

// ResourcePredicate selects resources for FilteredBy.
type ResourcePredicate interface {
	Match(groupVersion string, r *metav1.APIResource) bool
}

// ResourcePredicateFunc is a function ResourcePredicate.
type ResourcePredicateFunc func(groupVersion string, r *metav1.APIResource) bool

// Match calls fn.
func (fn ResourcePredicateFunc) Match(groupVersion string, r *metav1.APIResource) bool {
	return fn(groupVersion, r)
}

// SupportsAllVerbs matches resources that support every one of Verbs.
type SupportsAllVerbs struct {
	Verbs []string
}

// Match reports whether r supports all of p.Verbs.
func (p SupportsAllVerbs) Match(_ string, r *metav1.APIResource) bool {
	for _, v := range p.Verbs {
		if !slices.Contains(r.Verbs, v) {
			return false
		}
	}
	return true
}

// FilteredBy returns copies of the lists holding only the resources pred
// matches; lists left empty are dropped (client-go's meaning).
func FilteredBy(pred ResourcePredicate, lists []*metav1.APIResourceList) []*metav1.APIResourceList {
	out := []*metav1.APIResourceList{}
	for _, l := range lists {
		filtered := *l
		filtered.APIResources = nil
		for i := range l.APIResources {
			if pred.Match(l.GroupVersion, &l.APIResources[i]) {
				filtered.APIResources = append(filtered.APIResources, l.APIResources[i])
			}
		}
		if filtered.APIResources != nil {
			out = append(out, &filtered)
		}
	}
	return out
}
