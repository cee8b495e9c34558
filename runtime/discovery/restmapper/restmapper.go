// Package restmapper maps kinds to resources and back using discovery: the
// apimachinery meta.RESTMapper (and its WithContext twin) with preferred
// versions, singular names, short names ("po" -> pods) and categories
// ("all"), in one type.
//
// A Mapper loads discovery on first use and keeps it. When a lookup finds
// nothing, it reloads once (invalidating a cached discovery client) and
// tries again, so a CustomResourceDefinition created since the last load is
// found without restarting; reloads are at most one per MinReloadInterval so
// that lookups of kinds that do not exist cannot hammer the server.
package restmapper

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/clientgen/clientgen/runtime/discovery"
)

// DefaultMinReloadInterval is the default Options.MinReloadInterval.
const DefaultMinReloadInterval = time.Second

// Options configure a Mapper.
type Options struct {
	// MinReloadInterval is the least time between two reloads triggered by
	// a failed lookup. 0 means DefaultMinReloadInterval; negative means
	// every failed lookup reloads.
	MinReloadInterval time.Duration
}

// Mapper is a meta.ResettableRESTMapper and
// meta.ResettableRESTMapperWithContext over discovery. The methods without
// a context use context.Background(); the discovery client's request
// timeout still applies. It is safe for concurrent use.
type Mapper struct {
	d         discovery.DiscoveryInterfaceWithContext
	minReload time.Duration

	mu       sync.Mutex
	state    *state
	loadedAt time.Time
	// gen counts loads, so that concurrent failed lookups reload once.
	gen int
}

// Mapper is also apimachinery v0.37's meta.ResettableRESTMapperWithContext;
// that is asserted in internal/layout of the generator module, because the
// interface does not exist in the oldest apimachinery the runtime supports.
var _ meta.ResettableRESTMapper = (*Mapper)(nil)

// New returns a Mapper over d. Give it a cached client
// (discovery.NewMemCacheClient, discovery.NewCachedDiscoveryClientForConfig)
// to share discovery with other users; with a plain DiscoveryClient each
// load downloads discovery. A d without the WithContext forms (one written
// for client-go's interface) is called without the lookup's context.
func New(d discovery.DiscoveryInterface, opts Options) *Mapper {
	m := &Mapper{d: discovery.ToDiscoveryInterfaceWithContext(d), minReload: opts.MinReloadInterval}
	if cd, ok := d.(discovery.CachedDiscoveryInterface); ok {
		// Keeps Fresh and Invalidate of a cache without the context forms.
		m.d = discovery.ToCachedDiscoveryInterfaceWithContext(cd)
	}
	if m.minReload == 0 {
		m.minReload = DefaultMinReloadInterval
	}
	return m
}

// entry is one resource of one group version.
type entry struct {
	gvr        schema.GroupVersionResource
	gvk        schema.GroupVersionKind
	singular   string
	namespaced bool
	categories []string
	// preferred is set on the entry of a group resource's preferred
	// version: the group's preferred version if it serves the resource,
	// else the first version that does.
	preferred bool
}

// state indexes one discovery snapshot. Every index lists entries in
// priority order: groups in the server's order, in each group the preferred
// version first and then the others in the server's order.
type state struct {
	entries  []entry
	kinds    map[schema.GroupKind][]int
	plural   map[string][]int
	singular map[string][]int
	short    map[string][]int
	category map[string][]int
}

func newState(groups []*metav1.APIGroup, lists []*metav1.APIResourceList) *state {
	byGV := make(map[string]*metav1.APIResourceList, len(lists))
	for _, l := range lists {
		byGV[l.GroupVersion] = l
	}
	s := &state{
		kinds: map[schema.GroupKind][]int{}, plural: map[string][]int{}, singular: map[string][]int{},
		short: map[string][]int{}, category: map[string][]int{},
	}
	for _, g := range groups {
		versions := make([]metav1.GroupVersionForDiscovery, 0, len(g.Versions))
		for _, v := range g.Versions {
			if v.Version == g.PreferredVersion.Version {
				versions = append([]metav1.GroupVersionForDiscovery{v}, versions...)
			} else {
				versions = append(versions, v)
			}
		}
		seen := map[string]bool{} // resources of this group already given a preferred entry
		for _, v := range versions {
			l := byGV[v.GroupVersion]
			if l == nil {
				continue
			}
			for _, r := range l.APIResources {
				if strings.Contains(r.Name, "/") || r.Kind == "" {
					continue
				}
				e := entry{
					gvr:        schema.GroupVersionResource{Group: g.Name, Version: v.Version, Resource: r.Name},
					gvk:        schema.GroupVersionKind{Group: g.Name, Version: v.Version, Kind: r.Kind},
					singular:   r.SingularName,
					namespaced: r.Namespaced,
					categories: r.Categories,
					preferred:  !seen[r.Name],
				}
				if e.singular == "" {
					// Servers that do not report it: apimachinery's rule.
					e.singular = strings.ToLower(r.Kind)
				}
				seen[r.Name] = true
				i := len(s.entries)
				s.entries = append(s.entries, e)
				gk := e.gvk.GroupKind()
				s.kinds[gk] = append(s.kinds[gk], i)
				s.plural[strings.ToLower(r.Name)] = append(s.plural[strings.ToLower(r.Name)], i)
				s.singular[strings.ToLower(e.singular)] = append(s.singular[strings.ToLower(e.singular)], i)
				for _, sn := range r.ShortNames {
					s.short[strings.ToLower(sn)] = append(s.short[strings.ToLower(sn)], i)
				}
				if e.preferred {
					for _, c := range r.Categories {
						s.category[c] = append(s.category[c], i)
					}
				}
			}
		}
	}
	return s
}

// current returns the loaded state, loading it first if needed.
func (m *Mapper) current(ctx context.Context) (*state, int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.state != nil {
		return m.state, m.gen, nil
	}
	if err := m.loadLocked(ctx); err != nil {
		return nil, 0, err
	}
	return m.state, m.gen, nil
}

func (m *Mapper) loadLocked(ctx context.Context) error {
	groups, lists, err := m.d.ServerGroupsAndResourcesWithContext(ctx)
	if err != nil && !discovery.IsGroupDiscoveryFailedError(err) {
		return fmt.Errorf("restmapper: loading discovery: %w", err)
	}
	// A partial discovery still maps everything that was discovered.
	m.state = newState(groups, lists)
	m.loadedAt = time.Now()
	m.gen++
	return nil
}

// reload reloads once after a failed lookup on the state of generation
// gen, unless another caller already did or the last load is too recent.
// It reports whether there is a newer state to try.
func (m *Mapper) reload(ctx context.Context, gen int) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.gen != gen {
		return true
	}
	if m.minReload > 0 && time.Since(m.loadedAt) < m.minReload {
		return false
	}
	if cd, ok := m.d.(discovery.CachedDiscoveryInterfaceWithContext); ok {
		cd.InvalidateWithContext(ctx)
	}
	return m.loadLocked(ctx) == nil
}

// lookup runs find on the current state and, if it finds nothing, once more
// after a reload.
func lookup[T any](ctx context.Context, m *Mapper, find func(*state) (T, bool), notFound func() error) (T, error) {
	var zero T
	s, gen, err := m.current(ctx)
	if err != nil {
		return zero, err
	}
	if v, ok := find(s); ok {
		return v, nil
	}
	if m.reload(ctx, gen) {
		if s, _, err = m.current(ctx); err != nil {
			return zero, err
		}
		if v, ok := find(s); ok {
			return v, nil
		}
	}
	return zero, notFound()
}

// Reset drops the loaded state and invalidates a cached discovery client;
// the next lookup loads again.
func (m *Mapper) Reset() {
	m.ResetWithContext(context.Background())
}

// ResetWithContext is Reset; the context is passed on to the cache's
// InvalidateWithContext.
func (m *Mapper) ResetWithContext(ctx context.Context) {
	m.mu.Lock()
	m.state = nil
	m.mu.Unlock()
	if cd, ok := m.d.(discovery.CachedDiscoveryInterfaceWithContext); ok {
		cd.InvalidateWithContext(ctx)
	}
}

// matches returns the entries matching a partial resource, in priority
// order. The name is looked up as a plural, then as a singular, then as a
// short name; the first kind of name that matches anything wins, so a short
// name can never shadow another resource's plural.
func (s *state) matches(r schema.GroupVersionResource) []int {
	name := strings.ToLower(r.Resource)
	for _, idx := range []map[string][]int{s.plural, s.singular, s.short} {
		var out []int
		for _, i := range idx[name] {
			e := &s.entries[i]
			if (r.Group == "" || e.gvr.Group == r.Group) && (r.Version == "" || e.gvr.Version == r.Version) {
				out = append(out, i)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// best returns the first preferred entry among matches when no version was
// asked for, else the first match.
func (s *state) best(r schema.GroupVersionResource, matches []int) int {
	if r.Version == "" {
		for _, i := range matches {
			if s.entries[i].preferred {
				return i
			}
		}
	}
	return matches[0]
}

func noResource(r schema.GroupVersionResource) func() error {
	return func() error { return &meta.NoResourceMatchError{PartialResource: r} }
}

// KindForWithContext returns the kind of a partial resource (a plural,
// singular or short name, with optional group and version): the preferred
// version of the highest-priority group that serves it.
func (m *Mapper) KindForWithContext(ctx context.Context, r schema.GroupVersionResource) (schema.GroupVersionKind, error) {
	return lookup(ctx, m, func(s *state) (schema.GroupVersionKind, bool) {
		if ms := s.matches(r); len(ms) > 0 {
			return s.entries[s.best(r, ms)].gvk, true
		}
		return schema.GroupVersionKind{}, false
	}, noResource(r))
}

// KindsForWithContext returns every kind matching a partial resource, in
// priority order.
func (m *Mapper) KindsForWithContext(ctx context.Context, r schema.GroupVersionResource) ([]schema.GroupVersionKind, error) {
	return lookup(ctx, m, func(s *state) ([]schema.GroupVersionKind, bool) {
		var out []schema.GroupVersionKind
		for _, i := range s.matches(r) {
			out = append(out, s.entries[i].gvk)
		}
		return out, len(out) > 0
	}, noResource(r))
}

// ResourceForWithContext completes a partial resource: plural name, group
// and (preferred) version.
func (m *Mapper) ResourceForWithContext(ctx context.Context, r schema.GroupVersionResource) (schema.GroupVersionResource, error) {
	return lookup(ctx, m, func(s *state) (schema.GroupVersionResource, bool) {
		if ms := s.matches(r); len(ms) > 0 {
			return s.entries[s.best(r, ms)].gvr, true
		}
		return schema.GroupVersionResource{}, false
	}, noResource(r))
}

// ResourcesForWithContext returns every resource matching a partial
// resource, in priority order.
func (m *Mapper) ResourcesForWithContext(ctx context.Context, r schema.GroupVersionResource) ([]schema.GroupVersionResource, error) {
	return lookup(ctx, m, func(s *state) ([]schema.GroupVersionResource, bool) {
		var out []schema.GroupVersionResource
		for _, i := range s.matches(r) {
			out = append(out, s.entries[i].gvr)
		}
		return out, len(out) > 0
	}, noResource(r))
}

// mappings returns the entries of gk: in the order of versions if given
// (versions the server does not serve are skipped), else in priority order.
func (s *state) mappings(gk schema.GroupKind, versions []string) []*meta.RESTMapping {
	var out []*meta.RESTMapping
	add := func(i int) {
		e := &s.entries[i]
		scope := meta.RESTScopeRoot
		if e.namespaced {
			scope = meta.RESTScopeNamespace
		}
		out = append(out, &meta.RESTMapping{Resource: e.gvr, GroupVersionKind: e.gvk, Scope: scope})
	}
	idx := s.kinds[gk]
	var wanted []string
	for _, v := range versions {
		if v != "" {
			wanted = append(wanted, v)
		}
	}
	if len(wanted) == 0 {
		for _, i := range idx {
			add(i)
		}
		return out
	}
	for _, v := range wanted {
		for _, i := range idx {
			if s.entries[i].gvk.Version == v {
				add(i)
			}
		}
	}
	return out
}

func noKind(gk schema.GroupKind, versions []string) func() error {
	return func() error { return &meta.NoKindMatchError{GroupKind: gk, SearchedVersions: versions} }
}

// RESTMappingWithContext returns the mapping of gk in the first of versions
// that serves it, or in its preferred version if none are given.
func (m *Mapper) RESTMappingWithContext(ctx context.Context, gk schema.GroupKind, versions ...string) (*meta.RESTMapping, error) {
	return lookup(ctx, m, func(s *state) (*meta.RESTMapping, bool) {
		if ms := s.mappings(gk, versions); len(ms) > 0 {
			return ms[0], true
		}
		return nil, false
	}, noKind(gk, versions))
}

// RESTMappingsWithContext returns every mapping of gk, restricted to
// versions if given.
func (m *Mapper) RESTMappingsWithContext(ctx context.Context, gk schema.GroupKind, versions ...string) ([]*meta.RESTMapping, error) {
	return lookup(ctx, m, func(s *state) ([]*meta.RESTMapping, bool) {
		ms := s.mappings(gk, versions)
		return ms, len(ms) > 0
	}, noKind(gk, versions))
}

// ResourceSingularizerWithContext returns the singular name of a resource
// given by any of its names.
func (m *Mapper) ResourceSingularizerWithContext(ctx context.Context, resource string) (string, error) {
	r := schema.GroupVersionResource{Resource: resource}
	return lookup(ctx, m, func(s *state) (string, bool) {
		if ms := s.matches(r); len(ms) > 0 {
			return s.entries[s.best(r, ms)].singular, true
		}
		return "", false
	}, noResource(r))
}

// ExpandWithContext returns the resources in category (for example "all"),
// each once in its preferred version, in priority order. It has the
// meaning of client-go's CategoryExpander.Expand.
func (m *Mapper) ExpandWithContext(ctx context.Context, category string) ([]schema.GroupResource, bool) {
	out, err := lookup(ctx, m, func(s *state) ([]schema.GroupResource, bool) {
		var out []schema.GroupResource
		for _, i := range s.category[category] {
			out = append(out, s.entries[i].gvr.GroupResource())
		}
		return out, len(out) > 0
	}, func() error { return fmt.Errorf("restmapper: no resources in category %q", category) })
	return out, err == nil
}

// Expand is ExpandWithContext with context.Background().
func (m *Mapper) Expand(category string) ([]schema.GroupResource, bool) {
	return m.ExpandWithContext(context.Background(), category)
}

// KindFor is KindForWithContext with context.Background().
func (m *Mapper) KindFor(r schema.GroupVersionResource) (schema.GroupVersionKind, error) {
	return m.KindForWithContext(context.Background(), r)
}

// KindsFor is KindsForWithContext with context.Background().
func (m *Mapper) KindsFor(r schema.GroupVersionResource) ([]schema.GroupVersionKind, error) {
	return m.KindsForWithContext(context.Background(), r)
}

// ResourceFor is ResourceForWithContext with context.Background().
func (m *Mapper) ResourceFor(r schema.GroupVersionResource) (schema.GroupVersionResource, error) {
	return m.ResourceForWithContext(context.Background(), r)
}

// ResourcesFor is ResourcesForWithContext with context.Background().
func (m *Mapper) ResourcesFor(r schema.GroupVersionResource) ([]schema.GroupVersionResource, error) {
	return m.ResourcesForWithContext(context.Background(), r)
}

// RESTMapping is RESTMappingWithContext with context.Background().
func (m *Mapper) RESTMapping(gk schema.GroupKind, versions ...string) (*meta.RESTMapping, error) {
	return m.RESTMappingWithContext(context.Background(), gk, versions...)
}

// RESTMappings is RESTMappingsWithContext with context.Background().
func (m *Mapper) RESTMappings(gk schema.GroupKind, versions ...string) ([]*meta.RESTMapping, error) {
	return m.RESTMappingsWithContext(context.Background(), gk, versions...)
}

// ResourceSingularizer is ResourceSingularizerWithContext with
// context.Background().
func (m *Mapper) ResourceSingularizer(resource string) (string, error) {
	return m.ResourceSingularizerWithContext(context.Background(), resource)
}
