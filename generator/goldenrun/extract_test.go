package goldenrun

import (
	"context"
	"encoding/json"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	dynamicfake "github.com/clientgen/clientgen/runtime/dynamic/fake"
	examplev1 "github.com/clientgen/clientgen/testdata/crds/example/v1"
	"github.com/clientgen/clientgen/testdata/golden/crds/applyconfiguration"
	applyexamplev1 "github.com/clientgen/clientgen/testdata/golden/crds/applyconfiguration/example/v1"
)

// topLevel is what controller-runtime's client.Apply and
// client.ApplyConfiguration read of an apply configuration.
type topLevel interface {
	IsApplyConfiguration()
	GetName() *string
	GetNamespace() *string
	GetKind() *string
	GetAPIVersion() *string
}

var _ topLevel = &applyexamplev1.WidgetApplyConfiguration{}

var widgetsGVR = schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "widgets"}

// applyAs sends cfg as manager's server-side apply through the dynamic fake,
// which keeps managedFields as the server does, and returns the object as
// the typed Widget.
func applyAs(t testing.TB, c *dynamicfake.FakeDynamicClient, manager string, cfg *applyexamplev1.WidgetApplyConfiguration) *examplev1.Widget {
	t.Helper()
	data, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	u := &unstructured.Unstructured{}
	if err := json.Unmarshal(data, &u.Object); err != nil {
		t.Fatal(err)
	}
	got, err := c.Resource(widgetsGVR).Namespace("ns").Apply(context.Background(), *cfg.GetName(), u, metav1.ApplyOptions{FieldManager: manager})
	if err != nil {
		t.Fatalf("apply as %s: %v", manager, err)
	}
	w := &examplev1.Widget{}
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(got.Object, w); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestExtractReturnsWhatEachManagerAppliedFromTheFakesManagedFields(t *testing.T) {
	scheme := runtime.NewScheme()
	if err := examplev1.AddToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	c := dynamicfake.NewSimpleDynamicClientWithCustomListKinds(scheme, map[schema.GroupVersionResource]string{widgetsGVR: "WidgetList"})
	applyAs(t, c, "one", applyexamplev1.Widget("w1", "ns").WithSpec(applyexamplev1.WidgetSpec().WithColor("green").WithTags("a", "b")))
	w := applyAs(t, c, "two", applyexamplev1.Widget("w1", "ns").WithLabels(map[string]string{"tier": "web"}).WithSpec(applyexamplev1.WidgetSpec().WithSize(4)))
	if len(w.ManagedFields) != 2 {
		t.Fatalf("the fake recorded %d managedFields entries, want one per manager: %+v", len(w.ManagedFields), w.ManagedFields)
	}

	one, err := applyexamplev1.ExtractWidget(w, "one")
	if err != nil {
		t.Fatal(err)
	}
	if *one.GetName() != "w1" || *one.GetNamespace() != "ns" || *one.GetKind() != "Widget" || *one.GetAPIVersion() != "example.com/v1" {
		t.Fatalf("extracted identity %s/%s %s %s; want ns/w1 Widget example.com/v1", *one.GetNamespace(), *one.GetName(), *one.GetKind(), *one.GetAPIVersion())
	}
	if one.Spec == nil || one.Spec.Color == nil || *one.Spec.Color != "green" || one.Spec.Size != nil || len(one.Spec.Tags) != 2 || one.Labels != nil {
		t.Fatalf("manager one's extract %s; want only its color and tags", mustJSON(t, one))
	}
	two, err := applyexamplev1.ExtractWidget(w, "two")
	if err != nil {
		t.Fatal(err)
	}
	if two.Spec == nil || two.Spec.Size == nil || *two.Spec.Size != 4 || two.Spec.Color != nil || two.Labels["tier"] != "web" {
		t.Fatalf("manager two's extract %s; want only its size and label", mustJSON(t, two))
	}
	nobody, err := applyexamplev1.ExtractWidget(w, "nobody")
	if err != nil {
		t.Fatal(err)
	}
	if nobody.Spec != nil || *nobody.GetName() != "w1" {
		t.Fatalf("a manager with no fields extracts %s; want the identity only", mustJSON(t, nobody))
	}
	status, err := applyexamplev1.ExtractWidgetStatus(w, "one")
	if err != nil || status.Spec != nil {
		t.Fatalf("ExtractWidgetStatus of a manager that applied no status = %s, %v; want the identity only", mustJSON(t, status), err)
	}

	// The extract/modify/apply workflow: manager one changes its color and
	// keeps its tags, manager two's size stays.
	w = applyAs(t, c, "one", one.WithSpec(one.Spec.WithColor("blue")))
	if w.Spec.Color != "blue" || w.Spec.Size != 4 || len(w.Spec.Tags) != 2 {
		t.Fatalf("after one re-applies its extract: %+v; want color blue, size 4 and both tags", w.Spec)
	}
}

func TestForKindReturnsTheApplyConfigurationOfEachType(t *testing.T) {
	if _, ok := applyconfiguration.ForKind(schema.GroupVersionKind{Group: "example.com", Version: "v1", Kind: "Widget"}).(*applyexamplev1.WidgetApplyConfiguration); !ok {
		t.Fatal("ForKind(example.com/v1 Widget) is not a *WidgetApplyConfiguration")
	}
	if _, ok := applyconfiguration.ForKind(schema.GroupVersionKind{Group: "example.com", Version: "v1", Kind: "WidgetSpec"}).(*applyexamplev1.WidgetSpecApplyConfiguration); !ok {
		t.Fatal("ForKind(example.com/v1 WidgetSpec) is not a *WidgetSpecApplyConfiguration, as applyconfiguration-gen's covers every struct")
	}
	if got := applyconfiguration.ForKind(schema.GroupVersionKind{Group: "example.com", Version: "v1", Kind: "Nothing"}); got != nil {
		t.Fatalf("ForKind of an unknown kind = %T; want nil", got)
	}
	if applyconfiguration.NewTypeConverter(runtime.NewScheme()) == nil {
		t.Fatal("NewTypeConverter returned nil")
	}
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
