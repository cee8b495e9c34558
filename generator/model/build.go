package model

import (
	"go/ast"
	"go/token"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/clientgen/clientgen/generator/diag"
	"github.com/clientgen/clientgen/generator/load"
	"github.com/clientgen/clientgen/generator/tags"
)

// Config is what the model needs from the options.
type Config struct {
	ClientsetName    string            // package name and directory of the clientset
	OutputPkg        string            // import path of the --output directory
	PluralExceptions map[string]string // Kind -> plural Go name, on top of the defaults
}

var versionRE = regexp.MustCompile(`^v[1-9][0-9]*((alpha|beta)[1-9][0-9]*)?$`)

// Build turns the loaded packages into the model. Packages without a
// +genclient type are ignored. Every problem found is returned in the list.
func Build(res *load.Result, cfg Config) (*Clientset, diag.List) {
	var errs diag.List
	exceptions := defaultPluralExceptions()
	for k, v := range cfg.PluralExceptions {
		exceptions[k] = v
	}
	cs := &Clientset{
		Name:    cfg.ClientsetName,
		PkgPath: path.Join(cfg.OutputPkg, cfg.ClientsetName),
		Dir:     cfg.ClientsetName,
	}
	groups := map[string]*Group{}
	groupGoNameFrom := map[string]tags.Tag{}
	for _, pkg := range res.Packages {
		gv, goNameTag, ok := buildGroupVersion(res.Fset, pkg, cs, exceptions, &errs)
		if !ok {
			continue
		}
		g := groups[gv.Group]
		if g == nil {
			g = &Group{Name: gv.Group}
			groups[gv.Group] = g
		}
		if goNameTag.Value != "" {
			if prev, seen := groupGoNameFrom[gv.Group]; seen && prev.Value != goNameTag.Value {
				errs.Add(goNameTag.Pos, "", goNameTag.Text, "group %s already has +groupGoName=%s at %s: use the same value in every version", gv.Group, prev.Value, prev.Pos)
			} else if !seen {
				groupGoNameFrom[gv.Group] = goNameTag
			}
		}
		g.Versions = append(g.Versions, gv)
	}
	for _, name := range sortedKeys(groups) {
		g := groups[name]
		g.GoName = defaultGroupGoName(name)
		g.GoNamePos = g.Versions[0].Pos
		if t, ok := groupGoNameFrom[name]; ok {
			g.GoName, g.GoNameTag, g.GoNamePos = upperFirst(t.Value), t.Text, t.Pos
		}
		g.PkgName = strings.ToLower(g.GoName)
		slices.SortFunc(g.Versions, func(a, b *GroupVersion) int { return strings.Compare(a.Version, b.Version) })
		for _, gv := range g.Versions {
			finishGroupVersion(cs, g, gv)
		}
		cs.Groups = append(cs.Groups, g)
	}
	return cs, errs
}

// defaultGroupGoName is the Go name client-gen derives from a group: its first
// DNS label ("core" for the legacy group), made a valid identifier.
func defaultGroupGoName(group string) string {
	if group == "" {
		return "Core"
	}
	first, _, _ := strings.Cut(group, ".")
	return goName(first)
}

// finishGroupVersion fills the names that depend on the group's Go name.
func finishGroupVersion(cs *Clientset, g *Group, gv *GroupVersion) {
	gv.Accessor = g.GoName + goName(gv.Version)
	gv.ClientName = gv.Accessor + "Client"
	gv.InterfaceName = gv.Accessor + "Interface"
	gv.FieldName = lowerFirst(gv.Accessor)
	gv.ClientAlias = strings.ToLower(gv.Accessor)
	gv.APIPkgAlias = gv.ClientAlias
	gv.PkgName = gv.Version
	gv.Dir = path.Join(cs.Dir, "typed", g.PkgName, gv.Version)
	gv.PkgPath = path.Join(cs.PkgPath, "typed", g.PkgName, gv.Version)
}

// typeDecl is what the model needs to know of one type declaration.
type typeDecl struct {
	name   string
	pos    token.Position
	tags   tags.Set
	st     *ast.StructType // nil if not a struct
	fields map[string]bool // field names, embedded types by their type name
}

func buildGroupVersion(fset *token.FileSet, pkg *load.Package, cs *Clientset, exceptions map[string]string, errs *diag.List) (*GroupVersion, tags.Tag, bool) {
	var pkgComments []*ast.CommentGroup
	pkgPos := token.Position{}
	hasAddToScheme := false
	var decls []*typeDecl
	byName := map[string]*typeDecl{}
	for _, f := range pkg.Files {
		if f.Doc != nil {
			pkgComments = append(pkgComments, f.Doc)
			pkgPos = fset.Position(f.Package)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.Name == "AddToScheme" {
					hasAddToScheme = true
				}
			case *ast.GenDecl:
				if d.Tok == token.VAR {
					for _, s := range d.Specs {
						for _, n := range s.(*ast.ValueSpec).Names {
							if n.Name == "AddToScheme" {
								hasAddToScheme = true
							}
						}
					}
				}
				if d.Tok != token.TYPE {
					continue
				}
				for _, s := range d.Specs {
					ts := s.(*ast.TypeSpec)
					td := readTypeDecl(fset, f, d, ts, errs)
					decls = append(decls, td)
					byName[td.name] = td
				}
			}
		}
	}
	if !pkgPos.IsValid() && len(pkg.Files) > 0 {
		pkgPos = fset.Position(pkg.Files[0].Package)
	}
	pkgTags := tags.Parse(fset, tags.PackageScope, "", pkgComments, errs)

	var genTypes []*typeDecl
	for _, td := range decls {
		if td.tags.Has("genclient") {
			genTypes = append(genTypes, td)
		} else if len(td.tags) > 0 {
			t := td.tags[0]
			errs.Add(t.Pos, td.name, t.Text, "has no effect without +genclient on the same type")
		}
	}
	if len(genTypes) == 0 {
		return nil, tags.Tag{}, false
	}

	ok := true
	groupTag, hasGroup := pkgTags.Get("groupName")
	if !hasGroup {
		errs.Add(pkgPos, "", "", "package %s has +genclient types but no +groupName: add `// +groupName=<group>` (e.g. example.com) to the package comment in doc.go", pkg.PkgPath)
		ok = false
	}
	if !versionRE.MatchString(pkg.Name) {
		errs.Add(pkgPos, "", "", "package name %q is not a Kubernetes API version (want v1, v1beta1, v2alpha3, ...): clientgen takes the version from the package name", pkg.Name)
		ok = false
	}
	if !hasAddToScheme {
		errs.Add(pkgPos, "", "", "package %s has no AddToScheme: the generated scheme registers each group-version through it (declare `var AddToScheme = SchemeBuilder.AddToScheme` in register.go)", pkg.PkgPath)
		ok = false
	}
	gv := &GroupVersion{Group: groupTag.Value, Version: pkg.Name, APIPkgPath: pkg.PkgPath, Pos: pkgPos}
	for _, td := range genTypes {
		t, tok := buildType(td, byName, exceptions, errs)
		if tok {
			gv.Types = append(gv.Types, t)
		} else {
			ok = false
		}
	}
	if !ok {
		return nil, tags.Tag{}, false
	}
	slices.SortFunc(gv.Types, func(a, b *Type) int { return strings.Compare(a.Kind, b.Kind) })
	goNameTag, _ := pkgTags.Get("groupGoName")
	return gv, goNameTag, true
}

func readTypeDecl(fset *token.FileSet, f *ast.File, gd *ast.GenDecl, ts *ast.TypeSpec, errs *diag.List) *typeDecl {
	doc := ts.Doc
	if doc == nil && len(gd.Specs) == 1 {
		doc = gd.Doc
	}
	groups := []*ast.CommentGroup{secondClosest(fset, f, doc, gd), doc}
	td := &typeDecl{name: ts.Name.Name, pos: fset.Position(ts.Pos()), fields: map[string]bool{}}
	td.tags = tags.Parse(fset, tags.TypeScope, ts.Name.Name, groups, errs)
	if st, ok := ts.Type.(*ast.StructType); ok && ts.TypeParams == nil {
		td.st = st
		for _, fld := range st.Fields.List {
			if len(fld.Names) == 0 {
				td.fields[embeddedName(fld.Type)] = true
			}
			for _, n := range fld.Names {
				td.fields[n.Name] = true
			}
		}
	}
	return td
}

// secondClosest returns the comment block that ends one blank line above the
// doc comment (or above the declaration when it has none): client-gen reads
// tags from there too, so that they can sit apart from the prose.
func secondClosest(fset *token.FileSet, f *ast.File, doc *ast.CommentGroup, gd *ast.GenDecl) *ast.CommentGroup {
	start := fset.Position(gd.Pos()).Line
	if doc != nil {
		start = fset.Position(doc.Pos()).Line
	}
	for _, cg := range f.Comments {
		if fset.Position(cg.End()).Line == start-2 {
			return cg
		}
	}
	return nil
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

func buildType(td *typeDecl, byName map[string]*typeDecl, exceptions map[string]string, errs *diag.List) (*Type, bool) {
	tag, _ := td.tags.Get("genclient")
	if td.st == nil {
		errs.Add(tag.Pos, td.name, tag.Text, "only a non-generic struct type can have a client (the type must embed metav1.TypeMeta and metav1.ObjectMeta)")
		return nil, false
	}
	ok := true
	if !td.fields["ObjectMeta"] {
		errs.Add(tag.Pos, td.name, tag.Text, "type has no ObjectMeta: embed metav1.ObjectMeta `json:\"metadata,omitempty\"` so objects have a name and namespace")
		ok = false
	}
	listKind := td.name + "List"
	list, hasList := byName[listKind]
	switch {
	case !hasList:
		errs.Add(tag.Pos, td.name, tag.Text, "no type %s in this package: declare `type %s struct { metav1.TypeMeta; metav1.ListMeta; Items []%s }`", listKind, listKind, td.name)
		ok = false
	case list.st == nil || !list.fields["Items"]:
		errs.Add(list.pos, td.name, tag.Text, "%s must be a struct with an Items []%s field", listKind, td.name)
		ok = false
	}
	if !ok {
		return nil, false
	}
	pluralGo := plural(td.name, exceptions)
	t := &Type{
		Kind:          td.name,
		ListKind:      listKind,
		Resource:      strings.ToLower(pluralGo),
		Namespaced:    !td.tags.Has("genclient:nonNamespaced"),
		FileName:      strings.ToLower(td.name) + ".go",
		PluralGoName:  pluralGo,
		GetterName:    pluralGo + "Getter",
		InterfaceName: td.name + "Interface",
		ExpansionName: td.name + "Expansion",
		StructName:    lowerFirst(pluralGo),
		Constructor:   "new" + pluralGo,
		ParamName:     paramName(td.name),
		Pos:           td.pos,
	}
	hasStatus := td.fields["Status"] && !td.tags.Has("genclient:noStatus")
	for _, v := range AllVerbs() {
		if v == UpdateStatus && !hasStatus {
			continue
		}
		t.Verbs = append(t.Verbs, v)
		if v == List || v == Watch || v == DeleteCollection {
			t.NeedsList = true
		}
	}
	return t, true
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
