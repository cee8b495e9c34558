package discovery_test

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	openapi_v2 "github.com/google/gnostic-models/openapiv2"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/clientgen/clientgen/runtime/discovery"
)

// answers is what one form of the discovery methods returned.
type answers struct {
	Version    string
	Groups     *metav1.APIGroupList
	AppsV1     *metav1.APIResourceList
	AllGroups  []*metav1.APIGroup
	AllLists   []*metav1.APIResourceList
	Preferred  []*metav1.APIResourceList
	Namespaced []*metav1.APIResourceList
}

func ask(tb testing.TB, version func() (string, error), groups func() (*metav1.APIGroupList, error), rfgv func(string) (*metav1.APIResourceList, error),
	all func() ([]*metav1.APIGroup, []*metav1.APIResourceList, error), preferred, namespaced func() ([]*metav1.APIResourceList, error)) answers {
	tb.Helper()
	var a answers
	var errs []error
	var err error
	a.Version, err = version()
	errs = append(errs, err)
	a.Groups, err = groups()
	errs = append(errs, err)
	a.AppsV1, err = rfgv("apps/v1")
	errs = append(errs, err)
	a.AllGroups, a.AllLists, err = all()
	errs = append(errs, err)
	a.Preferred, err = preferred()
	errs = append(errs, err)
	a.Namespaced, err = namespaced()
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		tb.Fatal(err)
	}
	return a
}

func withoutContext(tb testing.TB, d discovery.DiscoveryInterface) answers {
	tb.Helper()
	return ask(tb, func() (string, error) {
		v, err := d.ServerVersion()
		if err != nil {
			return "", err
		}
		return v.GitVersion, nil
	}, d.ServerGroups, d.ServerResourcesForGroupVersion, d.ServerGroupsAndResources, d.ServerPreferredResources, d.ServerPreferredNamespacedResources)
}

func withContext(tb testing.TB, ctx context.Context, d discovery.DiscoveryInterfaceWithContext) answers {
	tb.Helper()
	return ask(tb, func() (string, error) {
		v, err := d.ServerVersionWithContext(ctx)
		if err != nil {
			return "", err
		}
		return v.GitVersion, nil
	}, func() (*metav1.APIGroupList, error) { return d.ServerGroupsWithContext(ctx) },
		func(gv string) (*metav1.APIResourceList, error) {
			return d.ServerResourcesForGroupVersionWithContext(ctx, gv)
		},
		func() ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
			return d.ServerGroupsAndResourcesWithContext(ctx)
		},
		func() ([]*metav1.APIResourceList, error) { return d.ServerPreferredResourcesWithContext(ctx) },
		func() ([]*metav1.APIResourceList, error) { return d.ServerPreferredNamespacedResourcesWithContext(ctx) })
}

func TestTheFormsWithAndWithoutAContextAnswerAlike(t *testing.T) {
	for _, mode := range []serverMode{protoAndJSON, legacyOnly} {
		for _, cached := range []bool{false, true} {
			name := "a client of " + mode.name
			if cached {
				name = "a memory cache of " + mode.name
			}
			t.Run(name, func(t *testing.T) {
				var d discovery.DiscoveryInterfaces = newClient(t, newReplayServer(t, mode))
				if cached {
					d = discovery.NewMemCacheClient(d)
				}
				got, want := withoutContext(t, d), withContext(t, t.Context(), d)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("(-WithContext +without):\n%s", diff)
				}
				if want.Version == "" || len(want.AllLists) == 0 || want.AppsV1 == nil {
					t.Errorf("empty answers: %+v", want)
				}
			})
		}
	}
}

func TestACancelledContextStopsTheWithContextForms(t *testing.T) {
	d := newClient(t, newReplayServer(t, protoAndJSON))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := d.ServerVersionWithContext(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("ServerVersionWithContext: error %v, want context.Canceled", err)
	}
	if _, _, err := d.ServerGroupsAndResourcesWithContext(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("ServerGroupsAndResourcesWithContext: error %v, want context.Canceled", err)
	}
	if _, _, _, err := d.GroupsAndMaybeResourcesWithContext(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("GroupsAndMaybeResourcesWithContext: error %v, want context.Canceled", err)
	}
	if _, err := d.OpenAPISchemaWithContext(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("OpenAPISchemaWithContext: error %v, want context.Canceled", err)
	}
}

func TestGroupsAndMaybeResourcesReadsOnlyTheRoots(t *testing.T) {
	tests := []struct {
		name          string
		mode          serverMode
		wantResources bool
	}{
		{"aggregated discovery carries the resources", protoAndJSON, true},
		{"legacy discovery leaves them to one request per group version", legacyOnly, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newReplayServer(t, tt.mode)
			d := newClient(t, srv)
			groups, resources, failed, err := d.GroupsAndMaybeResources()
			if err != nil {
				t.Fatal(err)
			}
			if n := len(srv.requestLog()); n != 2 {
				t.Errorf("%d requests %q, want 2 (/api and /apis)", n, srv.requestLog())
			}
			wantGroups, wantLists := legacyTruth(t)
			if diff := cmp.Diff(wantGroups, normalizeGroups(groups.Groups)); diff != "" {
				t.Errorf("groups (-legacy documents +got):\n%s", diff)
			}
			if failed != nil {
				t.Errorf("failed = %v, want none", failed)
			}
			if !tt.wantResources {
				if resources != nil {
					t.Errorf("%d resource lists from legacy roots, want nil", len(resources))
				}
				return
			}
			if len(resources) != len(wantLists) {
				t.Errorf("%d resource lists, want %d", len(resources), len(wantLists))
			}
			if l := resources[schema.GroupVersion{Group: "apps", Version: "v1"}]; l == nil || l.GroupVersion != "apps/v1" {
				t.Errorf("apps/v1 = %v, want its list", l)
			}
		})
	}
}

func TestGroupsAndMaybeResourcesReportsStaleGroupVersions(t *testing.T) {
	body := mustRead(t, filepath.Join(fixtures, "aggregated", "apis.json"))
	at := strings.Index(body, `"version":"v1beta1","resources":[{"resource":"widgets"`)
	next := strings.Index(body[max(at, 0):], `"freshness":"Current"`)
	if at < 0 || next < 0 {
		t.Fatal("fixture changed: example.com/v1beta1 not found")
	}
	stale := body[:at+next] + `"freshness":"Stale"` + body[at+next+len(`"freshness":"Current"`):]
	srv := httpServer(t, map[string]string{
		"/api":  mustRead(t, filepath.Join(fixtures, "aggregated", "api.json")),
		"/apis": stale,
	}, "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
	d, err := discovery.NewDiscoveryClientForConfig(testConfig(srv))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		d    discovery.AggregatedDiscoveryInterfaceWithContext
	}{{"the client", d}, {"a memory cache", discovery.NewMemCacheClient(d)}} {
		t.Run(c.name, func(t *testing.T) {
			_, resources, failed, err := c.d.GroupsAndMaybeResourcesWithContext(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			gv := schema.GroupVersion{Group: "example.com", Version: "v1beta1"}
			var staleErr discovery.StaleGroupVersionError
			if len(failed) != 1 || !errors.As(failed[gv], &staleErr) {
				t.Errorf("failed = %v, want only example.com/v1beta1 stale", failed)
			}
			if _, ok := resources[gv]; ok {
				t.Errorf("the stale group version has a resource list")
			}
		})
	}
}

func TestOpenAPISchemaDecodesTheProtobufDocument(t *testing.T) {
	want := &openapi_v2.Document{Swagger: "2.0", Info: &openapi_v2.Info{Title: "Kubernetes", Version: "v1.37.2"}}
	body, err := proto.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	srv := newReplayServer(t, protoAndJSON)
	var accept string
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/openapi/v2" {
			writeStatus(w, http.StatusNotFound, r.URL.Path)
			return
		}
		accept = r.Header.Get("Accept")
		w.Header().Set("Content-Type", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf")
		_, _ = w.Write(body)
	})
	d := newClient(t, srv)
	for _, c := range []struct {
		name string
		get  func() (*openapi_v2.Document, error)
	}{
		{"OpenAPISchema", d.OpenAPISchema},
		{"OpenAPISchemaWithContext", func() (*openapi_v2.Document, error) { return d.OpenAPISchemaWithContext(t.Context()) }},
		{"a memory cache's OpenAPISchema", discovery.NewMemCacheClient(d).OpenAPISchema},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.get()
			if err != nil {
				t.Fatal(err)
			}
			if !proto.Equal(got, want) {
				t.Errorf("document %v, want %v", got, want)
			}
			if !strings.HasPrefix(accept, "application/com.github.proto-openapi.spec.v2") {
				t.Errorf("Accept %q, want the protobuf OpenAPI v2 type", accept)
			}
		})
	}
}

func TestOpenAPIV3ListsTheServersSchemas(t *testing.T) {
	srv := newReplayServer(t, protoAndJSON)
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/openapi/v3":
			_, _ = w.Write([]byte(`{"paths":{"apis/apps/v1":{"serverRelativeURL":"/openapi/v3/apis/apps/v1?hash=1"}}}`))
		case "/openapi/v3/apis/apps/v1":
			_, _ = w.Write([]byte(`{"openapi":"3.0.0","hash":"` + r.URL.Query().Get("hash") + `"}`))
		default:
			writeStatus(w, http.StatusNotFound, r.URL.Path)
		}
	})
	d := newClient(t, srv)
	paths, err := d.OpenAPIV3WithContext(t.Context()).PathsWithContext(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	body, err := paths["apis/apps/v1"].SchemaWithContext(t.Context(), "application/json")
	if err != nil || string(body) != `{"openapi":"3.0.0","hash":"1"}` {
		t.Errorf("schema %q, %v", body, err)
	}
	// The form without a context, through a cache, reaches the same server.
	old, err := discovery.NewMemCacheClient(d).OpenAPIV3().Paths()
	if err != nil || old["apis/apps/v1"].ServerRelativeURL() != "/openapi/v3/apis/apps/v1?hash=1" {
		t.Errorf("Paths() = %v, %v", old, err)
	}
}

func TestWithLegacyAsksOnlyForTheLegacyDocuments(t *testing.T) {
	srv := newReplayServer(t, protoAndJSON)
	d := newClient(t, srv)
	legacy, ok := d.WithLegacyWithContext(t.Context()).(*discovery.DiscoveryClient)
	if !ok || !legacy.UseLegacyDiscovery || d.UseLegacyDiscovery {
		t.Fatalf("WithLegacyWithContext = %T (legacy %v), original legacy %v; want a legacy copy", legacy, ok && legacy.UseLegacyDiscovery, d.UseLegacyDiscovery)
	}
	_, resources, _, err := legacy.GroupsAndMaybeResourcesWithContext(t.Context())
	if err != nil || resources != nil {
		t.Errorf("legacy GroupsAndMaybeResources: %d lists, %v; want none (legacy roots)", len(resources), err)
	}
	c := discovery.NewMemCacheClient(d)
	if c.WithLegacy() != discovery.DiscoveryInterface(c) {
		t.Errorf("a cache's WithLegacy is not the cache itself")
	}
}

// clientGoStyle has only the forms without a context, as an implementation
// written for client-go's interface has; it counts its calls.
type clientGoStyle struct {
	discovery.DiscoveryInterface
	calls *int
}

func (c clientGoStyle) ServerGroupsAndResources() ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	*c.calls++
	return c.DiscoveryInterface.ServerGroupsAndResources()
}

func TestToDiscoveryInterfaceWithContextAdaptsClientGoStyleImplementations(t *testing.T) {
	d := newClient(t, newReplayServer(t, protoAndJSON))
	if discovery.ToDiscoveryInterfaceWithContext(d) != discovery.DiscoveryInterfaceWithContext(d) {
		t.Errorf("a client with the WithContext forms was wrapped")
	}
	if discovery.ToDiscoveryInterfaceWithContext(nil) != nil || discovery.ToCachedDiscoveryInterfaceWithContext(nil) != nil || discovery.ToAggregatedDiscoveryInterfaceWithContext(nil) != nil {
		t.Errorf("nil must convert to nil")
	}
	calls := 0
	w := discovery.ToDiscoveryInterfaceWithContext(clientGoStyle{DiscoveryInterface: d, calls: &calls})
	got := withContext(t, t.Context(), w)
	want := withContext(t, t.Context(), d)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-client +adapted):\n%s", diff)
	}
	if calls != 1 {
		t.Errorf("the adapter called ServerGroupsAndResources %d times, want 1", calls)
	}
	// A cache over it keeps working (NewMemCacheClient adapts the same way).
	c := discovery.NewMemCacheClient(clientGoStyle{DiscoveryInterface: d, calls: &calls})
	if _, _, err := c.ServerGroupsAndResourcesWithContext(t.Context()); err != nil || calls != 2 {
		t.Errorf("cache over an adapted client: %v, %d calls; want one more call", err, calls)
	}
}
