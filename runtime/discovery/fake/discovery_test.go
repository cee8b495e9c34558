package fake_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/version"

	"github.com/clientgen/clientgen/runtime/discovery"
	fakediscovery "github.com/clientgen/clientgen/runtime/discovery/fake"
	clienttesting "github.com/clientgen/clientgen/runtime/testing"
)

func newDiscovery() *fakediscovery.FakeDiscovery {
	return &fakediscovery.FakeDiscovery{Fake: &clienttesting.Fake{Resources: []*metav1.APIResourceList{
		{GroupVersion: "example.com/v1beta1", APIResources: []metav1.APIResource{{Name: "widgets", Namespaced: true, Kind: "Widget"}, {Name: "gadgets", Kind: "Gadget"}}},
		{GroupVersion: "v1", APIResources: []metav1.APIResource{{Name: "pods", Namespaced: true, Kind: "Pod"}}},
		{GroupVersion: "example.com/v1", APIResources: []metav1.APIResource{{Name: "widgets", Namespaced: true, Kind: "Widget"}, {Name: "widgets/status", Namespaced: true, Kind: "Widget"}}},
	}}}
}

func TestGroupsComeFromTheResourcesWithTheServersOrder(t *testing.T) {
	groups, err := newDiscovery().ServerGroupsWithContext(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, g := range groups.Groups {
		for _, v := range g.Versions {
			got = append(got, g.Name+":"+v.Version)
		}
		got = append(got, "preferred="+g.PreferredVersion.GroupVersion)
	}
	want := []string{":v1", "preferred=v1", "example.com:v1", "example.com:v1beta1", "preferred=example.com/v1"}
	if !slices.Equal(got, want) {
		t.Fatalf("groups %v, want %v (core first, v1 before v1beta1 and preferred)", got, want)
	}
}

func TestResourcesForAGroupVersion(t *testing.T) {
	d := newDiscovery()
	l, err := d.ServerResourcesForGroupVersionWithContext(context.Background(), "example.com/v1")
	if err != nil || len(l.APIResources) != 2 {
		t.Fatalf("example.com/v1: %v, %v", l, err)
	}
	_, err = d.ServerResourcesForGroupVersionWithContext(context.Background(), "example.com/v2")
	if !apierrors.IsNotFound(err) {
		t.Fatalf("an unknown group version: %v, want NotFound", err)
	}
}

func TestPreferredResources(t *testing.T) {
	d := newDiscovery()
	pref, err := d.ServerPreferredResourcesWithContext(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, l := range pref {
		for _, r := range l.APIResources {
			got[l.GroupVersion] = append(got[l.GroupVersion], r.Name)
		}
	}
	// widgets from the preferred v1 (without subresources), gadgets from the
	// only version that has them.
	if !slices.Equal(got["example.com/v1"], []string{"widgets"}) || !slices.Equal(got["example.com/v1beta1"], []string{"gadgets"}) || !slices.Equal(got["v1"], []string{"pods"}) {
		t.Fatalf("preferred resources %v", got)
	}
	namespaced, err := d.ServerPreferredNamespacedResourcesWithContext(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range namespaced {
		for _, r := range l.APIResources {
			if !r.Namespaced {
				t.Fatalf("ServerPreferredNamespacedResources listed the cluster-scoped %s", r.Name)
			}
		}
	}
	if len(namespaced) != 2 {
		t.Fatalf("namespaced lists %v, want example.com/v1 and v1 (v1beta1 keeps only the cluster-scoped gadgets)", namespaced)
	}
}

func TestDiscoveryRecordsActionsAndReactorsCanFailIt(t *testing.T) {
	d := newDiscovery()
	boom := errors.New("discovery is down")
	d.PrependReactor("get", "resource", func(clienttesting.Action) (bool, runtime.Object, error) { return true, nil, boom })
	if _, _, err := d.ServerGroupsAndResourcesWithContext(context.Background()); !errors.Is(err, boom) {
		t.Fatalf("ServerGroupsAndResources with a failing reactor: %v", err)
	}
	if n := len(d.Actions()); n != 2 {
		t.Fatalf("recorded %d actions, want get group and get resource", n)
	}
}

func TestServerVersion(t *testing.T) {
	d := newDiscovery()
	v, err := d.ServerVersionWithContext(context.Background())
	if err != nil || v.GitVersion == "" {
		t.Fatalf("default version: %+v, %v", v, err)
	}
	d.FakedServerVersion = &version.Info{GitVersion: "v1.37.2"}
	if v, _ := d.ServerVersionWithContext(context.Background()); v.GitVersion != "v1.37.2" {
		t.Fatalf("faked version: %+v", v)
	}
	if d.RESTClient() != nil {
		t.Fatal("RESTClient() is not nil")
	}
}

func TestTheFormsWithoutAContextAnswerAsTheOthersAndAreRecordedAlike(t *testing.T) {
	d := newDiscovery()
	d.FakedServerVersion = &version.Info{GitVersion: "v1.37.2"}
	ctx := context.Background()
	v, err := d.ServerVersion()
	if err != nil || v.GitVersion != "v1.37.2" {
		t.Errorf("ServerVersion() = %+v, %v", v, err)
	}
	groups, err := d.ServerGroups()
	wantGroups, _ := d.ServerGroupsWithContext(ctx)
	if err != nil || !equalJSON(groups, wantGroups) {
		t.Errorf("ServerGroups() = %v, %v; want %v", groups, err, wantGroups)
	}
	l, err := d.ServerResourcesForGroupVersion("v1")
	if err != nil || l.GroupVersion != "v1" {
		t.Errorf("ServerResourcesForGroupVersion(v1) = %v, %v", l, err)
	}
	_, lists, err := d.ServerGroupsAndResources()
	if err != nil || len(lists) != 3 {
		t.Errorf("ServerGroupsAndResources() = %d lists, %v", len(lists), err)
	}
	pref, err := d.ServerPreferredResources()
	wantPref, _ := d.ServerPreferredResourcesWithContext(ctx)
	if err != nil || !equalJSON(pref, wantPref) {
		t.Errorf("ServerPreferredResources() = %v, %v; want %v", pref, err, wantPref)
	}
	ns, err := d.ServerPreferredNamespacedResources()
	wantNS, _ := d.ServerPreferredNamespacedResourcesWithContext(ctx)
	if err != nil || !equalJSON(ns, wantNS) {
		t.Errorf("ServerPreferredNamespacedResources() = %v, %v; want %v", ns, err, wantNS)
	}
	// Each form records what its WithContext form does: version; group
	// twice (ServerGroups and ServerGroupsWithContext); resource; then
	// group+resource for each of the five calls built on
	// ServerGroupsAndResources.
	verbs := map[string]int{}
	for _, a := range d.Actions() {
		verbs[a.GetVerb()+" "+a.GetResource().Resource]++
	}
	if verbs["get version"] != 1 || verbs["get group"] != 7 || verbs["get resource"] != 6 {
		t.Errorf("recorded %v", verbs)
	}
}

func TestTheFakeAnswersAggregatedDiscoveryAndHasNoSchemas(t *testing.T) {
	d := newDiscovery()
	groups, resources, failed, err := d.GroupsAndMaybeResources()
	if err != nil || failed != nil {
		t.Fatalf("GroupsAndMaybeResources: %v, failed %v", err, failed)
	}
	if len(groups.Groups) != 2 || len(resources) != 3 || resources[schema.GroupVersion{Group: "example.com", Version: "v1"}] == nil {
		t.Errorf("groups %v, resources %v; want 2 groups and 3 lists", groups.Groups, resources)
	}
	doc, err := d.OpenAPISchema()
	if err != nil || doc == nil {
		t.Errorf("OpenAPISchema() = %v, %v; want an empty document", doc, err)
	}
	paths, err := d.OpenAPIV3().Paths()
	if err != nil || len(paths) != 0 {
		t.Errorf("OpenAPIV3().Paths() = %v, %v; want none", paths, err)
	}
	pathsCtx, err := d.OpenAPIV3WithContext(context.Background()).PathsWithContext(context.Background())
	if err != nil || len(pathsCtx) != 0 {
		t.Errorf("OpenAPIV3WithContext().PathsWithContext() = %v, %v; want none", pathsCtx, err)
	}
	if d.WithLegacy() != discovery.DiscoveryInterface(d) || d.WithLegacyWithContext(context.Background()) != discovery.DiscoveryInterfaceWithContext(d) {
		t.Errorf("WithLegacy is not the fake itself")
	}
}

func equalJSON(a, b any) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(ja) == string(jb)
}
