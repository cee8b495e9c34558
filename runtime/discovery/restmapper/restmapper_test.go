package restmapper_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/clientgen/clientgen/runtime/discovery"
	"github.com/clientgen/clientgen/runtime/discovery/restmapper"
)

const fixtures = "../testdata/apiserver-v1.37.2/legacy"

// served is a CachedDiscoveryInterface over the legacy documents captured
// from the real kube-apiserver v1.37.2 (see ../testdata), to which a test
// can add group versions, as creating a CRD does. It is written as code
// for client-go's interface would be: without the WithContext forms, so the
// mapper reaches it through discovery.ToCachedDiscoveryInterfaceWithContext.
// The methods the mapper does not use come from the nil embedded interface
// (calling one panics).
type served struct {
	discovery.CachedDiscoveryInterface
	mu            sync.Mutex
	groups        []*metav1.APIGroup
	lists         []*metav1.APIResourceList
	failed        map[schema.GroupVersion]error
	loads         int
	invalidations int
}

var _ discovery.CachedDiscoveryInterface = (*served)(nil)

func newServed(tb testing.TB) *served {
	tb.Helper()
	read := func(path string, into any) {
		b, err := os.ReadFile(filepath.Join(fixtures, path))
		if err != nil {
			tb.Fatal(err)
		}
		if err := json.Unmarshal(b, into); err != nil {
			tb.Fatal(err)
		}
	}
	var apis metav1.APIGroupList
	read("apis.json", &apis)
	core := metav1.GroupVersionForDiscovery{GroupVersion: "v1", Version: "v1"}
	s := &served{groups: []*metav1.APIGroup{{Versions: []metav1.GroupVersionForDiscovery{core}, PreferredVersion: core}}}
	for i := range apis.Groups {
		s.groups = append(s.groups, &apis.Groups[i])
	}
	for _, g := range s.groups {
		for _, v := range g.Versions {
			l := &metav1.APIResourceList{}
			path := "apis/" + v.GroupVersion + ".json"
			if g.Name == "" {
				path = "api/v1.json"
			}
			read(path, l)
			s.lists = append(s.lists, l)
		}
	}
	return s
}

func (s *served) add(g *metav1.APIGroup, l *metav1.APIResourceList) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.groups = append(s.groups, g)
	s.lists = append(s.lists, l)
}

func (s *served) counts() (loads, invalidations int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.loads, s.invalidations
}

func (s *served) ServerGroupsAndResources() ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loads++
	var err error
	if len(s.failed) > 0 {
		err = &discovery.ErrGroupDiscoveryFailed{Groups: s.failed}
	}
	return append([]*metav1.APIGroup(nil), s.groups...), append([]*metav1.APIResourceList(nil), s.lists...), err
}

func (s *served) Invalidate() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.invalidations++
}

func (s *served) Fresh() bool { return true }

func gvr(g, v, r string) schema.GroupVersionResource {
	return schema.GroupVersionResource{Group: g, Version: v, Resource: r}
}

func gvk(g, v, k string) schema.GroupVersionKind {
	return schema.GroupVersionKind{Group: g, Version: v, Kind: k}
}

func TestKindForResolvesEveryKindOfResourceName(t *testing.T) {
	m := restmapper.New(newServed(t), restmapper.Options{})
	tests := []struct {
		name    string
		partial schema.GroupVersionResource
		want    schema.GroupVersionKind
	}{
		{"a plural name", gvr("", "", "pods"), gvk("", "v1", "Pod")},
		{"a singular name", gvr("", "", "pod"), gvk("", "v1", "Pod")},
		{"a short name", gvr("", "", "po"), gvk("", "v1", "Pod")},
		{"a name in capitals", gvr("", "", "Pods"), gvk("", "v1", "Pod")},
		{"a short name of a group", gvr("", "", "deploy"), gvk("apps", "v1", "Deployment")},
		{"the preferred version when none is given", gvr("", "", "hpa"), gvk("autoscaling", "v2", "HorizontalPodAutoscaler")},
		{"the version asked for", gvr("autoscaling", "v1", "hpa"), gvk("autoscaling", "v1", "HorizontalPodAutoscaler")},
		{"a custom resource's short name", gvr("", "", "wd"), gvk("example.com", "v1", "Widget")},
		{"a custom resource's singular name in another version", gvr("", "v1beta1", "widget"), gvk("example.com", "v1beta1", "Widget")},
		{"the group asked for among two that serve a name", gvr("events.k8s.io", "", "events"), gvk("events.k8s.io", "v1", "Event")},
		{"the group that comes first when two serve a name", gvr("", "", "events"), gvk("", "v1", "Event")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := m.KindFor(tt.partial)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("KindFor(%v) = %v, want %v", tt.partial, got, tt.want)
			}
			res, err := m.ResourceFor(tt.partial)
			if err != nil {
				t.Fatal(err)
			}
			if res.GroupVersion() != tt.want.GroupVersion() || res.Resource == "" {
				t.Errorf("ResourceFor(%v) = %v, want a resource of %v", tt.partial, res, tt.want.GroupVersion())
			}
		})
	}
}

func TestResourcesForListsEveryMatchInPriorityOrder(t *testing.T) {
	m := restmapper.New(newServed(t), restmapper.Options{})
	got, err := m.ResourcesFor(gvr("", "", "horizontalpodautoscalers"))
	if err != nil {
		t.Fatal(err)
	}
	want := []schema.GroupVersionResource{gvr("autoscaling", "v2", "horizontalpodautoscalers"), gvr("autoscaling", "v1", "horizontalpodautoscalers")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	kinds, err := m.KindsFor(gvr("", "", "events"))
	if err != nil {
		t.Fatal(err)
	}
	if wantKinds := []schema.GroupVersionKind{gvk("", "v1", "Event"), gvk("events.k8s.io", "v1", "Event")}; !cmp.Equal(wantKinds, kinds) {
		t.Errorf("KindsFor(events) = %v, want %v", kinds, wantKinds)
	}
}

func TestRESTMappingGivesResourceAndScope(t *testing.T) {
	m := restmapper.New(newServed(t), restmapper.Options{})
	tests := []struct {
		name     string
		gk       schema.GroupKind
		versions []string
		want     meta.RESTMapping
	}{
		{"a namespaced kind in its preferred version", schema.GroupKind{Group: "apps", Kind: "Deployment"}, nil,
			meta.RESTMapping{Resource: gvr("apps", "v1", "deployments"), GroupVersionKind: gvk("apps", "v1", "Deployment"), Scope: meta.RESTScopeNamespace}},
		{"a cluster-scoped custom kind", schema.GroupKind{Group: "ops.example.com", Kind: "ClusterPolicy"}, nil,
			meta.RESTMapping{Resource: gvr("ops.example.com", "v1alpha1", "clusterpolicies"), GroupVersionKind: gvk("ops.example.com", "v1alpha1", "ClusterPolicy"), Scope: meta.RESTScopeRoot}},
		{"the first of the versions asked for that is served", schema.GroupKind{Group: "example.com", Kind: "Widget"}, []string{"v9", "v1beta1", "v1"},
			meta.RESTMapping{Resource: gvr("example.com", "v1beta1", "widgets"), GroupVersionKind: gvk("example.com", "v1beta1", "Widget"), Scope: meta.RESTScopeNamespace}},
		{"a core kind", schema.GroupKind{Kind: "Namespace"}, []string{""},
			meta.RESTMapping{Resource: gvr("", "v1", "namespaces"), GroupVersionKind: gvk("", "v1", "Namespace"), Scope: meta.RESTScopeRoot}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := m.RESTMapping(tt.gk, tt.versions...)
			if err != nil {
				t.Fatal(err)
			}
			if got.Resource != tt.want.Resource || got.GroupVersionKind != tt.want.GroupVersionKind || got.Scope.Name() != tt.want.Scope.Name() {
				t.Errorf("RESTMapping = %+v, want %+v", *got, tt.want)
			}
		})
	}
	all, err := m.RESTMappings(schema.GroupKind{Group: "autoscaling", Kind: "HorizontalPodAutoscaler"})
	if err != nil || len(all) != 2 || all[0].Resource.Version != "v2" || all[1].Resource.Version != "v1" {
		t.Errorf("RESTMappings(HorizontalPodAutoscaler) = %v, %v; want v2 then v1", all, err)
	}
}

func TestSingularNamesAndCategories(t *testing.T) {
	m := restmapper.New(newServed(t), restmapper.Options{})
	for plural, want := range map[string]string{"deployments": "deployment", "clusterpolicies": "clusterpolicy", "po": "pod"} {
		if got, err := m.ResourceSingularizer(plural); err != nil || got != want {
			t.Errorf("ResourceSingularizer(%s) = %q, %v; want %q", plural, got, err, want)
		}
	}
	all, ok := m.Expand("all")
	if !ok {
		t.Fatal(`Expand("all") found nothing`)
	}
	seen := map[schema.GroupResource]int{}
	for _, gr := range all {
		seen[gr]++
	}
	for _, gr := range []schema.GroupResource{{Resource: "pods"}, {Group: "apps", Resource: "deployments"}, {Group: "example.com", Resource: "widgets"}, {Group: "autoscaling", Resource: "horizontalpodautoscalers"}} {
		if seen[gr] != 1 {
			t.Errorf(`Expand("all") lists %v %d times, want once`, gr, seen[gr])
		}
	}
	if seen[schema.GroupResource{Resource: "configmaps"}] != 0 {
		t.Error(`Expand("all") lists configmaps, which are not in the category`)
	}
	if _, ok := m.Expand("no-such-category"); ok {
		t.Error("an unknown category expanded")
	}
}

func TestAKindAddedAfterTheFirstLoadIsFoundByOneReload(t *testing.T) {
	d := newServed(t)
	m := restmapper.New(d, restmapper.Options{MinReloadInterval: -1})
	if _, err := m.RESTMapping(schema.GroupKind{Group: "apps", Kind: "Deployment"}); err != nil {
		t.Fatal(err)
	}
	d.add(&metav1.APIGroup{
		Name:             "late.example.com",
		Versions:         []metav1.GroupVersionForDiscovery{{GroupVersion: "late.example.com/v1", Version: "v1"}},
		PreferredVersion: metav1.GroupVersionForDiscovery{GroupVersion: "late.example.com/v1", Version: "v1"},
	}, &metav1.APIResourceList{GroupVersion: "late.example.com/v1", APIResources: []metav1.APIResource{
		{Name: "gizmos", SingularName: "gizmo", Kind: "Gizmo", Namespaced: true, ShortNames: []string{"gz"}},
	}})

	got, err := m.RESTMapping(schema.GroupKind{Group: "late.example.com", Kind: "Gizmo"})
	if err != nil {
		t.Fatalf("the new kind was not found after a reload: %v", err)
	}
	if got.Resource != gvr("late.example.com", "v1", "gizmos") {
		t.Errorf("RESTMapping = %v", got.Resource)
	}
	if loads, inv := d.counts(); loads != 2 || inv != 1 {
		t.Errorf("%d loads and %d invalidations, want 2 and 1", loads, inv)
	}
	if _, err := m.KindFor(gvr("", "", "gz")); err != nil {
		t.Errorf("the new short name: %v", err)
	}
}

func TestUnknownKindsReloadAtMostOncePerInterval(t *testing.T) {
	d := newServed(t)
	m := restmapper.New(d, restmapper.Options{}) // the default interval is a second
	if _, err := m.RESTMapping(schema.GroupKind{Group: "nope.example.com", Kind: "Nothing"}); !meta.IsNoMatchError(err) {
		t.Fatalf("error = %v, want a NoKindMatchError", err)
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := m.KindFor(gvr("", "", "nothings")); !meta.IsNoMatchError(err) {
				t.Errorf("error = %v, want a NoResourceMatchError", err)
			}
		}()
	}
	wg.Wait()
	if loads, _ := d.counts(); loads != 1 {
		t.Errorf("%d loads for unknown kinds looked up within the interval, want 1", loads)
	}
}

func TestEachFailedLookupReloadsAtMostOnce(t *testing.T) {
	d := newServed(t)
	m := restmapper.New(d, restmapper.Options{MinReloadInterval: -1})
	if _, err := m.KindFor(gvr("", "", "pods")); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = m.KindFor(gvr("", "", "nothings"))
		}()
	}
	wg.Wait()
	// Lookups that fail on the same state share its reload; none retries
	// more than once.
	if loads, _ := d.counts(); loads < 2 || loads > 21 {
		t.Errorf("%d loads for 20 failed lookups, want between 2 and 21", loads)
	}
}

func TestAPartialDiscoveryStillMapsWhatWasDiscovered(t *testing.T) {
	d := newServed(t)
	d.failed = map[schema.GroupVersion]error{{Group: "metrics.example.com", Version: "v1"}: os.ErrDeadlineExceeded}
	m := restmapper.New(d, restmapper.Options{})
	if _, err := m.RESTMapping(schema.GroupKind{Kind: "ConfigMap"}); err != nil {
		t.Errorf("ConfigMap with a partial discovery: %v", err)
	}
}

func TestResetLoadsAgain(t *testing.T) {
	d := newServed(t)
	m := restmapper.New(d, restmapper.Options{})
	if _, err := m.KindFor(gvr("", "", "pods")); err != nil {
		t.Fatal(err)
	}
	m.Reset()
	if _, err := m.KindFor(gvr("", "", "pods")); err != nil {
		t.Fatal(err)
	}
	if loads, inv := d.counts(); loads != 2 || inv != 1 {
		t.Errorf("%d loads, %d invalidations after Reset; want 2 and 1", loads, inv)
	}
}
