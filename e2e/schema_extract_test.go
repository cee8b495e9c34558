//go:build e2e

package e2e

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/clientgen/clientgen/internal/testserver"
	"github.com/clientgen/clientgen/runtime/dynamic"
	applyv1 "github.com/clientgen/clientgen/testdata/cases/schema-markers/golden/applyconfiguration/input/v1"
	markersclient "github.com/clientgen/clientgen/testdata/cases/schema-markers/golden/clientset"
)

// TestExtractThroughTheMarkerSchemaMergesKeyedListsByKey applies a Widget of
// testdata/cases/schema-markers from two managers against the real server
// (its CRD, e2e/testdata/schema-markers, says what the markers say) and
// checks that Extract<Kind>, which types the object with the schema clientgen
// built from the markers, returns one manager's items of the lists keyed by
// name and by host and port, and that extract, modify, apply changes that
// manager's item while the other's stays.
func TestExtractThroughTheMarkerSchemaMergesKeyedListsByKey(t *testing.T) {
	cfg := configFor(t, testserver.CertContext)
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	installCRDFiles(t, dyn, []string{"testdata/schema-markers/widgets.yaml"})
	ns := freshNamespace(t, dyn)
	cs, err := markersclient.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	widgets := cs.MarkersV1().Widgets(ns)
	ctx := testContext(t)

	alice := applyv1.Widget("w", ns).WithSpec(applyv1.WidgetSpec().
		WithPorts(applyv1.Port().WithName("http").WithPort(80)).
		WithRoutes(applyv1.Route().WithHost("a.example.com").WithPort(80).WithPath("/a")).
		WithEnv(map[string]string{"A": "1"}).
		WithSelector(applyv1.Selector().WithApp("shop")))
	if _, err := widgets.Apply(ctx, alice, metav1.ApplyOptions{FieldManager: "alice"}); err != nil {
		t.Fatalf("alice's Apply: %v", err)
	}
	bob := applyv1.Widget("w", ns).WithSpec(applyv1.WidgetSpec().
		WithPorts(applyv1.Port().WithName("grpc").WithPort(9090)).
		WithRoutes(applyv1.Route().WithHost("a.example.com").WithPort(443).WithPath("/b")).
		WithTags("blue"))
	if _, err := widgets.Apply(ctx, bob, metav1.ApplyOptions{FieldManager: "bob"}); err != nil {
		t.Fatalf("bob's Apply: %v", err)
	}
	w, err := widgets.Get(ctx, "w", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Spec.Ports) != 2 || len(w.Spec.Routes) != 2 {
		t.Fatalf("the server merged %+v; want both managers' ports and routes", w.Spec)
	}

	got, err := applyv1.ExtractWidget(w, "alice")
	if err != nil {
		t.Fatal(err)
	}
	s := got.Spec
	if s == nil || len(s.Ports) != 1 || *s.Ports[0].Name != "http" || *s.Ports[0].Port != 80 {
		t.Fatalf("alice's extract %s; want only her http port", asJSON(t, got))
	}
	if len(s.Routes) != 1 || *s.Routes[0].Port != 80 || *s.Routes[0].Path != "/a" {
		t.Fatalf("alice's extract %s; want only her route a.example.com:80", asJSON(t, got))
	}
	if s.Env["A"] != "1" || s.Selector == nil || *s.Selector.App != "shop" || len(s.Tags) != 0 {
		t.Fatalf("alice's extract %s; want her env and selector, none of bob's tags", asJSON(t, got))
	}

	// Extract, modify, apply: alice moves her port; bob's stays.
	got.Spec.Ports[0].WithPort(8080)
	after, err := widgets.Apply(ctx, got, metav1.ApplyOptions{FieldManager: "alice"})
	if err != nil {
		t.Fatalf("Apply of alice's modified extract: %v", err)
	}
	ports := map[string]int32{}
	for _, p := range after.Spec.Ports {
		ports[p.Name] = p.Port
	}
	if len(ports) != 2 || ports["http"] != 8080 || ports["grpc"] != 9090 || len(after.Spec.Routes) != 2 || len(after.Spec.Tags) != 1 {
		t.Fatalf("after alice's re-apply: %+v; want http:8080 and bob's grpc:9090, both routes and bob's tag", after.Spec)
	}
}
