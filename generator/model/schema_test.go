package model

import "testing"

func TestOpenAPINameReversesTheHostAsApimachineryDoes(t *testing.T) {
	tests := []struct {
		name string
		in   GoType
		want string
	}{
		{"a k8s.io/api type", GoType{PkgPath: "k8s.io/api/core/v1", Name: "PodSpec"}, "io.k8s.api.core.v1.PodSpec"},
		{"a metav1 type", GoType{PkgPath: metav1Path, Name: "ObjectMeta"}, "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"},
		{"a CRD project's type", GoType{PkgPath: "sigs.k8s.io/kueue/apis/kueue/v1beta2", Name: "ClusterQueue"}, "io.k8s.sigs.kueue.apis.kueue.v1beta2.ClusterQueue"},
		{"a path whose first element has no dot", GoType{PkgPath: "example/apis/v1", Name: "Widget"}, "example.apis.v1.Widget"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := OpenAPIName(tc.in); got != tc.want {
				t.Fatalf("OpenAPIName(%v) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestEveryApimachineryTypeTheTableNamesIsInTheTable(t *testing.T) {
	names := map[string]bool{UntypedAtomic: true, UntypedDeduced: true}
	for gt, k := range knownTypes {
		if k.atom != nil {
			names[OpenAPIName(gt)] = true
		}
	}
	var walk func(where string, r SchemaRef)
	walk = func(where string, r SchemaRef) {
		if r.Named != "" && !names[r.Named] {
			t.Errorf("%s names %s, which the table does not define", where, r.Named)
		}
		if l := r.Inline.List; l != nil {
			walk(where, l.Elem)
		}
		if m := r.Inline.Map; m != nil && m.Elem != nil {
			walk(where, *m.Elem)
		}
	}
	for gt, k := range knownTypes {
		if k.atom == nil || k.atom.Map == nil {
			continue
		}
		for _, f := range k.atom.Map.Fields {
			walk(gt.Name+"."+f.Name, f.Type)
		}
	}
}
