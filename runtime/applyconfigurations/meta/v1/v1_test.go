package v1_test

import (
	"encoding/json"
	"testing"

	applymetav1 "github.com/clientgen/clientgen/runtime/applyconfigurations/meta/v1"
)

func TestApplyConfigurationsMarshalOnlyTheFieldsSet(t *testing.T) {
	tests := []struct {
		name string
		cfg  any
		want string
	}{
		{"an empty ObjectMeta is an empty object", applymetav1.ObjectMeta(), `{}`},
		{"ObjectMeta with a name, labels and an owner", applymetav1.ObjectMeta().WithName("w1").WithLabels(map[string]string{"a": "b"}).
			WithOwnerReferences(applymetav1.OwnerReference().WithName("o").WithController(true)),
			`{"name":"w1","labels":{"a":"b"},"ownerReferences":[{"name":"o","controller":true}]}`},
		{"a false bool that was set is sent", applymetav1.OwnerReference().WithBlockOwnerDeletion(false), `{"blockOwnerDeletion":false}`},
		{"TypeMeta", applymetav1.TypeMeta().WithKind("Widget").WithAPIVersion("example.com/v1"), `{"kind":"Widget","apiVersion":"example.com/v1"}`},
		{"a label selector", applymetav1.LabelSelector().WithMatchExpressions(applymetav1.LabelSelectorRequirement().WithKey("k").WithValues("x", "y")),
			`{"matchExpressions":[{"key":"k","values":["x","y"]}]}`},
		{"a condition", applymetav1.Condition().WithType("Ready").WithReason("Done"), `{"type":"Ready","reason":"Done"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := json.Marshal(tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Fatalf("marshalled %s, want %s", got, tc.want)
			}
		})
	}
}

func TestWithLabelsMergesEntries(t *testing.T) {
	m := applymetav1.ObjectMeta().WithLabels(map[string]string{"a": "1"}).WithLabels(map[string]string{"b": "2", "a": "3"})
	if len(m.Labels) != 2 || m.Labels["a"] != "3" || m.Labels["b"] != "2" {
		t.Fatalf("labels %v, want a=3 b=2", m.Labels)
	}
}

func TestANilOwnerReferencePanicsNamingTheMethod(t *testing.T) {
	defer func() {
		if r := recover(); r != "nil value passed to WithOwnerReferences" {
			t.Fatalf("recovered %v, want the panic naming WithOwnerReferences", r)
		}
	}()
	applymetav1.ObjectMeta().WithOwnerReferences(nil)
}

func TestGetNameIsSafeOnANilConfiguration(t *testing.T) {
	var m *applymetav1.ObjectMetaApplyConfiguration
	if m.GetName() != nil {
		t.Fatal("GetName on nil returned a name")
	}
}
