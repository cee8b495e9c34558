// Package load finds the input packages and parses their files.
//
// It asks the go command only for names and file lists (no type checking):
// everything clientgen needs, tags, struct fields and the List types, is in
// the syntax of the input packages themselves, so there is no reason to
// type-check their dependency graph the way client-gen does. That is most of
// the speed difference between the two tools.
package load

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"
)

// Package is one parsed input package.
type Package struct {
	PkgPath string // import path
	Name    string // package name
	Dir     string // absolute directory
	Files   []*ast.File
}

// Result is the set of loaded packages, sorted by import path, and the file
// set that positions in their syntax refer to.
type Result struct {
	Fset     *token.FileSet
	Packages []*Package
}

// Load resolves patterns (as the go command does, relative to dir) and parses
// every non-test Go file of the matched packages with comments.
func Load(ctx context.Context, dir string, patterns []string) (*Result, error) {
	for _, p := range patterns {
		if err := checkLocalPattern(dir, p); err != nil {
			return nil, err
		}
	}
	cfg := &packages.Config{
		Context: ctx,
		Dir:     dir,
		Mode:    packages.NeedName | packages.NeedFiles,
		Tests:   false,
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("--input %s: %w", strings.Join(patterns, ","), err)
	}
	var problems []string
	for _, p := range pkgs {
		for _, e := range p.Errors {
			problems = append(problems, fmt.Sprintf("--input: package %s: %s", p.PkgPath, e.Msg))
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return nil, fmt.Errorf("%s", strings.Join(slices.Compact(problems), "\n"))
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("--input %s: matched no Go packages (give package patterns such as ./apis/... or an import path)", strings.Join(patterns, ","))
	}
	res := &Result{Fset: token.NewFileSet()}
	for _, p := range pkgs {
		lp := &Package{PkgPath: p.PkgPath, Name: p.Name}
		files := slices.Clone(p.GoFiles)
		slices.Sort(files)
		for _, name := range files {
			if lp.Dir == "" {
				lp.Dir = filepath.Dir(name)
			}
			src, err := os.ReadFile(name)
			if err != nil {
				return nil, fmt.Errorf("--input: %w", err)
			}
			f, err := parser.ParseFile(res.Fset, relPath(dir, name), src, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				return nil, err
			}
			lp.Files = append(lp.Files, f)
		}
		res.Packages = append(res.Packages, lp)
	}
	slices.SortFunc(res.Packages, func(a, b *Package) int { return strings.Compare(a.PkgPath, b.PkgPath) })
	return res, nil
}

// checkLocalPattern gives a direct answer for the common mistake of a local
// path that does not exist, which the go command reports only obliquely.
func checkLocalPattern(dir, pattern string) error {
	if !strings.HasPrefix(pattern, ".") && !filepath.IsAbs(pattern) {
		return nil // an import path; the go command resolves it
	}
	root := strings.TrimSuffix(strings.TrimSuffix(pattern, "..."), "/")
	if root == "" {
		root = "."
	}
	if !filepath.IsAbs(root) {
		root = filepath.Join(dir, root)
	}
	fi, err := os.Stat(root)
	if err != nil {
		return fmt.Errorf("--input %s: directory %s does not exist", pattern, root)
	}
	if !fi.IsDir() {
		return fmt.Errorf("--input %s: %s is not a directory (give a package directory or pattern)", pattern, root)
	}
	return nil
}

// relPath makes positions short and stable: relative to the working
// directory when the file is below it.
func relPath(dir, name string) string {
	if rel, err := filepath.Rel(dir, name); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return name
}
