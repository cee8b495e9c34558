package compare

import (
	"fmt"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// The apply configurations are compared as whole packages, as the listers
// and informers are: every exported name of every package under the apply
// configuration root, with its kind and signature (a func's parameter and
// result types, a struct's fields, the method set of its pointer), package
// paths mapped to canonical names (each side's root AC, its packages
// AC:<group>/<version>, the meta/v1 apply configurations of client-go and
// of clientgen's runtime both METAAC, and the apply configurations of
// packages that are not inputs, client-go's for applyconfiguration-gen's
// --external-applyconfigurations and clientgen's own in its tree, both
// EXT:<group>/<version>). Code written against applyconfiguration-gen's
// packages then compiles against clientgen's after an import-path change.

// applyTree is one side's apply configurations.
type applyTree struct {
	name string
	root string // import path of the apply configuration root (utils: ForKind)
	meta string // import path of the meta/v1 apply configurations
	// ext are the import path prefixes of the apply configurations of
	// packages that are not inputs, each mapped to EXT (client-go's
	// applyconfigurations, or another project's published ones such as
	// gateway-api's, for applyconfiguration-gen's
	// --external-applyconfigurations; clientgen has them in its own tree,
	// see extDirs).
	ext []string
	// extDirs are the <group>/<version> directories under root that hold
	// packages that are not inputs (clientgen's in-tree EXT packages).
	extDirs []string
}

func (s *applyTree) qualifier(p *types.Package) string {
	path := p.Path()
	switch {
	case path == s.meta:
		return "METAAC"
	case path == s.root:
		return "AC"
	case strings.HasPrefix(path, s.root+"/"):
		rel := strings.TrimPrefix(path, s.root+"/")
		if slices.Contains(s.extDirs, rel) {
			return "EXT:" + rel
		}
		return "AC:" + rel
	}
	for _, ext := range s.ext {
		if strings.HasPrefix(path, ext+"/") {
			return "EXT:" + strings.TrimPrefix(path, ext+"/")
		}
	}
	return path
}

// packages returns the side's apply configuration packages by canonical
// name, without meta/v1 (the runtime's, compared by the method-set tests)
// and without the EXT packages (client-go's are not applyconfiguration-gen's
// output for these inputs).
func (s *applyTree) packages(pkgs map[string]*packages.Package) map[string]*types.Package {
	out := map[string]*types.Package{}
	for path, p := range pkgs {
		if p.Types == nil || path == s.meta || (path != s.root && !strings.HasPrefix(path, s.root+"/")) {
			continue
		}
		name := s.qualifier(p.Types)
		if strings.HasPrefix(name, "EXT:") {
			continue
		}
		out[name] = p.Types
	}
	return out
}

// describe renders one exported object of an apply configuration package.
func (s *applyTree) describe(obj types.Object) []string {
	q := s.qualifier
	switch o := obj.(type) {
	case *types.Func:
		return []string{"func" + sigString(o.Type().(*types.Signature), q)}
	case *types.Var:
		return []string{"var " + types.TypeString(o.Type(), q)}
	case *types.Const:
		return []string{"const " + types.TypeString(o.Type(), q)}
	case *types.TypeName:
		var out []string
		switch u := o.Type().Underlying().(type) {
		case *types.Struct:
			for i := 0; i < u.NumFields(); i++ {
				if f := u.Field(i); f.Exported() {
					out = append(out, "field "+f.Name()+" "+types.TypeString(f.Type(), q))
				}
			}
		default:
			out = append(out, "type "+types.TypeString(u, q))
		}
		ms := types.NewMethodSet(types.NewPointer(o.Type()))
		for i := 0; i < ms.Len(); i++ {
			if m := ms.At(i).Obj(); m.Exported() {
				out = append(out, "method "+m.Name()+sigString(m.Type().(*types.Signature), q))
			}
		}
		slices.Sort(out)
		return out
	}
	return []string{fmt.Sprintf("%T", obj)}
}

// applyParity is the outcome of one comparison: how many of the upstream
// side's exported names clientgen has (present) and has with the same
// description (same), and every difference.
type applyParity struct {
	names, present, same int
	ext                  int // upstream names whose description names an EXT package
	diffs                []string
}

func (p applyParity) String() string {
	return fmt.Sprintf("%d of %d exported names present (%.1f%%), %d identical (%.1f%%)",
		p.present, p.names, 100*float64(p.present)/float64(max(p.names, 1)), p.same, 100*float64(p.same)/float64(max(p.names, 1)))
}

// compareApply compares got's apply configuration packages with want's.
// allowed says why a difference is deliberate ("" when it is not): such
// differences are logged, not counted as failures.
func compareApply(want, got *applyTree, pkgs map[string]*packages.Package, allowed func(diff string) string) (res applyParity, deliberate []string) {
	wp, gp := want.packages(pkgs), got.packages(pkgs)
	add := func(d string) {
		if why := allowed(d); why != "" {
			deliberate = append(deliberate, d+" ("+why+")")
			return
		}
		res.diffs = append(res.diffs, d)
	}
	for name := range gp {
		if wp[name] == nil {
			add(fmt.Sprintf("%s: %s has an extra package", name, got.name))
		}
	}
	for name, w := range wp {
		g := gp[name]
		for _, n := range w.Scope().Names() {
			if w.Scope().Lookup(n).Exported() {
				res.names++
			}
		}
		if g == nil {
			add(fmt.Sprintf("%s: %s has no such package", name, got.name))
			continue
		}
		for _, n := range g.Scope().Names() {
			if obj := g.Scope().Lookup(n); obj.Exported() && w.Scope().Lookup(n) == nil {
				add(fmt.Sprintf("%s.%s: %s has an extra name", name, n, got.name))
			}
		}
		for _, n := range w.Scope().Names() {
			wo := w.Scope().Lookup(n)
			if !wo.Exported() {
				continue
			}
			gobj := g.Scope().Lookup(n)
			if gobj == nil {
				add(fmt.Sprintf("%s.%s: %s lacks it", name, n, got.name))
				continue
			}
			res.present++
			wd, gd := want.describe(wo), got.describe(gobj)
			if slices.ContainsFunc(wd, func(d string) bool { return strings.Contains(d, "EXT:") }) {
				res.ext++
			}
			same := true
			for _, d := range wd {
				if !slices.Contains(gd, d) {
					same = false
					add(fmt.Sprintf("%s.%s: %s lacks %s", name, n, got.name, d))
				}
			}
			for _, d := range gd {
				if !slices.Contains(wd, d) {
					same = false
					add(fmt.Sprintf("%s.%s: %s has extra %s", name, n, got.name, d))
				}
			}
			if same {
				res.same++
			}
		}
	}
	slices.Sort(res.diffs)
	slices.Sort(deliberate)
	return res, deliberate
}

// checkApplyParity fails the test on any difference allowed does not
// explain, and logs the parity and the deliberate differences.
func checkApplyParity(t testing.TB, want, got *applyTree, pkgs map[string]*packages.Package, allowed func(string) string) applyParity {
	t.Helper()
	res, deliberate := compareApply(want, got, pkgs, allowed)
	if res.names == 0 {
		t.Fatalf("no apply configuration package of %s under %s was loaded", want.name, want.root)
	}
	t.Logf("apply configurations against %s: %s", want.name, res)
	for _, d := range deliberate {
		t.Logf("deliberate: %s", d)
	}
	if len(res.diffs) > 0 {
		t.Fatalf("%d differences from %s's apply configurations:\n%s", len(res.diffs), want.name, strings.Join(res.diffs, "\n"))
	}
	return res
}

// noSchema explains the names of <root>/internal (Parser) that clientgen
// always writes, from the schema it builds from the Go types and their
// markers, and applyconfiguration-gen writes only when given an OpenAPI
// schema (--openapi-schema), which the third-party comparisons do not pass:
// the projects' OpenAPI pipelines are not part of them. Against client-go's
// tree (which has one) internal.Parser is compared like any name.
func noSchema(d string) string {
	if strings.HasPrefix(d, "AC:internal:") || strings.HasPrefix(d, "AC:internal.") {
		return "applyconfiguration-gen writes <root>/internal only with --openapi-schema; clientgen always embeds the schema it builds from the Go markers"
	}
	return ""
}

// extractWithoutSchema explains the Extract<Kind> functions clientgen has
// where applyconfiguration-gen run without --openapi-schema (as the
// third-party comparisons run it: the projects' OpenAPI pipelines are not
// part of them) writes none; clientgen writes them over the schema it
// embeds from the Go types and their markers.
func extractWithoutSchema(d string) string {
	if _, name, ok := strings.Cut(d, "."); ok && strings.HasPrefix(name, "Extract") && strings.HasSuffix(d, "has an extra name") {
		return "applyconfiguration-gen writes Extract functions only with --openapi-schema; clientgen always does, over the schema it embeds from the Go types and their markers"
	}
	return ""
}

func TestK8sAPIApplyConfigurationsMatchClientGo(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and type-checks 55 group-versions; not in -short")
	}
	inputs := k8sAPIInputs(t)
	bin := buildClientgen(t)
	out, outPkg := outputDir(t, "parity-apply-k8sapi-")
	runClientgen(t, bin, out, outPkg, []string{"--informers=false", "--apply-configuration-dir", "applyconfigurations"}, inputs...)

	const cg = "k8s.io/client-go/applyconfigurations"
	pkgs := loadTypes(t, cg+"/...", outPkg+"/applyconfigurations/...")
	// client-go's applyconfiguration-gen input has group-versions client-go
	// has no client of; clientgen was given the clientset's 55.
	inClientset := map[string]bool{}
	for _, in := range inputs {
		inClientset["AC:"+strings.TrimPrefix(in, "k8s.io/api/")] = true
	}
	checkApplyParity(t,
		&applyTree{name: "client-go", root: cg, meta: cg + "/meta/v1"},
		&applyTree{name: "clientgen", root: outPkg + "/applyconfigurations", meta: "github.com/clientgen/clientgen/runtime/applyconfigurations/meta/v1"},
		pkgs, func(d string) string {
			if why := noSchema(d); why != "" {
				return why
			}
			if pkg, _, _ := strings.Cut(d, ":"+" "); strings.HasSuffix(d, "has no such package") && !inClientset[pkg] {
				return "not a group-version of client-go's clientset, so not a clientgen input"
			}
			return ""
		})
}

// kueueVersion is the kueue release whose API the third-party comparison
// copies from the module cache (see /work/.library/env/packages).
const kueueVersion = "v0.17.0"

// copyKueueAPI copies kueue's apis/kueue/v1beta2 into dir/kueue/v1beta2 with
// its groupversion_info.go replaced by one over apimachinery alone (kueue's
// uses controller-runtime's scheme.Builder, which this module does not
// require), and returns the package's import path and the core/v1 struct
// types its fields use.
func copyKueueAPI(t testing.TB, dir, pkg string) (string, []string) {
	t.Helper()
	cache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatalf("go env GOMODCACHE: %v", err)
	}
	modDir := filepath.Join(strings.TrimSpace(string(cache)), "sigs.k8s.io", "kueue@"+kueueVersion)
	src := filepath.Join(modDir, "apis", "kueue", "v1beta2")
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatalf("kueue %s is not in the module cache (go mod download sigs.k8s.io/kueue@%s): %v", kueueVersion, kueueVersion, err)
	}
	dst := filepath.Join(dir, "kueue", "v1beta2")
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	coreTypes := map[string]bool{}
	coreRE := regexp.MustCompile(`corev1\.([A-Z][A-Za-z0-9]*)`)
	clientGo, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "k8s.io/client-go").Output()
	if err != nil {
		t.Fatalf("go list -m k8s.io/client-go: %v", err)
	}
	clientGoCore := filepath.Join(strings.TrimSpace(string(clientGo)), "applyconfigurations", "core", "v1")
	for _, e := range entries {
		n := e.Name()
		if !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") || n == "groupversion_info.go" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, n))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range coreRE.FindAllStringSubmatch(string(data), -1) {
			if _, err := os.Stat(filepath.Join(clientGoCore, strings.ToLower(m[1])+".go")); err == nil {
				coreTypes[m[1]] = true // a struct: client-go has its apply configuration
			}
		}
		if err := os.WriteFile(filepath.Join(dst, n), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	info := `// Package v1beta2 is kueue's API, copied for the apply configuration parity test.
// +kubebuilder:object:generate=true
// +groupName=kueue.x-k8s.io
package v1beta2

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

var (
	GroupVersion       = schema.GroupVersion{Group: "kueue.x-k8s.io", Version: "v1beta2"}
	SchemeGroupVersion = GroupVersion
	SchemeBuilder      = &schemeBuilder{}
	AddToScheme        = SchemeBuilder.AddToScheme
)

// schemeBuilder stands in for controller-runtime's scheme.Builder.
type schemeBuilder struct{ objs []runtime.Object }

func (b *schemeBuilder) Register(objs ...runtime.Object) { b.objs = append(b.objs, objs...) }

func (b *schemeBuilder) AddToScheme(s *runtime.Scheme) error {
	s.AddKnownTypes(GroupVersion, b.objs...)
	metav1.AddToGroupVersion(s, GroupVersion)
	return nil
}

func Resource(resource string) schema.GroupResource {
	return GroupVersion.WithResource(resource).GroupResource()
}
`
	if err := os.WriteFile(filepath.Join(dst, "groupversion_info.go"), []byte(info), 0o644); err != nil {
		t.Fatal(err)
	}
	var core []string
	for n := range coreTypes {
		core = append(core, n)
	}
	slices.Sort(core)
	return pkg + "/kueue/v1beta2", core
}

func TestKueueApplyConfigurationsMatchApplyconfigurationGen(t *testing.T) {
	if testing.Short() {
		t.Skip("runs applyconfiguration-gen and clientgen on kueue's API; not in -short")
	}
	dir, pkg := outputDir(t, "parity-apply-kueue-")
	input, core := copyKueueAPI(t, filepath.Join(dir, "api"), pkg+"/api")
	if len(core) == 0 {
		t.Fatal("kueue's v1beta2 uses no core/v1 struct: the comparison would not cover nested apply configurations of other packages")
	}
	header := emptyHeader(t)
	gen := installCodeGeneratorTools(t, "applyconfiguration-gen")[0]
	var ext []string
	for _, n := range core {
		ext = append(ext, "k8s.io/api/core/v1."+n+":k8s.io/client-go/applyconfigurations/core/v1")
	}
	// kube_codegen.sh's --applyconfig-externals, as a kueue-style project
	// passes it, so that core/v1 fields take nested apply configurations.
	runTool(t, gen, "--go-header-file", header, "--output-dir", filepath.Join(dir, "upstream"), "--output-pkg", pkg+"/upstream",
		"--external-applyconfigurations", strings.Join(ext, ","), input)
	bin := buildClientgen(t)
	runClientgen(t, bin, filepath.Join(dir, "clientgen"), pkg+"/clientgen", []string{"--informers=false"}, input)

	pkgs := loadTypes(t, pkg+"/upstream/...", pkg+"/clientgen/applyconfiguration/...")
	res := checkApplyParity(t,
		&applyTree{name: "applyconfiguration-gen", root: pkg + "/upstream", meta: "k8s.io/client-go/applyconfigurations/meta/v1", ext: []string{"k8s.io/client-go/applyconfigurations"}},
		&applyTree{name: "clientgen", root: pkg + "/clientgen/applyconfiguration", meta: "github.com/clientgen/clientgen/runtime/applyconfigurations/meta/v1", extDirs: []string{"core/v1"}},
		pkgs, func(d string) string {
			if why := noSchema(d); why != "" {
				return why
			}
			return extractWithoutSchema(d)
		})
	if res.ext == 0 {
		t.Fatal("no compared name takes a core/v1 apply configuration: the nested apply configurations of other packages were not compared")
	}
	t.Logf("%d names take core/v1 apply configurations (client-go's upstream, clientgen's own in its tree)", res.ext)
}
