// Package layout holds tests of how the repository's parts fit together
// that no single package can own: which exported names of the runtime module
// are plumbing for generated code (read from the runtime's sources next to
// the generated trees that use them), and that the runtime module stands on
// its own.
package layout

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The marker every generated-code-only name carries in its doc comment, as
// protobuf-go's protoimpl says it "should only be imported by generated
// code": the first sentence says what generated code uses the name for.
// runtimeDir is the runtime module, relative to this package.
const runtimeDir = "../../runtime"

const (
	markerStart = "For generated code only:"
	markerEnd   = "Not covered by compatibility promises."
)

// plumbing are the names generated code calls that user code should not:
// by runtime package (relative to runtime/), "Name" for a package-level
// declaration and "Type.Method" for a method. None can move to a package
// of its own without changing what the generator emits.
var plumbing = map[string][]string{
	"applyconfigurations": {"ExtractInto"},
	"rest":                {"ForGroupVersion", "WithSharedRateLimiter"},
	"typed": {
		"Client", "ClientWithList", "ClientWithApply", "ClientWithListAndApply",
		"NewClient", "NewClientWithList", "NewClientWithApply", "NewClientWithListAndApply",
		"Client.GetInto", "Client.ListInto", "Client.CreateInto", "Client.UpdateInto", "Client.PatchInto", "Client.ApplyInto",
		"ObjectName",
	},
	"typed/fake": {
		"Client", "ClientWithList", "ClientWithApply", "ClientWithListAndApply",
		"NewClient", "NewClientWithList", "NewClientWithApply", "NewClientWithListAndApply",
		"Client.GetInto", "Client.ListInto", "Client.CreateInto", "Client.UpdateInto", "Client.PatchInto", "Client.ApplyInto",
	},
	"testing": {"APIResourceLists"},
}

// contract are the names generated code uses that are also user API: the
// types a clientset's signatures show, client-go's names that informer-gen
// and lister-gen output and hand-written code share, and the fake's
// tracker and reactors. They carry no marker.
var contract = map[string][]string{
	"applyconfigurations/meta/v1": {"ConditionApplyConfiguration", "LabelSelectorApplyConfiguration", "ObjectMetaApplyConfiguration", "OwnerReferenceApplyConfiguration", "TypeMetaApplyConfiguration"},
	"cache": {"DeletedObject", "GenericLister", "Indexer", "Indexers", "InformerName", "ListWatch", "MetaNamespaceIndexFunc", "NamespaceIndex",
		"NewGenericLister", "NewSharedIndexInformerWithOptions", "NewTypedSharedIndexInformer", "SharedIndexInformer", "SharedIndexInformerOptions",
		"SyncResult", "ToListWatcherWithWatchListSemantics", "TransformFunc", "TypedFilteringResourceEventHandler", "TypedIndexers",
		"TypedIndexersToIndexers", "TypedResourceEventHandlerDetailedFuncs", "TypedResourceEventHandlerFuncs", "TypedSharedIndexInformer", "WaitForInformers"},
	"codec":          {"NegotiatedSerializer"},
	"discovery":      {"DiscoveryClient", "DiscoveryInterfaces", "NewDiscoveryClient", "NewDiscoveryClientForConfigAndClient"},
	"discovery/fake": {"FakeDiscovery"},
	"listers":        {"New", "NewNamespaced", "ResourceIndexer"},
	"rest":           {"Config", "HTTPClientFor", "Interface", "RESTClientForConfigAndClient"},
	"testing":        {"Fake", "FakeClient", "NewObjectTracker", "ObjectReaction", "ObjectTracker", "ObjectWatchReaction", "Resource"},
}

// exportedDocs returns the doc comment of every exported declaration of the
// package in dir (test files left out), keyed as in plumbing.
func exportedDocs(t testing.TB, dir string) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{}
	text := func(groups ...*ast.CommentGroup) string {
		var parts []string
		for _, g := range groups {
			if g != nil {
				parts = append(parts, g.Text())
			}
		}
		return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() {
					continue
				}
				name := d.Name.Name
				if d.Recv != nil {
					recv := d.Recv.List[0].Type
					if star, ok := recv.(*ast.StarExpr); ok {
						recv = star.X
					}
					switch r := recv.(type) {
					case *ast.IndexExpr:
						recv = r.X
					case *ast.IndexListExpr:
						recv = r.X
					}
					id, ok := recv.(*ast.Ident)
					if !ok || !id.IsExported() {
						continue
					}
					name = id.Name + "." + name
				}
				docs[name] = text(d.Doc)
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() {
							docs[s.Name.Name] = text(d.Doc, s.Doc)
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if n.IsExported() {
								docs[n.Name] = text(d.Doc, s.Doc)
							}
						}
					}
				}
			}
		}
	}
	return docs
}

func marked(doc string) bool {
	i := strings.Index(doc, markerStart)
	return i >= 0 && strings.Contains(doc[i:], markerEnd)
}

// runtimePackages are the directories under runtime/ that hold Go code.
func runtimePackages(t testing.TB) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(runtimeDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && p != runtimeDir {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") {
			rel, err := filepath.Rel(runtimeDir, filepath.Dir(p))
			if err != nil {
				return err
			}
			if dir := filepath.ToSlash(rel); !slices.Contains(dirs, dir) {
				dirs = append(dirs, dir)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

func TestNamesOnlyGeneratedCodeUsesCarryTheMarker(t *testing.T) {
	for pkg, names := range plumbing {
		docs := exportedDocs(t, filepath.Join(runtimeDir, pkg))
		for _, name := range names {
			doc, ok := docs[name]
			switch {
			case !ok:
				t.Errorf("runtime/%s: %s is in the plumbing list but not declared (renamed? update the list and the generator)", pkg, name)
			case !marked(doc):
				t.Errorf("runtime/%s: %s is for generated code only; end its doc comment with %q (say what generated code uses it for) and %q", pkg, name, markerStart+" ...", markerEnd)
			}
		}
	}
}

func TestOnlyThePlumbingListCarriesTheMarker(t *testing.T) {
	for _, pkg := range runtimePackages(t) {
		for name, doc := range exportedDocs(t, filepath.Join(runtimeDir, pkg)) {
			if strings.Contains(doc, markerStart) && !slices.Contains(plumbing[pkg], name) {
				t.Errorf("runtime/%s: %s carries %q but is not in the plumbing list of %s", pkg, name, markerStart, "internal/layout/generated_names_test.go")
			}
			if slices.Contains(contract[pkg], name) && strings.Contains(doc, markerStart) {
				t.Errorf("runtime/%s: %s is user API (the contract list) but carries the marker", pkg, name)
			}
		}
	}
}

// TestEveryRuntimeNameGeneratedCodeUsesIsListed reads the generated trees
// in the repository (the goldens and the sample controller's) and fails on
// a runtime name they use that neither list has, so a name the generator
// starts to emit is classed as plumbing or contract when it is added.
func TestEveryRuntimeNameGeneratedCodeUsesIsListed(t *testing.T) {
	const module = "github.com/clientgen/clientgen/runtime/"
	embedded := []string{"Client", "ClientWithList", "ClientWithApply", "ClientWithListAndApply"}
	seen := map[string]bool{}
	files := 0
	for _, root := range []string{"../../testdata", "../../examples/sample-controller"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
				return err
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if !strings.Contains(string(src), "Code generated by clientgen. DO NOT EDIT.") {
				return nil
			}
			f, err := parser.ParseFile(token.NewFileSet(), p, src, 0)
			if err != nil {
				return nil // an input of a bad-input case, not generated output
			}
			files++
			imports := map[string]string{} // local name -> runtime package
			for _, im := range f.Imports {
				path, _ := strconv.Unquote(im.Path.Value)
				pkg, ok := strings.CutPrefix(path, module)
				if !ok {
					continue
				}
				local := filepath.Base(path)
				if im.Name != nil {
					local = im.Name.Name
				}
				imports[local] = pkg
			}
			ast.Inspect(f, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				switch x := sel.X.(type) {
				case *ast.Ident:
					if pkg, ok := imports[x.Name]; ok {
						seen[pkg+"."+sel.Sel.Name] = true
					}
				case *ast.SelectorExpr:
					// c.ClientWithListAndApply.GetInto: a method of an
					// embedded generic client, in typed or typed/fake.
					if slices.Contains(embedded, x.Sel.Name) {
						for _, pkg := range imports {
							if pkg == "typed" || pkg == "typed/fake" {
								seen[pkg+".Client."+sel.Sel.Name] = true
							}
						}
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if files < 50 {
		t.Fatalf("read %d generated files under testdata and examples/sample-controller; want the golden trees", files)
	}
	for use := range seen {
		i := strings.LastIndex(use, ".")
		pkg, name := use[:i], use[i+1:]
		if strings.HasSuffix(pkg, ".Client") { // a method: pkg.Client.Method
			pkg, name = strings.TrimSuffix(pkg, ".Client"), "Client."+name
		}
		if !slices.Contains(plumbing[pkg], name) && !slices.Contains(contract[pkg], name) {
			// The fake's methods are recorded for both typed packages; only
			// one of them needs to have it.
			if strings.HasPrefix(name, "Client.") && !methodDeclared(t, pkg, name) {
				continue
			}
			t.Errorf("generated code uses runtime/%s's %s, which is in neither list of internal/layout/generated_names_test.go: add it to plumbing (and mark it) or to contract", pkg, name)
		}
	}
}

func methodDeclared(t testing.TB, pkg, name string) bool {
	t.Helper()
	_, ok := exportedDocs(t, filepath.Join(runtimeDir, pkg))[name]
	return ok
}
