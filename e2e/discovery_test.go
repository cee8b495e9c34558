//go:build e2e

package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/clientgen/clientgen/internal/testserver"
	"github.com/clientgen/clientgen/runtime/discovery"
	"github.com/clientgen/clientgen/runtime/discovery/restmapper"
	"github.com/clientgen/clientgen/runtime/dynamic"
	"github.com/clientgen/clientgen/runtime/rest"
)

var apiServiceGVR = schema.GroupVersionResource{Group: "apiregistration.k8s.io", Version: "v1", Resource: "apiservices"}

// discoveryClientFor returns a discovery client that does not retry, so
// that a deliberately unavailable API fails at once.
func discoveryClientFor(t testing.TB) *discovery.DiscoveryClient {
	t.Helper()
	cfg := configFor(t, testserver.CertContext)
	cfg.RetryPolicy = &rest.RetryPolicy{}
	d, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// legacyDiscovery reads what the server's legacy endpoints say, one raw
// GET each: /api, /apis and every group version's document, with the
// fields only they carry (storage version hashes, server addresses)
// removed.
func legacyDiscovery(ctx context.Context, d *discovery.DiscoveryClient) ([]metav1.APIGroup, []*metav1.APIResourceList, error) {
	get := func(path string, into any) error {
		body, err := d.RESTClient().Get().AbsPath(path).SetHeader("Accept", "application/json").DoRaw(ctx)
		if err != nil {
			return fmt.Errorf("GET %s: %w", path, err)
		}
		return json.Unmarshal(body, into)
	}
	var api metav1.APIVersions
	var apis metav1.APIGroupList
	if err := get("/api", &api); err != nil {
		return nil, nil, err
	}
	if err := get("/apis", &apis); err != nil {
		return nil, nil, err
	}
	core := metav1.APIGroup{}
	for _, v := range api.Versions {
		core.Versions = append(core.Versions, metav1.GroupVersionForDiscovery{GroupVersion: v, Version: v})
	}
	core.PreferredVersion = core.Versions[0]
	groups := append([]metav1.APIGroup{core}, apis.Groups...)
	var lists []*metav1.APIResourceList
	for _, g := range groups {
		for _, v := range g.Versions {
			path := "/apis/" + v.GroupVersion
			if g.Name == "" {
				path = "/api/" + v.Version
			}
			l := &metav1.APIResourceList{}
			if err := get(path, l); err != nil {
				return nil, nil, err
			}
			lists = append(lists, l)
		}
	}
	return normalizeGroups(groups), normalizeLists(lists), nil
}

func normalizeGroups(groups []metav1.APIGroup) []metav1.APIGroup {
	out := make([]metav1.APIGroup, len(groups))
	for i, g := range groups {
		g.TypeMeta = metav1.TypeMeta{}
		g.ServerAddressByClientCIDRs = nil
		out[i] = g
	}
	// Nor is the order of groups of equal priority: the legacy /apis
	// sorts APIServices by GroupPriorityMinimum alone with an unstable
	// sort (kube-aggregator's helper.SortedByGroupAndVersion), so two CRD
	// groups (both 1000) come in either order, while the aggregated
	// document breaks ties by name. Compare them as sets by name.
	slices.SortStableFunc(out, func(a, b metav1.APIGroup) int { return strings.Compare(a.Name, b.Name) })
	return out
}

func normalizeLists(lists []*metav1.APIResourceList) []*metav1.APIResourceList {
	out := make([]*metav1.APIResourceList, len(lists))
	for i, l := range lists {
		c := &metav1.APIResourceList{GroupVersion: l.GroupVersion}
		for _, r := range l.APIResources {
			r.StorageVersionHash = "" // aggregated discovery does not carry it
			c.APIResources = append(c.APIResources, r)
		}
		// The order of a CRD group-version's resources is not part of
		// the contract: the legacy document lists them in the CRD
		// lister's order (map iteration in apiextensions-apiserver's
		// DiscoveryController.sync), the aggregated one sorts them.
		// Compare them as sets by name.
		slices.SortStableFunc(c.APIResources, func(a, b metav1.APIResource) int {
			return strings.Compare(a.Name, b.Name)
		})
		out[i] = c
	}
	// The lists follow the groups' order, which normalizeGroups explains.
	slices.SortStableFunc(out, func(a, b *metav1.APIResourceList) int { return strings.Compare(a.GroupVersion, b.GroupVersion) })
	return out
}

func TestServerGroupsAndResourcesEqualsTheLegacyEndpoints(t *testing.T) {
	setup(t)
	ctx := testContext(t)
	aggregated := discoveryClientFor(t)
	paths := []struct {
		name string
		d    *discovery.DiscoveryClient
	}{
		{"through aggregated discovery", aggregated},
		{"through the legacy documents (fallback forced)", aggregated.WithLegacy().(*discovery.DiscoveryClient)},
	}
	for _, p := range paths {
		t.Run(p.name, func(t *testing.T) {
			// Another test's CRD can come or go between the two reads:
			// compare until both agree, failing with the last difference.
			eventually(t, time.Minute, "discovery to equal the legacy endpoints", func() (bool, error) {
				wantGroups, wantLists, err := legacyDiscovery(ctx, aggregated)
				if err != nil {
					return false, err
				}
				groups, lists, err := p.d.ServerGroupsAndResourcesWithContext(ctx)
				if err != nil {
					return false, err
				}
				got := make([]metav1.APIGroup, len(groups))
				for i, g := range groups {
					got[i] = *g
				}
				if diff := cmp.Diff(wantGroups, normalizeGroups(got)); diff != "" {
					return false, fmt.Errorf("groups (-legacy +got):\n%s", diff)
				}
				if diff := cmp.Diff(wantLists, normalizeLists(lists)); diff != "" {
					return false, fmt.Errorf("resources (-legacy +got):\n%s", diff)
				}
				return true, nil
			})
		})
	}
}

func TestPreferredResourcesAndOneKindLookupAgainstTheServer(t *testing.T) {
	setup(t)
	ctx := testContext(t)
	d := discoveryClientFor(t)
	preferred, err := d.ServerPreferredResourcesWithContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, l := range preferred {
		for _, r := range l.APIResources {
			if r.Name == "widgets" {
				found = true
				if l.GroupVersion != "example.com/v1" {
					t.Errorf("widgets preferred in %s, want example.com/v1 (the CRD's storage and first version)", l.GroupVersion)
				}
			}
		}
	}
	if !found {
		t.Error("widgets missing from ServerPreferredResources")
	}
	namespaced, err := d.ServerPreferredNamespacedResourcesWithContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range namespaced {
		for _, r := range l.APIResources {
			if r.Name == "clusterpolicies" || r.Name == "namespaces" {
				t.Errorf("cluster-scoped %s in ServerPreferredNamespacedResources", r.Name)
			}
		}
	}

	r, err := discovery.ResourceForKind(ctx, d, schema.GroupVersionKind{Group: "example.com", Version: "v1beta1", Kind: "Widget"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Name != "widgets" || !r.Namespaced || r.Group != "example.com" || r.Version != "v1beta1" {
		t.Errorf("ResourceForKind(Widget) = %+v", r)
	}
	k, err := discovery.KindForResource(ctx, d, schema.GroupVersionResource{Version: "v1", Resource: "configmaps"})
	if err != nil || k.Kind != "ConfigMap" {
		t.Errorf("KindForResource(configmaps) = %+v, %v", k, err)
	}
}

func TestShortNamesCategoriesAndSingularNamesResolve(t *testing.T) {
	setup(t)
	ctx := testContext(t)
	m := restmapper.New(discovery.NewMemCacheClient(discoveryClientFor(t)), restmapper.Options{})
	tests := []struct {
		name     string
		resource string
		want     schema.GroupVersionResource
	}{
		{"a built-in short name", "po", schema.GroupVersionResource{Version: "v1", Resource: "pods"}},
		{"a built-in short name of a group", "deploy", schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}},
		{"a CRD's short name", "wd", schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "widgets"}},
		{"a CRD's singular name", "clusterpolicy", schema.GroupVersionResource{Group: "ops.example.com", Version: "v1alpha1", Resource: "clusterpolicies"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := m.ResourceForWithContext(ctx, schema.GroupVersionResource{Resource: tt.resource})
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("ResourceFor(%s) = %v, want %v", tt.resource, got, tt.want)
			}
		})
	}
	all, ok := m.ExpandWithContext(ctx, "all")
	if !ok {
		t.Fatal(`category "all" expanded to nothing`)
	}
	for _, want := range []schema.GroupResource{{Resource: "pods"}, {Group: "apps", Resource: "deployments"}, {Group: "example.com", Resource: "widgets"}} {
		if !slices.Contains(all, want) {
			t.Errorf(`category "all" lacks %v: %v`, want, all)
		}
	}
	if slices.Contains(all, schema.GroupResource{Resource: "configmaps"}) {
		t.Error(`category "all" holds configmaps`)
	}
	mapping, err := m.RESTMappingWithContext(ctx, schema.GroupKind{Group: "ops.example.com", Kind: "ClusterPolicy"})
	if err != nil || mapping.Scope.Name() != meta.RESTScopeNameRoot {
		t.Errorf("ClusterPolicy mapping = %+v, %v; want cluster scope", mapping, err)
	}
}

// gizmoCRD returns a namespaced CRD of a group unique to the test.
func gizmoCRD(group string) *unstructured.Unstructured {
	return &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
		"metadata": map[string]any{"name": "gizmos." + group},
		"spec": map[string]any{
			"group": group, "scope": "Namespaced",
			"names": map[string]any{"plural": "gizmos", "singular": "gizmo", "kind": "Gizmo", "listKind": "GizmoList", "shortNames": []any{"gzm"}},
			"versions": []any{map[string]any{
				"name": "v1", "served": true, "storage": true,
				"subresources": map[string]any{"status": map[string]any{}},
				"schema": map[string]any{"openAPIV3Schema": map[string]any{
					"type": "object",
					"properties": map[string]any{
						"spec": map[string]any{"type": "object", "properties": map[string]any{
							"size":  map[string]any{"type": "integer"},
							"color": map[string]any{"type": "string"},
						}},
						"status": map[string]any{"type": "object", "properties": map[string]any{
							"phase": map[string]any{"type": "string"},
						}},
					},
				}},
			}},
		},
	}}
}

func randomSuffix(t testing.TB) string {
	t.Helper()
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b[:])
}

// createCRD installs crd, waits until it is Established, and deletes it at
// the end of the test.
func createCRD(t testing.TB, dyn dynamic.Interface, crd *unstructured.Unstructured) {
	t.Helper()
	ctx := testContext(t)
	if _, err := dyn.Resource(crdGVR).Create(ctx, crd, metav1.CreateOptions{}); err != nil {
		t.Fatalf("creating CRD %s: %v", crd.GetName(), err)
	}
	group, _, _ := unstructured.NestedString(crd.Object, "spec", "group")
	t.Cleanup(func() {
		_ = dyn.Resource(crdGVR).Delete(context.Background(), crd.GetName(), metav1.DeleteOptions{})
		waitUntilGroupIsGone(t, group)
	})
	waitEstablished(t, ctx, dyn, crd.GetName())
}

// waitUntilGroupIsGone waits until discovery no longer lists group, so that
// later tests see the server as it was.
func waitUntilGroupIsGone(t testing.TB, group string) {
	t.Helper()
	d := discoveryClientFor(t)
	eventually(t, 30*time.Second, "group "+group+" to leave discovery", func() (bool, error) {
		groups, err := d.ServerGroupsWithContext(context.Background())
		if err != nil {
			return false, err
		}
		for _, g := range groups.Groups {
			if g.Name == group {
				return false, fmt.Errorf("%s is still served", group)
			}
		}
		return true, nil
	})
}

func TestACRDAddedAfterTheCacheWasFilledIsFoundWithoutRestarting(t *testing.T) {
	setup(t)
	ctx := testContext(t)
	cfg := configFor(t, testserver.CertContext)
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	newCached := func() *discovery.CachedDiscoveryClient {
		c, err := discovery.NewCachedDiscoveryClientForConfig(cfg, discovery.DiskCacheOptions{
			Dir: root, OnError: func(err error) { t.Errorf("disk cache: %v", err) },
		})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}

	// Fill the memory and disk caches, then add a CRD.
	first := restmapper.New(newCached(), restmapper.Options{MinReloadInterval: 100 * time.Millisecond})
	if _, err := first.RESTMappingWithContext(ctx, schema.GroupKind{Group: "example.com", Kind: "Widget"}); err != nil {
		t.Fatal(err)
	}
	// A mapper of a "new process" that reads the six-hour disk cache
	// written before the CRD existed.
	fromDisk := newCached()
	second := restmapper.New(fromDisk, restmapper.Options{MinReloadInterval: 100 * time.Millisecond})
	if _, err := second.RESTMappingWithContext(ctx, schema.GroupKind{Group: "example.com", Kind: "Widget"}); err != nil {
		t.Fatal(err)
	}
	if fromDisk.Fresh() {
		t.Fatal("the second client did not start from the disk cache (Fresh() = true)")
	}

	group := "late-" + randomSuffix(t) + ".example.com"
	createCRD(t, dyn, gizmoCRD(group))
	gizmo := schema.GroupKind{Group: group, Kind: "Gizmo"}
	for name, m := range map[string]*restmapper.Mapper{"the mapper that filled the cache": first, "a mapper starting from the disk cache": second} {
		t.Run(name, func(t *testing.T) {
			var mapping *meta.RESTMapping
			eventually(t, 20*time.Second, "the new kind to map", func() (bool, error) {
				var err error
				mapping, err = m.RESTMappingWithContext(ctx, gizmo)
				return err == nil, err
			})
			if want := (schema.GroupVersionResource{Group: group, Version: "v1", Resource: "gizmos"}); mapping.Resource != want || mapping.Scope.Name() != meta.RESTScopeNameNamespace {
				t.Errorf("mapping = %v %s, want %v namespaced", mapping.Resource, mapping.Scope.Name(), want)
			}
			if gvr, err := m.ResourceForWithContext(ctx, schema.GroupVersionResource{Resource: "gzm"}); err != nil || gvr.Group != group {
				t.Errorf("short name gzm -> %v, %v", gvr, err)
			}
		})
	}

	// The reload rewrote the disk cache: a third process sees the CRD
	// without any request of its own.
	third := newCached()
	if _, err := discovery.ResourceForKind(ctx, third, gizmo.WithVersion("v1")); err != nil {
		t.Errorf("the rewritten disk cache lacks the new CRD: %v", err)
	}
	if third.Fresh() {
		t.Error("the third client did not read the disk cache (Fresh() = true)")
	}
}

func TestAnUnavailableAggregatedAPIIsAPartialFailure(t *testing.T) {
	setup(t)
	ctx := testContext(t)
	dyn, err := dynamic.NewForConfig(configFor(t, testserver.CertContext))
	if err != nil {
		t.Fatal(err)
	}
	group := "gone-" + randomSuffix(t) + ".example.com"
	svc := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "apiregistration.k8s.io/v1", "kind": "APIService",
		"metadata": map[string]any{"name": "v1." + group},
		"spec": map[string]any{
			"group": group, "version": "v1", "groupPriorityMinimum": int64(100), "versionPriority": int64(10),
			"insecureSkipTLSVerify": true,
			"service":               map[string]any{"namespace": "default", "name": "no-such-service", "port": int64(443)},
		},
	}}
	if _, err := dyn.Resource(apiServiceGVR).Create(ctx, svc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = dyn.Resource(apiServiceGVR).Delete(context.Background(), svc.GetName(), metav1.DeleteOptions{})
		waitUntilGroupIsGone(t, group)
	})
	gv := schema.GroupVersion{Group: group, Version: "v1"}
	d := discoveryClientFor(t)

	paths := []struct {
		name  string
		d     *discovery.DiscoveryClient
		cause func(error) bool
	}{
		{"aggregated discovery reports it stale", d, func(err error) bool {
			var stale discovery.StaleGroupVersionError
			return errors.As(err, &stale) && stale.GroupVersion == gv
		}},
		{"the legacy documents report it unavailable", d.WithLegacy().(*discovery.DiscoveryClient), apierrors.IsServiceUnavailable},
	}
	for _, p := range paths {
		t.Run(p.name, func(t *testing.T) {
			var groups []*metav1.APIGroup
			var lists []*metav1.APIResourceList
			var failed map[schema.GroupVersion]error
			eventually(t, 20*time.Second, gv.String()+" to be reported failed", func() (bool, error) {
				var err error
				groups, lists, err = p.d.ServerGroupsAndResourcesWithContext(ctx)
				failed, _ = discovery.GroupDiscoveryFailedErrorGroups(err)
				if len(failed) != 1 || !p.cause(failed[gv]) {
					return false, fmt.Errorf("error %v, failed group versions %v", err, failed)
				}
				return true, nil
			})
			if !slices.ContainsFunc(lists, func(l *metav1.APIResourceList) bool { return l.GroupVersion == "example.com/v1" }) ||
				!slices.ContainsFunc(groups, func(g *metav1.APIGroup) bool { return g.Name == "apps" }) {
				t.Error("the partial result lacks the groups that succeeded")
			}
			if msg := (&discovery.ErrGroupDiscoveryFailed{Groups: failed}).Error(); !strings.Contains(msg, gv.String()) {
				t.Errorf("the error does not name %s: %s", gv, msg)
			}
		})
	}
}

func TestDiskCacheAgainstTheServerSurvivesBrokenFiles(t *testing.T) {
	setup(t)
	ctx := testContext(t)
	cfg := configFor(t, testserver.TokenContext)
	tests := []struct {
		name    string
		prepare func(t *testing.T, root, file string)
	}{
		{"a corrupt file", func(t *testing.T, _, file string) {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			b[len(b)/3] ^= 0x5a
			writeTestFile(t, file, b)
		}},
		{"a truncated file", func(t *testing.T, _, file string) {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			writeTestFile(t, file, b[:len(b)-7])
		}},
		{"a regular file where the cache directory should be", func(t *testing.T, root, file string) {
			dir := file[:strings.LastIndex(file, "/")]
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
			writeTestFile(t, dir, []byte("not a directory"))
		}},
	}
	want := discoverEverything(t, ctx, discoveryClientFor(t))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			var errs []error
			newClient := func() *discovery.CachedDiscoveryClient {
				c, err := discovery.NewCachedDiscoveryClientForConfig(cfg, discovery.DiskCacheOptions{Dir: root, OnError: func(err error) { errs = append(errs, err) }})
				if err != nil {
					t.Fatal(err)
				}
				return c
			}
			first := newClient()
			discoverEverything(t, ctx, first)
			tt.prepare(t, root, first.CacheFile())

			got := discoverEverything(t, ctx, newClient())
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("results with %s differ (-want +got):\n%s", tt.name, diff)
			}
			if len(errs) == 0 {
				t.Error("the broken cache was not reported")
			}
			for _, err := range errs {
				t.Logf("reported: %v", err)
			}
		})
	}
}

// discoverEverything returns the preferred resources' names by group
// version: stable across clients and independent of list identity.
func discoverEverything(t testing.TB, ctx context.Context, d discovery.DiscoveryInterfaceWithContext) map[string][]string {
	t.Helper()
	_, lists, err := d.ServerGroupsAndResourcesWithContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, l := range lists {
		for _, r := range l.APIResources {
			out[l.GroupVersion] = append(out[l.GroupVersion], r.Name)
		}
	}
	return out
}

func writeTestFile(t testing.TB, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
