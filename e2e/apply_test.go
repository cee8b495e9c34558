//go:build e2e

package e2e

import (
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/clientgen/clientgen/internal/testserver"
	"github.com/clientgen/clientgen/runtime/dynamic"
	applyexamplev1 "github.com/clientgen/clientgen/testdata/golden/crds/applyconfiguration/example/v1"
)

// TestServerSideApplyThroughGeneratedClientset drives the generated Apply and
// ApplyStatus with generated apply configurations against the real server:
// fields are owned per field manager, a conflicting apply is refused unless
// forced, and ApplyStatus reaches the status subresource.
func TestServerSideApplyThroughGeneratedClientset(t *testing.T) {
	setup(t)
	cs := clientsetFor(t, testserver.CertContext)
	dyn, err := dynamic.NewForConfig(configFor(t, testserver.CertContext))
	if err != nil {
		t.Fatal(err)
	}
	ns := freshNamespace(t, dyn)
	widgets := cs.ExampleV1().Widgets(ns)
	ctx := testContext(t)

	t.Log("Apply creates the object with the fields set and nothing else")
	cfg := applyexamplev1.Widget("applied", ns).
		WithLabels(map[string]string{"app": "demo"}).
		WithSpec(applyexamplev1.WidgetSpec().WithSize(2).WithTags("a", "b"))
	created, err := widgets.Apply(ctx, cfg, metav1.ApplyOptions{FieldManager: "alice"})
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if created.Spec.Size != 2 || created.Spec.Color != "" || len(created.Spec.Tags) != 2 || created.Labels["app"] != "demo" {
		t.Fatalf("Apply created %+v; want size 2, tags a b, no color, label app=demo", created)
	}
	if m := created.ManagedFields; len(m) != 1 || m[0].Manager != "alice" || m[0].Operation != metav1.ManagedFieldsOperationApply {
		t.Fatalf("managed fields %+v; want one Apply entry by alice", m)
	}

	t.Log("another manager's apply of an owned field conflicts, unless forced")
	other := applyexamplev1.Widget("applied", ns).WithSpec(applyexamplev1.WidgetSpec().WithSize(5))
	if _, err := widgets.Apply(ctx, other, metav1.ApplyOptions{FieldManager: "bob"}); !apierrors.IsConflict(err) {
		t.Fatalf("bob's Apply of alice's field: got %v, want Conflict", err)
	}
	forced, err := widgets.Apply(ctx, other, metav1.ApplyOptions{FieldManager: "bob", Force: true})
	if err != nil {
		t.Fatalf("forced Apply: %v", err)
	}
	if forced.Spec.Size != 5 || len(forced.Spec.Tags) != 2 {
		t.Fatalf("forced Apply gave %+v; want size 5 and alice's tags kept", forced.Spec)
	}

	t.Log("ApplyStatus sets the status through the status subresource")
	status := applyexamplev1.Widget("applied", ns).WithStatus(applyexamplev1.WidgetStatus().WithPhase("Ready").WithObservedSize(5))
	withStatus, err := widgets.ApplyStatus(ctx, status, metav1.ApplyOptions{FieldManager: "controller"})
	if err != nil {
		t.Fatalf("ApplyStatus: %v", err)
	}
	if withStatus.Status.Phase != "Ready" || withStatus.Status.ObservedSize != 5 || withStatus.Spec.Size != 5 {
		t.Fatalf("ApplyStatus gave %+v; want phase Ready, observed size 5, spec untouched", withStatus)
	}

	t.Log("Apply of the main resource does not change the status")
	again, err := widgets.Apply(ctx, applyexamplev1.Widget("applied", ns).WithStatus(applyexamplev1.WidgetStatus().WithPhase("Ignored")), metav1.ApplyOptions{FieldManager: "alice"})
	if err != nil {
		t.Fatalf("Apply with a status: %v", err)
	}
	if again.Status.Phase != "Ready" {
		t.Fatalf("Apply changed the status to %q; the main resource must ignore it", again.Status.Phase)
	}
}
