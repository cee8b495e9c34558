package applyconfigurations_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/managedfields"
	"sigs.k8s.io/structured-merge-diff/v6/typed"

	"github.com/clientgen/clientgen/runtime/applyconfigurations"
)

// A Widget schema with a list keyed by name and an atomic list, as the
// generator embeds it.
const schemaYAML typed.YAMLObject = `types:
- name: widget
  map:
    fields:
    - name: apiVersion
      type: {scalar: string}
    - name: kind
      type: {scalar: string}
    - name: metadata
      type: {map: {elementType: {scalar: untyped, list: {elementType: {namedType: __untyped_atomic_}, elementRelationship: atomic}, map: {elementType: {namedType: __untyped_atomic_}, elementRelationship: atomic}}}}
    - name: spec
      type: {namedType: spec}
- name: spec
  map:
    fields:
    - name: size
      type: {scalar: numeric}
    - name: color
      type: {scalar: string}
    - name: tags
      type: {list: {elementType: {scalar: string}, elementRelationship: atomic}}
    - name: ports
      type: {list: {elementType: {namedType: port}, elementRelationship: associative, keys: [name]}}
- name: port
  map:
    fields:
    - name: name
      type: {scalar: string}
    - name: port
      type: {scalar: numeric}
- name: __untyped_atomic_
  scalar: untyped
  list: {elementType: {namedType: __untyped_atomic_}, elementRelationship: atomic}
  map: {elementType: {namedType: __untyped_atomic_}, elementRelationship: atomic}
`

type portAC struct {
	Name *string `json:"name,omitempty"`
	Port *int64  `json:"port,omitempty"`
}

type specAC struct {
	Size  *int64   `json:"size,omitempty"`
	Color *string  `json:"color,omitempty"`
	Tags  []string `json:"tags,omitempty"`
	Ports []portAC `json:"ports,omitempty"`
}

type widgetAC struct {
	Kind       *string `json:"kind,omitempty"`
	APIVersion *string `json:"apiVersion,omitempty"`
	Spec       *specAC `json:"spec,omitempty"`
}

func widget(t testing.TB, managed ...metav1.ManagedFieldsEntry) *unstructured.Unstructured {
	t.Helper()
	u := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "example.com/v1", "kind": "Widget",
		"metadata": map[string]any{"name": "w1", "namespace": "ns"},
		"spec": map[string]any{
			"size": int64(3), "color": "red", "tags": []any{"a", "b"},
			"ports": []any{map[string]any{"name": "http", "port": int64(80)}, map[string]any{"name": "metrics", "port": int64(9090)}},
		},
	}}
	u.SetManagedFields(managed)
	return u
}

func entry(manager string, op metav1.ManagedFieldsOperationType, subresource, fields string) metav1.ManagedFieldsEntry {
	return metav1.ManagedFieldsEntry{Manager: manager, Operation: op, Subresource: subresource, APIVersion: "example.com/v1",
		FieldsType: "FieldsV1", FieldsV1: &metav1.FieldsV1{Raw: []byte(fields)}}
}

// ExtractInto gives what apimachinery's managedfields.ExtractInto gives,
// without linking its OpenAPI converters.
func TestExtractIntoAgreesWithManagedFieldsExtractInto(t *testing.T) {
	parser, err := typed.NewParser(schemaYAML)
	if err != nil {
		t.Fatal(err)
	}
	wType := parser.Type("widget")
	const (
		aFields = `{"f:spec":{"f:size":{},"f:ports":{"k:{\"name\":\"http\"}":{".":{},"f:name":{},"f:port":{}}}}}`
		bFields = `{"f:spec":{"f:color":{},"f:tags":{},"f:ports":{"k:{\"name\":\"metrics\"}":{".":{},"f:name":{},"f:port":{}}}}}`
	)
	managed := []metav1.ManagedFieldsEntry{
		entry("a", metav1.ManagedFieldsOperationApply, "", aFields),
		entry("b", metav1.ManagedFieldsOperationApply, "", bFields),
		entry("u", metav1.ManagedFieldsOperationUpdate, "", aFields),
		entry("s", metav1.ManagedFieldsOperationApply, "status", bFields),
	}
	str := func(s string) *string { return &s }
	num := func(n int64) *int64 { return &n }
	tests := []struct {
		name, manager, subresource string
		want                       widgetAC
	}{
		{"a manager's own item of a keyed list, not the others'", "a", "", widgetAC{Kind: str("Widget"), APIVersion: str("example.com/v1"),
			Spec: &specAC{Size: num(3), Ports: []portAC{{Name: str("http"), Port: num(80)}}}}},
		{"an atomic list whole, and the other keyed item", "b", "", widgetAC{Kind: str("Widget"), APIVersion: str("example.com/v1"),
			Spec: &specAC{Color: str("red"), Tags: []string{"a", "b"}, Ports: []portAC{{Name: str("metrics"), Port: num(9090)}}}}},
		{"a manager with only an update entry owns nothing applied", "u", "", widgetAC{}},
		{"an unknown manager", "nobody", "", widgetAC{}},
		{"entries of another subresource are not the object's", "s", "", widgetAC{}},
		{"the subresource's own entry", "s", "status", widgetAC{Kind: str("Widget"), APIVersion: str("example.com/v1"),
			Spec: &specAC{Color: str("red"), Tags: []string{"a", "b"}, Ports: []portAC{{Name: str("metrics"), Port: num(9090)}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got, want widgetAC
			if err := applyconfigurations.ExtractInto(widget(t, managed...), wType, tt.manager, &got, tt.subresource); err != nil {
				t.Fatal(err)
			}
			if err := managedfields.ExtractInto(widget(t, managed...), wType, tt.manager, &want, tt.subresource); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("differs from managedfields.ExtractInto (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("extracted (-want +got):\n%s", diff)
			}
		})
	}
}

// A typed object (not unstructured) is read through the schema too.
func TestExtractIntoReadsTypedObjects(t *testing.T) {
	parser, err := typed.NewParser(schemaYAML)
	if err != nil {
		t.Fatal(err)
	}
	u := widget(t, entry("a", metav1.ManagedFieldsOperationApply, "", `{"f:spec":{"f:color":{}}}`))
	data, err := json.Marshal(u.Object)
	if err != nil {
		t.Fatal(err)
	}
	var obj typedWidget
	if err := json.Unmarshal(data, &obj); err != nil {
		t.Fatal(err)
	}
	var got widgetAC
	if err := applyconfigurations.ExtractInto(&obj, parser.Type("widget"), "a", &got, ""); err != nil {
		t.Fatal(err)
	}
	if got.Spec == nil || got.Spec.Color == nil || *got.Spec.Color != "red" || got.Spec.Size != nil {
		t.Errorf("extracted %+v, want spec.color red only", got.Spec)
	}
}

type typedWidget struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              struct {
		Size  int64    `json:"size,omitempty"`
		Color string   `json:"color,omitempty"`
		Tags  []string `json:"tags,omitempty"`
		Ports []struct {
			Name string `json:"name"`
			Port int64  `json:"port,omitempty"`
		} `json:"ports,omitempty"`
	} `json:"spec"`
}

func (w *typedWidget) DeepCopyObject() runtime.Object {
	c := *w
	return &c
}
