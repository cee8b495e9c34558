// Package validate checks the model as a whole for what no single type or
// package can see: names that collide once everything is put together, and
// identifiers that would not compile.
package validate

import (
	"go/token"
	"path"

	"github.com/clientgen/clientgen/generator/diag"
	"github.com/clientgen/clientgen/generator/model"
)

// Check returns every problem with the model; empty means it renders to code
// that compiles.
func Check(cs *model.Clientset) diag.List {
	var errs diag.List
	if len(cs.Groups) == 0 {
		errs.Add(token.Position{}, "", "", "no type in the input has a +genclient tag: add `// +genclient` above each type that should get a client")
		return errs
	}
	accessors := map[string]*model.GroupVersion{}
	dirs := map[string]*model.GroupVersion{}
	informerGroups := map[string]*model.Group{}
	for _, g := range cs.Groups {
		if prev, ok := informerGroups[g.GoName]; ok && cs.Informers && len(g.InformerVersions()) > 0 {
			errs.Add(g.GoNamePos, "", g.GoNameTag, "the informer factory's method %s() would serve both groups %s and %s: give one group a distinct +groupGoName", g.GoName, prev.Name, g.Name)
		} else if cs.Informers && len(g.InformerVersions()) > 0 {
			informerGroups[g.GoName] = g
		}
		if !token.IsIdentifier(g.GoName) || !token.IsExported(g.GoName) {
			errs.Add(g.GoNamePos, "", g.GoNameTag, "group %q gives the Go name %q, which is not an exported Go identifier: set +groupGoName=<Name> in doc.go", g.Name, g.GoName)
			continue
		}
		seenVersion := map[string]*model.GroupVersion{}
		for _, gv := range g.Versions {
			if prev, ok := seenVersion[gv.Version]; ok {
				errs.Add(gv.Pos, "", "+groupName="+gv.Group, "group-version %s/%s is also declared by package %s (%s): each group-version must come from one package", gv.Group, gv.Version, prev.APIPkgPath, prev.Pos)
				continue
			}
			seenVersion[gv.Version] = gv
			if prev, ok := accessors[gv.Accessor]; ok {
				errs.Add(gv.Pos, "", "+groupName="+gv.Group, "clientset method %s() would serve both %s/%s and %s/%s: give one group a distinct +groupGoName", gv.Accessor, prev.Group, prev.Version, gv.Group, gv.Version)
				continue
			}
			accessors[gv.Accessor] = gv
			if prev, ok := dirs[gv.Dir]; ok {
				errs.Add(gv.Pos, "", "+groupName="+gv.Group, "typed client directory %s would hold both %s/%s and %s/%s: give one group a distinct +groupGoName", path.Clean(gv.Dir), prev.Group, prev.Version, gv.Group, gv.Version)
				continue
			}
			dirs[gv.Dir] = gv
			checkTypes(gv, &errs)
			checkApplyConfigs(gv, &errs)
			if cs.Informers {
				checkListersInformers(gv, &errs)
			}
		}
	}
	return errs
}

func checkTypes(gv *model.GroupVersion, errs *diag.List) {
	resources := map[string]*model.Type{}
	for _, t := range gv.Types {
		if prev, ok := resources[t.Resource]; ok {
			errs.Add(t.Pos, t.Kind, "+genclient", "resource name %q is also the resource of %s (%s): each kind needs its own plural", t.Resource, prev.Kind, prev.Pos)
			continue
		}
		resources[t.Resource] = t
	}
}

// checkApplyConfigs reports apply configuration names that collide: a type
// Foo's constructor Foo() with a type FooApplyConfiguration's struct.
func checkApplyConfigs(gv *model.GroupVersion, errs *diag.List) {
	idents := map[string]*model.ApplyConfig{}
	for _, ac := range gv.ApplyConfigs {
		for _, id := range []string{ac.Name, ac.Constructor} {
			if prev, ok := idents[id]; ok && prev != ac {
				errs.Add(gv.Pos, ac.Type.Name, "", "the apply configurations of %s and %s would both declare %s in package %s: rename one of the types", prev.Type.Name, ac.Type.Name, id, gv.ApplyPkgPath)
			}
			idents[id] = ac
		}
	}
}

// checkListersInformers reports kinds whose lister or informer names collide
// in their package: kinds Foo and FooIndex would both declare
// FooIndexInformer, kinds Foo and TypedFoo both TypedFooInformer.
func checkListersInformers(gv *model.GroupVersion, errs *diag.List) {
	check := func(pkg string, types []*model.Type, idents func(*model.Type) []string, fixed []string) {
		owner := map[string]*model.Type{}
		reported := map[[2]*model.Type]bool{}
		for _, id := range fixed {
			owner[id] = nil
		}
		for _, t := range types {
			for _, id := range idents(t) {
				prev, taken := owner[id]
				switch {
				case taken && prev == nil:
					errs.Add(t.Pos, t.Kind, "+genclient", "its informer would declare %s, which package %s declares for itself: rename the type, or leave listers and informers out with --informers=false", id, pkg)
				case taken && prev != t && !reported[[2]*model.Type{prev, t}]:
					reported[[2]*model.Type{prev, t}] = true
					errs.Add(t.Pos, t.Kind, "+genclient", "%s and %s (%s) would both declare %s in package %s: rename one of the types, or leave listers and informers out with --informers=false", t.Kind, prev.Kind, prev.Pos, id, pkg)
				}
				owner[id] = t
			}
		}
	}
	check(gv.ListerPkgPath, gv.ListerTypes(), (*model.Type).ListerIdents, nil)
	check(gv.InformerPkgPath, gv.InformerTypes(), (*model.Type).InformerIdents, model.InformerPackageIdents())
}
