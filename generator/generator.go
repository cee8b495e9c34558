// Package generator turns +genclient-tagged Go API types into a typed
// clientset. Generate runs the pipeline: load -> tags -> model -> validate ->
// render -> output, one package per stage, data flowing one way.
package generator

import (
	"context"
	"errors"
	"fmt"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"

	"golang.org/x/mod/modfile"

	"github.com/clientgen/clientgen/generator/load"
	"github.com/clientgen/clientgen/generator/model"
	"github.com/clientgen/clientgen/generator/output"
	"github.com/clientgen/clientgen/generator/render"
	"github.com/clientgen/clientgen/generator/validate"
)

// Options configure one run. Zero values take the defaults documented on
// each field.
type Options struct {
	// Inputs are package patterns of the API types, as the go command takes
	// them: "./apis/...", an import path. Required.
	Inputs []string
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
}

// DefaultClientsetName is the clientset package's default name.
const DefaultClientsetName = "clientset"

func (o *Options) setDefaults() error {
	if o.ClientsetName == "" {
		o.ClientsetName = DefaultClientsetName
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
	if len(o.Inputs) == 0 {
		errs = append(errs, errors.New("--input is required: give the package pattern of your API types, e.g. --input ./apis/..."))
	}
	for _, in := range o.Inputs {
		if strings.TrimSpace(in) == "" {
			errs = append(errs, errors.New("--input: empty package pattern"))
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

	loaded, err := load.Load(ctx, opts.Dir, opts.Inputs)
	if err != nil {
		return nil, err
	}
	cs, errs := model.Build(loaded, model.Config{
		ClientsetName:    opts.ClientsetName,
		OutputPkg:        outputPkg,
		PluralExceptions: opts.PluralExceptions,
	})
	if len(errs) == 0 {
		errs = validate.Check(cs)
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

	res := &Result{Files: files}
	if opts.Verify {
		if res.Changes, err = output.Plan(outDir, files, cs.Dir, cs.ApplyDir); err != nil {
			return nil, err
		}
		if len(res.Changes) > 0 {
			return res, fmt.Errorf("%w\n%s", ErrStale, output.Report(res.Changes))
		}
		return res, nil
	}
	if res.Changes, err = output.Write(outDir, files, cs.Dir, cs.ApplyDir); err != nil {
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
	if first, _, _ := strings.Cut(name, "/"); first == model.ApplyDir {
		return fmt.Errorf("--clientset-name %q: %s/ under --output holds the apply configurations; put the clientset elsewhere", name, model.ApplyDir)
	}
	return nil
}

// markHandWrittenExpansions sets Type.ExpansionHandWritten for every kind
// whose typed package under outDir has a <kind>_expansion.go, as client-gen
// does: the file declares <Kind>Expansion with the methods written by hand,
// and the generated package must not declare it again.
func markHandWrittenExpansions(cs *model.Clientset, outDir string) error {
	for _, g := range cs.Groups {
		for _, gv := range g.Versions {
			for _, t := range gv.Types {
				name := filepath.Join(outDir, filepath.FromSlash(gv.Dir), strings.ToLower(t.Kind)+"_expansion.go")
				_, err := os.Stat(name)
				switch {
				case err == nil:
					t.ExpansionHandWritten = true
				case !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR):
					return fmt.Errorf("--output %s: %w", outDir, err)
				}
			}
		}
	}
	return nil
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
