package model

import (
	"go/token"
	"reflect"
	"strings"
	"testing"

	applymetav1 "github.com/clientgen/clientgen/runtime/applyconfigurations/meta/v1"
)

func TestAResourcePathNamesThePluralInTheKindsCasing(t *testing.T) {
	tests := []struct {
		kind, resource, want string
		ok                   bool
	}{
		{"Person", "people", "People", true},
		{"Medium", "media", "Media", true},
		{"BackupRepo", "backuprepoes", "BackupRepoes", true},
		{"DNSPolicy", "dnspolicies", "DNSPolicies", true},
		{"Widget", "widgets", "Widgets", true},
		{"Archive", "archivedjobs", "Archivedjobs", true},
		{"Foo", "bars", "Bars", true},
		{"Gizmo", "gizmo-things", "", false},
		{"Gizmo", "gizmos.v2", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.kind+" with path="+tc.resource+" is "+tc.want, func(t *testing.T) {
			got, ok := pluralFromResource(tc.kind, tc.resource)
			if got != tc.want || ok != tc.ok {
				t.Fatalf("pluralFromResource(%q, %q) = %q, %v; want %q, %v", tc.kind, tc.resource, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestPluralsAreEnglish(t *testing.T) {
	exceptions := defaultPluralExceptions()
	exceptions["Cactus"] = "cacti" // as --plural-exceptions=Cactus:cacti
	tests := []struct{ kind, want string }{
		{"Endpoints", "Endpoints"},
		{"Chef", "Chefs"},
		{"Safe", "Safes"},
		{"Quiz", "Quizzes"},
		{"Policy", "Policies"},
		{"Status", "Statuses"},
		{"Box", "Boxes"},
		{"Gateway", "Gateways"},
		{"Ingress", "Ingresses"},
		{"Batch", "Batches"},
		{"Mesh", "Meshes"},
		{"ClusterPolicy", "ClusterPolicies"},
		{"IPAddress", "IPAddresses"},
		{"ServiceCIDR", "ServiceCIDRs"},
		{"Cactus", "Cacti"},
	}
	for _, tc := range tests {
		t.Run(tc.kind+" becomes "+tc.want, func(t *testing.T) {
			if got := plural(tc.kind, exceptions); got != tc.want {
				t.Fatalf("plural(%q) = %q, want %q", tc.kind, got, tc.want)
			}
		})
	}
}

func TestGoNamesAreValidAndLintClean(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"a hyphenated group", defaultGroupGoName("hyphen-group.example.com"), "HyphenGroup"},
		{"a dotted group takes its first label", defaultGroupGoName("apps.example.com"), "Apps"},
		{"the core group", defaultGroupGoName(""), "Core"},
		{"a v2beta3 version", goName("v2beta3"), "V2beta3"},
		{"a MixedCase kind lowers its first letter", lowerFirst("ClusterTestType"), "clusterTestType"},
		{"a leading acronym is lowered whole", lowerFirst("HTTPRoute"), "httpRoute"},
		{"an acronym kind", lowerFirst("CSIDriver"), "csiDriver"},
		{"an all-capitals name", lowerFirst("URL"), "url"},
		{"a keyword kind gets a suffix", paramName("Func"), "funcObj"},
		{"a kind Type's client struct does not hide package types", structName("Types"), "typesClient"},
		{"a kind Scheme's parameter does not hide package scheme", paramName("Scheme"), "schemeObj"},
		{"a predeclared name gets a suffix", paramName("String"), "stringObj"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Fatalf("got %q, want %q", tc.got, tc.want)
			}
			if !token.IsIdentifier(tc.got) {
				t.Fatalf("%q is not a Go identifier", tc.got)
			}
		})
	}
}

func TestGroupDirectoriesFollowTheInputPackagesAsClientGenDoes(t *testing.T) {
	gv := func(p string) *GroupVersion { return &GroupVersion{APIPkgPath: p} }
	apps := &Group{GoName: "Apps", Versions: []*GroupVersion{gv("k8s.io/api/apps/v1"), gv("k8s.io/api/apps/v1beta1")}}
	internal := &Group{GoName: "Internal", Versions: []*GroupVersion{gv("k8s.io/api/apiserverinternal/v1alpha1")}}
	gateway := &Group{GoName: "Gateway", Versions: []*GroupVersion{gv("sigs.k8s.io/gateway-api/apis/v1"), gv("sigs.k8s.io/gateway-api/apis/v1beta1")}}
	split := &Group{GoName: "Split", Versions: []*GroupVersion{gv("example.com/a/split/v1"), gv("example.com/b/other/v2")}}
	reserved := &Group{GoName: "Jobs", Versions: []*GroupVersion{gv("example.com/internal/v1")}}
	kbA := &Group{GoName: "Batch", Versions: []*GroupVersion{gv("example.com/one/api/v1")}}
	kbB := &Group{GoName: "Crew", Versions: []*GroupVersion{gv("example.com/two/api/v1")}}
	vendored := &Group{GoName: "Vendor", Versions: []*GroupVersion{gv("example.com/x/v1"), gv("example.com/y/v2")}}
	setGroupDirs([]*Group{apps, internal, gateway, split, reserved, kbA, kbB, vendored})
	for _, tc := range []struct {
		g    *Group
		want string
	}{
		{apps, "apps"},
		{internal, "apiserverinternal"},
		{gateway, "apis"},
		{split, "split"},   // versions in differently named directories: the Go name
		{reserved, "jobs"}, // internal/ would be unimportable: the Go name
		{kbA, "batch"},     // two groups in api/: each its Go name
		{kbB, "crew"},
		{vendored, "vendorgroup"}, // its Go name is a reserved directory too
	} {
		if tc.g.PkgName != tc.want {
			t.Errorf("group %s (%s): directory %q, want %q", tc.g.GoName, tc.g.Versions[0].APIPkgPath, tc.g.PkgName, tc.want)
		}
	}
}

// The generator forwards With methods to the runtime's meta/v1 apply
// configurations; the table it uses must match the runtime package.
func TestMetaApplyConfigsMatchTheRuntime(t *testing.T) {
	runtimeTypes := map[string]reflect.Type{
		"TypeMeta":                 reflect.TypeFor[*applymetav1.TypeMetaApplyConfiguration](),
		"ObjectMeta":               reflect.TypeFor[*applymetav1.ObjectMetaApplyConfiguration](),
		"OwnerReference":           reflect.TypeFor[*applymetav1.OwnerReferenceApplyConfiguration](),
		"LabelSelector":            reflect.TypeFor[*applymetav1.LabelSelectorApplyConfiguration](),
		"LabelSelectorRequirement": reflect.TypeFor[*applymetav1.LabelSelectorRequirementApplyConfiguration](),
		"Condition":                reflect.TypeFor[*applymetav1.ConditionApplyConfiguration](),
		"DeleteOptions":            reflect.TypeFor[*applymetav1.DeleteOptionsApplyConfiguration](),
		"GroupResource":            reflect.TypeFor[*applymetav1.GroupResourceApplyConfiguration](),
	}
	if len(runtimeTypes) != len(MetaApplyConfigs) {
		t.Fatalf("the generator knows %d meta/v1 apply configurations, the test %d: update both", len(MetaApplyConfigs), len(runtimeTypes))
	}
	for name, withs := range MetaApplyConfigs {
		rt, ok := runtimeTypes[name]
		if !ok {
			t.Fatalf("runtime has no apply configuration of %s", name)
		}
		if rt.Elem().Name() != name+"ApplyConfiguration" || rt.Elem().PkgPath() != ApplyMetaV1Pkg {
			t.Fatalf("%s: runtime type %s.%s", name, rt.Elem().PkgPath(), rt.Elem().Name())
		}
		for _, w := range withs {
			m, ok := rt.MethodByName(w.Name)
			if !ok {
				t.Fatalf("%s has no method %s", rt, w.Name)
			}
			param := m.Type.In(1)
			if w.Variadic != m.Type.IsVariadic() {
				t.Fatalf("%s.%s: variadic %v, generator says %v", rt, w.Name, m.Type.IsVariadic(), w.Variadic)
			}
			if w.Variadic {
				param = param.Elem()
			}
			if got, want := typeString(param), exprString(w.ParamType); got != want {
				t.Fatalf("%s.%s takes %s, the generator forwards %s", rt, w.Name, got, want)
			}
		}
	}
}

func typeString(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return "*" + typeString(t.Elem())
	case reflect.Map:
		return "map[" + typeString(t.Key()) + "]" + typeString(t.Elem())
	}
	if t.PkgPath() == "" {
		return t.Name()
	}
	return t.PkgPath() + "." + t.Name()
}

func exprString(e *TypeExpr) string {
	switch e.Kind {
	case Pointer:
		return "*" + exprString(e.Elem)
	case Map:
		return "map[" + exprString(e.Key) + "]" + exprString(e.Elem)
	}
	return strings.TrimPrefix(e.Type.PkgPath+"."+e.Type.Name, ".")
}
