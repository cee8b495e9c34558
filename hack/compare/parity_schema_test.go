package compare

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"sigs.k8s.io/structured-merge-diff/v6/schema"
	"sigs.k8s.io/structured-merge-diff/v6/typed"
)

// TestK8sAPIApplySchemaEqualsClientGos compares, type by type, the
// structured-merge schema clientgen builds from k8s.io/api's Go markers
// with the one client-go's applyconfiguration-gen embedded from
// kube-apiserver's OpenAPI (applyconfigurations/internal): fields, list
// and map kinds and keys, element relationships, the defaults openapi-gen
// writes (+default, ref(...), and the zero values it enforces on fields
// that are not omitempty) and unions (+union, +unionDiscriminator,
// +unionDeprecated). Every type both define must be equal; a type only
// client-go's defines must be explained.
func TestK8sAPIApplySchemaEqualsClientGos(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 55 group-versions; not in -short")
	}
	inputs := k8sAPIInputs(t)
	bin := buildClientgen(t)
	out, outPkg := outputDir(t, "parity-schema-k8sapi-")
	runClientgen(t, bin, out, outPkg, []string{"--informers=false", "--apply-configuration-dir", "applyconfigurations"}, inputs...)
	clientGo, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "k8s.io/client-go").Output()
	if err != nil {
		t.Fatalf("go list -m k8s.io/client-go: %v", err)
	}
	theirs := embeddedSchema(t, filepath.Join(strings.TrimSpace(string(clientGo)), "applyconfigurations", "internal", "internal.go"))
	ours := embeddedSchema(t, filepath.Join(out, "applyconfigurations", "internal", "internal.go"))

	inputGV := map[string]bool{}
	for _, in := range inputs {
		inputGV[strings.ReplaceAll(strings.TrimPrefix(in, "k8s.io/api/"), "/", ".")] = true
	}
	same, onlyOurs := 0, 0
	for _, name := range slices.Sorted(maps.Keys(theirs)) {
		o, ok := ours[name]
		if !ok {
			if why := onlyClientGoDefines(name, inputGV); why != "" {
				t.Logf("only client-go's schema defines %s: %s", name, why)
				continue
			}
			t.Errorf("client-go's schema defines %s; clientgen's does not", name)
			continue
		}
		if d := cmp.Diff(theirs[name], o, cmpopts.IgnoreUnexported(schema.Map{}, schema.Schema{})); d != "" {
			t.Errorf("%s differs (-client-go +clientgen):\n%s", name, d)
			continue
		}
		same++
	}
	for name := range ours {
		if _, ok := theirs[name]; !ok {
			onlyOurs++ // inlined structs and extension inputs: defined, referenced by no type both have
		}
	}
	if same < 900 {
		t.Errorf("only %d types compared equal; the comparison read too little", same)
	}
	t.Logf("%d types equal; %d defined by clientgen's schema alone", same, onlyOurs)
}

// onlyClientGoDefines explains a type client-go's schema has and
// clientgen's need not.
func onlyClientGoDefines(name string, inputGV map[string]bool) string {
	if name == "io.k8s.apimachinery.pkg.runtime.RawExtension" {
		return "defined but referenced by no field: both schemas type RawExtension fields as __untyped_atomic_"
	}
	if gv, ok := strings.CutPrefix(name, "io.k8s.api."); ok {
		if i := strings.LastIndex(gv, "."); i > 0 && !inputGV[gv[:i]] {
			return "its group-version is not in client-go's clientset, so not a clientgen input"
		}
	}
	return ""
}

// embeddedSchema reads the schemaYAML constant (or variable) of an apply
// configuration tree's internal package and parses it as
// structured-merge-diff does.
func embeddedSchema(t *testing.T, path string) map[string]schema.TypeDef {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var lit string
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || vs.Names[0].Name != "schemaYAML" || len(vs.Values) != 1 {
			return true
		}
		v := vs.Values[0]
		if c, ok := v.(*ast.CallExpr); ok && len(c.Args) == 1 { // typed.YAMLObject(`...`)
			v = c.Args[0]
		}
		if b, ok := v.(*ast.BasicLit); ok {
			lit, _ = strconv.Unquote(b.Value)
		}
		return false
	})
	if lit == "" {
		t.Fatalf("%s: no schemaYAML literal", path)
	}
	p, err := typed.NewParser(typed.YAMLObject(lit))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	out := map[string]schema.TypeDef{}
	for _, td := range p.Schema.Types {
		out[td.Name] = td
	}
	return out
}
