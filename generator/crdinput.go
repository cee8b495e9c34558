package generator

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/clientgen/clientgen/generator/crd"
	"github.com/clientgen/clientgen/generator/load"
	"github.com/clientgen/clientgen/generator/output"
)

// APIsDir is the directory under --output that a --crd run without --input
// writes the Go API types of the CRDs into: one package per group-version,
// apis/<group>/<version>.
const APIsDir = "apis"

// loadCRDTypes is the load stage of a --crd run without --input: it turns
// the CRDs into Go API packages (generator/crd) and parses those from memory
// into load.Packages, so that the tags, model and render stages read them as
// they read packages on disk, while nothing is written until the whole tree
// (types and clients) has been rendered. The returned files are the API
// packages with paths relative to --output, to be written with the clients.
//
// Parsing in memory rather than asking the go command (a go/packages
// Overlay) is possible because the generated packages are known whole here:
// their files, package names and imports (apimachinery's metav1, runtime,
// schema and intstr, each imported under the name its path implies or an
// explicit alias) are all in the source; and the go command would have to be
// told about directories that do not exist yet.
func loadCRDTypes(crds []crd.CRD, workDir, outDir, outputPkg string, header []byte) (*load.Result, []output.File, *crd.Report, error) {
	pkgs, report, err := crd.Generate(crds, crd.Options{PkgPath: path.Join(outputPkg, APIsDir), Boilerplate: header})
	if err != nil {
		return nil, nil, nil, err
	}
	fset := token.NewFileSet()
	var loaded []*load.Package
	var files []output.File
	for _, pkgPath := range slices.Sorted(maps.Keys(pkgs)) {
		lp := &load.Package{PkgPath: pkgPath, Imports: map[*ast.File]map[string]string{}}
		for _, f := range pkgs[pkgPath] {
			rel := path.Join(APIsDir, f.Path)
			files = append(files, output.File{Path: rel, Content: f.Content})
			abs := filepath.Join(outDir, filepath.FromSlash(rel))
			lp.Dir = filepath.Dir(abs)
			display := abs
			if r, err := filepath.Rel(workDir, abs); err == nil && !strings.HasPrefix(r, "..") {
				display = r
			}
			af, err := parser.ParseFile(fset, display, f.Content, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				// generator/crd gofmt'd the file, so this is clientgen's bug.
				return nil, nil, nil, fmt.Errorf("internal error: the Go types generated from the CRDs do not parse: %w", err)
			}
			lp.Name = af.Name.Name
			lp.Files = append(lp.Files, af)
			names := map[string]string{}
			for _, imp := range af.Imports {
				p := strings.Trim(imp.Path.Value, "`\"")
				name := path.Base(p)
				if imp.Name != nil {
					name = imp.Name.Name
				}
				names[name] = p
			}
			lp.Imports[af] = names
		}
		loaded = append(loaded, lp)
	}
	return load.NewResult(fset, loaded), files, report, nil
}
