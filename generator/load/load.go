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
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/tools/go/packages"
)

// Package is one parsed input package.
type Package struct {
	PkgPath string // import path
	Name    string // package name
	Dir     string // absolute directory
	Files   []*ast.File
	// Imports maps each file to the names its imports are referred to by
	// (alias, or the imported package's name) and their import paths, so
	// that the model can resolve a field type such as corev1.PodSpec.
	Imports map[*ast.File]map[string]string
	// Index is what the package declares (decls.go).
	Index Index
	// Dependency marks a package that is not an input but declares types
	// an input reaches (AddDependencies): it gets apply configurations and
	// no client.
	Dependency bool
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
	fset := token.NewFileSet()
	loaded, err := loadPackages(ctx, dir, patterns, fset, false)
	if err != nil {
		return nil, err
	}
	return NewResult(fset, loaded), nil
}

// AddDependencies loads the packages at the given import paths, which are
// not inputs, so that the model can read the struct types the inputs reach
// in them (a k8s.io/api type in a CRD, the input of an apply method): they
// are parsed and indexed like inputs and marked Dependency. A path the go
// command cannot load (not in the module graph) is left out rather than
// failing the run: its types are then used as they are, as before. It
// returns the packages added.
func (r *Result) AddDependencies(ctx context.Context, dir string, paths []string) ([]*Package, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	added, err := loadPackages(ctx, dir, paths, r.Fset, true)
	if err != nil {
		return nil, err
	}
	for _, p := range added {
		p.Index = index(r.Fset, p)
	}
	r.Packages = append(r.Packages, added...)
	slices.SortFunc(r.Packages, func(a, b *Package) int { return strings.Compare(a.PkgPath, b.PkgPath) })
	resolveNamed(r.Packages)
	return added, nil
}

// loadPackages asks the go command for the packages' names and files and
// parses the files. Dependencies with errors (or no files) are skipped.
func loadPackages(ctx context.Context, dir string, patterns []string, fset *token.FileSet, dependency bool) ([]*Package, error) {
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
	if dependency {
		pkgs = slices.DeleteFunc(pkgs, func(p *packages.Package) bool { return len(p.Errors) > 0 || len(p.GoFiles) == 0 })
		if len(pkgs) == 0 {
			return nil, nil
		}
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
	var loaded []*Package
	type file struct {
		pkg  *Package
		name string
		ast  *ast.File
	}
	var all []file
	for _, p := range pkgs {
		lp := &Package{PkgPath: p.PkgPath, Name: p.Name, Dependency: dependency}
		files := slices.Clone(p.GoFiles)
		slices.Sort(files)
		if len(files) > 0 {
			lp.Dir = filepath.Dir(files[0])
		}
		for _, name := range files {
			all = append(all, file{pkg: lp, name: name})
		}
		loaded = append(loaded, lp)
	}
	// Parsing is most of the CPU Load takes, and files are independent:
	// token.FileSet is safe for concurrent use, and a file's positions
	// (file, line, column) do not depend on the order files are added.
	errs := make([]error, len(all))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(len(all), runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(all); i = int(next.Add(1) - 1) {
				all[i].ast, errs[i] = parseFile(fset, relPath(dir, all[i].name), all[i].name)
			}
		})
	}
	wg.Wait()
	for i, f := range all {
		if errs[i] != nil {
			return nil, errs[i]
		}
		f.pkg.Files = append(f.pkg.Files, f.ast)
	}
	slices.SortFunc(loaded, func(a, b *Package) int { return strings.Compare(a.PkgPath, b.PkgPath) })
	if err := resolveImportNames(ctx, dir, loaded); err != nil {
		return nil, err
	}
	return loaded, nil
}

// parseFile reads and parses one file, with comments, as displayed name,
// without the statements of its function bodies (see blankFuncBodies).
func parseFile(fset *token.FileSet, display, name string) (*ast.File, error) {
	src, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("--input: %w", err)
	}
	return parser.ParseFile(fset, display, blankFuncBodies(src), parser.ParseComments|parser.SkipObjectResolution)
}

// resolveImportNames fills Package.Imports. An import without an alias is
// referred to by its package's name: known for input packages, and for others
// the name the import path implies (its last element, without a major-version
// suffix), which is what nearly every package is called. Only imports whose
// path implies no clear name (gopkg.in/yaml.v3, go-foo, a trailing version)
// are asked of the go command, all in one call, names only.
func resolveImportNames(ctx context.Context, dir string, pkgs []*Package) error {
	known := map[string]string{}
	for _, p := range pkgs {
		known[p.PkgPath] = p.Name
	}
	var ask []string
	for _, p := range pkgs {
		for _, f := range p.Files {
			for _, imp := range f.Imports {
				path := strings.Trim(imp.Path.Value, "`\"")
				if imp.Name != nil {
					continue
				}
				if _, ok := known[path]; ok {
					continue
				}
				if name, clear := impliedName(path); clear {
					known[path] = name
				} else if !slices.Contains(ask, path) {
					ask = append(ask, path)
				}
			}
		}
	}
	if len(ask) > 0 {
		slices.Sort(ask)
		cfg := &packages.Config{Context: ctx, Dir: dir, Mode: packages.NeedName}
		found, err := packages.Load(cfg, ask...)
		if err != nil {
			return fmt.Errorf("--input: resolving the names of imported packages: %w", err)
		}
		for _, p := range found {
			if p.Name != "" {
				known[p.PkgPath] = p.Name
			}
		}
		for _, path := range ask {
			if _, ok := known[path]; !ok {
				known[path], _ = impliedName(path) // unresolvable: the model reports a type it cannot find
			}
		}
	}
	for _, p := range pkgs {
		p.Imports = map[*ast.File]map[string]string{}
		for _, f := range p.Files {
			names := map[string]string{}
			for _, imp := range f.Imports {
				path := strings.Trim(imp.Path.Value, "`\"")
				name := known[path]
				if imp.Name != nil {
					name = imp.Name.Name
				}
				if name != "_" && name != "." {
					names[name] = path
				}
			}
			p.Imports[f] = names
		}
	}
	return nil
}

// impliedName is the package name an import path implies, and whether that
// is clear: "k8s.io/apimachinery/pkg/api/resource" -> resource, clear;
// "example.com/foo/v2" (package v2, or foo in a v2 module) and
// "gopkg.in/yaml.v3" are unclear.
func impliedName(path string) (string, bool) {
	last := path[strings.LastIndex(path, "/")+1:]
	if len(last) > 1 && last[0] == 'v' && strings.Trim(last[1:], "0123456789") == "" {
		return last, false
	}
	if i := strings.IndexAny(last, ".-"); i >= 0 {
		name := strings.TrimPrefix(last, "go-")
		if j := strings.IndexAny(name, ".-"); j >= 0 {
			name = name[:j]
		}
		return name, false
	}
	return last, token.IsIdentifier(last)
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
