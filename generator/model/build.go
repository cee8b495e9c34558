package model

import (
	"fmt"
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
	ClientsetName    string            // directory of the clientset under the output; its last element is the package name
	OutputPkg        string            // import path of the --output directory
	PluralExceptions map[string]string // Kind -> plural, on top of the defaults
	Informers        bool              // generate listers and informers
	ApplyDir         string            // directory of the apply configurations under the output; "" is ApplyDir
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
	warns      diag.List
	pkgs       map[string]*pkgInfo // by import path
	cs         *Clientset

	applies  map[GoType]*ApplyConfig // built or being built
	building map[GoType]bool
	// applyInputs are the inputs of apply extension methods, and
	// reachable the types applyconfiguration-gen's reference graph
	// reaches (reach.go): only those get apply configurations.
	applyInputs []applyInput
	reachable   map[GoType]bool
}

// pkgInfo is one loaded package as the model sees it.
type pkgInfo struct {
	load    *load.Package
	byName  map[string]*typeDecl // the declaration index's types
	tags    *tags.Package
	gv      *GroupVersion // set when the package gets a client
	genType []*typeDecl
}

// typeDecl is one declaration of the index.
type typeDecl = load.TypeDecl

// Build turns the loaded packages and their tags into the model. Packages
// without a +genclient type or a +genclient on no type, or with
// +k8s:client-gen=false, are not generated. Every problem found is returned
// in errs; warns are problems of the input that do not stop generation.
func Build(res *load.Result, tagged *tags.Result, cfg Config) (cs *Clientset, errs, warns diag.List) {
	b := &builder{
		fset:       res.Fset,
		cfg:        cfg,
		exceptions: defaultPluralExceptions(),
		pkgs:       map[string]*pkgInfo{},
		applies:    map[GoType]*ApplyConfig{},
		building:   map[GoType]bool{},
		reachable:  map[GoType]bool{},
	}
	for k, v := range cfg.PluralExceptions {
		b.exceptions[k] = v
	}
	applyDir := cfg.ApplyDir
	if applyDir == "" {
		applyDir = ApplyDir
	}
	b.cs = &Clientset{
		Name:         path.Base(cfg.ClientsetName),
		PkgPath:      path.Join(cfg.OutputPkg, cfg.ClientsetName),
		Dir:          cfg.ClientsetName,
		ApplyPkgPath: path.Join(cfg.OutputPkg, applyDir),
		ApplyDir:     applyDir,
		ApplyPkgName: path.Base(applyDir),
	}
	b.cs.setInformerPaths(cfg.OutputPkg, cfg.Informers)
	var infos []*pkgInfo
	for _, p := range res.Packages {
		info := b.info(p, tagged.Packages[p.PkgPath])
		b.pkgs[p.PkgPath] = info
		infos = append(infos, info)
	}

	groups := map[string]*Group{}
	groupGoNameFrom := map[string]*tags.TextTag{}
	var optedOut []*pkgInfo
	var types = map[*GroupVersion][]*typeDecl{}
	var deps []*pkgInfo
	for _, info := range infos {
		if info.load.Dependency {
			deps = append(deps, info)
			continue
		}
		if len(info.genType) == 0 && info.tags.GenClientOnNoType == nil {
			// No client, but the structs of an input package get apply
			// configurations where kinds reach them, as a dependency's do
			// (applyconfiguration-gen writes them for every input; without
			// this, cert-manager's meta/v1 fields took plain structs).
			deps = append(deps, info)
			continue
		}
		if optOut := info.tags.ClientGen; optOut != nil && !optOut.Value {
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
		if goNameTag := info.tags.GroupGoName; goNameTag != nil {
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
		if t := groupGoNameFrom[name]; t != nil {
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
	b.dependencyVersions(deps)
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
	b.markReachable()
	for _, g := range b.cs.Groups {
		for _, gv := range g.Versions {
			for _, t := range gv.Types {
				if !b.applyRoot(gv, t) {
					continue // applyconfiguration-gen's roots are the kinds with apply
				}
				if ac := b.applyConfig(b.pkgs[gv.APIPkgPath], t.Kind); ac != nil {
					ac.Kind = &ApplyKind{Kind: t.Kind, APIVersion: gv.APIVersion, Namespaced: t.Namespaced, Client: true}
				}
			}
		}
	}
	for _, in := range b.applyInputs {
		b.applyConfig(b.pkgs[in.input.PkgPath], in.input.Name)
	}
	b.finishApplyKinds()
	b.buildSchema()
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
	b.cs.ApplyOnly = slices.DeleteFunc(b.cs.ApplyOnly, func(gv *GroupVersion) bool { return len(gv.ApplyConfigs) == 0 })
	for _, gv := range b.cs.ApplyOnly {
		slices.SortFunc(gv.ApplyConfigs, func(a, b *ApplyConfig) int { return strings.Compare(a.Type.Name, b.Type.Name) })
	}
	if len(b.cs.Groups) == 0 && len(optedOut) > 0 && len(b.errs) == 0 {
		for _, info := range optedOut {
			b.errs.Add(info.tags.ClientGen.Pos, "", info.tags.ClientGen.Text, "package %s opts out of client generation, so clientgen generates nothing for it: remove the tag or leave the package out of --input", info.load.PkgPath)
		}
	}
	return b.cs, b.errs, b.warns
}

// info is one package of the declaration index with its tags.
func (b *builder) info(pkg *load.Package, pt *tags.Package) *pkgInfo {
	info := &pkgInfo{load: pkg, byName: pkg.Index.TypeByName, tags: pt}
	for _, td := range pkg.Index.Types {
		if pt.Type(td.Name).GenClient != nil {
			info.genType = append(info.genType, td)
		}
	}
	return info
}

// groupVersion checks the package-level requirements of a package with
// +genclient types and returns its group-version.
func (b *builder) groupVersion(info *pkgInfo) (*GroupVersion, bool) {
	pkg := info.load
	ok := true
	group := ""
	if t := info.tags.GroupName; t != nil {
		group = t.Value
	} else if info.load.Index.HasSchemeGroup {
		group = info.load.Index.SchemeGroup
	} else {
		b.errs.Add(info.load.Index.Pos, "", "", "package %s has +genclient types but no +groupName: add `// +groupName=<group>` (e.g. example.com) to the package comment in doc.go", pkg.PkgPath)
		ok = false
	}
	if !versionRE.MatchString(pkg.Name) {
		b.errs.Add(info.load.Index.Pos, "", "", "package name %q is not a Kubernetes API version (want v1, v1beta1, v2alpha3, ...): clientgen takes the version from the package name", pkg.Name)
		ok = false
	}
	if !info.load.Index.Scheme {
		b.errs.Add(info.load.Index.Pos, "", "", "package %s has no AddToScheme: the generated scheme registers each group-version through it (declare `var AddToScheme = SchemeBuilder.AddToScheme` in register.go, or in groupversion_info.go for a kubebuilder project)", pkg.PkgPath)
		ok = false
	}
	if !ok {
		return nil, false
	}
	gv := &GroupVersion{Group: group, Version: pkg.Name, APIPkgPath: pkg.PkgPath, Pos: info.load.Index.Pos}
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
	tt := info.tags.Type(td.Name)
	tag := tt.GenClient
	if !token.IsExported(td.Name) {
		errs.Add(tag.Pos, td.Name, tag.Text, "type %s is not exported, so the generated client (another package) cannot name it: export the type, or remove +genclient", td.Name)
		return nil, false
	}
	if td.Struct == nil {
		if sel, ok := td.Named.(*ast.SelectorExpr); ok && !td.Alias {
			if x, ok := sel.X.(*ast.Ident); ok && b.pkgs[info.load.Imports[td.File][x.Name]] == nil {
				errs.Add(tag.Pos, td.Name, tag.Text, "type is declared as %s.%s of package %s, which is not loaded: add that package to --input so its struct can be read", x.Name, sel.Sel.Name, info.load.Imports[td.File][x.Name])
				return nil, false
			}
		}
		errs.Add(tag.Pos, td.Name, tag.Text, "only a non-generic struct type can have a client (the type must embed metav1.TypeMeta and metav1.ObjectMeta)")
		return nil, false
	}
	ok := true
	if !td.Fields["ObjectMeta"] {
		errs.Add(tag.Pos, td.Name, tag.Text, "type has no ObjectMeta: embed metav1.ObjectMeta `json:\"metadata,omitempty\"` so objects have a name and namespace")
		ok = false
	}
	pluralGo := plural(td.Name, b.exceptions)
	if rm := tt.KubebuilderResource; rm != nil && rm.Path != "" {
		// The marker declares the plural: name the getter after it, as
		// --plural-exceptions would, unless that option names this kind.
		if _, explicit := b.cfg.PluralExceptions[td.Name]; !explicit {
			if p, ok := pluralFromResource(td.Name, rm.Path); ok {
				pluralGo = p
			}
		}
	}
	t := &Type{
		Kind:          td.Name,
		ListKind:      td.Name + "List",
		Resource:      strings.ToLower(pluralGo),
		Namespaced:    true,
		PluralGoName:  pluralGo,
		GetterName:    pluralGo + "Getter",
		InterfaceName: td.Name + "Interface",
		ExpansionName: td.Name + "Expansion",
		StructName:    structName(pluralGo),
		Constructor:   "new" + pluralGo,
		ParamName:     paramName(td.Name),
		Pos:           td.Pos,
		ApplyConfig:   GoType{PkgPath: gv.ApplyPkgPath, Name: td.Name + "ApplyConfiguration"},
	}
	if !b.scopeAndResource(td, tt, t) {
		ok = false
	}
	verbs, vok := b.verbs(td, tt)
	if !vok {
		ok = false
	}
	t.Verbs = verbs
	if info.tags.Kubebuilder != nil && td.Fields["Status"] && tt.SubresourceStatus == nil && (t.HasVerb(UpdateStatus) || t.HasVerb(ApplyStatus)) {
		// controller-gen gives the CRD a status subresource only for the
		// marker; client-gen goes by the Status field.
		b.warns.Add(tag.Pos, td.Name, tag.Text, "has a Status field but no +kubebuilder:subresource:status: a CRD generated from this package's kubebuilder markers has no status subresource, so UpdateStatus and ApplyStatus will get 404 Not Found; add +kubebuilder:subresource:status, or +genclient:noStatus to leave them out")
	}
	t.NeedsList = t.HasVerb(List)
	t.NeedsApply = t.HasVerb(Apply) || t.HasVerb(ApplyStatus)
	if b.cfg.Informers {
		listerVerbs := verbs
		if tt.NoVerbs != nil {
			// lister-gen ignores noVerbs: client-go has an EvictionLister.
			// Problems with the other verb tags are reported above, or
			// not at all as client-gen ignores them under noVerbs.
			var ignored diag.List
			listerVerbs, _ = b.verbsInto(td, tt, &ignored, false)
		}
		t.setListerInformer(listerVerbs)
	}
	if tt.NoVerbs == nil {
		for _, mt := range tt.Method {
			if e, eok := b.extension(info, gv, td, t, mt); eok {
				t.Extensions = append(t.Extensions, e)
			} else {
				ok = false
			}
		}
	} else if mts := tt.Method; len(mts) > 0 {
		errs.Add(mts[0].Pos, td.Name, mts[0].Text, "has no effect with +genclient:noVerbs, which generates no methods: remove one of the two")
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
			errs.Add(tag.Pos, td.Name, tag.Text, "no type %s in this package, which List needs: declare `type %s struct { metav1.TypeMeta; metav1.ListMeta; Items []%s }` (or leave out list with +genclient:skipVerbs=list)", t.ListKind, t.ListKind, td.Name)
			ok = false
		case list.Struct == nil || !list.Fields["Items"]:
			errs.Add(list.Pos, td.Name, tag.Text, "%s must be a struct with an Items []%s field", t.ListKind, td.Name)
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
func (b *builder) scopeAndResource(td *typeDecl, tt *tags.Type, t *Type) bool {
	ok := true
	nonNS, marker := tt.NonNamespaced, tt.KubebuilderResource
	t.Namespaced = nonNS == nil
	if marker != nil {
		switch marker.Scope {
		case "Cluster":
			t.Namespaced = false
		case "Namespaced":
			if nonNS != nil {
				b.errs.Add(nonNS.Pos, td.Name, nonNS.Text, "contradicts %s at line %d: the resource is either cluster-scoped or namespaced; remove one", marker.Text, marker.Pos.Line)
				ok = false
			}
		}
	}
	rn := tt.ResourceName
	if rn != nil {
		if !tags.IsResourceName(rn.Value) {
			b.errs.Add(rn.Pos, td.Name, rn.Text, "%q is not a resource name: use the lower-case plural of the URL path, e.g. widgets", rn.Value)
			ok = false
		}
		t.Resource = rn.Value
	}
	if marker != nil && marker.Path != "" {
		if rn != nil && rn.Value != marker.Path {
			b.errs.Add(rn.Pos, td.Name, rn.Text, "contradicts %s at line %d: the resource is called either %s or %s; remove one", marker.Text, marker.Pos.Line, rn.Value, marker.Path)
			ok = false
		} else {
			t.Resource = marker.Path
		}
	}
	return ok
}

// verbs resolves the verb tags the way client-gen does, and reports the
// combinations client-gen silently turns into code that does not compile.
func (b *builder) verbs(td *typeDecl, tt *tags.Type) ([]Verb, bool) {
	return b.verbsInto(td, tt, &b.errs, true)
}

// verbsInto is verbs reporting into errs; with honourNoVerbs false it
// resolves the verb tags as if +genclient:noVerbs were absent, which is how
// lister-gen reads them.
func (b *builder) verbsInto(td *typeDecl, tt *tags.Type, errs *diag.List, honourNoVerbs bool) ([]Verb, bool) {
	if honourNoVerbs && tt.NoVerbs != nil {
		return nil, true
	}
	ok := true
	noStatus, statusMarker := tt.NoStatus, tt.SubresourceStatus
	hasNoStatus, hasMarker := noStatus != nil, statusMarker != nil
	if hasNoStatus && hasMarker {
		errs.Add(noStatus.Pos, td.Name, noStatus.Text, "contradicts %s at line %d: the status subresource either exists or not; remove one", statusMarker.Text, statusMarker.Pos.Line)
		ok = false
	}
	hasStatus := (td.Fields["Status"] || hasMarker) && !hasNoStatus

	keep := map[Verb]bool{}
	for _, v := range AllVerbs() {
		keep[v] = true
	}
	only, readonly, skip := tt.OnlyVerbs, tt.Readonly, tt.SkipVerbs
	hasOnly, isReadonly, hasSkip := only != nil, readonly != nil, skip != nil
	var onlyVerbs, skipVerbs []string
	if hasOnly {
		onlyVerbs = only.Verbs
	}
	if hasSkip {
		skipVerbs = skip.Verbs
	}
	if hasOnly || isReadonly {
		onlySet := map[Verb]bool{}
		if isReadonly {
			for _, v := range tags.ReadonlyVerbs {
				onlySet[Verb(v)] = true
			}
		}
		for _, v := range onlyVerbs {
			onlySet[Verb(v)] = true
		}
		for v := range keep {
			keep[v] = onlySet[v]
		}
		if hasSkip {
			for _, v := range skipVerbs {
				if onlySet[Verb(v)] {
					by := readonly
					if slices.Contains(onlyVerbs, v) {
						by = &only.Tag
					}
					errs.Add(skip.Pos, td.Name, skip.Text, "verb %s is also kept by %s at line %d: a verb is either kept or skipped", v, by.Text, by.Pos.Line)
					ok = false
				}
			}
		}
	}
	for _, v := range skipVerbs {
		keep[Verb(v)] = false
	}
	if !hasStatus {
		for _, v := range onlyVerbs {
			if v == string(UpdateStatus) || v == string(ApplyStatus) {
				why := "the type has no Status field"
				if hasNoStatus {
					why = "of " + noStatus.Text
				}
				errs.Add(only.Pos, td.Name, only.Text, "keeps %s, but there is no status subresource because %s: add a Status field or +kubebuilder:subresource:status, or drop %s", v, why, v)
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
func (b *builder) extension(info *pkgInfo, gv *GroupVersion, td *typeDecl, t *Type, mt tags.ExtensionMethod) (*Extension, bool) {
	m := mt
	e := &Extension{Name: m.Name, Verb: Verb(m.Verb), Subresource: m.Subresource, Tag: mt.Text, Pos: mt.Pos}
	resolve := func(key string, ref tags.TypeRef) (GoType, bool) {
		if ref.IsZero() {
			return GoType{PkgPath: gv.APIPkgPath, Name: td.Name}, true
		}
		gt := GoType{PkgPath: ref.PkgPath, Name: ref.Name}
		if gt.PkgPath == "" {
			gt.PkgPath = gv.APIPkgPath
		}
		if p, loaded := b.pkgs[gt.PkgPath]; loaded {
			if _, declared := p.byName[gt.Name]; !declared {
				b.errs.Add(mt.Pos, td.Name, mt.Text, "%s=%s: package %s declares no type %s", key, refText(ref), gt.PkgPath, gt.Name)
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
				b.errs.Add(mt.Pos, td.Name, mt.Text, "verb=list returns %s, which package %s does not declare: declare it, or use verb=get", e.Result.Name, result.PkgPath)
				return nil, false
			}
		}
	}
	if m.Subresource != "" && e.Verb != Patch {
		e.NameParam = lowerFirst(td.Name) + "Name"
	}
	switch e.Verb {
	case Create, Update:
		e.Input = input
	case Apply:
		inInfo := b.pkgs[input.PkgPath]
		if inInfo == nil || inInfo.gv == nil {
			b.errs.Add(mt.Pos, td.Name, mt.Text, "an apply method takes the apply configuration of %s, and clientgen generates apply configurations only for the group-versions it generates clients for: add package %s to --input, or use verb=update", input.Name, input.PkgPath)
			return nil, false
		}
		if d := inInfo.byName[input.Name]; d == nil || d.Struct == nil {
			b.errs.Add(mt.Pos, td.Name, mt.Text, "input %s is not a struct type, so it has no apply configuration", input.Name)
			return nil, false
		}
		e.Input = GoType{PkgPath: inInfo.gv.ApplyPkgPath, Name: input.Name + "ApplyConfiguration"}
		b.applyInputs = append(b.applyInputs, applyInput{kind: GoType{PkgPath: gv.APIPkgPath, Name: td.Name}, input: input, samePackage: m.Input.PkgPath == ""})
	}
	if e.Verb == Create || e.Verb == Update || e.Verb == Apply {
		e.InputParam = paramName(input.Name)
		if e.InputParam == e.NameParam {
			e.InputParam += "Obj"
		}
		e.NameFromInput = m.Subresource == "" && e.Verb != Create
	}
	target := "the named " + td.Name
	switch {
	case m.Subresource != "":
		target = "the " + m.Subresource + " subresource of the named " + td.Name
	case e.Verb == List || e.Verb == Create:
		target = "the " + td.Name + " collection"
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
			b.errs.Add(e.Pos, td.Name, e.Tag, "method %s would collide with %s: choose another name, or remove the verb with +genclient:skipVerbs", e.Name, what)
			ok = false
		} else if prev, dup := seen[e.Name]; dup {
			b.errs.Add(e.Pos, td.Name, e.Tag, "method %s is already declared by %s at line %d", e.Name, prev.Tag, prev.Pos.Line)
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
