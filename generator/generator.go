// Package generator turns +genclient-tagged Go API types into a typed
// clientset. Generate runs the pipeline: load -> tags -> model -> validate ->
// render -> output, one package per stage, data flowing one way. With CRD
// manifests and no Go types, generator/crd takes load's place (crdinput.go);
// with both, generator/crdcheck compares them after the model is built.
package generator

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"golang.org/x/mod/modfile"

	"github.com/clientgen/clientgen/generator/crd"
	"github.com/clientgen/clientgen/generator/crdcheck"
	"github.com/clientgen/clientgen/generator/diag"
	"github.com/clientgen/clientgen/generator/load"
	"github.com/clientgen/clientgen/generator/model"
	"github.com/clientgen/clientgen/generator/output"
	"github.com/clientgen/clientgen/generator/render"
	"github.com/clientgen/clientgen/generator/tags"
	"github.com/clientgen/clientgen/generator/validate"
)

// Options configure one run. Zero values take the defaults documented on
// each field.
type Options struct {
	// Inputs are package patterns of the API types, as the go command takes
	// them: "./apis/...", an import path. Required unless CRDs are given.
	Inputs []string
	// CRDs are files or directories of CustomResourceDefinition manifests
	// (--crd; multi-document YAML, directories searched recursively).
	// Without Inputs, the Go API types of every served version are generated
	// from them into Output/apis/<group>/<version> (APIsDir) and the clients
	// from those types, in one run and one write. With Inputs, the run is a
	// check: the group, versions, kind, resource, scope and status
	// subresource of every kind are compared with the manifests (package
	// crdcheck) and any disagreement is an error; when there is none the
	// clients are generated from Inputs as usual.
	CRDs []string
	// Output is the directory the clientset package tree is written under. Required.
	Output string
	// OutputPkg is the import path of Output. Default: inferred from the
	// go.mod that encloses Output.
	OutputPkg string
	// ClientsetName is the clientset package's name and directory under
	// Output; a path such as "clientset/versioned" puts package versioned in
	// that directory. Default "clientset".
	ClientsetName string
	// Boilerplate is a file whose text (a licence header) tops every
	// generated file. Optional.
	Boilerplate string
	// PluralExceptions maps Kind to its plural Go name where the English rule
	// is wrong for it, e.g. {"Endpoints": "Endpoints"}.
	PluralExceptions map[string]string
	// ApplyConfigurationDir is the directory of the apply configurations
	// under Output, a relative slash-separated path whose last element is
	// the package name of the utils package (ForKind). Default
	// "applyconfiguration", client-gen's; kube_codegen.sh writes
	// "applyconfigurations" (--apply-configuration-dir).
	ApplyConfigurationDir string
	// NoInformers leaves the listers and informers out: only the clientset,
	// its fake and the apply configurations are written (--informers=false).
	// By default a run also writes listers/ and informers/, lister-gen's and
	// informer-gen's packages over clientgen's runtime/cache.
	NoInformers bool
	// Verify makes Generate write nothing and return ErrStale when the output
	// tree differs from what it would write.
	Verify bool
	// Dir is the working directory that Inputs and Output are relative to.
	// Default: the process's working directory.
	Dir string
}

// ErrStale is returned (wrapped, with the report) by a Verify run whose output
// tree is not up to date.
var ErrStale = errors.New("generated code is out of date: run clientgen without --verify (or make generate)")

// Result is what a run produced.
type Result struct {
	Files   []output.File   // every generated file, sorted by path
	Changes []output.Change // how the output tree differed; applied unless Verify
	// Warnings are problems of the input that did not stop the run (a
	// kind whose status subresource a CRD from its markers lacks), sorted
	// by position; the CLI prints them to stderr.
	Warnings diag.List
	// CRDReport is what a --crd run without --input generated from the
	// manifests: counts and every schema kept as raw JSON, normalized or
	// validation-only (nil otherwise); the CLI prints it.
	CRDReport *crd.Report
	// CRDsChecked and KindsChecked count what a check run (--input and
	// --crd) compared and found in agreement; zero otherwise.
	CRDsChecked, KindsChecked int
}

// DefaultClientsetName is the clientset package's default name.
const DefaultClientsetName = "clientset"

func (o *Options) setDefaults() error {
	if o.ClientsetName == "" {
		o.ClientsetName = DefaultClientsetName
	}
	if o.ApplyConfigurationDir == "" {
		o.ApplyConfigurationDir = model.ApplyDir
	}
	if o.Dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return err
		}
		o.Dir = wd
	}
	return nil
}

// Validate returns every problem with the options at once.
func (o Options) Validate() error {
	var errs []error
	if len(o.Inputs) == 0 && len(o.CRDs) == 0 {
		errs = append(errs, errors.New("--input is required: give the package pattern of your API types, e.g. --input ./apis/..., or CRD manifests to generate them from, e.g. --crd ./config/crd"))
	}
	for _, in := range o.Inputs {
		if strings.TrimSpace(in) == "" {
			errs = append(errs, errors.New("--input: empty package pattern"))
		}
	}
	for _, c := range o.CRDs {
		if strings.TrimSpace(c) == "" {
			errs = append(errs, errors.New("--crd: empty path"))
		}
	}
	if len(o.Inputs) == 0 && len(o.CRDs) > 0 {
		// The API types generated from the CRDs go to <output>/apis.
		for _, f := range [][2]string{{"--clientset-name", o.ClientsetName}, {"--apply-configuration-dir", o.ApplyConfigurationDir}} {
			if first, _, _ := strings.Cut(f[1], "/"); first == APIsDir {
				errs = append(errs, fmt.Errorf("%s %q: with --crd and no --input, %s/ under --output holds the Go types generated from the CRDs; put it elsewhere", f[0], f[1], APIsDir))
			}
		}
	}
	if o.Output == "" {
		errs = append(errs, errors.New("--output is required: the directory to write the clientset under, e.g. --output ./pkg/client"))
	}
	if o.ClientsetName != "" {
		if err := checkClientsetName(o.ClientsetName); err != nil {
			errs = append(errs, err)
		}
	}
	if o.ApplyConfigurationDir != "" {
		if err := checkApplyDir(o.ApplyConfigurationDir, o.ClientsetName); err != nil {
			errs = append(errs, err)
		}
	}
	if o.OutputPkg != "" && (strings.HasPrefix(o.OutputPkg, ".") || strings.HasPrefix(o.OutputPkg, "/") || strings.Contains(o.OutputPkg, `\`)) {
		errs = append(errs, fmt.Errorf("--output-pkg %q: must be an import path such as example.com/project/pkg/client", o.OutputPkg))
	}
	for kind, p := range o.PluralExceptions {
		if !token.IsIdentifier(kind) || !token.IsIdentifier(p) {
			errs = append(errs, fmt.Errorf("--plural-exceptions %s:%s: both sides must be Go identifiers (Kind:Plural)", kind, p))
		}
	}
	return errors.Join(errs...)
}

// Generate runs the whole pipeline. Tag, type and name problems come back
// together as one diag.List error, sorted by position; nothing is written
// unless every stage succeeded.
func Generate(ctx context.Context, opts Options) (*Result, error) {
	if err := opts.setDefaults(); err != nil {
		return nil, err
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	outDir := opts.Output
	if !filepath.IsAbs(outDir) {
		outDir = filepath.Join(opts.Dir, outDir)
	}
	outputPkg := opts.OutputPkg
	if outputPkg == "" {
		var err error
		if outputPkg, err = inferImportPath(outDir); err != nil {
			return nil, err
		}
	}
	var header []byte
	if opts.Boilerplate != "" {
		var err error
		if header, err = os.ReadFile(opts.Boilerplate); err != nil {
			return nil, fmt.Errorf("--boilerplate: %w", err)
		}
	}

	var crds []crd.CRD
	if len(opts.CRDs) > 0 {
		var err error
		if crds, err = crd.LoadFrom(opts.Dir, opts.CRDs); err != nil {
			return nil, err
		}
		if len(crds) == 0 {
			return nil, fmt.Errorf("--crd %s: no CustomResourceDefinition in the manifests", strings.Join(opts.CRDs, ","))
		}
	}
	var (
		loaded    *load.Result
		apiFiles  []output.File // the API types generated from the CRDs
		crdReport *crd.Report
		err       error
	)
	if len(opts.Inputs) > 0 {
		loaded, err = load.Load(ctx, opts.Dir, opts.Inputs)
	} else {
		loaded, apiFiles, crdReport, err = loadCRDTypes(crds, opts.Dir, outDir, outputPkg, header)
	}
	if err != nil {
		return nil, err
	}
	tagged, errs := tags.Read(loaded)
	if err := loadDependencies(ctx, opts.Dir, loaded, tagged); err != nil {
		return nil, err
	}
	cs, modelErrs, warns := model.Build(loaded, tagged, model.Config{
		ClientsetName:    opts.ClientsetName,
		OutputPkg:        outputPkg,
		PluralExceptions: opts.PluralExceptions,
		Informers:        !opts.NoInformers,
		ApplyDir:         opts.ApplyConfigurationDir,
	})
	errs = append(errs, modelErrs...)
	warns.Sort()
	if len(errs) == 0 {
		errs = validate.Check(cs)
		// In a check run this is the check; in a run that generated the
		// types from the CRDs it costs little and proves that the clients
		// name the resources the manifests serve.
		if len(crds) > 0 {
			errs = append(errs, crdcheck.Check(cs, loaded, tagged, crds)...)
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if err := markHandWrittenExpansions(cs, outDir); err != nil {
		return nil, err
	}
	files, err := render.Render(cs, render.Options{Boilerplate: header})
	if err != nil {
		return nil, err
	}
	if len(apiFiles) > 0 {
		files = append(files, apiFiles...)
		slices.SortFunc(files, func(a, b output.File) int { return strings.Compare(a.Path, b.Path) })
	}

	res := &Result{Files: files, Warnings: warns, CRDReport: crdReport}
	if len(opts.Inputs) > 0 && len(crds) > 0 {
		res.CRDsChecked = len(crds)
		for _, g := range cs.Groups {
			for _, gv := range g.Versions {
				res.KindsChecked += len(gv.Types)
			}
		}
	}
	// The trees clientgen owns, where code-generator's files are replaced.
	owned := []string{cs.Dir, cs.ApplyDir}
	if cs.Informers {
		owned = append(owned, cs.ListersDir, model.InformersDir)
	}
	if opts.Verify {
		if res.Changes, err = output.Plan(outDir, files, owned...); err != nil {
			return nil, err
		}
		if len(res.Changes) > 0 {
			return res, fmt.Errorf("%w\n%s", ErrStale, output.Report(res.Changes))
		}
		return res, nil
	}
	if res.Changes, err = output.Write(outDir, files, owned...); err != nil {
		return nil, err
	}
	return res, nil
}

// checkClientsetName accepts a lower-case package name, optionally under
// directories relative to --output ("clientset/versioned", the layout of
// kube_codegen.sh), that is not inside the apply configurations' tree.
func checkClientsetName(name string) error {
	bad := path.IsAbs(name) || path.Clean(name) != name
	for _, elem := range strings.Split(name, "/") {
		bad = bad || !token.IsIdentifier(elem) || elem != strings.ToLower(elem)
	}
	if bad {
		return fmt.Errorf("--clientset-name %q: must be a lower-case Go package name such as clientset or versioned, optionally under directories of --output such as clientset/versioned", name)
	}
	switch first, _, _ := strings.Cut(name, "/"); first {
	case model.ApplyDir:
		return fmt.Errorf("--clientset-name %q: %s/ under --output holds the apply configurations; put the clientset elsewhere", name, model.ApplyDir)
	case model.ListersDir, model.InformersDir:
		return fmt.Errorf("--clientset-name %q: %s/ under --output holds the %s; put the clientset elsewhere", name, first, first)
	}
	return nil
}

// checkApplyDir accepts a relative directory of lower-case Go package
// names that is neither the clientset's nor the listers' or informers'.
func checkApplyDir(dir, clientset string) error {
	bad := path.IsAbs(dir) || path.Clean(dir) != dir
	for _, elem := range strings.Split(dir, "/") {
		bad = bad || !token.IsIdentifier(elem) || elem != strings.ToLower(elem) || elem == "internal"
	}
	if bad {
		return fmt.Errorf("--apply-configuration-dir %q: must be a relative directory of lower-case Go package names, such as applyconfiguration or applyconfigurations", dir)
	}
	if clientset == "" {
		clientset = DefaultClientsetName
	}
	switch first, _, _ := strings.Cut(dir, "/"); {
	case first == model.ListersDir, first == model.InformersDir:
		return fmt.Errorf("--apply-configuration-dir %q: %s/ under --output holds the %s; put the apply configurations elsewhere", dir, first, first)
	case dir == clientset, strings.HasPrefix(dir, clientset+"/"), strings.HasPrefix(clientset, dir+"/"):
		return fmt.Errorf("--apply-configuration-dir %q: overlaps the clientset's directory %s", dir, clientset)
	}
	return nil
}

// markHandWrittenExpansions marks the expansion interfaces that hand-written
// files of the output tree declare, so that the generated package leaves
// them out, as client-gen and lister-gen do: a typed package's
// <kind>_expansion.go declares <Kind>Expansion, a listers package's
// <kind>_expansion.go (or an expansion_generated.go without a generated-code
// banner) declares <Kind>ListerExpansion and <Kind>NamespaceListerExpansion,
// with the methods written by hand. Where client-gen and lister-gen go by the
// file's name, clientgen goes by what the package's hand-written files
// declare, so a <kind>_expansion.go that declares only one of the two lister
// expansions gets the other generated. This is the one read of --output
// before rendering, and it reads each package directory once.
func markHandWrittenExpansions(cs *model.Clientset, outDir string) error {
	for _, g := range cs.Groups {
		for _, gv := range g.Versions {
			typed, err := handWrittenTypes(filepath.Join(outDir, filepath.FromSlash(gv.Dir)))
			if err != nil {
				return fmt.Errorf("--output %s: %w", outDir, err)
			}
			listers := map[string]bool{}
			if cs.Informers {
				if listers, err = handWrittenTypes(filepath.Join(outDir, filepath.FromSlash(gv.ListerDir))); err != nil {
					return fmt.Errorf("--output %s: %w", outDir, err)
				}
			}
			for _, t := range gv.Types {
				t.ExpansionHandWritten = typed[t.ExpansionName]
				t.ListerExpansionHandWritten = listers[t.ListerExpansionName()]
				t.NamespaceListerExpansionHandWritten = listers[t.NamespaceListerExpansionName()]
			}
		}
	}
	return nil
}

// handWrittenTypes returns the names of the types declared at package level
// by the hand-written .go files (no "Code generated ... DO NOT EDIT." line
// above the package clause; tests excluded) of dir, which need not exist.
func handWrittenTypes(dir string) (map[string]bool, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	fset := token.NewFileSet()
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(fset, n, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			// A file that does not parse declares nothing clientgen can
			// rely on; the build will report it.
			continue
		}
		if ast.IsGenerated(f) {
			continue
		}
		for _, d := range f.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
				for _, spec := range gd.Specs {
					names[spec.(*ast.TypeSpec).Name.Name] = true
				}
			}
		}
	}
	return names, nil
}

// inferImportPath finds the go.mod enclosing dir (which need not exist yet)
// and returns dir's import path in that module.
func inferImportPath(dir string) (string, error) {
	for d := dir; ; d = filepath.Dir(d) {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			mod := modfile.ModulePath(data)
			if mod == "" {
				return "", fmt.Errorf("--output %s: %s has no module line; pass --output-pkg", dir, filepath.Join(d, "go.mod"))
			}
			rel, err := filepath.Rel(d, dir)
			if err != nil {
				return "", err
			}
			return path.Join(mod, filepath.ToSlash(rel)), nil
		}
		if parent := filepath.Dir(d); parent == d {
			return "", fmt.Errorf("--output %s: no go.mod in it or above it, so its import path is unknown: pass --output-pkg", dir)
		}
	}
}
