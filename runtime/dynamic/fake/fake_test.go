package fake_test

import (
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"

	dynamicfake "github.com/clientgen/clientgen/runtime/dynamic/fake"
	clienttesting "github.com/clientgen/clientgen/runtime/testing"
)

var (
	widgets = schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "widgets"}
	gadgets = schema.GroupVersionResource{Group: "toys.example.com", Version: "v1", Resource: "gadgets"}
)

func gadget(name, ns, color string) *unstructured.Unstructured {
	return &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "toys.example.com/v1", "kind": "Gadget",
		"metadata": map[string]any{"name": name, "namespace": ns},
		"spec":     map[string]any{"color": color},
	}}
}

func TestListingAResourceNobodyRegisteredDoesNotPanic(t *testing.T) {
	tests := []struct {
		name     string
		client   *dynamicfake.FakeDynamicClient
		wantKind string
		wantLen  int
	}{
		{"no objects and no list kind", dynamicfake.NewSimpleDynamicClient(nil), "List", 0},
		{"the kind of the objects", dynamicfake.NewSimpleDynamicClient(nil, gadget("a", "ns", "red")), "GadgetList", 1},
		{"a custom list kind", dynamicfake.NewSimpleDynamicClientWithCustomListKinds(nil, map[schema.GroupVersionResource]string{gadgets: "GadgetCollection"}), "GadgetCollection", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := tt.client.Resource(gadgets).Namespace("ns").List(t.Context(), metav1.ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if list.GetKind() != tt.wantKind || len(list.Items) != tt.wantLen || list.GetAPIVersion() != "toys.example.com/v1" {
				t.Errorf("list = %s %s with %d items, want %s with %d", list.GetAPIVersion(), list.GetKind(), len(list.Items), tt.wantKind, tt.wantLen)
			}
		})
	}
}

func TestActionsAreRecordedAndReactorsComeFirst(t *testing.T) {
	dyn := dynamicfake.NewSimpleDynamicClient(nil, gadget("a", "ns", "red"))
	dyn.PrependReactor("delete", "gadgets", func(clienttesting.Action) (bool, runtime.Object, error) {
		return true, nil, apierrors.NewForbidden(gadgets.GroupResource(), "a", nil)
	})
	r := dyn.Resource(gadgets).Namespace("ns")
	ctx := t.Context()
	if _, err := r.Patch(ctx, "a", types.MergePatchType, []byte(`{"spec":{"color":"green"}}`), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := r.Delete(ctx, "a", metav1.DeleteOptions{}); !apierrors.IsForbidden(err) {
		t.Errorf("Delete: error %v, want the reactor's Forbidden", err)
	}
	var verbs []string
	for _, a := range dyn.Actions() {
		verbs = append(verbs, a.GetVerb()+" "+a.GetResource().Resource)
	}
	if len(verbs) != 2 || verbs[0] != "patch gadgets" || verbs[1] != "delete gadgets" {
		t.Errorf("actions = %q", verbs)
	}
}
