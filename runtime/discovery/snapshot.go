package discovery

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"sort"
	"strings"
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// document is one discovery response as received: what the disk cache
// stores and what a snapshot is parsed from.
type document struct {
	Path        string // "/api", "/apis", "/apis/apps/v1"
	ContentType string // the response's Content-Type, if known
	ETag        string
	Body        []byte
}

// aggregated reports whether the document is aggregated discovery. The
// Content-Type says so when it was recorded; otherwise the body does.
func (d *document) aggregated() bool {
	if d.ContentType != "" {
		_, params, err := mime.ParseMediaType(d.ContentType)
		return err == nil && params["g"] == aggregatedGroup && params["v"] == "v2" && params["as"] == aggregatedKind
	}
	if bytes.HasPrefix(d.Body, protobufMagic) {
		return true
	}
	return bytes.Contains(d.Body, []byte(`"`+aggregatedKind+`"`))
}

// documents is everything one discovery fetch read.
type documents struct {
	fetched time.Time
	docs    []document
	// failed holds the group versions whose legacy document could not be
	// read. It is never persisted.
	failed map[schema.GroupVersion]error
	// unchanged is set when the server revalidated the aggregated
	// documents of the previous fetch (304 Not Modified).
	unchanged bool
	// api and apis memoize roots().
	api, apis *root
}

func (ds *documents) find(path string) *document {
	for i := range ds.docs {
		if ds.docs[i].Path == path {
			return &ds.docs[i]
		}
	}
	return nil
}

func (ds *documents) hasNotFound() bool {
	for _, err := range ds.failed {
		if apierrors.IsNotFound(err) {
			return true
		}
	}
	return false
}

// root is the decoded /api or /apis document in whichever form it came.
type root struct {
	// aggregated holds the groups and resources of aggregated discovery.
	aggregated *snapshot
	versions   []string          // legacy /api (APIVersions)
	groups     []metav1.APIGroup // legacy /apis (APIGroupList)
}

type rootJSON struct {
	Kind       string            `json:"kind"`
	APIVersion string            `json:"apiVersion"`
	Items      []aggGroup        `json:"items"`
	Versions   []string          `json:"versions"`
	Groups     []metav1.APIGroup `json:"groups"`
}

func decodeRoot(d *document) (*root, error) {
	if bytes.HasPrefix(d.Body, protobufMagic) {
		s, err := decodeAggregatedProtobuf(d.Body)
		if err != nil {
			return nil, fmt.Errorf("discovery: decoding %s: %w", d.Path, err)
		}
		return &root{aggregated: s}, nil
	}
	// One pass over the JSON whatever its kind: the fields of the three
	// possible documents do not overlap.
	var j rootJSON
	if err := json.Unmarshal(d.Body, &j); err != nil {
		return nil, fmt.Errorf("discovery: decoding %s: %w", d.Path, err)
	}
	switch j.Kind {
	case aggregatedKind:
		if j.APIVersion != aggregatedGroup+"/v2" {
			return nil, fmt.Errorf("discovery: decoding %s: unsupported aggregated discovery version %q (want %s/v2)", d.Path, j.APIVersion, aggregatedGroup)
		}
		s := &snapshot{}
		s.appendAggregated(j.Items)
		return &root{aggregated: s}, nil
	case "APIVersions", "APIGroupList", "":
		return &root{versions: j.Versions, groups: j.Groups}, nil
	}
	return nil, fmt.Errorf("discovery: decoding %s: unexpected kind %q", d.Path, j.Kind)
}

// roots decodes /api and /apis (either may be missing), once.
func (ds *documents) roots() (api, apis *root, err error) {
	if ds.api != nil {
		return ds.api, ds.apis, nil
	}
	api, apis = &root{}, &root{}
	if d := ds.find("/api"); d != nil {
		if api, err = decodeRoot(d); err != nil {
			return nil, nil, err
		}
	}
	if d := ds.find("/apis"); d != nil {
		if apis, err = decodeRoot(d); err != nil {
			return nil, nil, err
		}
	}
	ds.api, ds.apis = api, apis
	return api, apis, nil
}

// allAggregated reports whether every root present is aggregated; only
// then are the resources known without the legacy documents (client-go
// applies the same rule).
func allAggregated(api, apis *root) bool {
	return (api.aggregated != nil || api.versions == nil) && apis.aggregated != nil
}

// legacyGroups lists the groups of the roots without resources.
func legacyGroups(api, apis *root) []metav1.APIGroup {
	var groups []metav1.APIGroup
	for _, r := range []*root{api, apis} {
		switch {
		case r.aggregated != nil:
			groups = append(groups, r.aggregated.groups...)
		case len(r.versions) > 0:
			core := metav1.APIGroup{}
			for _, v := range r.versions {
				core.Versions = append(core.Versions, metav1.GroupVersionForDiscovery{GroupVersion: v, Version: v})
			}
			core.PreferredVersion = core.Versions[0]
			groups = append(groups, core)
		default:
			groups = append(groups, r.groups...)
		}
	}
	return groups
}

// legacyGroupVersions returns the group versions whose legacy documents are
// needed, or aggregated=true if the roots already describe the resources.
func (ds *documents) legacyGroupVersions() (gvs []schema.GroupVersion, aggregated bool, err error) {
	api, apis, err := ds.roots()
	if err != nil {
		return nil, false, err
	}
	if allAggregated(api, apis) {
		return nil, true, nil
	}
	for _, g := range legacyGroups(api, apis) {
		for _, v := range g.Versions {
			gvs = append(gvs, schema.GroupVersion{Group: g.Name, Version: v.Version})
		}
	}
	return gvs, false, nil
}

// parse builds the snapshot. Without resources only the groups are filled.
func (ds *documents) parse(withResources bool) (*snapshot, error) {
	api, apis, err := ds.roots()
	if err != nil {
		return nil, err
	}
	s := &snapshot{fetched: ds.fetched}
	if allAggregated(api, apis) {
		s.aggregated = true
		for _, part := range []*snapshot{api.aggregated, apis.aggregated} {
			if part == nil {
				continue
			}
			s.groups = append(s.groups, part.groups...)
			for _, l := range part.lists {
				s.addList(l)
			}
			for gv, err := range part.failed {
				s.fail(gv, err)
			}
		}
		return s, nil
	}
	s.groups = legacyGroups(api, apis)
	if !withResources {
		return s, nil
	}
	for _, g := range s.groups {
		for _, v := range g.Versions {
			gv := schema.GroupVersion{Group: g.Name, Version: v.Version}
			if err, ok := ds.failed[gv]; ok {
				s.fail(gv, err)
				continue
			}
			d := ds.find(gvPath(gv))
			if d == nil {
				s.fail(gv, fmt.Errorf("discovery document %s was not read", gvPath(gv)))
				continue
			}
			list, err := decodeResourceList(d.Body, v.GroupVersion)
			if err != nil {
				s.fail(gv, err)
				continue
			}
			s.addList(list)
		}
	}
	return s, nil
}

func decodeResourceList(body []byte, groupVersion string) (*metav1.APIResourceList, error) {
	list := &metav1.APIResourceList{}
	if err := json.Unmarshal(body, list); err != nil {
		return nil, fmt.Errorf("discovery: decoding the resources of %s: %w", groupVersion, err)
	}
	// Servers omit groupVersion on some lists; callers rely on it.
	if list.GroupVersion == "" {
		list.GroupVersion = groupVersion
	}
	return list, nil
}

// snapshot is one consistent view of the server's discovery. It is never
// modified once built (the preferred lists are computed once, lazily), so
// caches hand out its contents without copying.
type snapshot struct {
	fetched    time.Time
	aggregated bool
	groups     []metav1.APIGroup
	lists      []*metav1.APIResourceList
	byGV       map[string]*metav1.APIResourceList
	failed     map[schema.GroupVersion]error

	preferredOnce sync.Once
	preferred     []*metav1.APIResourceList
}

func (s *snapshot) fail(gv schema.GroupVersion, err error) {
	if s.failed == nil {
		s.failed = map[schema.GroupVersion]error{}
	}
	s.failed[gv] = err
}

func (s *snapshot) addList(l *metav1.APIResourceList) {
	if s.byGV == nil {
		s.byGV = make(map[string]*metav1.APIResourceList, 64)
	}
	s.lists = append(s.lists, l)
	s.byGV[l.GroupVersion] = l
}

func (s *snapshot) failure() error {
	if len(s.failed) == 0 {
		return nil
	}
	return &ErrGroupDiscoveryFailed{Groups: s.failed}
}

func (s *snapshot) groupsAndResources() ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	groups := make([]*metav1.APIGroup, len(s.groups))
	for i := range s.groups {
		groups[i] = &s.groups[i]
	}
	return groups, append([]*metav1.APIResourceList(nil), s.lists...), s.failure()
}

func (s *snapshot) preferredResources(namespacedOnly bool) ([]*metav1.APIResourceList, error) {
	s.preferredOnce.Do(func() { s.preferred = preferredResources(s.groups, s.byGV) })
	if !namespacedOnly {
		return append([]*metav1.APIResourceList(nil), s.preferred...), s.failure()
	}
	return FilteredBy(ResourcePredicateFunc(func(_ string, r *metav1.APIResource) bool { return r.Namespaced }), s.preferred), s.failure()
}

// PreferredResources computes ServerPreferredResources from groups and their
// resource lists, for implementations of DiscoveryInterface that hold these
// (a fake, a cache). Lists are returned in group and version order, one per
// group version that has a list, each with the resources (no subresources)
// whose preferred version it is: the group's preferred version if that
// version serves the resource, else the first version of the group that
// does.
func PreferredResources(groups []*metav1.APIGroup, lists []*metav1.APIResourceList) []*metav1.APIResourceList {
	byGV := make(map[string]*metav1.APIResourceList, len(lists))
	for _, l := range lists {
		byGV[l.GroupVersion] = l
	}
	gs := make([]metav1.APIGroup, len(groups))
	for i, g := range groups {
		gs[i] = *g
	}
	return preferredResources(gs, byGV)
}

func preferredResources(groups []metav1.APIGroup, byGV map[string]*metav1.APIResourceList) []*metav1.APIResourceList {
	var out []*metav1.APIResourceList
	for gi := range groups {
		g := &groups[gi]
		// chosen maps a resource name to the version that will list it.
		chosen := map[string]string{}
		for _, v := range g.Versions {
			l := byGV[v.GroupVersion]
			if l == nil {
				continue
			}
			for i := range l.APIResources {
				name := l.APIResources[i].Name
				if strings.Contains(name, "/") {
					continue
				}
				if _, seen := chosen[name]; !seen || v.Version == g.PreferredVersion.Version {
					chosen[name] = v.Version
				}
			}
		}
		for _, v := range g.Versions {
			l := byGV[v.GroupVersion]
			if l == nil {
				continue
			}
			pl := &metav1.APIResourceList{GroupVersion: l.GroupVersion}
			for i := range l.APIResources {
				r := &l.APIResources[i]
				if !strings.Contains(r.Name, "/") && chosen[r.Name] == v.Version {
					pl.APIResources = append(pl.APIResources, *r)
				}
			}
			out = append(out, pl)
		}
	}
	return out
}

// ErrGroupDiscoveryFailed is returned, together with everything that was
// discovered, when some group versions could not be: their resources are
// unknown. Groups maps each to its cause (a *StatusError from the server,
// a StaleGroupVersionError, a transport error).
type ErrGroupDiscoveryFailed struct {
	Groups map[schema.GroupVersion]error
}

func (e *ErrGroupDiscoveryFailed) Error() string {
	parts := make([]string, 0, len(e.Groups))
	for gv, err := range e.Groups {
		parts = append(parts, fmt.Sprintf("%s: %v", gv, err))
	}
	sort.Strings(parts)
	return "unable to retrieve the complete list of server APIs (results for the other group versions are complete): " + strings.Join(parts, ", ")
}

// Is makes errors.Is(err, &ErrGroupDiscoveryFailed{}) match any instance.
func (e *ErrGroupDiscoveryFailed) Is(target error) bool {
	_, ok := target.(*ErrGroupDiscoveryFailed)
	return ok
}

// IsGroupDiscoveryFailedError reports whether err is (or wraps) an
// *ErrGroupDiscoveryFailed.
func IsGroupDiscoveryFailedError(err error) bool {
	_, ok := GroupDiscoveryFailedErrorGroups(err)
	return ok
}

// GroupDiscoveryFailedErrorGroups returns the failed group versions of err
// if it is (or wraps) an *ErrGroupDiscoveryFailed.
func GroupDiscoveryFailedErrorGroups(err error) (map[schema.GroupVersion]error, bool) {
	var e *ErrGroupDiscoveryFailed
	if errors.As(err, &e) {
		return e.Groups, true
	}
	return nil, false
}

// byGroupVersion returns the resource lists and the failures keyed by group
// version, as GroupsAndMaybeResources reports them.
func (s *snapshot) byGroupVersion() (map[schema.GroupVersion]*metav1.APIResourceList, map[schema.GroupVersion]error) {
	resources := make(map[schema.GroupVersion]*metav1.APIResourceList, len(s.lists))
	for _, l := range s.lists {
		gv, err := schema.ParseGroupVersion(l.GroupVersion)
		if err != nil {
			continue // not a list the server could have served
		}
		resources[gv] = l
	}
	var failed map[schema.GroupVersion]error
	if len(s.failed) > 0 {
		failed = make(map[schema.GroupVersion]error, len(s.failed))
		for gv, err := range s.failed {
			failed[gv] = err
		}
	}
	return resources, failed
}
