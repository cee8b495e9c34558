// Package exercise drives the clients that `clientgen --crd` generated into
// ../golden from CRD manifests alone (no Go types written by hand): the fake
// clientset stores and returns the generated API types, through namespaced
// and cluster-scoped clients, the status subresource and a lister fed by an
// informer. generator's TestCRDGoldenBuildsAndRuns runs it with go test.
package exercise

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	appsv1 "github.com/clientgen/clientgen/testdata/cases/crd-generate/golden/apis/apps.example.com/v1"
	extensionsv1 "github.com/clientgen/clientgen/testdata/cases/crd-generate/golden/apis/extensions/v1"
	applyextensionsv1 "github.com/clientgen/clientgen/testdata/cases/crd-generate/golden/applyconfiguration/extensions/v1"
	"github.com/clientgen/clientgen/testdata/cases/crd-generate/golden/clientset/fake"
	"github.com/clientgen/clientgen/testdata/cases/crd-generate/golden/informers"
)

func ptr[T any](v T) *T { return &v }

func TestTheFakeClientsetCreatesAndGetsANamespacedObject(t *testing.T) {
	ctx := context.Background()
	cs := fake.NewClientset()
	want := &appsv1.Widget{
		ObjectMeta: metav1.ObjectMeta{Name: "w1", Namespace: "default"},
		Spec:       &appsv1.WidgetSpec{Replicas: ptr(int32(3))},
	}
	if _, err := cs.AppsV1().Widgets("default").Create(ctx, want, metav1.CreateOptions{}); err != nil {
		t.Fatalf("Create: %v", err)
	}
	got, err := cs.AppsV1().Widgets("default").Get(ctx, "w1", metav1.GetOptions{})
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if diff := cmp.Diff(want.Spec, got.Spec); diff != "" {
		t.Fatalf("Get returned another spec (-created +got):\n%s", diff)
	}
	if _, err := cs.AppsV1().Widgets("other").Get(ctx, "w1", metav1.GetOptions{}); err == nil {
		t.Fatal("Get in another namespace found the object; want NotFound")
	}

	got.Status = &appsv1.WidgetStatus{Replicas: ptr(int32(2))}
	if _, err := cs.AppsV1().Widgets("default").UpdateStatus(ctx, got, metav1.UpdateOptions{}); err != nil {
		t.Fatalf("UpdateStatus: %v", err)
	}
	after, err := cs.AppsV1().Widgets("default").Get(ctx, "w1", metav1.GetOptions{})
	if err != nil {
		t.Fatalf("Get after UpdateStatus: %v", err)
	}
	if after.Status == nil || after.Status.Replicas == nil || *after.Status.Replicas != 2 {
		t.Fatalf("status after UpdateStatus = %+v, want replicas 2", after.Status)
	}
}

func TestTheFakeClientsetCreatesAndListsAClusterScopedObject(t *testing.T) {
	ctx := context.Background()
	cs := fake.NewClientset()
	p := &appsv1.ClusterPolicy{ObjectMeta: metav1.ObjectMeta{Name: "p1"}, Spec: &appsv1.ClusterPolicySpec{Rules: []string{"a", "b"}}}
	if _, err := cs.AppsV1().ClusterPolicies().Create(ctx, p, metav1.CreateOptions{}); err != nil {
		t.Fatalf("Create: %v", err)
	}
	list, err := cs.AppsV1().ClusterPolicies().List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	if len(list.Items) != 1 || list.Items[0].Name != "p1" || !cmp.Equal(list.Items[0].Spec.Rules, []string{"a", "b"}) {
		t.Fatalf("List = %+v, want the one ClusterPolicy p1 with rules a, b", list.Items)
	}
}

func TestAnInformerOverTheFakeClientsetFeedsTheLister(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	cs := fake.NewClientset(&appsv1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "w1", Namespace: "default"}})
	factory := informers.NewSharedInformerFactory(cs, 0)
	// Shutdown waits for the informers, which stop when ctx is done.
	defer func() { cancel(); factory.Shutdown() }()
	lister := factory.Apps().V1().Widgets().Lister()
	factory.StartWithContext(ctx)
	if res := factory.WaitForCacheSyncWithContext(ctx); res.Err != nil {
		t.Fatalf("informers did not sync: %v", res.Err)
	}
	w, err := lister.Widgets("default").Get("w1")
	if err != nil {
		t.Fatalf("lister Get: %v", err)
	}
	if w.Name != "w1" || w.Namespace != "default" {
		t.Fatalf("lister returned %s/%s, want default/w1", w.Namespace, w.Name)
	}
}

// Blob's CRD preserves unknown fields at its root: the fake keeps the
// generated type's UnknownFields through create, get and list, and a JSON
// round trip writes them as top-level fields.
func TestTheFakeClientsetKeepsTheUnknownTopLevelFieldsOfAPreservingKind(t *testing.T) {
	ctx := context.Background()
	cs := fake.NewClientset()
	want := &extensionsv1.Blob{
		ObjectMeta:    metav1.ObjectMeta{Name: "b1", Namespace: "default"},
		Data:          map[string]string{"a": "1"},
		UnknownFields: map[string]runtime.RawExtension{"color": {Raw: []byte(`"teal"`)}, "Data": {Raw: []byte(`[1]`)}},
	}
	if _, err := cs.ExtensionsV1().Blobs("default").Create(ctx, want, metav1.CreateOptions{}); err != nil {
		t.Fatalf("Create: %v", err)
	}
	got, err := cs.ExtensionsV1().Blobs("default").Get(ctx, "b1", metav1.GetOptions{})
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if diff := cmp.Diff(want.UnknownFields, got.UnknownFields); diff != "" {
		t.Errorf("Get: unknown fields (-created +got):\n%s", diff)
	}
	list, err := cs.ExtensionsV1().Blobs("default").List(ctx, metav1.ListOptions{})
	if err != nil || len(list.Items) != 1 {
		t.Fatalf("List: %v, %d items", err, len(list.Items))
	}
	if diff := cmp.Diff(want.UnknownFields, list.Items[0].UnknownFields); diff != "" {
		t.Errorf("List: unknown fields (-created +got):\n%s", diff)
	}
	data, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]any
	if err := json.Unmarshal(data, &top); err != nil {
		t.Fatal(err)
	}
	if top["color"] != "teal" || top["Data"] == nil || top["data"] == nil {
		t.Errorf("encoded Blob lacks a top-level field: %s", data)
	}
}

// Blob's apply configuration holds unknown top-level fields too: applied
// through the fake, they are stored beside the named ones, a second
// manager's apply keeps the first's, and Extract returns each manager's.
func TestTheApplyConfigurationOfAPreservingKindAppliesUnknownFields(t *testing.T) {
	ctx := context.Background()
	cs := fake.NewClientset()
	blobs := cs.ExtensionsV1().Blobs("default")
	raw := func(s string) runtime.RawExtension { return runtime.RawExtension{Raw: []byte(s)} }
	first := applyextensionsv1.Blob("b1", "default").
		WithData(map[string]string{"a": "1"}).
		WithUnknownFields(map[string]runtime.RawExtension{"color": raw(`"teal"`), "nested": raw(`{"x":[1,2]}`)})
	if _, err := blobs.Apply(ctx, first, metav1.ApplyOptions{FieldManager: "one"}); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	second := applyextensionsv1.Blob("b1", "default").WithUnknownFields(map[string]runtime.RawExtension{"size": raw(`7`)})
	got, err := blobs.Apply(ctx, second, metav1.ApplyOptions{FieldManager: "two"})
	if err != nil {
		t.Fatalf("second Apply: %v", err)
	}
	want := map[string]runtime.RawExtension{"color": raw(`"teal"`), "nested": raw(`{"x":[1,2]}`), "size": raw(`7`)}
	if diff := cmp.Diff(asJSON(t, want), asJSON(t, got.UnknownFields)); diff != "" {
		t.Errorf("unknown fields after two managers' applies (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{"a": "1"}, got.Data); diff != "" {
		t.Errorf("data (-want +got):\n%s", diff)
	}
	extracted, err := applyextensionsv1.ExtractBlob(got, "two")
	if err != nil {
		t.Fatalf("ExtractBlob: %v", err)
	}
	if diff := cmp.Diff(asJSON(t, map[string]runtime.RawExtension{"size": raw(`7`)}), asJSON(t, extracted.UnknownFields)); diff != "" {
		t.Errorf("manager two's extracted unknown fields (-want +got):\n%s", diff)
	}
}

// asJSON parses raw values, so that spacing does not count.
func asJSON(t *testing.T, m map[string]runtime.RawExtension) map[string]any {
	t.Helper()
	out := map[string]any{}
	for k, v := range m {
		var x any
		if err := json.Unmarshal(v.Raw, &x); err != nil {
			t.Fatalf("%s=%s: %v", k, v.Raw, err)
		}
		out[k] = x
	}
	return out
}
