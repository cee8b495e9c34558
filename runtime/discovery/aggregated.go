package discovery

import (
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// The types below mirror the JSON (and protobuf) of apidiscovery.k8s.io/v2
// APIGroupDiscoveryList, the aggregated discovery document that /api and
// /apis serve in one round trip each. They are private copies so that the
// runtime does not depend on k8s.io/api; only the fields discovery needs are
// kept, everything else is ignored when decoding.

// Media types of aggregated discovery. The parameters must be in g, v, as
// order: the server matches them literally.
const (
	acceptAggregatedProtobuf = "application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
	acceptAggregatedJSON     = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
	acceptLegacy             = "application/json"
	// acceptDiscovery prefers protobuf (about a fifth of the JSON size and
	// far cheaper to encode on the server and decode here), then aggregated
	// JSON, then the legacy documents of servers without aggregation.
	acceptDiscovery = acceptAggregatedProtobuf + "," + acceptAggregatedJSON + "," + acceptLegacy
)

const (
	scopeNamespace  = "Namespaced"
	freshnessStale  = "Stale"
	aggregatedGroup = "apidiscovery.k8s.io"
	aggregatedKind  = "APIGroupDiscoveryList"
)

type aggGroup struct {
	Metadata struct {
		Name string `json:"name"`
	} `json:"metadata"`
	Versions []aggVersion `json:"versions"`
}

type aggVersion struct {
	Version   string        `json:"version"`
	Resources []aggResource `json:"resources"`
	Freshness string        `json:"freshness"`
}

type aggResource struct {
	Resource         string           `json:"resource"`
	ResponseKind     *aggGVK          `json:"responseKind"`
	Scope            string           `json:"scope"`
	SingularResource string           `json:"singularResource"`
	Verbs            []string         `json:"verbs"`
	ShortNames       []string         `json:"shortNames"`
	Categories       []string         `json:"categories"`
	Subresources     []aggSubresource `json:"subresources"`
}

type aggSubresource struct {
	Subresource  string   `json:"subresource"`
	ResponseKind *aggGVK  `json:"responseKind"`
	Verbs        []string `json:"verbs"`
}

type aggGVK struct {
	Group   string `json:"group"`
	Version string `json:"version"`
	Kind    string `json:"kind"`
}

// StaleGroupVersionError says that the server's aggregated discovery marked
// a group version stale: the aggregated API server behind it did not answer
// the last time the kube-apiserver asked, so its resources are unknown.
type StaleGroupVersionError struct {
	GroupVersion schema.GroupVersion
}

func (e StaleGroupVersionError) Error() string {
	return fmt.Sprintf("stale GroupVersion discovery: %v: the server could not reach the API server that serves it; check its APIService's Available condition", e.GroupVersion)
}

// appendAggregated converts aggregated groups into the legacy shapes the
// API returns: one APIGroup per group (versions in the server's preference
// order, the first one preferred) and one APIResourceList per group version,
// with subresources as "<resource>/<subresource>" entries. Group and Version
// of an entry are set only where they differ from its list, as the legacy
// endpoints do. Stale versions are recorded in failed and left out.
func (s *snapshot) appendAggregated(items []aggGroup) {
	for i := range items {
		g := &items[i]
		group := metav1.APIGroup{Name: g.Metadata.Name}
		for j := range g.Versions {
			v := &g.Versions[j]
			gv := schema.GroupVersion{Group: group.Name, Version: v.Version}
			if v.Freshness == freshnessStale {
				s.fail(gv, StaleGroupVersionError{GroupVersion: gv})
				continue
			}
			gvd := metav1.GroupVersionForDiscovery{GroupVersion: gv.String(), Version: v.Version}
			group.Versions = append(group.Versions, gvd)
			s.addList(convertAggregatedVersion(gv, gvd.GroupVersion, v.Resources))
		}
		if len(group.Versions) == 0 {
			// Every version is stale: the group is reported only through
			// the failure, as client-go does with an empty group.
			if len(g.Versions) > 0 {
				continue
			}
		} else {
			group.PreferredVersion = group.Versions[0]
		}
		s.groups = append(s.groups, group)
	}
}

func convertAggregatedVersion(gv schema.GroupVersion, gvString string, resources []aggResource) *metav1.APIResourceList {
	n := len(resources)
	for i := range resources {
		n += len(resources[i].Subresources)
	}
	list := &metav1.APIResourceList{GroupVersion: gvString, APIResources: make([]metav1.APIResource, 0, n)}
	for i := range resources {
		r := &resources[i]
		if r.ResponseKind == nil || r.ResponseKind.Kind == "" {
			// Without a kind the resource cannot be used; client-go drops it too.
			continue
		}
		parent := metav1.APIResource{
			Name:         r.Resource,
			SingularName: r.SingularResource,
			Namespaced:   r.Scope == scopeNamespace,
			Kind:         r.ResponseKind.Kind,
			Verbs:        r.Verbs,
			ShortNames:   r.ShortNames,
			Categories:   r.Categories,
		}
		parent.Group, parent.Version = otherGroupVersion(gv, r.ResponseKind)
		list.APIResources = append(list.APIResources, parent)
		for j := range r.Subresources {
			sr := &r.Subresources[j]
			if sr.ResponseKind == nil || sr.ResponseKind.Kind == "" {
				continue
			}
			sub := metav1.APIResource{
				Name:       r.Resource + "/" + sr.Subresource,
				Namespaced: parent.Namespaced,
				Kind:       sr.ResponseKind.Kind,
				Verbs:      sr.Verbs,
			}
			sub.Group, sub.Version = otherGroupVersion(gv, sr.ResponseKind)
			list.APIResources = append(list.APIResources, sub)
		}
	}
	return list
}

// otherGroupVersion returns the group and version of k where they differ
// from the containing gv, and "" otherwise (the legacy representation).
// Aggregated discovery leaves them empty for built-in resources but spells
// them out for custom resources.
func otherGroupVersion(gv schema.GroupVersion, k *aggGVK) (string, string) {
	if k.Group == "" && k.Version == "" {
		return "", ""
	}
	if k.Group == gv.Group && k.Version == gv.Version {
		return "", ""
	}
	return k.Group, k.Version
}
