package model

import (
	"fmt"
	"go/ast"
	"go/token"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/clientgen/clientgen/generator/diag"
	"github.com/clientgen/clientgen/generator/load"
	"github.com/clientgen/clientgen/generator/tags"
)

// Config is what the model needs from the options.
type Config struct {
	ClientsetName    string            // directory of the clientset under the output; its last element is the package name
	OutputPkg        string            // import path of the --output directory
	PluralExceptions map[string]string // Kind -> plural, on top of the defaults
	Informers        bool              // generate listers and informers
}

var (
	versionRE  = regexp.MustCompile(`^v[1-9][0-9]*((alpha|beta)[1-9][0-9]*)?$`)
	resourceRE = regexp.MustCompile(`^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$`)
)

// ApplyDir is the directory of the apply configuration tree under --output.
const ApplyDir = "applyconfiguration"

// builder holds the state of one Build.
type builder struct {
	fset       *token.FileSet
	cfg        Config
	exceptions map[string]string
	errs       diag.List
	pkgs       map[string]*pkgInfo // by import path
	cs         *Clientset

	applies  map[GoType]*ApplyConfig // built or being built
	building map[GoType]bool
}

// pkgInfo is one loaded package as the model sees it.
type pkgInfo struct {
	load    *load.Package
	decls   []*typeDecl
	byName  map[string]*typeDecl
	tags    tags.Set
	pos     token.Position // of the package clause of the file with the package comment
	optOut  *tags.Tag      // +k8s:client-gen=false
	scheme  bool           // declares AddToScheme
	varGrp  string         // the Group of a GroupVersion/SchemeGroupVersion literal, for packages without +groupName
	hasVar  bool
	gv      *GroupVersion // set when the package gets a client
	genType []*typeDecl
}

// typeDecl is what the model needs to know of one type declaration.
type typeDecl struct {
	name   string
	pos    token.Position
	tags   tags.Set
	file   *ast.File
	st     *ast.StructType // nil if not a non-generic struct
	alias  bool
	fields map[string]bool // field names, embedded types by their type name

	// named is the declared type when it is another named type
	// (`type Gateway v1.Gateway`, `type Spec = v1.Spec`); resolveNamed
	// follows it to the struct it stands for. A defined type takes that
	// struct's fields (st, fields), read in the struct's own package and
	// file (stInfo, stFile); an alias is that struct (aliasOf).
	named   ast.Expr
	stInfo  *pkgInfo
	stFile  *ast.File
	aliasOf *GoType
}

// Build turns the loaded packages into the model. Packages without a
// +genclient type, or with +k8s:client-gen=false, are not generated. Every
// problem found is returned in the list.
func Build(res *load.Result, cfg Config) (*Clientset, diag.List) {
	b := &builder{
		fset:       res.Fset,
		cfg:        cfg,
		exceptions: defaultPluralExceptions(),
		pkgs:       map[string]*pkgInfo{},
		applies:    map[GoType]*ApplyConfig{},
		building:   map[GoType]bool{},
	}
	for k, v := range cfg.PluralExceptions {
		b.exceptions[k] = v
	}
	b.cs = &Clientset{
		Name:         path.Base(cfg.ClientsetName),
		PkgPath:      path.Join(cfg.OutputPkg, cfg.ClientsetName),
		Dir:          cfg.ClientsetName,
		ApplyPkgPath: path.Join(cfg.OutputPkg, ApplyDir),
		ApplyDir:     ApplyDir,
	}
	b.cs.setInformerPaths(cfg.OutputPkg, cfg.Informers)
	var infos []*pkgInfo
	for _, p := range res.Packages {
		info := b.index(p)
		b.pkgs[p.PkgPath] = info
		infos = append(infos, info)
	}
	b.resolveNamed(infos)

	groups := map[string]*Group{}
	groupGoNameFrom := map[string]tags.Tag{}
	var optedOut []*pkgInfo
	var types = map[*GroupVersion][]*typeDecl{}
	for _, info := range infos {
		if len(info.genType) == 0 {
			continue
		}
		if info.optOut != nil {
			optedOut = append(optedOut, info)
			continue
		}
		gv, ok := b.groupVersion(info)
		if !ok {
			continue
		}
		info.gv = gv
		types[gv] = info.genType
		g := groups[gv.Group]
		if g == nil {
			g = &Group{Name: gv.Group}
			groups[gv.Group] = g
		}
		if goNameTag, ok := info.tags.Get("groupGoName"); ok {
			if prev, seen := groupGoNameFrom[gv.Group]; seen && prev.Value != goNameTag.Value {
				b.errs.Add(goNameTag.Pos, "", goNameTag.Text, "group %s already has +groupGoName=%s at %s: use the same value in every version", gv.Group, prev.Value, prev.Pos)
			} else if !seen {
				groupGoNameFrom[gv.Group] = goNameTag
			}
		}
		g.Versions = append(g.Versions, gv)
	}
	for _, name := range sortedKeys(groups) {
		g := groups[name]
		slices.SortFunc(g.Versions, func(a, b *GroupVersion) int { return strings.Compare(a.Version, b.Version) })
		g.GoName = defaultGroupGoName(name)
		g.GoNamePos = g.Versions[0].Pos
		if t, ok := groupGoNameFrom[name]; ok {
			g.GoName, g.GoNameTag, g.GoNamePos = upperFirst(t.Value), t.Text, t.Pos
		}
		b.cs.Groups = append(b.cs.Groups, g)
	}
	setGroupDirs(b.cs.Groups)
	setListerInformerDirs(b.cs)
	for _, g := range b.cs.Groups {
		for _, gv := range g.Versions {
			b.finishGroupVersion(g, gv)
		}
	}
	// Kinds come after every group-version is named: an extension method
	// may take the apply configuration of another group-version's type.
	for _, g := range b.cs.Groups {
		for _, gv := range g.Versions {
			info := b.pkgs[gv.APIPkgPath]
			for _, td := range types[gv] {
				if t, ok := b.buildType(info, gv, td); ok {
					gv.Types = append(gv.Types, t)
				}
			}
			slices.SortFunc(gv.Types, func(a, b *Type) int { return strings.Compare(a.Kind, b.Kind) })
		}
	}
	for _, g := range b.cs.Groups {
		for _, gv := range g.Versions {
			for _, t := range gv.Types {
				if ac := b.applyConfig(b.pkgs[gv.APIPkgPath], t.Kind); ac != nil {
					ac.Kind = &ApplyKind{Kind: t.Kind, APIVersion: gv.APIVersion, Namespaced: t.Namespaced}
					for _, w := range ac.Withs {
						switch w.Name {
						case "WithKind":
							ac.Kind.HasTypeMeta = true
						case "WithName":
							ac.Kind.HasMeta = true
						}
					}
				}
			}
		}
	}
	for gt, ac := range b.applies {
		if ac == nil {
			continue
		}
		gv := b.pkgs[gt.PkgPath].gv
		gv.ApplyConfigs = append(gv.ApplyConfigs, ac)
	}
	for _, g := range b.cs.Groups {
		for _, gv := range g.Versions {
			slices.SortFunc(gv.ApplyConfigs, func(a, b *ApplyConfig) int { return strings.Compare(a.Type.Name, b.Type.Name) })
		}
	}
	if len(b.cs.Groups) == 0 && len(optedOut) > 0 && len(b.errs) == 0 {
		for _, info := range optedOut {
			b.errs.Add(info.optOut.Pos, "", info.optOut.Text, "package %s opts out of client generation, so clientgen generates nothing for it: remove the tag or leave the package out of --input", info.load.PkgPath)
		}
	}
	return b.cs, b.errs
}

// index reads one package's declarations and package tags.
func (b *builder) index(pkg *load.Package) *pkgInfo {
	info := &pkgInfo{load: pkg, byName: map[string]*typeDecl{}}
	// Package tags are read from every comment above a package clause, as
	// client-gen does: k8s.io/api puts +groupName in a block of its own.
	var pkgComments []*ast.CommentGroup
	consts := map[string]string{}
	var groupVars []ast.Expr
	for _, f := range pkg.Files {
		above := false
		for _, cg := range f.Comments {
			if cg.End() < f.Package {
				pkgComments = append(pkgComments, cg)
				above = above || cg == f.Doc || hasTagLine(cg)
			}
		}
		if above && !info.pos.IsValid() {
			info.pos = b.fset.Position(f.Package)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.Name == "AddToScheme" {
					info.scheme = true
				}
			case *ast.GenDecl:
				switch d.Tok {
				case token.VAR:
					for _, s := range d.Specs {
						vs := s.(*ast.ValueSpec)
						for i, n := range vs.Names {
							switch n.Name {
							case "AddToScheme":
								info.scheme = true
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
						td := b.readTypeDecl(f, d, s.(*ast.TypeSpec))
						info.decls = append(info.decls, td)
						info.byName[td.name] = td
					}
				}
			}
		}
	}
	if !info.pos.IsValid() && len(pkg.Files) > 0 {
		info.pos = b.fset.Position(pkg.Files[0].Package)
	}
	for _, e := range groupVars {
		if grp, ok := groupOfLiteral(e, consts); ok {
			info.varGrp, info.hasVar = grp, true
		}
	}
	info.tags = tags.Parse(b.fset, tags.PackageScope, "", pkgComments, &b.errs)
	if t, ok := info.tags.Get("k8s:client-gen"); ok && !t.Bool {
		info.optOut = &t
	}
	for _, td := range info.decls {
		if td.tags.Has("genclient") {
			info.genType = append(info.genType, td)
		}
	}
	return info
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

func (b *builder) readTypeDecl(f *ast.File, gd *ast.GenDecl, ts *ast.TypeSpec) *typeDecl {
	doc := ts.Doc
	if doc == nil && len(gd.Specs) == 1 {
		doc = gd.Doc
	}
	groups := []*ast.CommentGroup{secondClosest(b.fset, f, doc, gd), doc}
	td := &typeDecl{name: ts.Name.Name, pos: b.fset.Position(ts.Pos()), file: f, fields: map[string]bool{}, alias: ts.Assign.IsValid()}
	td.tags = tags.Parse(b.fset, tags.TypeScope, ts.Name.Name, groups, &b.errs)
	if ts.TypeParams != nil {
		return td
	}
	switch t := ts.Type.(type) {
	case *ast.StructType:
		if !td.alias {
			td.setStruct(t, nil, f)
		}
	case *ast.Ident, *ast.SelectorExpr:
		td.named = t
	}
	return td
}

// setStruct makes st, declared in file f of package info (nil: td's own),
// td's struct.
func (td *typeDecl) setStruct(st *ast.StructType, info *pkgInfo, f *ast.File) {
	td.st, td.stInfo, td.stFile = st, info, f
	for _, fld := range st.Fields.List {
		if len(fld.Names) == 0 {
			td.fields[embeddedName(fld.Type)] = true
		}
		for _, n := range fld.Names {
			td.fields[n.Name] = true
		}
	}
}

// resolveNamed follows the types declared as other named types, in the
// loaded packages, to the structs they stand for: gateway-api declares its
// older versions' kinds as `type Gateway v1.Gateway`, which client-gen
// (type-checking) treats as the struct. A type whose target is not loaded
// stays unresolved: a +genclient on it is then an error naming the package
// to add to --input.
func (b *builder) resolveNamed(infos []*pkgInfo) {
	for _, info := range infos {
		for _, td := range info.decls {
			if td.named == nil {
				continue
			}
			// An alias is the first defined type its chain reaches; a
			// defined type has the struct at the end of its chain.
			tInfo, tTD := info, td
			for range 10 { // a cycle does not compile anyway
				next, nextTD := b.namedTarget(tInfo, tTD)
				if nextTD == nil {
					break
				}
				tInfo, tTD = next, nextTD
				if tTD.named == nil || (td.alias && !tTD.alias) {
					break
				}
			}
			if td.alias {
				if tTD != td && !tTD.alias {
					td.aliasOf = &GoType{PkgPath: tInfo.load.PkgPath, Name: tTD.name}
				}
				continue
			}
			if tTD == td || tTD.st == nil || tTD.named != nil {
				continue
			}
			declInfo, declFile := tTD.stInfo, tTD.stFile
			if declInfo == nil {
				declInfo, declFile = tInfo, tTD.file
			}
			td.setStruct(tTD.st, declInfo, declFile)
		}
	}
}

// namedTarget returns the declaration td.named refers to, if its package is
// loaded.
func (b *builder) namedTarget(info *pkgInfo, td *typeDecl) (*pkgInfo, *typeDecl) {
	switch e := td.named.(type) {
	case *ast.Ident:
		return info, info.byName[e.Name]
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		if !ok {
			return nil, nil
		}
		target := b.pkgs[info.load.Imports[td.file][x.Name]]
		if target == nil {
			return nil, nil
		}
		return target, target.byName[e.Sel.Name]
	}
	return nil, nil
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

// groupVersion checks the package-level requirements of a package with
// +genclient types and returns its group-version.
func (b *builder) groupVersion(info *pkgInfo) (*GroupVersion, bool) {
	pkg := info.load
	ok := true
	group := ""
	if t, has := info.tags.Get("groupName"); has {
		group = t.Value
	} else if info.hasVar {
		group = info.varGrp
	} else {
		b.errs.Add(info.pos, "", "", "package %s has +genclient types but no +groupName: add `// +groupName=<group>` (e.g. example.com) to the package comment in doc.go", pkg.PkgPath)
		ok = false
	}
	if !versionRE.MatchString(pkg.Name) {
		b.errs.Add(info.pos, "", "", "package name %q is not a Kubernetes API version (want v1, v1beta1, v2alpha3, ...): clientgen takes the version from the package name", pkg.Name)
		ok = false
	}
	if !info.scheme {
		b.errs.Add(info.pos, "", "", "package %s has no AddToScheme: the generated scheme registers each group-version through it (declare `var AddToScheme = SchemeBuilder.AddToScheme` in register.go, or in groupversion_info.go for a kubebuilder project)", pkg.PkgPath)
		ok = false
	}
	if !ok {
		return nil, false
	}
	gv := &GroupVersion{Group: group, Version: pkg.Name, APIPkgPath: pkg.PkgPath, Pos: info.pos}
	gv.APIVersion = path.Join(group, pkg.Name)
	return gv, true
}

// defaultGroupGoName is the Go name client-gen derives from a group: its first
// DNS label ("core" for the legacy group), made a valid identifier
// ("hyphen-group" -> "HyphenGroup").
func defaultGroupGoName(group string) string {
	if group == "" {
		return "Core"
	}
	first, _, _ := strings.Cut(group, ".")
	return goName(first)
}

// setGroupDirs names each group's directory under typed/ and
// applyconfiguration/ as client-gen and applyconfiguration-gen do: after the
// directory its input packages sit in ("apps" for k8s.io/api/apps/v1, "api"
// for a kubebuilder project's api/v1, "apis" for gateway-api's apis/v1), so
// that the generated import paths are theirs and clientgen can replace them
// in place. Where that does not give one usable directory per group (versions
// in differently named directories, a name the go command treats specially,
// two groups in same-named directories), the group's Go name in lower case
// is used instead.
func setGroupDirs(groups []*Group) {
	byDir := map[string][]*Group{}
	for _, g := range groups {
		g.PkgName = inputDir(g)
		byDir[g.PkgName] = append(byDir[g.PkgName], g)
	}
	for _, gs := range byDir {
		if len(gs) > 1 {
			for _, g := range gs {
				g.PkgName = goNameDir(g)
			}
		}
	}
}

// inputDir is the name of the directory every version of g sits in, or
// goNameDir(g) when they differ or that name cannot be a package directory.
func inputDir(g *Group) string {
	dir := path.Base(path.Dir(g.Versions[0].APIPkgPath))
	for _, gv := range g.Versions[1:] {
		if path.Base(path.Dir(gv.APIPkgPath)) != dir {
			return goNameDir(g)
		}
	}
	switch {
	case dir == "internal", dir == "vendor", dir == "testdata", strings.HasPrefix(dir, "."), strings.HasPrefix(dir, "_"),
		!token.IsIdentifier(strings.ReplaceAll(dir, "-", "_")):
		return goNameDir(g)
	}
	return dir
}

// goNameDir is g's Go name in lower case, with "group" added when that is
// a name the go command treats specially (internal, vendor, testdata). It is
// used only where inputDir found the input directory unusable, so it does
// not look at that directory again.
func goNameDir(g *Group) string {
	dir := strings.ToLower(g.GoName)
	switch dir {
	case "internal", "vendor", "testdata":
		return dir + "group"
	}
	return dir
}

// finishGroupVersion fills the names that depend on the group's Go name.
func (b *builder) finishGroupVersion(g *Group, gv *GroupVersion) {
	cs := b.cs
	gv.Accessor = g.GoName + goName(gv.Version)
	gv.ClientName = gv.Accessor + "Client"
	gv.InterfaceName = gv.Accessor + "Interface"
	gv.FieldName = lowerFirst(gv.Accessor)
	gv.ClientAlias = strings.ToLower(gv.Accessor)
	gv.APIPkgAlias = gv.ClientAlias
	gv.ApplyAlias = "apply" + gv.ClientAlias
	gv.PkgName = gv.Version
	gv.Dir = path.Join(cs.Dir, "typed", g.PkgName, gv.Version)
	gv.PkgPath = path.Join(cs.PkgPath, "typed", g.PkgName, gv.Version)
	gv.ApplyDir = path.Join(cs.ApplyDir, g.PkgName, gv.Version)
	gv.ApplyPkgPath = path.Join(cs.ApplyPkgPath, g.PkgName, gv.Version)
	gv.setInformerPaths(cs, g)
}

// buildType turns one +genclient type into a kind with a client.
func (b *builder) buildType(info *pkgInfo, gv *GroupVersion, td *typeDecl) (*Type, bool) {
	errs := &b.errs
	tag, _ := td.tags.Get("genclient")
	if td.st == nil {
		if sel, ok := td.named.(*ast.SelectorExpr); ok && !td.alias {
			if x, ok := sel.X.(*ast.Ident); ok && b.pkgs[info.load.Imports[td.file][x.Name]] == nil {
				errs.Add(tag.Pos, td.name, tag.Text, "type is declared as %s.%s of package %s, which is not loaded: add that package to --input so its struct can be read", x.Name, sel.Sel.Name, info.load.Imports[td.file][x.Name])
				return nil, false
			}
		}
		errs.Add(tag.Pos, td.name, tag.Text, "only a non-generic struct type can have a client (the type must embed metav1.TypeMeta and metav1.ObjectMeta)")
		return nil, false
	}
	ok := true
	if !td.fields["ObjectMeta"] {
		errs.Add(tag.Pos, td.name, tag.Text, "type has no ObjectMeta: embed metav1.ObjectMeta `json:\"metadata,omitempty\"` so objects have a name and namespace")
		ok = false
	}
	pluralGo := plural(td.name, b.exceptions)
	t := &Type{
		Kind:          td.name,
		ListKind:      td.name + "List",
		Resource:      strings.ToLower(pluralGo),
		Namespaced:    true,
		PluralGoName:  pluralGo,
		GetterName:    pluralGo + "Getter",
		InterfaceName: td.name + "Interface",
		ExpansionName: td.name + "Expansion",
		StructName:    structName(pluralGo),
		Constructor:   "new" + pluralGo,
		ParamName:     paramName(td.name),
		Pos:           td.pos,
		ApplyConfig:   GoType{PkgPath: gv.ApplyPkgPath, Name: td.name + "ApplyConfiguration"},
	}
	if !b.scopeAndResource(td, t) {
		ok = false
	}
	verbs, vok := b.verbs(td)
	if !vok {
		ok = false
	}
	t.Verbs = verbs
	t.NeedsList = t.HasVerb(List)
	t.NeedsApply = t.HasVerb(Apply) || t.HasVerb(ApplyStatus)
	if b.cfg.Informers {
		listerVerbs := verbs
		if td.tags.Has("genclient:noVerbs") {
			// lister-gen ignores noVerbs: client-go has an EvictionLister.
			// Problems with the other verb tags are reported above, or
			// not at all as client-gen ignores them under noVerbs.
			var ignored diag.List
			listerVerbs, _ = b.verbsInto(td, &ignored, false)
		}
		t.setListerInformer(listerVerbs)
	}
	if !td.tags.Has("genclient:noVerbs") {
		for _, mt := range td.tags.All("genclient:method") {
			if e, eok := b.extension(info, gv, td, t, mt); eok {
				t.Extensions = append(t.Extensions, e)
			} else {
				ok = false
			}
		}
	} else if mts := td.tags.All("genclient:method"); len(mts) > 0 {
		errs.Add(mts[0].Pos, td.name, mts[0].Text, "has no effect with +genclient:noVerbs, which generates no methods: remove one of the two")
		ok = false
	}
	needsListType := t.NeedsList
	for _, e := range t.Extensions {
		if e.Verb == List && e.Result == (GoType{PkgPath: gv.APIPkgPath, Name: t.ListKind}) {
			needsListType = true
		}
	}
	if list, hasList := info.byName[t.ListKind]; needsListType {
		switch {
		case !hasList:
			errs.Add(tag.Pos, td.name, tag.Text, "no type %s in this package, which List needs: declare `type %s struct { metav1.TypeMeta; metav1.ListMeta; Items []%s }` (or leave out list with +genclient:skipVerbs=list)", t.ListKind, t.ListKind, td.name)
			ok = false
		case list.st == nil || !list.fields["Items"]:
			errs.Add(list.pos, td.name, tag.Text, "%s must be a struct with an Items []%s field", t.ListKind, td.name)
			ok = false
		}
	}
	if !b.checkMethodNames(td, t) {
		ok = false
	}
	switch {
	case t.NeedsList && t.NeedsApply:
		t.Generic = "ClientWithListAndApply"
	case t.NeedsList:
		t.Generic = "ClientWithList"
	case t.NeedsApply:
		t.Generic = "ClientWithApply"
	default:
		t.Generic = "Client"
	}
	t.GenericConstructor = "New" + t.Generic
	return t, ok
}

// scopeAndResource applies +genclient:nonNamespaced, +resourceName and the
// kubebuilder resource marker, which must agree.
func (b *builder) scopeAndResource(td *typeDecl, t *Type) bool {
	ok := true
	nonNS, hasNonNS := td.tags.Get("genclient:nonNamespaced")
	marker, hasMarker := td.tags.Get("kubebuilder:resource")
	t.Namespaced = !hasNonNS
	if hasMarker {
		if scope, has := marker.Args["scope"]; has {
			switch scope {
			case "Cluster":
				t.Namespaced = false
			case "Namespaced":
				if hasNonNS {
					b.errs.Add(nonNS.Pos, td.name, nonNS.Text, "contradicts %s at line %d: the resource is either cluster-scoped or namespaced; remove one", marker.Text, marker.Pos.Line)
					ok = false
				}
			default:
				b.errs.Add(marker.Pos, td.name, marker.Text, "scope=%s: unknown scope (allowed: Cluster, Namespaced)", scope)
				ok = false
			}
		}
	}
	rn, hasRN := td.tags.Get("resourceName")
	if hasRN {
		if !resourceRE.MatchString(rn.Value) {
			b.errs.Add(rn.Pos, td.name, rn.Text, "%q is not a resource name: use the lower-case plural of the URL path, e.g. widgets", rn.Value)
			ok = false
		}
		t.Resource = rn.Value
	}
	if p, has := marker.Args["path"]; hasMarker && has {
		switch {
		case !resourceRE.MatchString(p):
			b.errs.Add(marker.Pos, td.name, marker.Text, "path=%s is not a resource name: use the lower-case plural of the URL path, e.g. widgets", p)
			ok = false
		case hasRN && rn.Value != p:
			b.errs.Add(rn.Pos, td.name, rn.Text, "contradicts %s at line %d: the resource is called either %s or %s; remove one", marker.Text, marker.Pos.Line, rn.Value, p)
			ok = false
		default:
			t.Resource = p
		}
	}
	return ok
}

// verbs resolves the verb tags the way client-gen does, and reports the
// combinations client-gen silently turns into code that does not compile.
func (b *builder) verbs(td *typeDecl) ([]Verb, bool) {
	return b.verbsInto(td, &b.errs, true)
}

// verbsInto is verbs reporting into errs; with honourNoVerbs false it
// resolves the verb tags as if +genclient:noVerbs were absent, which is how
// lister-gen reads them.
func (b *builder) verbsInto(td *typeDecl, errs *diag.List, honourNoVerbs bool) ([]Verb, bool) {
	if honourNoVerbs && td.tags.Has("genclient:noVerbs") {
		return nil, true
	}
	ok := true
	noStatus, hasNoStatus := td.tags.Get("genclient:noStatus")
	statusMarker, hasMarker := td.tags.Get("kubebuilder:subresource:status")
	if hasNoStatus && hasMarker {
		errs.Add(noStatus.Pos, td.name, noStatus.Text, "contradicts %s at line %d: the status subresource either exists or not; remove one", statusMarker.Text, statusMarker.Pos.Line)
		ok = false
	}
	hasStatus := (td.fields["Status"] || hasMarker) && !hasNoStatus

	keep := map[Verb]bool{}
	for _, v := range AllVerbs() {
		keep[v] = true
	}
	only, hasOnly := td.tags.Get("genclient:onlyVerbs")
	readonly, isReadonly := td.tags.Get("genclient:readonly")
	skip, hasSkip := td.tags.Get("genclient:skipVerbs")
	if hasOnly || isReadonly {
		onlySet := map[Verb]bool{}
		if isReadonly {
			for _, v := range tags.ReadonlyVerbs {
				onlySet[Verb(v)] = true
			}
		}
		for _, v := range only.Verbs {
			onlySet[Verb(v)] = true
		}
		for v := range keep {
			keep[v] = onlySet[v]
		}
		if hasSkip {
			for _, v := range skip.Verbs {
				if onlySet[Verb(v)] {
					by := only
					if !hasOnly || !slices.Contains(only.Verbs, v) {
						by = readonly
					}
					errs.Add(skip.Pos, td.name, skip.Text, "verb %s is also kept by %s at line %d: a verb is either kept or skipped", v, by.Text, by.Pos.Line)
					ok = false
				}
			}
		}
	}
	for _, v := range skip.Verbs {
		keep[Verb(v)] = false
	}
	if !hasStatus {
		for _, v := range only.Verbs {
			if v == string(UpdateStatus) || v == string(ApplyStatus) {
				why := "the type has no Status field"
				if hasNoStatus {
					why = "of " + noStatus.Text
				}
				errs.Add(only.Pos, td.name, only.Text, "keeps %s, but there is no status subresource because %s: add a Status field or +kubebuilder:subresource:status, or drop %s", v, why, v)
				ok = false
			}
		}
		keep[UpdateStatus], keep[ApplyStatus] = false, false
	}
	var verbs []Verb
	for _, v := range AllVerbs() {
		if keep[v] {
			verbs = append(verbs, v)
		}
	}
	return verbs, ok
}

// extension builds one +genclient:method.
func (b *builder) extension(info *pkgInfo, gv *GroupVersion, td *typeDecl, t *Type, mt tags.Tag) (*Extension, bool) {
	m := mt.Method
	e := &Extension{Name: m.Name, Verb: Verb(m.Verb), Subresource: m.Subresource, Tag: mt.Text, Pos: mt.Pos}
	resolve := func(key string, ref tags.TypeRef) (GoType, bool) {
		if ref.IsZero() {
			return GoType{PkgPath: gv.APIPkgPath, Name: td.name}, true
		}
		gt := GoType{PkgPath: ref.PkgPath, Name: ref.Name}
		if gt.PkgPath == "" {
			gt.PkgPath = gv.APIPkgPath
		}
		if p, loaded := b.pkgs[gt.PkgPath]; loaded {
			if _, declared := p.byName[gt.Name]; !declared {
				b.errs.Add(mt.Pos, td.name, mt.Text, "%s=%s: package %s declares no type %s", key, refText(ref), gt.PkgPath, gt.Name)
				return GoType{}, false
			}
		}
		return gt, true
	}
	input, iok := resolve("input", m.Input)
	result, rok := resolve("result", m.Result)
	if !iok || !rok {
		return nil, false
	}
	e.Result = result
	if e.Verb == List {
		e.Result = GoType{PkgPath: result.PkgPath, Name: result.Name + "List"}
		if p, loaded := b.pkgs[result.PkgPath]; loaded && !m.Result.IsZero() {
			if _, declared := p.byName[e.Result.Name]; !declared {
				b.errs.Add(mt.Pos, td.name, mt.Text, "verb=list returns %s, which package %s does not declare: declare it, or use verb=get", e.Result.Name, result.PkgPath)
				return nil, false
			}
		}
	}
	if m.Subresource != "" && e.Verb != Patch {
		e.NameParam = lowerFirst(td.name) + "Name"
	}
	switch e.Verb {
	case Create, Update:
		e.Input = input
	case Apply:
		inInfo := b.pkgs[input.PkgPath]
		if inInfo == nil || inInfo.gv == nil {
			b.errs.Add(mt.Pos, td.name, mt.Text, "an apply method takes the apply configuration of %s, and clientgen generates apply configurations only for the group-versions it generates clients for: add package %s to --input, or use verb=update", input.Name, input.PkgPath)
			return nil, false
		}
		if d := inInfo.byName[input.Name]; d == nil || d.st == nil {
			b.errs.Add(mt.Pos, td.name, mt.Text, "input %s is not a struct type, so it has no apply configuration", input.Name)
			return nil, false
		}
		b.applyConfig(inInfo, input.Name)
		e.Input = GoType{PkgPath: inInfo.gv.ApplyPkgPath, Name: input.Name + "ApplyConfiguration"}
	}
	if e.Verb == Create || e.Verb == Update || e.Verb == Apply {
		e.InputParam = paramName(input.Name)
		if e.InputParam == e.NameParam {
			e.InputParam += "Obj"
		}
		e.NameFromInput = m.Subresource == "" && e.Verb != Create
	}
	target := "the named " + td.name
	switch {
	case m.Subresource != "":
		target = "the " + m.Subresource + " subresource of the named " + td.name
	case e.Verb == List || e.Verb == Create:
		target = "the " + td.name + " collection"
	}
	does := map[Verb]string{Get: "gets", List: "lists", Create: "creates in", Update: "updates", Patch: "patches", Apply: "server-side applies to"}[e.Verb]
	e.Doc = fmt.Sprintf("%s %s %s.", e.Name, does, target)
	return e, true
}

func refText(r tags.TypeRef) string {
	if r.PkgPath == "" {
		return r.Name
	}
	return r.PkgPath + "." + r.Name
}

// checkMethodNames reports extension methods that would collide with a
// standard verb's method, another extension, or the generic client's own
// methods and fields.
func (b *builder) checkMethodNames(td *typeDecl, t *Type) bool {
	ok := true
	reserved := map[string]string{
		"GetClient": "the generic client's method", "GetNamespace": "the generic client's method",
		"Client": "the generic client's field", "ClientWithList": "the generic client's field",
		"ClientWithApply": "the generic client's field", "ClientWithListAndApply": "the generic client's field",
	}
	for _, v := range t.Verbs {
		reserved[v.MethodName()] = fmt.Sprintf("the %s verb's method", v)
	}
	seen := map[string]*Extension{}
	for _, e := range t.Extensions {
		if what, clash := reserved[e.Name]; clash {
			b.errs.Add(e.Pos, td.name, e.Tag, "method %s would collide with %s: choose another name, or remove the verb with +genclient:skipVerbs", e.Name, what)
			ok = false
		} else if prev, dup := seen[e.Name]; dup {
			b.errs.Add(e.Pos, td.name, e.Tag, "method %s is already declared by %s at line %d", e.Name, prev.Tag, prev.Pos.Line)
			ok = false
		}
		seen[e.Name] = e
	}
	return ok
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
