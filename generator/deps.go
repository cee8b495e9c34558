package generator

import (
	"context"
	"go/ast"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/clientgen/clientgen/generator/load"
	"github.com/clientgen/clientgen/generator/tags"
)

// versionPkgRE is what a Kubernetes API version package is called.
var versionPkgRE = regexp.MustCompile(`^v[1-9][0-9]*((alpha|beta)[1-9][0-9]*)?$`)

// loadDependencies adds to loaded the packages that are not inputs but whose
// struct types the inputs reach: the packages imported by struct fields of
// loaded packages, and the packages named by +genclient:method input= and
// result=, followed until no new one appears. They get apply configurations
// in the output tree (applyconfiguration-gen's --external-applyconfigurations
// would point at client-go's, which generated code must not need).
//
// Only API version packages qualify (the last path element is a version,
// as in k8s.io/api/core/v1): apimachinery's types (Quantity, IntOrString,
// Time, RawExtension) marshal themselves and are applied whole, as
// applyconfiguration-gen does, and meta/v1's apply configurations are the
// runtime's. The set is an over-approximation of what the kinds reach (a
// struct no kind reaches costs a parse, never an output file: the model
// builds apply configurations only for what it reaches). The tags of the
// added packages are read into tagged without reporting their errors:
// another project's tags are not the user's to fix.
func loadDependencies(ctx context.Context, dir string, loaded *load.Result, tagged *tags.Result) error {
	seen := map[string]bool{}
	for _, p := range loaded.Packages {
		seen[p.PkgPath] = true
	}
	frontier := loaded.Packages
	for len(frontier) > 0 {
		need := map[string]bool{}
		want := func(p string) {
			if p == "" || seen[p] || strings.HasPrefix(p, "k8s.io/apimachinery/") || !versionPkgRE.MatchString(path.Base(p)) {
				return
			}
			need[p] = true
		}
		for _, p := range frontier {
			for _, td := range p.Index.Types {
				if td.Struct == nil || td.StructPkg != nil {
					continue
				}
				for _, fld := range td.Struct.Fields.List {
					importsOf(fld.Type, p.Imports[td.File], want)
				}
			}
			if pt := tagged.Packages[p.PkgPath]; pt != nil && !p.Dependency {
				for _, tt := range pt.Types {
					for _, m := range tt.Method {
						want(m.Input.PkgPath)
						want(m.Result.PkgPath)
					}
				}
			}
		}
		if len(need) == 0 {
			return nil
		}
		paths := make([]string, 0, len(need))
		for p := range need {
			paths = append(paths, p)
			seen[p] = true
		}
		slices.Sort(paths)
		added, err := loaded.AddDependencies(ctx, dir, paths)
		if err != nil {
			return err
		}
		depTags, _ := tags.Read(&load.Result{Fset: loaded.Fset, Packages: added})
		for p, t := range depTags.Packages {
			tagged.Packages[p] = t
		}
		frontier = added
	}
	return nil
}

// importsOf calls want with the import path of every package a field type
// expression names.
func importsOf(e ast.Expr, imports map[string]string, want func(string)) {
	switch e := e.(type) {
	case *ast.SelectorExpr:
		if x, ok := e.X.(*ast.Ident); ok {
			want(imports[x.Name])
		}
	case *ast.StarExpr:
		importsOf(e.X, imports, want)
	case *ast.ArrayType:
		importsOf(e.Elt, imports, want)
	case *ast.MapType:
		importsOf(e.Key, imports, want)
		importsOf(e.Value, imports, want)
	case *ast.ParenExpr:
		importsOf(e.X, imports, want)
	}
}
