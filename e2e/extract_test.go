//go:build e2e

package e2e

import (
	"encoding/json"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/clientgen/clientgen/internal/testserver"
	"github.com/clientgen/clientgen/runtime/dynamic"
	applyexamplev1 "github.com/clientgen/clientgen/testdata/golden/crds/applyconfiguration/example/v1"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset"
)

// TestExtractReturnsEachManagersFieldsFromTheServer checks the generated
// Extract functions (over the schema clientgen embeds from the Go markers,
// applyconfiguration/internal) against managedFields the real server wrote,
// the extract, modify, apply workflow, and the Config's default field
// manager. Keyed lists: schema_extract_test.go.
func TestExtractReturnsEachManagersFieldsFromTheServer(t *testing.T) {
	setup(t)
	cfg := configFor(t, testserver.CertContext)
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ns := freshNamespace(t, dyn)
	cfg.FieldManager = "alice" // the default of every apply that names none
	cs, err := clientset.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	widgets := cs.ExampleV1().Widgets(ns)
	ctx := testContext(t)

	if _, err := widgets.Apply(ctx, applyexamplev1.Widget("w", ns).WithSpec(applyexamplev1.WidgetSpec().WithColor("green").WithTags("a", "b")), metav1.ApplyOptions{}); err != nil {
		t.Fatalf("Apply with the Config's field manager: %v", err)
	}
	if _, err := widgets.Apply(ctx, applyexamplev1.Widget("w", ns).WithLabels(map[string]string{"tier": "web"}).WithSpec(applyexamplev1.WidgetSpec().WithSize(4)), metav1.ApplyOptions{FieldManager: "bob"}); err != nil {
		t.Fatalf("bob's Apply: %v", err)
	}
	if _, err := widgets.ApplyStatus(ctx, applyexamplev1.Widget("w", ns).WithStatus(applyexamplev1.WidgetStatus().WithPhase("Ready")), metav1.ApplyOptions{FieldManager: "controller"}); err != nil {
		t.Fatalf("ApplyStatus: %v", err)
	}
	w, err := widgets.Get(ctx, "w", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	managers := map[string]bool{}
	for _, m := range w.ManagedFields {
		managers[m.Manager] = true
	}
	if !managers["alice"] || !managers["bob"] || !managers["controller"] {
		t.Fatalf("managedFields %+v; want entries of alice (the Config's default), bob and controller", w.ManagedFields)
	}

	alice, err := applyexamplev1.ExtractWidget(w, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if alice.Spec == nil || alice.Spec.Color == nil || *alice.Spec.Color != "green" || len(alice.Spec.Tags) != 2 || alice.Spec.Size != nil || alice.Labels != nil || alice.Status != nil {
		t.Fatalf("alice's extract %s; want only her color and tags", asJSON(t, alice))
	}
	if *alice.GetName() != "w" || *alice.GetNamespace() != ns || *alice.GetKind() != "Widget" || *alice.GetAPIVersion() != "example.com/v1" {
		t.Fatalf("extract identity %s; want %s/w example.com/v1 Widget", asJSON(t, alice), ns)
	}
	bob, err := applyexamplev1.ExtractWidget(w, "bob")
	if err != nil {
		t.Fatal(err)
	}
	if bob.Spec == nil || bob.Spec.Size == nil || *bob.Spec.Size != 4 || bob.Spec.Color != nil || bob.Labels["tier"] != "web" {
		t.Fatalf("bob's extract %s; want only his size and label", asJSON(t, bob))
	}
	status, err := applyexamplev1.ExtractWidgetStatus(w, "controller")
	if err != nil {
		t.Fatal(err)
	}
	if status.Status == nil || status.Status.Phase == nil || *status.Status.Phase != "Ready" || status.Spec != nil {
		t.Fatalf("the controller's status extract %s; want only the phase", asJSON(t, status))
	}

	// Extract, modify, apply: alice changes her color; bob's size stays and
	// nothing conflicts, since alice applies only what she owns.
	after, err := widgets.Apply(ctx, alice.WithSpec(alice.Spec.WithColor("blue")), metav1.ApplyOptions{})
	if err != nil {
		t.Fatalf("Apply of alice's modified extract: %v", err)
	}
	if after.Spec.Color != "blue" || after.Spec.Size != 4 || len(after.Spec.Tags) != 2 || after.Status.Phase != "Ready" {
		t.Fatalf("after alice's re-apply: %+v %+v; want color blue, size 4, both tags, status kept", after.Spec, after.Status)
	}

	// Without a field manager anywhere, nothing is sent.
	cfg.FieldManager = ""
	bare, err := clientset.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bare.ExampleV1().Widgets(ns).Apply(ctx, applyexamplev1.Widget("w", ns), metav1.ApplyOptions{}); !apierrors.IsInvalid(err) {
		t.Fatalf("Apply without a field manager: %v; want Invalid", err)
	}
}

func asJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
