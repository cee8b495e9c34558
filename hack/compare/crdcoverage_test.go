package compare

import (
	"bufio"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/clientgen/clientgen/generator/crd"
	"github.com/clientgen/clientgen/generator/output"
)

// crdProjects are the projects that ship both CRD manifests and the Go types
// they were generated from. apis maps a CRD group to the import path of its
// Go packages' parent directory (a version is a directory below it).
//
// gateway-api's Go types carry the fields of both of its release channels;
// the standard channel's manifests leave out the fields whose doc comment has
// its <gateway:experimental> marker (experimentalMarker), so for that channel
// such a path is counted apart rather than as missing. The experimental
// channel's manifests must hold every path.
var crdProjects = []struct {
	name, module, version, manifests string
	apis                             map[string]string
	experimentalMarker               string
}{
	{"gateway-api standard", "sigs.k8s.io/gateway-api", "v1.6.3", "config/crd/standard",
		map[string]string{"gateway.networking.k8s.io": "sigs.k8s.io/gateway-api/apis"}, "<gateway:experimental>"},
	{"gateway-api experimental", "sigs.k8s.io/gateway-api", "v1.6.3", "config/crd/experimental",
		map[string]string{"gateway.networking.k8s.io": "sigs.k8s.io/gateway-api/apis",
			"gateway.networking.x-k8s.io": "sigs.k8s.io/gateway-api/apisx"}, ""},
	{"cert-manager", "github.com/cert-manager/cert-manager", "v1.21.2", "deploy/crds",
		map[string]string{"cert-manager.io": "github.com/cert-manager/cert-manager/pkg/apis/certmanager",
			"acme.cert-manager.io": "github.com/cert-manager/cert-manager/pkg/apis/acme"}, ""},
	{"kueue", "sigs.k8s.io/kueue", "v0.17.0", "config/components/crd/bases",
		map[string]string{"kueue.x-k8s.io": "sigs.k8s.io/kueue/apis/kueue"}, ""},
}

// TestCRDTypesCoverPublishedGoTypes generates Go types with generator/crd
// from the CRD manifests of projects that also publish the Go types those
// manifests were generated from, and checks that every JSON field path of
// every published kind exists in the generated kind with a compatible Go
// kind. The comparison is on syntax (go/parser over the module cache and over
// the generated files in memory): nothing is compiled, so the projects need
// not be in this module's requirements and each is read with the k8s.io
// versions its own go.mod names.
//
// The threshold is 100%: a path of a published type that the generated type
// lacks, or holds in an incompatible kind, is data a user of the generated
// client cannot read or write; every such path is listed with both positions.
func TestCRDTypesCoverPublishedGoTypes(t *testing.T) {
	if testing.Short() {
		t.Skip("reads three projects from the module cache; not in -short")
	}
	for _, p := range crdProjects {
		t.Run(p.name, func(t *testing.T) {
			dir := downloadModule(t, p.module+"@"+p.version)
			crds, err := crd.Load([]string{filepath.Join(dir, p.manifests)})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			const genBase = "example.com/generated/apis"
			pkgs, _, err := crd.Generate(crds, crd.Options{PkgPath: genBase})
			if err != nil {
				t.Fatalf("Generate: %v", err)
			}
			u := newUniverse(t, p.module, dir, pkgs, genBase)
			u.experimentalMarker = p.experimentalMarker
			var total coverage
			kinds := 0
			for _, c := range crds {
				for _, v := range c.Versions {
					if !v.Served {
						continue
					}
					pubPkg := p.apis[c.Group] + "/" + v.Name
					pub, err := u.lookupKind(pubPkg, c.Names.Kind)
					if err != nil {
						// A served version whose kind the project publishes no
						// Go type for (none of these three has one) would leave
						// nothing to compare: that is a failure, not a pass.
						t.Errorf("%s %s/%s: no published Go type: %v", c.Names.Kind, c.Group, v.Name, err)
						continue
					}
					gen, err := u.lookupGenerated(c.Group, v.Name, c.Names.Kind)
					if err != nil {
						t.Errorf("%s %s/%s: %v", c.Names.Kind, c.Group, v.Name, err)
						continue
					}
					kinds++
					cov := compareKinds(t, u, pub, gen)
					t.Logf("%s/%s %s: %d paths, %d typed, %d under raw JSON, %d experimental-only, %d missing, %d incompatible",
						c.Group, v.Name, c.Names.Kind, cov.total, cov.typed, cov.raw, cov.experimental, cov.missing, cov.incompatible)
					for _, m := range cov.problems {
						t.Errorf("%s/%s %s: %s", c.Group, v.Name, c.Names.Kind, m)
					}
					// The same JSON numbers: the published field is an int
					// or uint16 whose schema has no int32/int64 format, so
					// the generated one is int64.
					for _, m := range cov.widthNotes {
						t.Logf("%s/%s %s: integer width: %s", c.Group, v.Name, c.Names.Kind, m)
					}
					total.add(cov)
				}
			}
			if kinds == 0 {
				t.Fatalf("no kind of %s was compared", p.name)
			}
			t.Logf("%s %s %s: %d kinds, %d JSON field paths of the published types (%d experimental-only left out), %.2f%% covered (%d typed, %d under raw JSON); %d missing, %d incompatible; of the typed, %d with another integer width, %d as the JSON form of a Go type (a string for []byte, Duration or Time, IntOrString for Quantity), %d embedded ObjectMeta kept as the fields the manifest allows",
				p.module, p.version, p.manifests, kinds, total.total, total.experimental, total.percent(), total.typed, total.raw, total.missing, total.incompatible, total.widths, total.jsonForm, total.meta)
		})
	}
}

// coverage counts the paths of published types by how the generated type
// holds them.
type coverage struct {
	total, typed, raw, missing, incompatible int
	experimental                             int // not in total
	widths, jsonForm, meta                   int // typed, with a note
	problems                                 []string
	widthNotes                               []string // each integer or float width difference
}

func (c *coverage) add(o coverage) {
	c.total += o.total
	c.typed += o.typed
	c.raw += o.raw
	c.missing += o.missing
	c.incompatible += o.incompatible
	c.widths += o.widths
	c.jsonForm += o.jsonForm
	c.meta += o.meta
	c.experimental += o.experimental
}

func (c *coverage) percent() float64 {
	if c.total == 0 {
		return 0
	}
	return 100 * float64(c.typed+c.raw) / float64(c.total)
}

// compareKinds walks both kinds' JSON field paths and classes every path of
// the published one.
func compareKinds(t testing.TB, u *universe, pub, gen shape) coverage {
	t.Helper()
	want := map[string]pathInfo{}
	u.walk(t, pub, "", want, map[string]bool{})
	got := map[string]pathInfo{}
	u.walk(t, gen, "", got, map[string]bool{})
	paths := slices.Sorted(func(yield func(string) bool) {
		for p := range want {
			if !yield(p) {
				return
			}
		}
	})
	var cov coverage
	var lost, experimental []string // paths whose subtree is already reported or left out
	for _, p := range paths {
		w := want[p]
		if _, ok := got[p]; !ok && (w.experimental || prefixOf(experimental, p)) {
			cov.experimental++
			experimental = append(experimental, p)
			continue
		}
		cov.total++
		if prefixOf(lost, p) {
			// Below a path already reported: not covered, not listed again.
			if _, ok := got[p]; ok {
				cov.incompatible++
			} else {
				cov.missing++
			}
			continue
		}
		if rawAncestor(got, p) {
			cov.raw++
			continue
		}
		g, ok := got[p]
		if !ok {
			cov.missing++
			cov.problems = append(cov.problems, fmt.Sprintf("%s (%s, %s) is missing from the generated type %s",
				p, w.kind, w.pos, parentInfo(got, p)))
			lost = append(lost, p)
			continue
		}
		switch note := compatible(w.kind, g.kind); note {
		case "":
			cov.incompatible++
			cov.problems = append(cov.problems, fmt.Sprintf("%s is %s in the published type (%s) but %s in the generated one (%s)",
				p, w.kind, w.pos, g.kind, g.pos))
			lost = append(lost, p)
		case "raw":
			cov.raw++
		case "width":
			cov.typed++
			cov.widths++
			cov.widthNotes = append(cov.widthNotes, fmt.Sprintf("%s: %s (%s) as %s (%s)", p, w.kind, w.pos, g.kind, g.pos))
		case "json":
			cov.typed++
			cov.jsonForm++
		case "meta":
			cov.typed++
			cov.meta++
			// Its subtree is the generated struct's, checked by the
			// manifest's own schema; the published side has none.
		default:
			cov.typed++
		}
	}
	return cov
}

// prefixOf reports whether one of prefixes is an ancestor path of p.
func prefixOf(prefixes []string, p string) bool {
	for _, q := range prefixes {
		if strings.HasPrefix(p, q+".") {
			return true
		}
	}
	return false
}

// rawAncestor reports whether a strict ancestor of p is raw JSON in got.
func rawAncestor(got map[string]pathInfo, p string) bool {
	for i := len(p) - 1; i > 0; i-- {
		if p[i] == '.' {
			if g, ok := got[p[:i]]; ok && g.kind == "raw" {
				return true
			}
		}
	}
	return false
}

// parentInfo names where a missing path would be declared.
func parentInfo(got map[string]pathInfo, p string) string {
	for i := len(p) - 1; i > 0; i-- {
		if p[i] == '.' {
			if g, ok := got[p[:i]]; ok {
				return fmt.Sprintf("(parent %s is %s, %s)", p[:i], g.kind, g.pos)
			}
		}
	}
	return "(root)"
}

// compatible returns "" when a value of kind want cannot be held by kind got,
// "raw" when got is raw JSON (a wildcard for the subtree), "width" for two
// integer widths, "json" when got is the JSON form of want, and "same"
// otherwise.
func compatible(want, got string) string {
	switch {
	case got == "raw":
		return "raw"
	case want == got:
		return "same"
	case isInt(want) && isInt(got):
		return "width"
	case isFloat(want) && isFloat(got):
		return "width"
	case (want == "time" || want == "duration" || want == "bytes") && got == "string":
		// metav1.Time and metav1.Duration are JSON strings, []byte a base64
		// string: a string field reads and writes the same JSON.
		return "json"
	case want == "quantity" && got == "intorstring":
		// generator/crd maps Quantity's schema to IntOrString on purpose:
		// Quantity would rewrite the value ("1000m" as "1").
		return "json"
	case want == "objectmeta" && got == "struct":
		// metav1.ObjectMeta inside a kind (a pod template's metadata): the
		// manifest's schema keeps only the fields controller-gen's
		// generateEmbeddedObjectMeta writes (labels, annotations, name,
		// namespace, finalizers) and the server prunes the rest, so the
		// generated struct holds exactly what can be stored.
		return "meta"
	}
	return ""
}

func isInt(k string) bool {
	switch k {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return true
	}
	return false
}

func isFloat(k string) bool { return k == "float32" || k == "float64" }

// pathInfo is one JSON field path: its Go kind and where it is declared.
type pathInfo struct {
	kind         string
	pos          string
	experimental bool // the field's doc comment has the experimental marker
}

// shape is a Go type expression resolved to what its JSON form depends on.
type shape struct {
	kind string // a basic kind, or struct, slice, map, time, duration, quantity, intorstring, objectmeta, raw
	id   string // the named type a struct came from, for the recursion guard
	st   *ast.StructType
	pkg  *srcPkg
	file *ast.File
	elem *ref // slice and map element
}

type ref struct {
	pkg  *srcPkg
	file *ast.File
	expr ast.Expr
}

type srcPkg struct {
	path, name string
	files      []*ast.File
	types      map[string]*ast.TypeSpec
	fileOf     map[string]*ast.File
}

// universe resolves type names over source files: the project's module and
// the modules its go.mod requires (from the module cache), and the generated
// packages (in memory).
type universe struct {
	fset      *token.FileSet
	modDir    map[string]string // module path -> directory, filled on demand
	requires  map[string]string // module path -> version, from the project's go.mod
	generated map[string][]output.File
	genBase   string
	pkgs      map[string]*srcPkg
	modCache  string
	t         testing.TB
	// experimentalMarker, when set, marks published fields that a
	// channel's manifests leave out.
	experimentalMarker string
}

// leafKinds are types whose JSON form is fixed: they are compared as a whole.
var leafKinds = map[string]string{
	"k8s.io/apimachinery/pkg/apis/meta/v1.Time":      "time",
	"k8s.io/apimachinery/pkg/apis/meta/v1.MicroTime": "time",
	"time.Time": "time",
	"k8s.io/apimachinery/pkg/apis/meta/v1.Duration": "duration",
	"time.Duration": "int64",
	"k8s.io/apimachinery/pkg/api/resource.Quantity":                                   "quantity",
	"k8s.io/apimachinery/pkg/util/intstr.IntOrString":                                 "intorstring",
	"k8s.io/apimachinery/pkg/runtime.RawExtension":                                    "raw",
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1.JSON":                   "raw",
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1beta1.JSON":              "raw",
	"encoding/json.RawMessage":                                                        "raw",
	"k8s.io/apimachinery/pkg/apis/meta/v1.ObjectMeta":                                 "objectmeta",
	"k8s.io/apimachinery/pkg/apis/meta/v1.ListMeta":                                   "listmeta",
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured.Unstructured":                  "raw",
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1.JSONSchemaProps":        "raw",
	"k8s.io/apimachinery/pkg/apis/meta/v1.Fields":                                     "raw",
	"k8s.io/apimachinery/pkg/apis/meta/v1.FieldsV1":                                   "raw",
	"k8s.io/apimachinery/pkg/runtime.Unknown":                                         "raw",
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1.JSONSchemaPropsOrArray": "raw",
}

var basicKinds = map[string]string{
	"string": "string", "bool": "bool", "byte": "uint8", "rune": "int32",
	"int": "int", "int8": "int8", "int16": "int16", "int32": "int32", "int64": "int64",
	"uint": "uint", "uint8": "uint8", "uint16": "uint16", "uint32": "uint32", "uint64": "uint64",
	"float32": "float32", "float64": "float64", "any": "raw",
}

func newUniverse(t testing.TB, module, dir string, generated map[string][]output.File, genBase string) *universe {
	t.Helper()
	u := &universe{
		fset:      token.NewFileSet(),
		modDir:    map[string]string{module: dir},
		requires:  map[string]string{},
		generated: generated,
		genBase:   genBase,
		pkgs:      map[string]*srcPkg{},
		modCache:  goEnv(t, "GOMODCACHE"),
		t:         t,
	}
	f, err := os.Open(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// A line-based read of require lines is enough for the module paths
	// and versions; replace directives of these projects point nowhere
	// that matters for their API packages.
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(strings.TrimPrefix(strings.TrimSpace(sc.Text()), "require "))
		if len(fields) >= 2 && strings.Contains(fields[0], ".") && strings.HasPrefix(fields[1], "v") {
			u.requires[fields[0]] = fields[1]
		}
	}
	return u
}

func goEnv(t testing.TB, name string) string {
	t.Helper()
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", name, err)
	}
	return strings.TrimSpace(string(out))
}

// downloadModule returns the module cache directory of module@version,
// asking the go command outside this module so nothing is added to go.sum.
func downloadModule(t testing.TB, modVersion string) string {
	t.Helper()
	cmd := exec.Command("go", "mod", "download", "-json", modVersion)
	cmd.Dir = os.TempDir()
	out, err := cmd.Output()
	var info struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &info); err != nil || jerr != nil || info.Dir == "" {
		t.Fatalf("go mod download %s: %v %v %s (the module proxy or a module cache holding it is needed)", modVersion, err, jerr, info.Error)
	}
	return info.Dir
}

// dirOf returns the directory of a package of the project, of a module its
// go.mod requires or of the standard library.
func (u *universe) dirOf(importPath string) (string, error) {
	best := ""
	for m := range u.modDir {
		if (importPath == m || strings.HasPrefix(importPath, m+"/")) && len(m) > len(best) {
			best = m
		}
	}
	if best == "" {
		for m := range u.requires {
			if (importPath == m || strings.HasPrefix(importPath, m+"/")) && len(m) > len(best) {
				best = m
			}
		}
		if best == "" {
			return "", fmt.Errorf("%s: in no module the project requires", importPath)
		}
		u.modDir[best] = downloadModule(u.t, best+"@"+u.requires[best])
	}
	return filepath.Join(u.modDir[best], filepath.FromSlash(strings.TrimPrefix(strings.TrimPrefix(importPath, best), "/"))), nil
}

func (u *universe) load(importPath string) (*srcPkg, error) {
	if p, ok := u.pkgs[importPath]; ok {
		return p, nil
	}
	p := &srcPkg{path: importPath, types: map[string]*ast.TypeSpec{}, fileOf: map[string]*ast.File{}}
	add := func(name string, src any) error {
		f, err := parser.ParseFile(u.fset, name, src, parser.SkipObjectResolution|parser.ParseComments)
		if err != nil {
			return err
		}
		p.name = f.Name.Name
		p.files = append(p.files, f)
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.TYPE {
				for _, s := range g.Specs {
					ts := s.(*ast.TypeSpec)
					p.types[ts.Name.Name] = ts
					p.fileOf[ts.Name.Name] = f
				}
			}
		}
		return nil
	}
	if files, ok := u.generated[importPath]; ok {
		for _, f := range files {
			if err := add("generated:"+f.Path, f.Content); err != nil {
				return nil, err
			}
		}
	} else {
		dir, err := u.dirOf(importPath)
		if err != nil {
			return nil, err
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			n := e.Name()
			if !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
				continue
			}
			if err := add(filepath.Join(dir, n), nil); err != nil {
				return nil, err
			}
		}
		if len(p.files) == 0 {
			return nil, fmt.Errorf("%s: no Go files in %s", importPath, dir)
		}
	}
	u.pkgs[importPath] = p
	return p, nil
}

func (u *universe) lookupKind(pkgPath, kind string) (shape, error) {
	if _, err := u.load(pkgPath); err != nil {
		return shape{}, err
	}
	return u.named(pkgPath, kind)
}

func (u *universe) lookupGenerated(group, version, kind string) (shape, error) {
	for _, dir := range []string{strings.SplitN(group, ".", 2)[0], group} {
		p := u.genBase + "/" + dir + "/" + version
		if _, ok := u.generated[p]; ok {
			return u.lookupKind(p, kind)
		}
	}
	return shape{}, fmt.Errorf("generator/crd wrote no package for %s/%s", group, version)
}

func (u *universe) named(pkgPath, name string) (shape, error) {
	if k, ok := leafKinds[pkgPath+"."+name]; ok {
		return shape{kind: k}, nil
	}
	if pkgPath == "time" || pkgPath == "encoding/json" {
		return shape{}, fmt.Errorf("%s.%s: a standard library type this check does not know", pkgPath, name)
	}
	p, err := u.load(pkgPath)
	if err != nil {
		return shape{}, err
	}
	ts, ok := p.types[name]
	if !ok {
		return shape{}, fmt.Errorf("%s has no type %s", pkgPath, name)
	}
	s, err := u.resolve(ref{p, p.fileOf[name], ts.Type})
	if err != nil {
		return shape{}, err
	}
	if s.kind == "struct" {
		s.id = pkgPath + "." + name
	}
	return s, nil
}

func (u *universe) resolve(r ref) (shape, error) {
	switch e := r.expr.(type) {
	case *ast.StarExpr:
		return u.resolve(ref{r.pkg, r.file, e.X})
	case *ast.ParenExpr:
		return u.resolve(ref{r.pkg, r.file, e.X})
	case *ast.ArrayType:
		if id, ok := e.Elt.(*ast.Ident); ok && id.Name == "byte" && e.Len == nil {
			return shape{kind: "bytes"}, nil
		}
		return shape{kind: "slice", elem: &ref{r.pkg, r.file, e.Elt}}, nil
	case *ast.MapType:
		return shape{kind: "map", elem: &ref{r.pkg, r.file, e.Value}}, nil
	case *ast.InterfaceType:
		return shape{kind: "raw"}, nil
	case *ast.StructType:
		return shape{kind: "struct", st: e, pkg: r.pkg, file: r.file}, nil
	case *ast.Ident:
		if _, declared := r.pkg.types[e.Name]; !declared {
			if k, ok := basicKinds[e.Name]; ok {
				return shape{kind: k}, nil
			}
		}
		return u.named(r.pkg.path, e.Name)
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		if !ok {
			break
		}
		imp, err := u.importOf(r.file, x.Name)
		if err != nil {
			return shape{}, err
		}
		return u.named(imp, e.Sel.Name)
	}
	return shape{}, fmt.Errorf("%s: a type expression this check does not read (%T)", u.fset.Position(r.expr.Pos()), r.expr)
}

// importOf returns the import path that name stands for in f.
func (u *universe) importOf(f *ast.File, name string) (string, error) {
	var unnamed []string
	for _, s := range f.Imports {
		p, _ := strconv.Unquote(s.Path.Value)
		if s.Name != nil {
			if s.Name.Name == name {
				return p, nil
			}
			continue
		}
		if path.Base(p) == name {
			return p, nil
		}
		unnamed = append(unnamed, p)
	}
	for _, p := range unnamed {
		if p == "time" || p == "encoding/json" || !strings.Contains(strings.SplitN(p, "/", 2)[0], ".") {
			continue
		}
		if pkg, err := u.load(p); err == nil && pkg.name == name {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s: no import named %s", u.fset.Position(f.Pos()).Filename, name)
}

// walk records every JSON field path below s in out. Paths are dotted JSON
// names, with [] for a slice's elements and {} for a map's values.
func (u *universe) walk(t testing.TB, s shape, prefix string, out map[string]pathInfo, stack map[string]bool) {
	t.Helper()
	switch s.kind {
	case "slice", "map":
		e, err := u.resolve(*s.elem)
		if err != nil {
			t.Fatalf("%s: %v", prefix, err)
		}
		p := prefix + ".[]"
		if s.kind == "map" {
			p = prefix + ".{}"
		}
		out[p] = pathInfo{kind: e.kind, pos: u.position(s.elem.expr.Pos())}
		u.walk(t, e, p, out, stack)
	case "struct":
		if s.id != "" {
			if stack[s.id] {
				return // a recursive type: its paths are already walked above
			}
			stack[s.id] = true
			defer delete(stack, s.id)
		}
		for _, f := range s.st.Fields.List {
			jsonName, inline := "", false
			if f.Tag != nil {
				tag, _ := strconv.Unquote(f.Tag.Value)
				j, ok := reflect.StructTag(tag).Lookup("json")
				if ok {
					name, opts, _ := strings.Cut(j, ",")
					if name == "-" && opts == "" {
						continue
					}
					jsonName = name
					inline = slices.Contains(strings.Split(opts, ","), "inline")
				}
			}
			ft, err := u.resolve(ref{s.pkg, s.file, f.Type})
			if err != nil {
				t.Fatalf("%s: %v", prefix, err)
			}
			if len(f.Names) == 0 {
				// An embedded field: encoding/json inlines a struct with no
				// JSON name; ",inline" is the Kubernetes spelling of that.
				if (jsonName == "" || inline) && ft.kind == "struct" {
					u.walk(t, ft, prefix, out, stack)
					continue
				}
				if jsonName == "" {
					jsonName = embeddedName(f.Type)
				}
				u.field(t, ft, prefix+"."+jsonName, f, out, stack)
				continue
			}
			for _, n := range f.Names {
				if !n.IsExported() {
					continue
				}
				name := jsonName
				if name == "" {
					name = n.Name
				}
				u.field(t, ft, prefix+"."+name, f, out, stack)
			}
		}
	}
}

func (u *universe) field(t testing.TB, ft shape, p string, f *ast.Field, out map[string]pathInfo, stack map[string]bool) {
	t.Helper()
	out[p] = pathInfo{kind: ft.kind, pos: u.position(f.Pos()),
		experimental: u.experimentalMarker != "" && f.Doc != nil && strings.Contains(f.Doc.Text(), u.experimentalMarker)}
	u.walk(t, ft, p, out, stack)
}

// position is a file:line:col short enough to read: module cache paths
// start at the module.
func (u *universe) position(p token.Pos) string {
	pos := u.fset.Position(p)
	if rel, err := filepath.Rel(u.modCache, pos.Filename); err == nil && !strings.HasPrefix(rel, "..") {
		pos.Filename = rel
	}
	return pos.String()
}

func embeddedName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return embeddedName(e.X)
	case *ast.SelectorExpr:
		return e.Sel.Name
	case *ast.Ident:
		return e.Name
	}
	return "?"
}

// TestCRDCoverageFindsMissingAndIncompatiblePaths runs the comparison on two
// small packages written here, so that a pass above means the walk saw the
// paths rather than nothing.
func TestCRDCoverageFindsMissingAndIncompatiblePaths(t *testing.T) {
	pub := `package pub
import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
type Widget struct {
	metav1.TypeMeta ` + "`json:\",inline\"`" + `
	Spec   WidgetSpec ` + "`json:\"spec\"`" + `
	Base   ` + "`json:\",inline\"`" + `
}
type Base struct { Inlined string ` + "`json:\"inlined\"`" + ` }
type WidgetSpec struct {
	Size    int32             ` + "`json:\"size\"`" + `
	When    metav1.Time       ` + "`json:\"when\"`" + `
	Labels  map[string]string ` + "`json:\"labels\"`" + `
	Ports   []Port            ` + "`json:\"ports\"`" + `
	Free    Port              ` + "`json:\"free\"`" + `
	Gone    *Port             ` + "`json:\"gone\"`" + `
	// <x:experimental>
	Beta    string            ` + "`json:\"beta\"`" + `
	Hidden  string            ` + "`json:\"-\"`" + `
	NoTag   bool
}
type Port struct { Number int32 ` + "`json:\"number\"`" + `; Name string ` + "`json:\"name\"`" + ` }
`
	gen := `package gen
import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)
type Widget struct {
	metav1.TypeMeta ` + "`json:\",inline\"`" + `
	Spec    WidgetSpec ` + "`json:\"spec\"`" + `
	Inlined string ` + "`json:\"inlined\"`" + `
}
type WidgetSpec struct {
	Size   int64                ` + "`json:\"size\"`" + `
	When   string               ` + "`json:\"when\"`" + `
	Labels []string             ` + "`json:\"labels\"`" + `
	Ports  []WidgetSpecPorts    ` + "`json:\"ports\"`" + `
	Free   runtime.RawExtension ` + "`json:\"free\"`" + `
	NoTag  bool                 ` + "`json:\"NoTag\"`" + `
}
type WidgetSpecPorts struct { Number int64 ` + "`json:\"number\"`" + ` }
`
	u := &universe{
		fset: token.NewFileSet(), modDir: map[string]string{}, pkgs: map[string]*srcPkg{},
		generated: map[string][]output.File{
			"example.com/pub":                      {{Path: "pub/types.go", Content: []byte(pub)}},
			"example.com/gen":                      {{Path: "gen/types.go", Content: []byte(gen)}},
			"k8s.io/apimachinery/pkg/apis/meta/v1": {{Path: "metav1/types.go", Content: []byte("package v1\ntype TypeMeta struct {\n\tKind string `json:\"kind,omitempty\"`\n\tAPIVersion string `json:\"apiVersion,omitempty\"`\n}\n")}},
			"k8s.io/apimachinery/pkg/runtime":      {{Path: "runtime/types.go", Content: []byte("package runtime\n")}},
		},
		t: t, experimentalMarker: "<x:experimental>",
	}
	p, err := u.lookupKind("example.com/pub", "Widget")
	if err != nil {
		t.Fatal(err)
	}
	g, err := u.lookupKind("example.com/gen", "Widget")
	if err != nil {
		t.Fatal(err)
	}
	cov := compareKinds(t, u, p, g)
	// 19 paths: kind, apiVersion, inlined, spec, spec.{size, when, labels,
	// labels.{}, ports, ports.[], ports.[].number, ports.[].name, free,
	// free.number, free.name, gone, gone.number, gone.name, NoTag}; beta is
	// left out. Typed: kind, apiVersion, inlined, spec, size (int32 as
	// int64), when (Time as string), ports, ports.[], ports.[].number
	// (width), NoTag; raw: free and its two fields; incompatible: labels (a
	// map as a slice); missing: labels.{} below it, ports.[].name, gone and
	// its two fields. Three problems are listed: labels, ports.[].name, gone.
	want := coverage{total: 19, typed: 10, raw: 3, missing: 5, incompatible: 1, experimental: 1, widths: 2, jsonForm: 1}
	if len(cov.problems) != 3 {
		t.Errorf("want 3 problems listed (labels, ports.[].name, gone), got %d:\n%s", len(cov.problems), strings.Join(cov.problems, "\n"))
	}
	cov.problems, cov.widthNotes = nil, nil
	if !reflect.DeepEqual(cov, want) {
		t.Fatalf("coverage of the hand-written pair:\n got  %+v\n want %+v", cov, want)
	}
}
