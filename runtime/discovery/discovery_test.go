package discovery_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/clientgen/clientgen/runtime/discovery"
)

// legacyTruth reads what the captured legacy endpoints say: the groups of
// /api and /apis and every group version's resources, without the storage
// version hashes that aggregated discovery does not carry.
func legacyTruth(tb testing.TB) ([]metav1.APIGroup, []*metav1.APIResourceList) {
	tb.Helper()
	read := func(path string, into any) {
		b, err := os.ReadFile(filepath.Join(fixtures, "legacy", path))
		if err != nil {
			tb.Fatal(err)
		}
		if err := json.Unmarshal(b, into); err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
	}
	var api metav1.APIVersions
	var apis metav1.APIGroupList
	read("api.json", &api)
	read("apis.json", &apis)
	core := metav1.APIGroup{PreferredVersion: metav1.GroupVersionForDiscovery{GroupVersion: "v1", Version: "v1"}}
	core.Versions = []metav1.GroupVersionForDiscovery{core.PreferredVersion}
	groups := append([]metav1.APIGroup{core}, apis.Groups...)
	var lists []*metav1.APIResourceList
	for _, g := range groups {
		for _, v := range g.Versions {
			l := &metav1.APIResourceList{}
			path := "apis/" + v.GroupVersion + ".json"
			if g.Name == "" {
				path = "api/" + v.Version + ".json"
			}
			read(path, l)
			lists = append(lists, l)
		}
	}
	return normalizeGroups(groups), normalizeLists(lists)
}

// normalizeGroups drops what only the legacy documents carry.
func normalizeGroups(groups []metav1.APIGroup) []metav1.APIGroup {
	out := make([]metav1.APIGroup, len(groups))
	for i, g := range groups {
		g.TypeMeta = metav1.TypeMeta{}
		g.ServerAddressByClientCIDRs = nil
		out[i] = g
	}
	return out
}

func normalizeLists(lists []*metav1.APIResourceList) []*metav1.APIResourceList {
	out := make([]*metav1.APIResourceList, len(lists))
	for i, l := range lists {
		c := &metav1.APIResourceList{GroupVersion: l.GroupVersion}
		for _, r := range l.APIResources {
			r.StorageVersionHash = ""
			c.APIResources = append(c.APIResources, r)
		}
		out[i] = c
	}
	return out
}

func derefGroups(groups []*metav1.APIGroup) []metav1.APIGroup {
	out := make([]metav1.APIGroup, len(groups))
	for i, g := range groups {
		out[i] = *g
	}
	return out
}

func TestServerGroupsAndResourcesEqualsTheLegacyDocumentsWhateverTheServerSpeaks(t *testing.T) {
	wantGroups, wantLists := legacyTruth(t)
	tests := []struct {
		mode         serverMode
		forceLegacy  bool
		wantRequests int
	}{
		{mode: protoAndJSON, wantRequests: 2},
		{mode: jsonOnly, wantRequests: 2},
		{mode: legacyOnly, wantRequests: 2 + len(wantLists)},
		{mode: protoAndJSON, forceLegacy: true, wantRequests: 2 + len(wantLists)},
	}
	for _, tt := range tests {
		name := tt.mode.name
		if tt.forceLegacy {
			name += " with the legacy path forced"
		}
		t.Run(name, func(t *testing.T) {
			srv := newReplayServer(t, tt.mode)
			d := newClient(t, srv)
			if tt.forceLegacy {
				d = d.WithLegacy().(*discovery.DiscoveryClient)
			}
			groups, lists, err := d.ServerGroupsAndResourcesWithContext(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantGroups, normalizeGroups(derefGroups(groups))); diff != "" {
				t.Errorf("groups differ from the legacy /api and /apis (-legacy +got):\n%s", diff)
			}
			if diff := cmp.Diff(wantLists, normalizeLists(lists)); diff != "" {
				t.Errorf("resources differ from the legacy documents (-legacy +got):\n%s", diff)
			}
			if got := len(srv.requestLog()); got != tt.wantRequests {
				t.Errorf("%d requests, want %d: %q", got, tt.wantRequests, srv.requestLog())
			}
		})
	}
}

func TestLegacyDiscoveryKeepsParallelRequestsWithinTheBound(t *testing.T) {
	srv := newReplayServer(t, legacyOnly)
	// Hold each request until several are in flight, so that an unbounded
	// client would exceed the bound.
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	waiting := 0
	srv.hook = func(r *http.Request) {
		if r.URL.Path == "/api" || r.URL.Path == "/apis" {
			return
		}
		mu.Lock()
		waiting++
		cond.Broadcast()
		for waiting < 3 {
			cond.Wait()
		}
		mu.Unlock()
	}
	d := newClient(t, srv).WithParallelism(3)
	if _, _, err := d.ServerGroupsAndResourcesWithContext(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := srv.maxInFlight.Load(); got != 3 {
		t.Errorf("at most %d requests were in flight, want exactly the bound 3", got)
	}
}

func TestPartialFailureIsReturnedAlongsideEverythingThatSucceeded(t *testing.T) {
	srv := newReplayServer(t, legacyOnly)
	srv.setStatus("/apis/apps/v1", http.StatusServiceUnavailable)
	srv.setStatus("/apis/batch/v1", http.StatusForbidden)
	_, wantLists := legacyTruth(t)

	groups, lists, err := newClient(t, srv).ServerGroupsAndResourcesWithContext(t.Context())
	failed, ok := discovery.GroupDiscoveryFailedErrorGroups(err)
	if !ok || !discovery.IsGroupDiscoveryFailedError(err) || !errors.Is(err, &discovery.ErrGroupDiscoveryFailed{}) {
		t.Fatalf("error = %v, want an *ErrGroupDiscoveryFailed", err)
	}
	apps, batch := schema.GroupVersion{Group: "apps", Version: "v1"}, schema.GroupVersion{Group: "batch", Version: "v1"}
	if len(failed) != 2 || !apierrors.IsServiceUnavailable(failed[apps]) || !apierrors.IsForbidden(failed[batch]) {
		t.Errorf("failed group versions = %v, want apps/v1 unavailable and batch/v1 forbidden", failed)
	}
	if msg := err.Error(); !strings.Contains(msg, "apps/v1: ") || !strings.Contains(msg, "batch/v1: ") {
		t.Errorf("error %q does not name the failed group versions", msg)
	}
	if len(groups) == 0 {
		t.Error("no groups returned with the partial failure")
	}
	if len(lists) != len(wantLists)-2 {
		t.Errorf("%d resource lists returned, want all %d that succeeded", len(lists), len(wantLists)-2)
	}
	for _, l := range lists {
		if l.GroupVersion == "apps/v1" || l.GroupVersion == "batch/v1" {
			t.Errorf("a failed group version has a list: %s", l.GroupVersion)
		}
	}
}

func TestStaleGroupVersionsOfAggregatedDiscoveryAreReportedAsFailed(t *testing.T) {
	body, err := os.ReadFile(filepath.Join(fixtures, "aggregated", "apis.json"))
	if err != nil {
		t.Fatal(err)
	}
	// Mark example.com/v1beta1 stale, as the aggregator does for an
	// APIService that stopped answering.
	at := strings.Index(string(body), `"version":"v1beta1","resources":[{"resource":"widgets"`)
	next := strings.Index(string(body)[max(at, 0):], `"freshness":"Current"`)
	if at < 0 || next < 0 {
		t.Fatal("fixture changed: example.com/v1beta1 not found")
	}
	stale := string(body)[:at+next] + `"freshness":"Stale"` + string(body)[at+next+len(`"freshness":"Current"`):]
	srv := httpServer(t, map[string]string{
		"/api":  mustRead(t, filepath.Join(fixtures, "aggregated", "api.json")),
		"/apis": stale,
	}, "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
	d, err := discovery.NewDiscoveryClientForConfig(testConfig(srv))
	if err != nil {
		t.Fatal(err)
	}
	groups, lists, err := d.ServerGroupsAndResourcesWithContext(t.Context())
	failed, _ := discovery.GroupDiscoveryFailedErrorGroups(err)
	gv := schema.GroupVersion{Group: "example.com", Version: "v1beta1"}
	var staleErr discovery.StaleGroupVersionError
	if !errors.As(failed[gv], &staleErr) || staleErr.GroupVersion != gv || len(failed) != 1 {
		t.Fatalf("failed = %v (error %v), want only example.com/v1beta1 stale", failed, err)
	}
	for _, l := range lists {
		if l.GroupVersion == gv.String() {
			t.Error("the stale group version has a resource list")
		}
	}
	for _, g := range groups {
		if g.Name == "example.com" && (len(g.Versions) != 1 || g.PreferredVersion.Version != "v1") {
			t.Errorf("example.com = %+v, want only its current version v1", g)
		}
	}
}

func TestALegacyGroupVersionThatDisappearsMidwayIsReadAgainOnce(t *testing.T) {
	srv := newReplayServer(t, legacyOnly)
	var once sync.Once
	srv.hook = func(r *http.Request) {
		if r.URL.Path == "/apis/example.com/v1" {
			once.Do(func() { srv.setStatus("/apis/example.com/v1", http.StatusNotFound) })
		}
		if r.URL.Path == "/apis" && len(srv.requestLog()) > 10 {
			// The second round: the group version is back.
			srv.mu.Lock()
			delete(srv.override, "/apis/example.com/v1")
			srv.mu.Unlock()
		}
	}
	_, lists, err := newClient(t, srv).ServerGroupsAndResourcesWithContext(t.Context())
	if err != nil {
		t.Fatalf("error after the retry: %v", err)
	}
	if !slices.ContainsFunc(lists, func(l *metav1.APIResourceList) bool { return l.GroupVersion == "example.com/v1" }) {
		t.Error("example.com/v1 missing after the retry")
	}
}

func TestServerPreferredResourcesListEachResourceOnceUnderItsPreferredVersion(t *testing.T) {
	for _, mode := range []serverMode{protoAndJSON, legacyOnly} {
		t.Run(mode.name, func(t *testing.T) {
			d := newClient(t, newReplayServer(t, mode))
			all, err := d.ServerPreferredResourcesWithContext(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			where := map[string][]string{} // resource (group/name) -> group versions listing it
			for _, l := range all {
				for _, r := range l.APIResources {
					if strings.Contains(r.Name, "/") {
						t.Errorf("%s lists subresource %s", l.GroupVersion, r.Name)
					}
					gv, _ := schema.ParseGroupVersion(l.GroupVersion)
					where[gv.Group+"/"+r.Name] = append(where[gv.Group+"/"+r.Name], l.GroupVersion)
				}
			}
			for res, gvs := range where {
				if len(gvs) != 1 {
					t.Errorf("%s is listed under %v, want exactly one version", res, gvs)
				}
			}
			for res, want := range map[string]string{
				"autoscaling/horizontalpodautoscalers": "autoscaling/v2",
				"example.com/widgets":                  "example.com/v1",
				"/pods":                                "v1",
				"apps/deployments":                     "apps/v1",
			} {
				if got := where[res]; len(got) != 1 || got[0] != want {
					t.Errorf("%s listed under %v, want %s", res, got, want)
				}
			}

			namespaced, err := d.ServerPreferredNamespacedResourcesWithContext(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, l := range namespaced {
				if len(l.APIResources) == 0 {
					t.Errorf("empty list %s kept", l.GroupVersion)
				}
				for _, r := range l.APIResources {
					n++
					if !r.Namespaced {
						t.Errorf("%s/%s is cluster-scoped", l.GroupVersion, r.Name)
					}
				}
			}
			if n == 0 || n >= len(where) {
				t.Errorf("%d namespaced resources out of %d", n, len(where))
			}
		})
	}
}

func TestOneKindIsLookedUpWithOneRequest(t *testing.T) {
	srv := newReplayServer(t, protoAndJSON)
	d := newClient(t, srv)
	tests := []struct {
		name    string
		lookup  func(context.Context) (metav1.APIResource, error)
		want    metav1.APIResource
		wantErr func(error) bool
	}{
		{
			name: "a built-in kind maps to its resource",
			lookup: func(ctx context.Context) (metav1.APIResource, error) {
				return discovery.ResourceForKind(ctx, d, apps("Deployment"))
			},
			want: metav1.APIResource{Name: "deployments", SingularName: "deployment", Namespaced: true, Group: "apps", Version: "v1", Kind: "Deployment", ShortNames: []string{"deploy"}, Categories: []string{"all"}},
		},
		{
			name: "a custom kind maps to its resource",
			lookup: func(ctx context.Context) (metav1.APIResource, error) {
				return discovery.ResourceForKind(ctx, d, schema.GroupVersionKind{Group: "ops.example.com", Version: "v1alpha1", Kind: "ClusterPolicy"})
			},
			want: metav1.APIResource{Name: "clusterpolicies", SingularName: "clusterpolicy", Group: "ops.example.com", Version: "v1alpha1", Kind: "ClusterPolicy"},
		},
		{
			name: "a subresource maps to its kind",
			lookup: func(ctx context.Context) (metav1.APIResource, error) {
				return discovery.KindForResource(ctx, d, schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments/scale"})
			},
			want: metav1.APIResource{Name: "deployments/scale", Namespaced: true, Group: "autoscaling", Version: "v1", Kind: "Scale"},
		},
		{
			name: "an unknown kind is a NoKindMatchError",
			lookup: func(ctx context.Context) (metav1.APIResource, error) {
				return discovery.ResourceForKind(ctx, d, apps("Gadget"))
			},
			wantErr: meta.IsNoMatchError,
		},
		{
			name: "an unserved group version is a NoResourceMatchError",
			lookup: func(ctx context.Context) (metav1.APIResource, error) {
				return discovery.KindForResource(ctx, d, schema.GroupVersionResource{Group: "nope.example.com", Version: "v1", Resource: "things"})
			},
			wantErr: meta.IsNoMatchError,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.resetLog()
			got, err := tt.lookup(t.Context())
			if n := len(srv.requestLog()); n != 1 {
				t.Errorf("%d requests (%q), want 1", n, srv.requestLog())
			}
			if tt.wantErr != nil {
				if !tt.wantErr(err) {
					t.Fatalf("error = %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got.Verbs, got.StorageVersionHash = nil, ""
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func apps(kind string) schema.GroupVersionKind {
	return schema.GroupVersionKind{Group: "apps", Version: "v1", Kind: kind}
}

func TestServerVersionDecodesVersionInfo(t *testing.T) {
	d := newClient(t, newReplayServer(t, protoAndJSON))
	got, err := d.ServerVersionWithContext(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if got.GitVersion != "v1.37.2" || got.Major != "1" || got.Minor != "37" {
		t.Errorf("ServerVersion = %+v", got)
	}
}

func TestServerGroupsAsksOnlyForTheRootDocuments(t *testing.T) {
	wantGroups, _ := legacyTruth(t)
	for _, mode := range []serverMode{protoAndJSON, legacyOnly} {
		t.Run(mode.name, func(t *testing.T) {
			srv := newReplayServer(t, mode)
			got, err := newClient(t, srv).ServerGroupsWithContext(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantGroups, normalizeGroups(got.Groups)); diff != "" {
				t.Errorf("(-legacy +got):\n%s", diff)
			}
			if n := len(srv.requestLog()); n != 2 {
				t.Errorf("%d requests, want 2 (/api and /apis): %q", n, srv.requestLog())
			}
		})
	}
}

func TestServerGroupsToleratesAMissingOrForbiddenRoot(t *testing.T) {
	for _, code := range []int{http.StatusNotFound, http.StatusForbidden} {
		t.Run(http.StatusText(code), func(t *testing.T) {
			srv := newReplayServer(t, protoAndJSON)
			srv.setStatus("/api", code)
			got, err := newClient(t, srv).ServerGroupsWithContext(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Groups) == 0 || got.Groups[0].Name == "" {
				t.Errorf("groups = %v, want the /apis groups only", got.Groups)
			}
		})
	}
	t.Run("but not a server error", func(t *testing.T) {
		srv := newReplayServer(t, protoAndJSON)
		srv.setStatus("/apis", http.StatusInternalServerError)
		if _, err := newClient(t, srv).ServerGroupsWithContext(t.Context()); !apierrors.IsInternalError(err) {
			t.Errorf("error = %v, want the server's InternalError", err)
		}
	})
}

func TestServerResourcesForGroupVersion(t *testing.T) {
	d := newClient(t, newReplayServer(t, protoAndJSON))
	tests := []struct {
		name         string
		groupVersion string
		wantName     string
		wantErr      func(error) bool
	}{
		{"the core group is served from /api/v1", "v1", "pods", nil},
		{"a named group is served from /apis/<group>/<version>", "apps/v1", "deployments", nil},
		{"an unknown group version is NotFound", "nope.example/v1", "", apierrors.IsNotFound},
		{"an empty group version is rejected", "", "", func(err error) bool { return strings.Contains(err.Error(), "must not be empty") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := d.ServerResourcesForGroupVersionWithContext(t.Context(), tt.groupVersion)
			if tt.wantErr != nil {
				if err == nil || !tt.wantErr(err) {
					t.Fatalf("error = %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.GroupVersion != tt.groupVersion || !slices.ContainsFunc(got.APIResources, func(r metav1.APIResource) bool { return r.Name == tt.wantName }) {
				t.Errorf("got %s without %s", got.GroupVersion, tt.wantName)
			}
		})
	}
}

func TestNewDiscoveryClientWrapsAnExistingClient(t *testing.T) {
	srv := newReplayServer(t, protoAndJSON)
	inner := newClient(t, srv)
	var d discovery.DiscoveryInterfaces = discovery.NewDiscoveryClient(inner.RESTClient())
	if d.RESTClient() != inner.RESTClient() {
		t.Error("RESTClient() is not the wrapped client")
	}
	// Without recorded headers aggregated discovery is recognised by its body.
	_, lists, err := d.ServerGroupsAndResourcesWithContext(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, want := legacyTruth(t); len(lists) != len(want) {
		t.Errorf("%d lists, want %d", len(lists), len(want))
	}
	if n := len(srv.requestLog()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestPreferredResourcesHelperMatchesTheClient(t *testing.T) {
	d := newClient(t, newReplayServer(t, protoAndJSON))
	groups, lists, err := d.ServerGroupsAndResourcesWithContext(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want, err := d.ServerPreferredResourcesWithContext(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, discovery.PreferredResources(groups, lists)); diff != "" {
		t.Errorf("(-client +helper):\n%s", diff)
	}
}

// httpServer serves fixed bodies with one content type.
func httpServer(tb testing.TB, bodies map[string]string, contentType string) string {
	tb.Helper()
	srv := newReplayServer(tb, legacyOnly)
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := bodies[r.URL.Path]
		if !ok {
			writeStatus(w, http.StatusNotFound, r.URL.Path)
			return
		}
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write([]byte(body))
	})
	return srv.URL
}

func mustRead(tb testing.TB, path string) string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}
