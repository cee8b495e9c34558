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

// This file holds the machinery of the parity tests: build clientgen, run it
// into a temporary directory of this module (so the output compiles with this
// module's dependencies), load packages with go/types, and render interface
// method sets with package paths mapped to canonical names, so that
// client-go's rest/discovery/applyconfigurations and clientgen's runtime
// compare equal.

// buildClientgen builds cmd/clientgen of the main module once per test binary.
func buildClientgen(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "clientgen")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/clientgen")
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/clientgen: %v\n%s", err, out)
	}
	return bin
}

// outputDir makes a directory inside this module for generated code and
// removes it when the test ends; it is never meant to be committed.
func outputDir(t testing.TB, prefix string) (dir, pkg string) {
	t.Helper()
	dir, err := os.MkdirTemp(".", prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir, "github.com/clientgen/clientgen/hack/compare/" + filepath.Base(dir)
}

// runClientgen generates from inputs (import paths resolved in this module).
func runClientgen(t testing.TB, bin, out, outPkg string, extra []string, inputs ...string) {
	t.Helper()
	args := append([]string{"--input", strings.Join(inputs, ","), "--output", out, "--output-pkg", outPkg, "--quiet"}, extra...)
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("clientgen %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// vetGenerated runs go vet on the whole generated tree under dir (typed
// clients, fakes, apply configurations): the output must compile and be
// vet-clean, not only the packages the comparison loads.
func vetGenerated(t testing.TB, dir string) {
	t.Helper()
	cmd := exec.Command("go", "vet", "./"+filepath.Base(dir)+"/...")
	cmd.Env = append(os.Environ(), "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet of the generated %s: %v\n%s", dir, err, out)
	}
}

// loadTypes type-checks the packages matched by patterns.
func loadTypes(t testing.TB, patterns ...string) map[string]*packages.Package {
	t.Helper()
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes | packages.NeedImports | packages.NeedDeps, Env: append(os.Environ(), "GOWORK=off")}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*packages.Package{}
	var problems []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		out[p.PkgPath] = p
	})
	for _, p := range pkgs {
		for _, e := range p.Errors {
			problems = append(problems, fmt.Sprintf("%s: %s", p.PkgPath, e))
		}
	}
	if len(problems) > 0 {
		t.Fatalf("generated code does not type-check:\n%s", strings.Join(problems, "\n"))
	}
	return out
}

// side is one clientset under comparison: its package paths and how they map
// to canonical names.
type side struct {
	name      string
	clientset *types.Package
	typedRoot string // import path prefix of typed/<group>/<version>
	applyRoot string // import path prefix of apply configurations
	applyMeta string // import path of the meta/v1 apply configurations
	rest      string
	discovery string
	accessor  map[string]string // typed package path -> accessor (e.g. AppsV1)
	dirOf     map[string]string // "<group dir>/<version>" -> accessor
}

// newSide maps each group-version package of the clientset's Interface to
// its accessor, the name both clientsets share.
func newSide(t testing.TB, name string, cs *types.Package, typedRoot, applyRoot, applyMeta, rest, discovery string) *side {
	t.Helper()
	s := &side{name: name, clientset: cs, typedRoot: typedRoot, applyRoot: applyRoot, applyMeta: applyMeta, rest: rest, discovery: discovery,
		accessor: map[string]string{}, dirOf: map[string]string{}}
	iface := lookupInterface(t, cs, "Interface")
	for i := 0; i < iface.NumMethods(); i++ {
		m := iface.Method(i)
		res := m.Type().(*types.Signature).Results()
		if res.Len() != 1 {
			continue
		}
		named, ok := res.At(0).Type().(*types.Named)
		if !ok || named.Obj().Pkg() == nil {
			continue
		}
		p := named.Obj().Pkg().Path()
		if strings.HasPrefix(p, typedRoot+"/") {
			s.accessor[p] = m.Name()
			s.dirOf[strings.TrimPrefix(p, typedRoot+"/")] = m.Name()
		}
	}
	return s
}

// qualifier names a package canonically.
func (s *side) qualifier(p *types.Package) string {
	path := p.Path()
	switch {
	case path == s.rest:
		return "REST"
	case path == s.discovery:
		return "DISCOVERY"
	case path == s.applyMeta:
		return "APPLY/meta/v1"
	case s.accessor[path] != "":
		return "TYPED/" + s.accessor[path]
	case strings.HasPrefix(path, s.applyRoot+"/"):
		if acc := s.dirOf[strings.TrimPrefix(path, s.applyRoot+"/")]; acc != "" {
			return "APPLY/" + acc
		}
		return "APPLY/?" + strings.TrimPrefix(path, s.applyRoot+"/")
	}
	return path
}

// signature renders a method's parameter and result types, without names.
func (s *side) signature(m *types.Func) string {
	sig := m.Type().(*types.Signature)
	q := s.qualifier
	var ps, rs []string
	for i := 0; i < sig.Params().Len(); i++ {
		ts := types.TypeString(sig.Params().At(i).Type(), q)
		if sig.Variadic() && i == sig.Params().Len()-1 {
			ts = "..." + strings.TrimPrefix(ts, "[]")
		}
		ps = append(ps, ts)
	}
	for i := 0; i < sig.Results().Len(); i++ {
		rs = append(rs, types.TypeString(sig.Results().At(i).Type(), q))
	}
	// Discovery() returns DiscoveryInterfaces from clientgen and client-gen
	// v0.37.2, DiscoveryInterface from the older client-gen behind
	// gateway-api's shipped clientset: compare only the package here
	// (TestDiscoveryHasClientGosMethodSets compares the types themselves).
	return runtimeType.ReplaceAllString(fmt.Sprintf("%s(%s) (%s)", m.Name(), strings.Join(ps, ", "), strings.Join(rs, ", ")), "DISCOVERY.<runtime type>")
}

var runtimeType = regexp.MustCompile(`DISCOVERY\.\w+`)

// methods lists an interface's methods: all of them, or with explicitOnly
// those declared in it (not those of embedded interfaces such as the
// hand-written <Kind>Expansion), plus the names of what it embeds.
func (s *side) methods(iface *types.Interface, explicitOnly bool) []string {
	var out []string
	if explicitOnly {
		for i := 0; i < iface.NumExplicitMethods(); i++ {
			out = append(out, s.signature(iface.ExplicitMethod(i)))
		}
		for i := 0; i < iface.NumEmbeddeds(); i++ {
			out = append(out, "embeds "+types.TypeString(iface.EmbeddedType(i), func(*types.Package) string { return "" }))
		}
	} else {
		for i := 0; i < iface.NumMethods(); i++ {
			out = append(out, s.signature(iface.Method(i)))
		}
	}
	slices.Sort(out)
	return out
}

func lookupInterface(t testing.TB, p *types.Package, name string) *types.Interface {
	t.Helper()
	obj := p.Scope().Lookup(name)
	if obj == nil {
		t.Fatalf("%s declares no %s", p.Path(), name)
	}
	iface, ok := obj.Type().Underlying().(*types.Interface)
	if !ok {
		t.Fatalf("%s.%s is not an interface", p.Path(), name)
	}
	return iface
}

// interfaceNames are the exported interface types a typed package declares,
// without the hand-written or generated <Kind>Expansion interfaces.
func interfaceNames(p *types.Package) []string {
	var out []string
	for _, n := range p.Scope().Names() {
		obj := p.Scope().Lookup(n)
		if _, ok := obj.Type().Underlying().(*types.Interface); !ok || !obj.Exported() || strings.HasSuffix(n, "Expansion") {
			continue
		}
		out = append(out, n)
	}
	return out
}

// parityReport compares two clientsets interface by interface and returns
// every difference; empty means 100% parity.
func parityReport(t testing.TB, want, got *side, wantPkgs, gotPkgs map[string]*packages.Package) (compared int, diffs []string) {
	t.Helper()
	cmpSets := func(where string, w, g []string) {
		compared++
		for _, m := range w {
			if !slices.Contains(g, m) {
				diffs = append(diffs, fmt.Sprintf("%s: %s lacks %s", where, got.name, m))
			}
		}
		for _, m := range g {
			if !slices.Contains(w, m) {
				diffs = append(diffs, fmt.Sprintf("%s: %s has extra %s", where, got.name, m))
			}
		}
	}
	cmpSets("Clientset Interface", want.methods(lookupInterface(t, want.clientset, "Interface"), false), got.methods(lookupInterface(t, got.clientset, "Interface"), false))
	gotByAccessor := map[string]string{}
	for p, acc := range got.accessor {
		gotByAccessor[acc] = p
	}
	for wantPath, acc := range want.accessor {
		gotPath, ok := gotByAccessor[acc]
		if !ok {
			diffs = append(diffs, fmt.Sprintf("%s: %s has no group-version", acc, got.name))
			continue
		}
		wp, gp := wantPkgs[wantPath].Types, gotPkgs[gotPath].Types
		wantNames, gotNames := interfaceNames(wp), interfaceNames(gp)
		cmpSets(acc+" interface types", wantNames, gotNames)
		for _, n := range wantNames {
			if !slices.Contains(gotNames, n) {
				continue
			}
			explicit := strings.HasSuffix(n, "Interface") && n != acc+"Interface"
			cmpSets(acc+"."+n, want.methods(lookupInterface(t, wp, n), explicit), got.methods(lookupInterface(t, gp, n), explicit))
		}
	}
	slices.Sort(diffs)
	return compared, diffs
}
