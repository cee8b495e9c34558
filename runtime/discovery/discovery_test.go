package discovery_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/version"

	"github.com/clientgen/clientgen/runtime/discovery"
	"github.com/clientgen/clientgen/runtime/rest"
)

// cannedServer serves fixed discovery documents by path, recording the
// Accept header so tests can check what was negotiated.
func cannedServer(tb testing.TB, docs map[string]string) *httptest.Server {
	tb.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := docs[r.URL.Path]
		if !ok || r.Header.Get("Accept") != "application/json" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404,"message":"not found: ` + r.URL.Path + `"}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	}))
	tb.Cleanup(srv.Close)
	return srv
}

func newClient(tb testing.TB, srv *httptest.Server) *discovery.DiscoveryClient {
	tb.Helper()
	d, err := discovery.NewDiscoveryClientForConfig(&rest.Config{Host: srv.URL, QPS: -1})
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

var docs = map[string]string{
	"/version": `{"major":"1","minor":"37","gitVersion":"v1.37.2","platform":"linux/amd64"}`,
	"/api":     `{"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"10.0.0.1:6443"}]}`,
	"/apis": `{"kind":"APIGroupList","apiVersion":"v1","groups":[
		{"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],"preferredVersion":{"groupVersion":"apps/v1","version":"v1"}},
		{"name":"example.com","versions":[{"groupVersion":"example.com/v2","version":"v2"},{"groupVersion":"example.com/v1","version":"v1"}],"preferredVersion":{"groupVersion":"example.com/v2","version":"v2"}}]}`,
	"/api/v1": `{"kind":"APIResourceList","groupVersion":"v1","resources":[
		{"name":"pods","singularName":"pod","namespaced":true,"kind":"Pod","verbs":["get","list","watch"]},
		{"name":"pods/status","singularName":"","namespaced":true,"kind":"Pod","verbs":["get","patch"]}]}`,
	"/apis/apps/v1": `{"kind":"APIResourceList","apiVersion":"v1","groupVersion":"apps/v1","resources":[
		{"name":"deployments","singularName":"deployment","namespaced":true,"kind":"Deployment","verbs":["create","get"],"shortNames":["deploy"]}]}`,
}

func TestServerVersionDecodesVersionInfo(t *testing.T) {
	d := newClient(t, cannedServer(t, docs))
	got, err := d.ServerVersion(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := &version.Info{Major: "1", Minor: "37", GitVersion: "v1.37.2", Platform: "linux/amd64"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ServerVersion mismatch (-want +got):\n%s", diff)
	}
}

func TestServerGroupsPutsTheLegacyCoreGroupFirst(t *testing.T) {
	d := newClient(t, cannedServer(t, docs))
	got, err := d.ServerGroups(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, g := range got.Groups {
		names = append(names, g.Name+"="+g.PreferredVersion.GroupVersion)
	}
	if want := []string{"=v1", "apps=apps/v1", "example.com=example.com/v2"}; !cmp.Equal(names, want) {
		t.Errorf("groups = %q, want %q", names, want)
	}
	core := got.Groups[0]
	if diff := cmp.Diff([]metav1.GroupVersionForDiscovery{{GroupVersion: "v1", Version: "v1"}}, core.Versions); diff != "" {
		t.Errorf("core versions (-want +got):\n%s", diff)
	}
}

func TestServerGroupsToleratesAMissingLegacyAPI(t *testing.T) {
	onlyAPIs := map[string]string{"/apis": docs["/apis"]}
	d := newClient(t, cannedServer(t, onlyAPIs))
	got, err := d.ServerGroups(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Groups) != 2 || got.Groups[0].Name != "apps" {
		t.Errorf("groups = %+v", got.Groups)
	}
}

func TestServerResourcesForGroupVersion(t *testing.T) {
	d := newClient(t, cannedServer(t, docs))
	tests := []struct {
		name         string
		groupVersion string
		wantNames    []string
		wantErr      func(error) bool
	}{
		{"the core group is served from /api/v1", "v1", []string{"pods", "pods/status"}, nil},
		{"a named group is served from /apis/<group>/<version>", "apps/v1", []string{"deployments"}, nil},
		{"an unknown group version is NotFound", "nope.example/v1", nil, apierrors.IsNotFound},
		{"an empty group version is rejected", "", nil, func(err error) bool { return strings.Contains(err.Error(), "must not be empty") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := d.ServerResourcesForGroupVersion(t.Context(), tt.groupVersion)
			if tt.wantErr != nil {
				if err == nil || !tt.wantErr(err) {
					t.Fatalf("error = %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, r := range got.APIResources {
				names = append(names, r.Name)
			}
			if !cmp.Equal(names, tt.wantNames) || got.GroupVersion != tt.groupVersion {
				t.Errorf("got %s %q, want %s %q", got.GroupVersion, names, tt.groupVersion, tt.wantNames)
			}
		})
	}
}

func TestNewDiscoveryClientWrapsAnExistingClient(t *testing.T) {
	srv := cannedServer(t, docs)
	inner, err := discovery.NewDiscoveryClientForConfigAndClient(&rest.Config{Host: srv.URL, QPS: -1}, srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	var d discovery.DiscoveryInterface = discovery.NewDiscoveryClient(inner.RESTClient())
	if _, err := d.ServerResourcesForGroupVersion(t.Context(), "apps/v1"); err != nil {
		t.Fatal(err)
	}
	if d.RESTClient() != inner.RESTClient() {
		t.Error("RESTClient() is not the wrapped client")
	}
}
