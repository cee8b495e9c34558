package compare

import (
	"fmt"
	"go/types"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// The listers and informers are compared as whole packages: every exported
// name of every package under the listers and informers roots, with its
// kind and signature (a func's parameter and result types, an interface's
// method set, a struct's fields, an alias's target), package paths mapped to
// canonical names (client-go's tools/cache and clientgen's runtime/cache are
// both CACHE, each side's clientset CLIENTSET, its listers L:<group>/<version>
// and informers I:<path below the factory>). Code written against
// informer-gen's and lister-gen's packages then compiles against clientgen's
// after an import-path change only.

// informerTree is one side's listers and informers.
type informerTree struct {
	name      string
	listers   string // import path of the listers' root (listers/<group>/<version> below it)
	informers string // import path of the informer factory
	clientset string // import path of the clientset package
	cache     string // k8s.io/client-go/tools/cache or runtime/cache
	listersRT string // k8s.io/client-go/listers or runtime/listers
	// notInputs are packages of this side made from API packages the other
	// side was not given (canonical name -> why), left out of the comparison.
	notInputs map[string]string
}

const (
	clientgenCache   = "github.com/clientgen/clientgen/runtime/cache"
	clientgenListers = "github.com/clientgen/clientgen/runtime/listers"
)

// informerExtras are the exported names clientgen adds to informer-gen's
// packages on purpose, by package (relative to the factory) and name:
// per-kind options in one factory (issue 10), see ARCHITECTURE.md.
var informerExtras = map[string]bool{
	"I:.KindInformerOptions":                         true,
	"I:.WithInformerOptionsFor":                      true,
	"I:internalinterfaces.KindInformerOptions":       true,
	"I:internalinterfaces.KindInformerOptionsGetter": true,
	"I:internalinterfaces.ScopeFor":                  true,
}

func (s *informerTree) qualifier(p *types.Package) string {
	path := p.Path()
	switch {
	case path == s.cache:
		return "CACHE"
	case path == s.listersRT:
		return "LISTERS"
	case path == s.clientset:
		return "CLIENTSET"
	case strings.HasPrefix(path, s.listers+"/"):
		return "L:" + strings.TrimPrefix(path, s.listers+"/")
	case path == s.informers:
		return "I:"
	case strings.HasPrefix(path, s.informers+"/"):
		return "I:" + strings.TrimPrefix(path, s.informers+"/")
	}
	return path
}

// packages returns the side's lister and informer packages by canonical name.
func (s *informerTree) packages(pkgs map[string]*packages.Package) map[string]*types.Package {
	out := map[string]*types.Package{}
	for path, p := range pkgs {
		if p.Types == nil {
			continue
		}
		if strings.HasPrefix(path, s.listers+"/") || path == s.informers || strings.HasPrefix(path, s.informers+"/") {
			out[s.qualifier(p.Types)] = p.Types
		}
	}
	return out
}

// sigString renders a signature's parameter and result types, without names.
func sigString(sig *types.Signature, q types.Qualifier) string {
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
	return fmt.Sprintf("(%s) (%s)", strings.Join(ps, ", "), strings.Join(rs, ", "))
}

// describe renders one exported object of a lister or informer package. An
// expansion interface is described by its name only: its methods are the
// hand-written ones of whoever generated the package (client-go has some),
// which a user keeps in their own <kind>_expansion.go; so the methods an
// interface gets from an embedded *Expansion are left out too.
func (s *informerTree) describe(obj types.Object) []string {
	q := s.qualifier
	switch o := obj.(type) {
	case *types.Func:
		return []string{"func" + sigString(o.Type().(*types.Signature), q)}
	case *types.Var:
		return []string{"var " + types.TypeString(o.Type(), q)}
	case *types.Const:
		return []string{"const " + types.TypeString(o.Type(), q)}
	case *types.TypeName:
		if o.IsAlias() {
			return []string{"= " + types.TypeString(types.Unalias(o.Type()), q)}
		}
		if strings.HasSuffix(o.Name(), "Expansion") {
			return []string{"expansion interface"}
		}
		var out []string
		switch u := o.Type().Underlying().(type) {
		case *types.Interface:
			expansion := map[string]bool{}
			for i := 0; i < u.NumEmbeddeds(); i++ {
				e, ok := u.EmbeddedType(i).(*types.Named)
				if ok && strings.HasSuffix(e.Obj().Name(), "Expansion") {
					out = append(out, "embeds "+e.Obj().Name())
					if ei, ok := e.Underlying().(*types.Interface); ok {
						for j := 0; j < ei.NumMethods(); j++ {
							expansion[ei.Method(j).Name()] = true
						}
					}
				}
			}
			for i := 0; i < u.NumMethods(); i++ {
				if m := u.Method(i); !expansion[m.Name()] {
					out = append(out, m.Name()+sigString(m.Type().(*types.Signature), q))
				}
			}
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
		if _, isIface := o.Type().Underlying().(*types.Interface); !isIface {
			for i := 0; i < ms.Len(); i++ {
				if m := ms.At(i).Obj(); m.Exported() {
					out = append(out, "method "+m.Name()+sigString(m.Type().(*types.Signature), q))
				}
			}
		}
		slices.Sort(out)
		return out
	}
	return []string{fmt.Sprintf("%T", obj)}
}

// informerParityReport compares the exported API of both sides' listers and
// informers, package by package and name by name; empty diffs is 100%.
func informerParityReport(want, got *informerTree, pkgs map[string]*packages.Package) (compared int, diffs []string) {
	wp, gp := want.packages(pkgs), got.packages(pkgs)
	for name := range gp {
		if wp[name] == nil {
			diffs = append(diffs, fmt.Sprintf("%s: %s has an extra package", name, got.name))
		}
	}
	for name, w := range wp {
		if want.notInputs[name] != "" {
			continue
		}
		g := gp[name]
		if g == nil {
			diffs = append(diffs, fmt.Sprintf("%s: %s has no such package", name, got.name))
			continue
		}
		for _, n := range g.Scope().Names() {
			if obj := g.Scope().Lookup(n); obj.Exported() && w.Scope().Lookup(n) == nil && !informerExtras[name+"."+n] {
				diffs = append(diffs, fmt.Sprintf("%s.%s: %s has an extra name", name, n, got.name))
			}
		}
		for _, n := range w.Scope().Names() {
			wo := w.Scope().Lookup(n)
			if !wo.Exported() {
				continue
			}
			compared++
			gobj := g.Scope().Lookup(n)
			if gobj == nil {
				diffs = append(diffs, fmt.Sprintf("%s.%s: %s lacks it", name, n, got.name))
				continue
			}
			wd, gd := want.describe(wo), got.describe(gobj)
			for _, d := range wd {
				if !slices.Contains(gd, d) {
					diffs = append(diffs, fmt.Sprintf("%s.%s: %s lacks %s", name, n, got.name, d))
				}
			}
			for _, d := range gd {
				if !slices.Contains(wd, d) {
					diffs = append(diffs, fmt.Sprintf("%s.%s: %s has extra %s", name, n, got.name, d))
				}
			}
		}
	}
	slices.Sort(diffs)
	return compared, diffs
}

// checkInformerParity fails the test unless both sides' listers and informers
// export the same API; it logs how many names it compared.
func checkInformerParity(t testing.TB, want, got *informerTree, pkgs map[string]*packages.Package) {
	t.Helper()
	compared, diffs := informerParityReport(want, got, pkgs)
	if compared == 0 {
		t.Fatalf("no lister or informer package of %s under %s and %s was loaded", want.name, want.listers, want.informers)
	}
	if len(diffs) > 0 {
		t.Fatalf("%d exported names of the listers and informers compared; %d differences from %s's:\n%s", compared, len(diffs), want.name, strings.Join(diffs, "\n"))
	}
	t.Logf("%d exported names of the listers and informers match %s's", compared, want.name)
	for name, why := range want.notInputs {
		t.Logf("%s of %s left out: %s", name, want.name, why)
	}
}
