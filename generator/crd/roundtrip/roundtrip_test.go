// Package roundtrip_test checks that the golden types of generator/crd keep
// every object valid against their schemas (see internal/roundtrip).
//
// It imports the golden packages of generator/crd, so it lives apart from
// generator/crd's own tests (which rewrite those packages with -update).
package roundtrip_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"k8s.io/apimachinery/pkg/runtime"

	"github.com/clientgen/clientgen/generator/crd"
	"github.com/clientgen/clientgen/generator/crd/internal/roundtrip"
	extensionsv1 "github.com/clientgen/clientgen/testdata/crd/extensions/golden/extensions/v1"
	junctorsv1beta1 "github.com/clientgen/clientgen/testdata/crd/junctors/golden/junctors/v1beta1"
	nestingv1alpha1 "github.com/clientgen/clientgen/testdata/crd/nesting/golden/nesting/v1alpha1"
	appsv1 "github.com/clientgen/clientgen/testdata/crd/resources/golden/apps.example.com/v1"
	appsv1beta1 "github.com/clientgen/clientgen/testdata/crd/resources/golden/apps.example.com/v1beta1"
	appsorgv1 "github.com/clientgen/clientgen/testdata/crd/resources/golden/apps.example.org/v1"
	scalarsv1 "github.com/clientgen/clientgen/testdata/crd/scalars/golden/scalars/v1"
)

// objectsPerKind is how many random objects each kind is checked with.
const objectsPerKind = 400

var kinds = []struct {
	dir, group, version, kind string
	new                       func() runtime.Object
}{
	{"scalars", "scalars.example.com", "v1", "Gadget", func() runtime.Object { return &scalarsv1.Gadget{} }},
	{"nesting", "nesting.example.com", "v1alpha1", "Tree", func() runtime.Object { return &nestingv1alpha1.Tree{} }},
	{"extensions", "extensions.example.com", "v1", "Bundle", func() runtime.Object { return &extensionsv1.Bundle{} }},
	{"extensions", "extensions.example.com", "v1", "Blob", func() runtime.Object { return &extensionsv1.Blob{} }},
	{"junctors", "junctors.example.com", "v1beta1", "Choice", func() runtime.Object { return &junctorsv1beta1.Choice{} }},
	{"resources", "apps.example.com", "v1", "Widget", func() runtime.Object { return &appsv1.Widget{} }},
	{"resources", "apps.example.com", "v1", "ClusterPolicy", func() runtime.Object { return &appsv1.ClusterPolicy{} }},
	{"resources", "apps.example.com", "v1", "Sprocket", func() runtime.Object { return &appsv1.Sprocket{} }},
	{"resources", "apps.example.com", "v1beta1", "Widget", func() runtime.Object { return &appsv1beta1.Widget{} }},
	{"resources", "apps.example.org", "v1", "Gizmo", func() runtime.Object { return &appsorgv1.Gizmo{} }},
}

func schemaOf(t testing.TB, dir, group, version, kind string) *crd.Schema {
	t.Helper()
	crds, err := crd.Load([]string{filepath.Join("../../../testdata/crd", dir, "input")})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range crds {
		if c.Group == group && c.Names.Kind == kind {
			for _, v := range c.Versions {
				if v.Name == version {
					return v.Schema.OpenAPIV3Schema
				}
			}
		}
	}
	t.Fatalf("no schema for %s/%s %s in %s", group, version, kind, dir)
	return nil
}

func TestObjectsValidAgainstTheSchemaSurviveDecodeAndEncode(t *testing.T) {
	for i, k := range kinds {
		t.Run(fmt.Sprintf("%s %s/%s", k.kind, k.group, k.version), func(t *testing.T) {
			s := schemaOf(t, k.dir, k.group, k.version, k.kind)
			if err := roundtrip.Run(s, k.group+"/"+k.version, k.kind, k.new, objectsPerKind, uint64(i)); err != nil {
				t.Fatal(err)
			}
		})
	}
}
