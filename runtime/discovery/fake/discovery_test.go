package fake_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/version"

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
	groups, err := newDiscovery().ServerGroups(context.Background())
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
	l, err := d.ServerResourcesForGroupVersion(context.Background(), "example.com/v1")
	if err != nil || len(l.APIResources) != 2 {
		t.Fatalf("example.com/v1: %v, %v", l, err)
	}
	_, err = d.ServerResourcesForGroupVersion(context.Background(), "example.com/v2")
	if !apierrors.IsNotFound(err) {
		t.Fatalf("an unknown group version: %v, want NotFound", err)
	}
}

func TestPreferredResources(t *testing.T) {
	d := newDiscovery()
	pref, err := d.ServerPreferredResources(context.Background())
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
	namespaced, err := d.ServerPreferredNamespacedResources(context.Background())
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
	if _, _, err := d.ServerGroupsAndResources(context.Background()); !errors.Is(err, boom) {
		t.Fatalf("ServerGroupsAndResources with a failing reactor: %v", err)
	}
	if n := len(d.Actions()); n != 2 {
		t.Fatalf("recorded %d actions, want get group and get resource", n)
	}
}

func TestServerVersion(t *testing.T) {
	d := newDiscovery()
	v, err := d.ServerVersion(context.Background())
	if err != nil || v.GitVersion == "" {
		t.Fatalf("default version: %+v, %v", v, err)
	}
	d.FakedServerVersion = &version.Info{GitVersion: "v1.37.2"}
	if v, _ := d.ServerVersion(context.Background()); v.GitVersion != "v1.37.2" {
		t.Fatalf("faked version: %+v", v)
	}
	if d.RESTClient() != nil {
		t.Fatal("RESTClient() is not nil")
	}
}
