package goldenrun

import (
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/watch"

	dynamicfake "github.com/clientgen/clientgen/runtime/dynamic/fake"
	examplev1 "github.com/clientgen/clientgen/testdata/crds/example/v1"
	fakeclientset "github.com/clientgen/clientgen/testdata/golden/crds/clientset/fake"
)

// A generated fake clientset and the runtime's dynamic fake over its tracker
// see one set of objects. These tests live here, not in runtime/dynamic/fake,
// because the runtime module must not depend on the generator module's
// golden tree.

func TestAFakeClientsetAndAFakeDynamicClientShareTheirObjects(t *testing.T) {
	cs := fakeclientset.NewSimpleClientset(&examplev1.Widget{
		ObjectMeta: metav1.ObjectMeta{Name: "typed", Namespace: "ns"},
		Spec:       examplev1.WidgetSpec{Size: 3},
	})
	dyn := dynamicfake.NewDynamicClientForTracker(cs.Tracker(), nil)
	ctx := t.Context()

	got, err := dyn.Resource(widgetsGVR).Namespace("ns").Get(ctx, "typed", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.GetKind() != "Widget" || got.GetAPIVersion() != "example.com/v1" {
		t.Errorf("a typed object reads as %s %s, want example.com/v1 Widget", got.GetAPIVersion(), got.GetKind())
	}
	if size, _, _ := unstructured.NestedInt64(got.Object, "spec", "size"); size != 3 {
		t.Errorf("spec.size = %v", got.Object["spec"])
	}

	created := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "example.com/v1", "kind": "Widget",
		"metadata": map[string]any{"name": "dynamic", "namespace": "ns"},
		"spec":     map[string]any{"color": "blue"},
	}}
	if _, err := dyn.Resource(widgetsGVR).Namespace("ns").Create(ctx, created, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	typed, err := cs.ExampleV1().Widgets("ns").Get(ctx, "dynamic", metav1.GetOptions{})
	if err != nil {
		t.Fatalf("the typed client does not see what the dynamic client created: %v", err)
	}
	if typed.Spec.Color != "blue" {
		t.Errorf("typed spec = %+v", typed.Spec)
	}
	list, err := dyn.Resource(widgetsGVR).Namespace("ns").List(ctx, metav1.ListOptions{})
	if err != nil || len(list.Items) != 2 || list.GetKind() != "WidgetList" {
		t.Errorf("List = %v, %v; want a WidgetList of both", list, err)
	}
}

func TestWatchDeliversUnstructuredEvenForTypedObjects(t *testing.T) {
	cs := fakeclientset.NewSimpleClientset()
	dyn := dynamicfake.NewDynamicClientForTracker(cs.Tracker(), nil)
	w, err := dyn.Resource(widgetsGVR).Namespace("ns").Watch(t.Context(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	if _, err := cs.ExampleV1().Widgets("ns").Create(t.Context(), &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "w"}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-w.ResultChan():
		u, ok := ev.Object.(*unstructured.Unstructured)
		if ev.Type != watch.Added || !ok || u.GetName() != "w" || u.GetKind() != "Widget" {
			t.Errorf("event = %s %T %v", ev.Type, ev.Object, ev.Object)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10s")
	}
}
