// Package render prints the model as Go source with jennifer. It makes no
// decisions: every name comes from the model. jen.Qual is the only import
// manager, and every file is gofmt'd here; a formatting failure is a bug in
// clientgen and is reported with the numbered source.
package render

import (
	"bytes"
	"fmt"
	"go/format"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dave/jennifer/jen"

	"github.com/clientgen/clientgen/generator/model"
	"github.com/clientgen/clientgen/generator/output"
	"github.com/clientgen/clientgen/templates"
)

const (
	metav1Pkg  = "k8s.io/apimachinery/pkg/apis/meta/v1"
	typesPkg   = "k8s.io/apimachinery/pkg/types"
	watchPkg   = "k8s.io/apimachinery/pkg/watch"
	runtimePkg = "k8s.io/apimachinery/pkg/runtime"
	schemaPkg  = "k8s.io/apimachinery/pkg/runtime/schema"
	// managedFieldsPkg is the home of TypeConverter, NewTypeConverter's result.
	managedFieldsPkg = "k8s.io/apimachinery/pkg/util/managedfields"
	// extractPkg has the ExtractInto of the Extract functions: managedfields
	// has one too, but importing managedfields from the apply configuration
	// packages, which every typed client imports, would link its OpenAPI
	// converters (kube-openapi, gnostic-models, go-openapi) into every
	// program; only utils.go, which typed clients do not import, does.
	extractPkg     = "github.com/clientgen/clientgen/runtime/applyconfigurations"
	serializerPkg  = "k8s.io/apimachinery/pkg/runtime/serializer"
	utilruntimePkg = "k8s.io/apimachinery/pkg/util/runtime"
	restPkg        = "github.com/clientgen/clientgen/runtime/rest"
	typedPkg       = "github.com/clientgen/clientgen/runtime/typed"
	codecPkg       = "github.com/clientgen/clientgen/runtime/codec"
	discoveryPkg   = "github.com/clientgen/clientgen/runtime/discovery"
)

// Options are the render settings that are not part of the model.
type Options struct {
	// Boilerplate is written above the banner of every file (a licence
	// header); plain text lines are turned into // comments.
	Boilerplate []byte
}

// Render returns every generated file, sorted by path: one file per
// package. Creating a file is the dearest thing a run does (kernel time that
// grows with every file the directory and the file system saw created and
// removed recently), and a package's code reads the same in one file as in
// twenty, so clientgen writes a package where client-gen writes one file per
// kind and applyconfiguration-gen one per struct; the packages, names and
// signatures are the same.
func Render(cs *model.Clientset, opts Options) ([]output.File, error) {
	r := &renderer{cs: cs, header: HeaderLines(opts.Boilerplate)}

	f := r.docFile(cs.PkgPath, cs.Name, templates.Doc("clientset", cs.Name))
	r.clientset(f)
	jobs := []job{{cs.Dir, "clientset.go", f, len(cs.Groups)}}
	f = r.docFile(cs.SchemePkgPath(), "scheme", templates.Doc("scheme"))
	r.scheme(f)
	jobs = append(jobs, job{path.Join(cs.Dir, "scheme"), "register.go", f, len(cs.Groups)})
	for _, g := range cs.Groups {
		for _, gv := range g.Versions {
			f := r.docFile(gv.PkgPath, gv.PkgName, templates.Doc("typed", gv.PkgName, displayGroup(gv.Group), gv.Version))
			r.groupClient(f, g, gv)
			r.expansions(f, gv)
			for _, t := range gv.Types {
				r.typeClient(f, gv, t)
			}
			jobs = append(jobs, job{gv.Dir, "client.go", f, len(gv.Types)})

			if len(gv.ApplyConfigs) == 0 {
				continue // a group-version with no kinds: applyconfiguration-gen writes no package either
			}
			f = r.docFile(gv.ApplyPkgPath, gv.PkgName, templates.Doc("applyconfiguration", gv.PkgName, displayGroup(gv.Group), gv.Version))
			for _, ac := range gv.ApplyConfigs {
				r.applyConfig(f, ac)
			}
			jobs = append(jobs, job{gv.ApplyDir, "applyconfiguration.go", f, len(gv.ApplyConfigs)})
		}
	}
	for _, gv := range cs.ApplyOnly {
		f := r.docFile(gv.ApplyPkgPath, gv.PkgName, templates.Doc("applyconfiguration", gv.PkgName, displayGroup(gv.Group), gv.Version))
		for _, ac := range gv.ApplyConfigs {
			r.applyConfig(f, ac)
		}
		jobs = append(jobs, job{gv.ApplyDir, "applyconfiguration.go", f, len(gv.ApplyConfigs)})
	}
	if len(cs.Groups) > 0 {
		f = r.docFile(cs.ApplyPkgPath, cs.ApplyPkgName, templates.Doc("applyutils", cs.ApplyPkgName))
		r.applyUtils(f)
		jobs = append(jobs, job{cs.ApplyDir, "utils.go", f, len(cs.Groups)})
	}
	if cs.Schema != nil {
		jobs = append(jobs, job{cs.Schema.Dir, "internal.go", r.schemaFile(cs.Schema), len(cs.Schema.Types)})
	}
	jobs = append(jobs, r.fakeFiles()...)
	jobs = append(jobs, r.informerFiles()...)
	return r.formatAll(jobs)
}

// job is one file to format: its directory, name, code, and how many kinds
// or structs it holds (its rough cost).
type job struct {
	dir, name string
	f         *jen.File
	weight    int
}

// formatAll prints and gofmts the jobs, which is most of the CPU a run
// takes. Each file is independent (its own jen.File; the renderer and the
// model are only read), so files are formatted on one worker per CPU, the
// heaviest first so that one large package (core/v1's apply configurations)
// does not finish alone at the end. The error reported is the first in path
// order, as it would be one file after another.
func (r *renderer) formatAll(jobs []job) ([]output.File, error) {
	slices.SortStableFunc(jobs, func(a, b job) int { return b.weight - a.weight })
	files := make([]output.File, len(jobs))
	errs := make([]error, len(jobs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(len(jobs), runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(jobs); i = int(next.Add(1) - 1) {
				p := path.Join(jobs[i].dir, jobs[i].name)
				src, err := r.format(p, jobs[i].f)
				files[i], errs[i] = output.File{Path: p, Content: src}, err
			}
		})
	}
	wg.Wait()
	var first error
	var firstPath string
	for i, err := range errs {
		if err != nil && (first == nil || files[i].Path < firstPath) {
			first, firstPath = err, files[i].Path
		}
	}
	if first != nil {
		return nil, first
	}
	slices.SortFunc(files, func(a, b output.File) int { return strings.Compare(a.Path, b.Path) })
	return files, nil
}

type renderer struct {
	cs     *model.Clientset
	header []string
}

func displayGroup(g string) string {
	if g == "" {
		return "core"
	}
	return g
}

// HeaderLines turns the boilerplate into comment lines: text already written
// as Go comments is kept, plain text gets a "// " prefix. generator/crd
// heads the API packages it writes with the same lines.
func HeaderLines(boilerplate []byte) []string {
	text := strings.TrimSpace(string(boilerplate))
	if text == "" {
		return nil
	}
	// The trailing newline leaves a blank line between the licence and the
	// banner, as gofmt'd hand-written files have.
	if strings.HasPrefix(text, "//") || strings.HasPrefix(text, "/*") {
		return []string{text + "\n"}
	}
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		lines = append(lines, strings.TrimRight("// "+l, " "))
	}
	return []string{strings.Join(lines, "\n") + "\n"}
}

// newFile starts a file of package name at pkgPath with the header, the
// banner and the aliases clientgen always uses for the runtime's imports.
func (r *renderer) newFile(pkgPath, name string) *jen.File {
	f := jen.NewFilePathName(pkgPath, name)
	for _, h := range r.header {
		f.HeaderComment(h)
	}
	f.HeaderComment("// " + templates.Banner())
	f.ImportAlias(metav1Pkg, "metav1")
	f.ImportAlias(utilruntimePkg, "utilruntime")
	f.ImportAlias(model.ApplyMetaV1Pkg, "applymetav1")
	for _, g := range r.cs.Groups {
		for _, gv := range g.Versions {
			f.ImportAlias(gv.APIPkgPath, gv.APIPkgAlias)
			f.ImportAlias(gv.PkgPath, gv.ClientAlias)
			f.ImportAlias(gv.ApplyPkgPath, gv.ApplyAlias)
		}
	}
	for _, gv := range r.cs.ApplyOnly {
		f.ImportAlias(gv.APIPkgPath, gv.APIPkgAlias)
		f.ImportAlias(gv.ApplyPkgPath, gv.ApplyAlias)
	}
	f.ImportNames(map[string]string{
		typesPkg: "types", watchPkg: "watch", runtimePkg: "runtime", schemaPkg: "schema",
		serializerPkg: "serializer", restPkg: "rest", typedPkg: "typed", codecPkg: "codec", discoveryPkg: "discovery",
		cachePkg: "cache", rtListersPkg: "listers", labelsPkg: "labels", waitPkg: "wait",
		managedFieldsPkg: "managedfields", extractPkg: "applyconfigurations",
	})
	return f
}

func (r *renderer) docFile(pkgPath, name, doc string) *jen.File {
	f := r.newFile(pkgPath, name)
	f.PackageComment("// " + doc)
	return f
}

// format renders f and gofmts it. jennifer's own formatting is turned off so
// that a failure can show the numbered source, which is what one needs to
// find the bad construct.
func (r *renderer) format(name string, f *jen.File) ([]byte, error) {
	f.NoFormat = true
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	src, err := format.Source(groupImports(buf.Bytes()))
	if err != nil {
		var numbered strings.Builder
		for i, l := range strings.Split(buf.String(), "\n") {
			fmt.Fprintf(&numbered, "%4d  %s\n", i+1, l)
		}
		return nil, fmt.Errorf("render %s: generated code does not gofmt (a clientgen bug, please report it): %v\n%s", name, err, numbered.String())
	}
	return src, nil
}

// groupImports splits jennifer's single sorted import block into the standard
// library and everything else, separated by a blank line, the layout gofmt
// users (and goimports) expect.
func groupImports(src []byte) []byte {
	start := bytes.Index(src, []byte("\nimport (\n"))
	if start < 0 {
		return src
	}
	start += len("\nimport (\n")
	end := bytes.Index(src[start:], []byte("\n)\n"))
	if end < 0 {
		return src
	}
	end += start
	var std, other []string
	for _, line := range strings.Split(string(src[start:end]), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		quoted := line[strings.Index(line, `"`)+1:]
		if first, _, _ := strings.Cut(quoted, "/"); strings.Contains(first, ".") {
			other = append(other, line)
		} else {
			std = append(std, line)
		}
	}
	block := strings.Join(std, "\n")
	if len(std) > 0 && len(other) > 0 {
		block += "\n\n"
	}
	block += strings.Join(other, "\n")
	out := make([]byte, 0, len(src)+1)
	out = append(out, src[:start]...)
	out = append(out, block...)
	return append(out, src[end:]...)
}
