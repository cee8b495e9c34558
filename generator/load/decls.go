package load

import (
	"go/ast"
	"go/token"
	"slices"
	"strconv"
	"strings"
)

// The declaration index: what each input package declares, read from its
// syntax once, for the tags stage (which comments to read tags from) and the
// model (struct fields, List types, scheme registration). It lives here,
// next to the parsing, because it is a fact about the syntax and nothing in
// it depends on a tag: the tags stage reads comments it points at, the model
// reads shapes it records, and neither walks the AST for declarations again.

// TypeName names a declared type by import path and name.
type TypeName struct {
	PkgPath string
	Name    string
}

// TypeDecl is one package-level type declaration.
type TypeDecl struct {
	Name  string
	Pos   token.Position
	File  *ast.File
	Alias bool // type T = U
	// TagComments are the comment groups a type's tags are read from, as
	// client-gen reads them: the block that ends one blank line above the
	// doc comment (or above the declaration when it has none) and the doc
	// comment. Either may be nil.
	TagComments [2]*ast.CommentGroup

	// Struct is the struct the type is, nil for a generic type or one that
	// is not a struct. For a type declared as another named type of a
	// loaded package (`type Gateway v1.Gateway`) it is that type's struct,
	// declared in StructPkg's StructFile; both are nil for a struct declared
	// here.
	Struct     *ast.StructType
	StructPkg  *Package
	StructFile *ast.File
	// Fields holds the field names of Struct, embedded fields by their
	// type's name.
	Fields map[string]bool

	// Named is the declared type when it is another named type
	// (`type Gateway v1.Gateway`, `type Spec = v1.Spec`).
	Named ast.Expr
	// AliasOf is the defined type an alias chain ends at, when that type
	// is declared in a loaded package.
	AliasOf *TypeName
}

// Index is the declarations of one package.
type Index struct {
	Types      []*TypeDecl          // in source order, files sorted by name
	TypeByName map[string]*TypeDecl // the same, by name
	// PackageComments are every comment above a package clause, where
	// package tags are read from (client-gen reads every file's: k8s.io/api
	// puts +groupName in a block of its own in doc.go).
	PackageComments []*ast.CommentGroup
	// Pos is the package clause of the first file with a package comment
	// or a tag line above its package clause, else of the first file.
	Pos token.Position
	// Floating are the top-level comment groups below a package clause
	// that are no type's tag comments: a +genclient there stands on no type.
	Floating []*ast.CommentGroup
	// Scheme reports whether the package declares AddToScheme.
	Scheme bool
	// SchemeGroup is the Group of a GroupVersion or SchemeGroupVersion
	// literal (directly or through a string constant), when HasSchemeGroup.
	SchemeGroup    string
	HasSchemeGroup bool
}

// NewResult indexes parsed packages: Load's last step, exported so that
// benchmarks and tests can index packages they parsed themselves. Named
// types are followed across the given packages.
func NewResult(fset *token.FileSet, pkgs []*Package) *Result {
	res := &Result{Fset: fset, Packages: pkgs}
	for _, p := range pkgs {
		p.Index = index(fset, p)
	}
	resolveNamed(pkgs)
	return res
}

func index(fset *token.FileSet, pkg *Package) Index {
	ix := Index{TypeByName: map[string]*TypeDecl{}}
	consts := map[string]string{}
	var groupVars []ast.Expr
	for _, f := range pkg.Files {
		above := false
		for _, cg := range f.Comments {
			if cg.End() < f.Package {
				ix.PackageComments = append(ix.PackageComments, cg)
				above = above || cg == f.Doc || hasTagLine(cg)
			}
		}
		if above && !ix.Pos.IsValid() {
			ix.Pos = fset.Position(f.Package)
		}
		used := map[*ast.CommentGroup]bool{}
		lines := commentEndLines(fset, f)
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.Name == "AddToScheme" {
					ix.Scheme = true
				}
			case *ast.GenDecl:
				switch d.Tok {
				case token.VAR:
					for _, s := range d.Specs {
						vs := s.(*ast.ValueSpec)
						for i, n := range vs.Names {
							switch n.Name {
							case "AddToScheme":
								ix.Scheme = true
							case "GroupVersion", "SchemeGroupVersion":
								if i < len(vs.Values) {
									groupVars = append(groupVars, vs.Values[i])
								}
							}
						}
					}
				case token.CONST:
					for _, s := range d.Specs {
						vs := s.(*ast.ValueSpec)
						for i, n := range vs.Names {
							if i < len(vs.Values) {
								if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
									if v, err := strconv.Unquote(lit.Value); err == nil {
										consts[n.Name] = v
									}
								}
							}
						}
					}
				case token.TYPE:
					for _, s := range d.Specs {
						td := readTypeDecl(fset, f, lines, d, s.(*ast.TypeSpec))
						used[td.TagComments[0]], used[td.TagComments[1]] = true, true
						ix.Types = append(ix.Types, td)
						ix.TypeByName[td.Name] = td
					}
				}
			}
		}
		ix.Floating = append(ix.Floating, floating(f, used)...)
	}
	if !ix.Pos.IsValid() && len(pkg.Files) > 0 {
		ix.Pos = fset.Position(pkg.Files[0].Package)
	}
	for _, e := range groupVars {
		if grp, ok := groupOfLiteral(e, consts); ok {
			ix.SchemeGroup, ix.HasSchemeGroup = grp, true
		}
	}
	return ix
}

// floating returns the comment groups of f below its package clause that lie
// outside every declaration and are not in used.
func floating(f *ast.File, used map[*ast.CommentGroup]bool) []*ast.CommentGroup {
	var out []*ast.CommentGroup
	decls := f.Decls
	for _, cg := range f.Comments {
		if cg.Pos() < f.Package || used[cg] {
			continue
		}
		for len(decls) > 0 && decls[0].End() <= cg.Pos() {
			decls = decls[1:]
		}
		if len(decls) > 0 && decls[0].Pos() <= cg.Pos() {
			continue // inside a declaration: a field's or a statement's comment
		}
		out = append(out, cg)
	}
	return out
}

// commentEndLines are the last lines of f's comment groups, in order, for
// finding the block one blank line above a declaration by binary search.
func commentEndLines(fset *token.FileSet, f *ast.File) []int {
	tf := fset.File(f.Pos())
	lines := make([]int, len(f.Comments))
	for i, cg := range f.Comments {
		lines[i] = tf.Line(cg.End())
	}
	return lines
}

func readTypeDecl(fset *token.FileSet, f *ast.File, endLines []int, gd *ast.GenDecl, ts *ast.TypeSpec) *TypeDecl {
	doc := ts.Doc
	if doc == nil && len(gd.Specs) == 1 {
		doc = gd.Doc
	}
	td := &TypeDecl{Name: ts.Name.Name, Pos: fset.Position(ts.Pos()), File: f, Fields: map[string]bool{}, Alias: ts.Assign.IsValid()}
	td.TagComments = [2]*ast.CommentGroup{secondClosest(fset, f, endLines, doc, gd), doc}
	if ts.TypeParams != nil {
		return td
	}
	switch t := ts.Type.(type) {
	case *ast.StructType:
		if !td.Alias {
			td.setStruct(t, nil, nil)
		}
	case *ast.Ident, *ast.SelectorExpr:
		td.Named = t
	}
	return td
}

// secondClosest returns the comment block that ends one blank line above the
// doc comment (or above the declaration when it has none): client-gen reads
// tags from there too, so that they can sit apart from the prose.
func secondClosest(fset *token.FileSet, f *ast.File, endLines []int, doc *ast.CommentGroup, gd *ast.GenDecl) *ast.CommentGroup {
	tf := fset.File(f.Pos())
	start := tf.Line(gd.Pos())
	if doc != nil {
		start = tf.Line(doc.Pos())
	}
	if i, found := slices.BinarySearch(endLines, start-2); found {
		return f.Comments[i]
	}
	return nil
}

// setStruct makes st, declared in file f of package pkg (nil: td's own),
// td's struct.
func (td *TypeDecl) setStruct(st *ast.StructType, pkg *Package, f *ast.File) {
	td.Struct, td.StructPkg, td.StructFile = st, pkg, f
	for _, fld := range st.Fields.List {
		if len(fld.Names) == 0 {
			td.Fields[embeddedName(fld.Type)] = true
		}
		for _, n := range fld.Names {
			td.Fields[n.Name] = true
		}
	}
}

// resolveNamed follows the types declared as other named types, in the
// loaded packages, to the structs they stand for: gateway-api declares its
// older versions' kinds as `type Gateway v1.Gateway`, which client-gen
// (type-checking) treats as the struct. A type whose target is not loaded
// stays unresolved: the model reports a +genclient on it, naming the package
// to add to --input.
func resolveNamed(pkgs []*Package) {
	byPath := make(map[string]*Package, len(pkgs))
	for _, p := range pkgs {
		byPath[p.PkgPath] = p
	}
	for _, pkg := range pkgs {
		for _, td := range pkg.Index.Types {
			if td.Named == nil {
				continue
			}
			// An alias is the first defined type its chain reaches; a
			// defined type has the struct at the end of its chain.
			tPkg, tTD := pkg, td
			for range 10 { // a cycle does not compile anyway
				next, nextTD := namedTarget(byPath, tPkg, tTD)
				if nextTD == nil {
					break
				}
				tPkg, tTD = next, nextTD
				if tTD.Named == nil || (td.Alias && !tTD.Alias) {
					break
				}
			}
			if td.Alias {
				if tTD != td && !tTD.Alias {
					td.AliasOf = &TypeName{PkgPath: tPkg.PkgPath, Name: tTD.Name}
				}
				continue
			}
			if tTD == td || tTD.Struct == nil || tTD.Named != nil {
				continue
			}
			declPkg, declFile := tTD.StructPkg, tTD.StructFile
			if declPkg == nil {
				declPkg, declFile = tPkg, tTD.File
			}
			td.setStruct(tTD.Struct, declPkg, declFile)
		}
	}
}

// namedTarget returns the declaration td.Named refers to, if its package is
// loaded.
func namedTarget(byPath map[string]*Package, pkg *Package, td *TypeDecl) (*Package, *TypeDecl) {
	switch e := td.Named.(type) {
	case *ast.Ident:
		return pkg, pkg.Index.TypeByName[e.Name]
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		if !ok {
			return nil, nil
		}
		target := byPath[pkg.Imports[td.File][x.Name]]
		if target == nil {
			return nil, nil
		}
		return target, target.Index.TypeByName[e.Sel.Name]
	}
	return nil, nil
}

// groupOfLiteral reads Group from schema.GroupVersion{Group: "x", ...} (the
// way kubebuilder's groupversion_info.go declares it) or {Group: GroupName}
// with a string constant GroupName (client-gen-style register.go).
func groupOfLiteral(e ast.Expr, consts map[string]string) (string, bool) {
	cl, ok := e.(*ast.CompositeLit)
	if !ok {
		return "", false
	}
	for _, el := range cl.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		if k, ok := kv.Key.(*ast.Ident); !ok || k.Name != "Group" {
			continue
		}
		switch v := kv.Value.(type) {
		case *ast.BasicLit:
			if v.Kind == token.STRING {
				if s, err := strconv.Unquote(v.Value); err == nil {
					return s, true
				}
			}
		case *ast.Ident:
			if s, ok := consts[v.Name]; ok {
				return s, true
			}
		}
	}
	return "", false
}

// hasTagLine reports whether a comment group has a line starting with "+".
func hasTagLine(cg *ast.CommentGroup) bool {
	for _, c := range cg.List {
		for _, l := range strings.Split(c.Text, "\n") {
			if strings.HasPrefix(strings.TrimLeft(strings.TrimLeft(l, "/*"), " \t"), "+") {
				return true
			}
		}
	}
	return false
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
	return ""
}
