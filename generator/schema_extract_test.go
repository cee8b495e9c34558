package generator_test

import (
	"bytes"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	applyconfiguration "github.com/clientgen/clientgen/testdata/cases/schema-markers/golden/applyconfiguration"
	applyv1 "github.com/clientgen/clientgen/testdata/cases/schema-markers/golden/applyconfiguration/input/v1"
	markersv1 "github.com/clientgen/clientgen/testdata/cases/schema-markers/input/v1"
)

// TestExtractThroughTheSchemaReturnsOneManagersItemsOfAKeyedList builds the
// managedFields of two appliers with the golden's schema (through
// utils.NewTypeConverter, as the apiserver would with the same schema) and
// checks that ExtractWidget returns only the first manager's fields: its
// item of the list keyed by name, its atomic map, none of the other's set.
// Over the deduced converter (lists atomic) both managers would own the
// whole ports list.
func TestExtractThroughTheSchemaReturnsOneManagersItemsOfAKeyedList(t *testing.T) {
	scheme := runtime.NewScheme()
	if err := markersv1.AddToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	tc := applyconfiguration.NewTypeConverter(scheme)
	widget := func(spec markersv1.WidgetSpec) *markersv1.Widget {
		return &markersv1.Widget{
			TypeMeta:   metav1.TypeMeta{Kind: "Widget", APIVersion: "markers.example.com/v1"},
			ObjectMeta: metav1.ObjectMeta{Name: "w", Namespace: "ns"},
			Spec:       spec,
		}
	}
	entry := func(t testing.TB, manager string, applied *markersv1.Widget) metav1.ManagedFieldsEntry {
		t.Helper()
		tv, err := tc.ObjectToTyped(applied)
		if err != nil {
			t.Fatalf("typing %s's object: %v", manager, err)
		}
		set, err := tv.ToFieldSet()
		if err != nil {
			t.Fatal(err)
		}
		js, err := set.ToJSON()
		if err != nil {
			t.Fatal(err)
		}
		return metav1.ManagedFieldsEntry{Manager: manager, Operation: metav1.ManagedFieldsOperationApply, APIVersion: "markers.example.com/v1",
			FieldsType: "FieldsV1", FieldsV1: &metav1.FieldsV1{Raw: js}}
	}
	a := widget(markersv1.WidgetSpec{Ports: []markersv1.Port{{Name: "http", Port: 80}}, Env: map[string]string{"A": "1"},
		Routes: []markersv1.Route{{Host: "a.example.com", Port: 80, Path: "/a"}}})
	b := widget(markersv1.WidgetSpec{Ports: []markersv1.Port{{Name: "grpc", Port: 9090}}, Tags: []string{"blue"},
		Routes: []markersv1.Route{{Host: "a.example.com", Port: 443, Path: "/b"}}})
	live := widget(markersv1.WidgetSpec{
		Ports:  []markersv1.Port{{Name: "http", Port: 80}, {Name: "grpc", Port: 9090}},
		Routes: []markersv1.Route{{Host: "a.example.com", Port: 80, Path: "/a"}, {Host: "a.example.com", Port: 443, Path: "/b"}},
		Env:    map[string]string{"A": "1"}, Tags: []string{"blue"},
	})
	live.ManagedFields = []metav1.ManagedFieldsEntry{entry(t, "a", a), entry(t, "b", b)}

	// The schema keys ports by name: a's set names only its item.
	var set fieldpath.Set
	if err := set.FromJSON(bytes.NewReader(live.ManagedFields[0].FieldsV1.Raw)); err != nil {
		t.Fatal(err)
	}
	if s := set.String(); !strings.Contains(s, `.spec.ports[name="http"]`) || strings.Contains(s, "grpc") {
		t.Fatalf("manager a's field set does not key ports by name:\n%s", s)
	}

	got, err := applyv1.ExtractWidget(live, "a")
	if err != nil {
		t.Fatal(err)
	}
	spec := got.Spec
	if spec == nil || len(spec.Ports) != 1 || *spec.Ports[0].Name != "http" || *spec.Ports[0].Port != 80 {
		t.Fatalf("ports extracted for a = %+v; want only http:80", spec)
	}
	if len(spec.Routes) != 1 || *spec.Routes[0].Host != "a.example.com" || *spec.Routes[0].Port != 80 || *spec.Routes[0].Path != "/a" {
		t.Fatalf("routes extracted for a = %+v; want only the route keyed a.example.com/80", spec.Routes)
	}
	if spec.Env["A"] != "1" || len(spec.Tags) != 0 {
		t.Fatalf("extracted for a: env %v, tags %v; want env A=1 and no tags (b's)", spec.Env, spec.Tags)
	}
	if *got.Name != "w" || *got.Namespace != "ns" || *got.Kind != "Widget" {
		t.Fatalf("extracted identity = %v/%v %v", *got.Namespace, *got.Name, *got.Kind)
	}
}
