package dynamic_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/clientgen/clientgen/runtime/dynamic"
	examplev1 "github.com/clientgen/clientgen/runtime/internal/example/v1"
)

func TestApplySendsAnApplyPatchWithItsOptions(t *testing.T) {
	tests := []struct {
		name      string
		apply     func(ctx context.Context, r dynamic.ResourceInterface, obj *unstructured.Unstructured) error
		wantPath  string
		wantQuery string
	}{
		{
			name: "Apply with a field manager",
			apply: func(ctx context.Context, r dynamic.ResourceInterface, obj *unstructured.Unstructured) error {
				_, err := r.Apply(ctx, "w1", obj, metav1.ApplyOptions{FieldManager: "me"})
				return err
			},
			wantPath:  "/apis/example.com/v1/namespaces/ns/widgets/w1",
			wantQuery: "fieldManager=me&force=false",
		},
		{
			name: "ApplyStatus with force",
			apply: func(ctx context.Context, r dynamic.ResourceInterface, obj *unstructured.Unstructured) error {
				_, err := r.ApplyStatus(ctx, "w1", obj, metav1.ApplyOptions{FieldManager: "me", Force: true, DryRun: []string{"All"}})
				return err
			},
			wantPath:  "/apis/example.com/v1/namespaces/ns/widgets/w1/status",
			wantQuery: "dryRun=All&fieldManager=me&force=true",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, seen := fakeServer(t, ok(`{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1"}}`))
			obj := widget("w1")
			if err := tt.apply(t.Context(), c.Resource(widgets).Namespace("ns"), obj); err != nil {
				t.Fatal(err)
			}
			req := <-seen
			if req.Method != http.MethodPatch || req.Path != tt.wantPath || req.Query != tt.wantQuery {
				t.Errorf("request = %s %s?%s, want PATCH %s?%s", req.Method, req.Path, req.Query, tt.wantPath, tt.wantQuery)
			}
			if req.ContentType != "application/apply-patch+yaml" || !strings.Contains(req.Body, `"kind":"Widget"`) {
				t.Errorf("Content-Type %q, body %s", req.ContentType, req.Body)
			}
		})
	}
}

func TestApplyRejectsWhatTheServerWouldReject(t *testing.T) {
	c, _ := fakeServer(t, ok(`{}`))
	r := c.Resource(widgets).Namespace("ns")
	withManaged := widget("w1")
	withManaged.SetManagedFields([]metav1.ManagedFieldsEntry{{Manager: "other"}})
	tests := []struct {
		name    string
		obj     *unstructured.Unstructured
		objName string
		opts    metav1.ApplyOptions
		want    string
	}{
		{"no field manager", widget("w1"), "w1", metav1.ApplyOptions{}, "FieldManager is required"},
		{"no name", widget("w1"), "", metav1.ApplyOptions{FieldManager: "me"}, "name is required"},
		{"managed fields set", withManaged, "w1", metav1.ApplyOptions{FieldManager: "me"}, "managedFields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := r.Apply(t.Context(), tt.objName, tt.obj, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

func widget(name string) *unstructured.Unstructured {
	return &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "example.com/v1", "kind": "Widget",
		"metadata": map[string]any{"name": name}, "spec": map[string]any{"size": int64(3)},
	}}
}

func TestTypedObjectsConvertToUnstructuredAndBack(t *testing.T) {
	typed := &examplev1.Widget{
		ObjectMeta: metav1.ObjectMeta{Name: "w1", Namespace: "ns", Labels: map[string]string{"a": "b"}},
		Spec:       examplev1.WidgetSpec{Size: 3, Color: "red", Tags: []string{"x"}},
		Status:     examplev1.WidgetStatus{Phase: "Ready"},
	}
	if _, err := dynamic.ToUnstructured(typed); err == nil || !strings.Contains(err.Error(), "ToUnstructuredAs") {
		t.Errorf("ToUnstructured without TypeMeta: error %v, want one naming ToUnstructuredAs", err)
	}
	gvk := schema.GroupVersionKind{Group: "example.com", Version: "v1", Kind: "Widget"}
	u, err := dynamic.ToUnstructuredAs(typed, gvk)
	if err != nil {
		t.Fatal(err)
	}
	if u.GroupVersionKind() != gvk || u.GetName() != "w1" {
		t.Errorf("unstructured = %v", u.Object)
	}
	if size, _, _ := unstructured.NestedInt64(u.Object, "spec", "size"); size != 3 {
		t.Errorf("spec.size = %d", size)
	}

	back := &examplev1.Widget{}
	if err := dynamic.FromUnstructured(u, back); err != nil {
		t.Fatal(err)
	}
	typed.TypeMeta = metav1.TypeMeta{APIVersion: "example.com/v1", Kind: "Widget"}
	if diff := cmp.Diff(typed, back); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	again, err := dynamic.ToUnstructured(back)
	if err != nil || !cmp.Equal(u.Object, again.Object) {
		t.Errorf("ToUnstructured with TypeMeta set: %v, %v", again, err)
	}

	if err := unstructured.SetNestedField(u.Object, "oops", "spec", "unknownField"); err != nil {
		t.Fatal(err)
	}
	if err := dynamic.FromUnstructured(u, &examplev1.Widget{}); err == nil || !strings.Contains(err.Error(), "unknownField") {
		t.Errorf("a field the type does not have: error %v, want one naming it", err)
	}

	list := &unstructured.UnstructuredList{Object: map[string]any{"apiVersion": "example.com/v1", "kind": "WidgetList", "metadata": map[string]any{"resourceVersion": "9"}}}
	list.Items = []unstructured.Unstructured{*widget("a"), *widget("b")}
	var typedList examplev1.WidgetList
	if err := dynamic.FromUnstructuredList(list, &typedList); err != nil {
		t.Fatal(err)
	}
	if len(typedList.Items) != 2 || typedList.Items[1].Name != "b" || typedList.Items[0].Spec.Size != 3 || typedList.ResourceVersion != "9" {
		t.Errorf("typed list = %+v", typedList)
	}
}

const manifest = `
# a comment-only document is skipped
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  size: "3"
---
---
apiVersion: v1
kind: List
items:
- apiVersion: example.com/v1
  kind: Widget
  metadata: {name: w1, namespace: other}
  spec: {size: 3}
- apiVersion: ops.example.com/v1alpha1
  kind: ClusterPolicy
  metadata: {name: p1}
`

// staticMapper maps the three kinds of the manifest.
type staticMapper struct{ meta.RESTMapper }

func (staticMapper) RESTMapping(gk schema.GroupKind, versions ...string) (*meta.RESTMapping, error) {
	m := map[schema.GroupKind]*meta.RESTMapping{
		{Kind: "ConfigMap"}:                               {Resource: schema.GroupVersionResource{Version: "v1", Resource: "configmaps"}, Scope: meta.RESTScopeNamespace},
		{Group: "example.com", Kind: "Widget"}:            {Resource: widgets, Scope: meta.RESTScopeNamespace},
		{Group: "ops.example.com", Kind: "ClusterPolicy"}: {Resource: schema.GroupVersionResource{Group: "ops.example.com", Version: "v1alpha1", Resource: "clusterpolicies"}, Scope: meta.RESTScopeRoot},
	}
	if r, ok := m[gk]; ok {
		return r, nil
	}
	return nil, &meta.NoKindMatchError{GroupKind: gk, SearchedVersions: versions}
}

func TestAManifestReachesTheRightResourceAndScope(t *testing.T) {
	objs, err := dynamic.ReadManifests(strings.NewReader(manifest))
	if err != nil {
		t.Fatal(err)
	}
	c, seen := fakeServer(t, ok(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}`))
	var paths []string
	for _, obj := range objs {
		r, _, err := dynamic.ForObject(t.Context(), c, staticMapper{}, obj, "default")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Apply(t.Context(), obj.GetName(), obj, metav1.ApplyOptions{FieldManager: "test"}); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, (<-seen).Path)
	}
	want := []string{
		"/api/v1/namespaces/default/configmaps/settings",
		"/apis/example.com/v1/namespaces/other/widgets/w1",
		"/apis/ops.example.com/v1alpha1/clusterpolicies/p1",
	}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if size, _, _ := unstructured.NestedInt64(objs[1].Object, "spec", "size"); size != 3 {
		t.Errorf("numbers must decode as int64: spec.size = %v", objs[1].Object["spec"])
	}

	unknown := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "nope.example.com/v1", "kind": "Gadget"}}
	if _, _, err := dynamic.ForObject(t.Context(), c, staticMapper{}, unknown, "default"); !meta.IsNoMatchError(err) {
		t.Errorf("an unknown kind: error %v, want a NoKindMatchError", err)
	}
}

func TestReadManifestsNamesTheBadDocument(t *testing.T) {
	_, err := dynamic.ReadManifests(strings.NewReader("apiVersion: v1\nkind: ConfigMap\n---\nmetadata: {name: x}\n"))
	if err == nil || !strings.Contains(err.Error(), "document 2") || !strings.Contains(err.Error(), "apiVersion and kind") {
		t.Errorf("error = %v, want one naming document 2 and what it lacks", err)
	}
}
