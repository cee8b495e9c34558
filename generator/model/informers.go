package model

import (
	"go/token"
	"path"
	"slices"
	"strings"
)

// The listers and informers: lister-gen's and informer-gen's packages, type
// names and exported method sets (code-generator v0.37.2), written by the
// same run as the clientset and built over runtime/cache and runtime/listers
// instead of client-go.
//
// Layout, relative to --output:
//
//	listers/<group>/<version>                 one lister per kind (lister-gen's listers/)
//	informers[/externalversions]              SharedInformerFactory, GenericInformer, ForResource
//	informers[/externalversions]/internalinterfaces
//	informers[/externalversions]/<group>      the group's Interface (its versions)
//	informers[/externalversions]/<group>/<version>
//
// The factory sits in informers/externalversions when the clientset is
// below a directory (--clientset-name clientset/versioned, kube_codegen.sh's
// layout, whose informer-gen call writes there) and in informers/ otherwise:
// a clientgen-only tree has no internal versions to keep apart.

// ListersDir and InformersDir are the roots of the two trees under --output.
const (
	ListersDir   = "listers"
	InformersDir = "informers"
)

// setInformerPaths fills the listers' and informers' roots of the clientset.
func (c *Clientset) setInformerPaths(outputPkg string, generate bool) {
	c.Informers = generate
	c.ListersDir = ListersDir
	c.ListersPkgPath = path.Join(outputPkg, ListersDir)
	c.InformersDir = InformersDir
	c.InformersPkgName = InformersDir
	if strings.Contains(c.Dir, "/") {
		c.InformersDir = path.Join(InformersDir, "externalversions")
		c.InformersPkgName = "externalversions"
	}
	c.InformersPkgPath = path.Join(outputPkg, c.InformersDir)
}

// InternalInterfacesPkgPath is the import path of the informers' plumbing
// package (the factory interface the group and version packages call back
// through, which is why it cannot live in the factory's package).
func (c *Clientset) InternalInterfacesPkgPath() string {
	return c.InformersPkgPath + "/internalinterfaces"
}

// InternalInterfacesDir is its directory, relative to --output.
func (c *Clientset) InternalInterfacesDir() string {
	return path.Join(c.InformersDir, "internalinterfaces")
}

// InformerGroups are the groups with at least one kind that has an informer,
// the groups of the factory.
func (c *Clientset) InformerGroups() []*Group {
	var out []*Group
	for _, g := range c.Groups {
		if len(g.InformerVersions()) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// setListerInformerDirs names each group's directory under listers/ and
// informers/ as lister-gen and informer-gen do: after the directory its
// input packages sit in, dots and hyphens included (code-generator's
// apiserver example keeps a group in example3.io/, where clientgen's typed
// clients, whose directory must also be a package name in client-gen's
// scheme, use the Go name). Where that does not give one directory per
// group (versions in differently named directories, a name the go command
// treats specially, two groups in same-named directories) the typed
// clients' directory is used.
func setListerInformerDirs(c *Clientset) {
	byDir := map[string][]*Group{}
	for _, g := range c.Groups {
		dir := path.Base(path.Dir(g.Versions[0].APIPkgPath))
		for _, gv := range g.Versions[1:] {
			if path.Base(path.Dir(gv.APIPkgPath)) != dir {
				dir = g.PkgName
			}
		}
		if !usableDir(dir) {
			dir = g.PkgName
		}
		g.ListerInformerDir = dir
		byDir[dir] = append(byDir[dir], g)
	}
	for _, gs := range byDir {
		if len(gs) > 1 {
			for _, g := range gs {
				g.ListerInformerDir = g.PkgName
			}
		}
	}
	for _, g := range c.Groups {
		g.setInformerPaths(c)
	}
}

// usableDir reports whether dir can be a directory of a package the go
// command builds: not one it treats specially, and only the characters of
// an import path element.
func usableDir(dir string) bool {
	switch {
	case dir == "internal", dir == "vendor", dir == "testdata", dir == "",
		strings.HasPrefix(dir, "."), strings.HasPrefix(dir, "_"), strings.HasSuffix(dir, "."):
		return false
	}
	for _, r := range dir {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_') {
			return false
		}
	}
	return true
}

// setInformerPaths fills the group's informer package.
func (g *Group) setInformerPaths(c *Clientset) {
	g.InformerDir = path.Join(c.InformersDir, g.ListerInformerDir)
	g.InformerPkgPath = path.Join(c.InformersPkgPath, g.ListerInformerDir)
	// informer-gen names the package after the directory up to its first
	// dot (example3.io -> example3); a hyphen cannot be in a package name.
	first, _, _ := strings.Cut(g.ListerInformerDir, ".")
	g.InformerPkgName = strings.ToLower(strings.ReplaceAll(first, "-", ""))
	if !token.IsIdentifier(g.InformerPkgName) || token.IsKeyword(g.InformerPkgName) {
		g.InformerPkgName = "group" + strings.ToLower(g.GoName)
	}
}

// InformerVersions are the group's versions with at least one informer.
func (g *Group) InformerVersions() []*GroupVersion {
	var out []*GroupVersion
	for _, gv := range g.Versions {
		if len(gv.InformerTypes()) > 0 {
			out = append(out, gv)
		}
	}
	return out
}

// setInformerPaths fills the group-version's lister and informer packages.
func (gv *GroupVersion) setInformerPaths(c *Clientset, g *Group) {
	gv.VersionGoName = goName(gv.Version)
	gv.ListerDir = path.Join(c.ListersDir, g.ListerInformerDir, gv.Version)
	gv.ListerPkgPath = path.Join(c.ListersPkgPath, g.ListerInformerDir, gv.Version)
	gv.ListerAlias = "listers" + gv.ClientAlias
	gv.InformerDir = path.Join(g.InformerDir, gv.Version)
	gv.InformerPkgPath = path.Join(g.InformerPkgPath, gv.Version)
}

// ListerTypes are the kinds of the group-version that have a lister.
func (gv *GroupVersion) ListerTypes() []*Type {
	var out []*Type
	for _, t := range gv.Types {
		if t.HasLister {
			out = append(out, t)
		}
	}
	return out
}

// InformerTypes are the kinds of the group-version that have an informer.
func (gv *GroupVersion) InformerTypes() []*Type {
	var out []*Type
	for _, t := range gv.Types {
		if t.HasInformer {
			out = append(out, t)
		}
	}
	return out
}

// setListerInformer decides which of the two a kind gets: an informer needs
// list and watch (informer-gen's rule); a lister needs list and get as
// lister-gen reads the verb tags (listerVerbs: +genclient:noVerbs does not
// count, so client-go has an EvictionLister), or an informer, whose Lister
// method returns it. informer-gen writes that method for a kind with list and
// watch but no get while lister-gen writes no lister for it, which does not
// compile.
func (t *Type) setListerInformer(listerVerbs []Verb) {
	t.HasInformer = t.HasVerb(List) && t.HasVerb(Watch)
	t.HasLister = t.HasInformer || (slices.Contains(listerVerbs, List) && slices.Contains(listerVerbs, Get))
}

// The names of a kind's lister, lister-gen's.

// ListerName is the lister interface, e.g. "WidgetLister".
func (t *Type) ListerName() string { return t.Kind + "Lister" }

// NamespaceListerName is the lister of one namespace, e.g. "WidgetNamespaceLister".
func (t *Type) NamespaceListerName() string { return t.Kind + "NamespaceLister" }

// ListerExpansionName is the interface a lister embeds for hand-written
// methods, e.g. "WidgetListerExpansion".
func (t *Type) ListerExpansionName() string { return t.Kind + "ListerExpansion" }

// NamespaceListerExpansionName is the namespace lister's, e.g.
// "WidgetNamespaceListerExpansion".
func (t *Type) NamespaceListerExpansionName() string { return t.Kind + "NamespaceListerExpansion" }

// ExpansionFile is the file a hand-written expansion of the kind goes in,
// client-gen's and lister-gen's name for it, e.g. "widget_expansion.go".
func (t *Type) ExpansionFile() string { return strings.ToLower(t.Kind) + "_expansion.go" }

// ListerStruct and NamespaceListerStruct implement them, e.g. "widgetLister".
func (t *Type) ListerStruct() string { return lowerFirst(t.Kind) + "Lister" }

// NamespaceListerStruct is the namespace lister's struct, e.g. "widgetNamespaceLister".
func (t *Type) NamespaceListerStruct() string { return lowerFirst(t.Kind) + "NamespaceLister" }

// NewListerFunc builds a lister over an indexer, e.g. "NewWidgetLister".
func (t *Type) NewListerFunc() string { return "New" + t.Kind + "Lister" }

// NotFoundResource is the resource a lister's NotFound error names:
// lister-gen's Resource("<lower-case kind>"), so the error text is the same.
func (t *Type) NotFoundResource() string { return strings.ToLower(t.Kind) }

// The names of a kind's informer, informer-gen's.

// InformerName is the informer interface, e.g. "WidgetInformer".
func (t *Type) InformerName() string { return t.Kind + "Informer" }

// TypedInformerName adds TypedInformer, e.g. "TypedWidgetInformer".
func (t *Type) TypedInformerName() string { return "Typed" + t.Kind + "Informer" }

// IndexInformerName is the typed SharedIndexInformer, e.g. "WidgetIndexInformer".
func (t *Type) IndexInformerName() string { return t.Kind + "IndexInformer" }

// InformerAliases are the specialisations of runtime/cache's generic types
// informer-gen declares for a kind: alias name -> the cache type.
func (t *Type) InformerAliases() []InformerAlias {
	return []InformerAlias{
		{t.Kind + "HandlerFuncs", "TypedResourceEventHandlerFuncs"},
		{t.Kind + "DetailedHandlerFuncs", "TypedResourceEventHandlerDetailedFuncs"},
		{t.Kind + "FilteringHandler", "TypedFilteringResourceEventHandler"},
		{t.Kind + "Indexers", "TypedIndexers"},
		{"Deleted" + t.Kind, "DeletedObject"},
	}
}

// InformerAlias is one `type <Name> = cache.<Generic>[*Kind]`.
type InformerAlias struct {
	Name, Generic string
}

// IndexersAlias is the kind's typed indexers alias, e.g. "WidgetIndexers".
func (t *Type) IndexersAlias() string { return t.Kind + "Indexers" }

// InformerStruct implements the informer interfaces, e.g. "widgetInformer".
func (t *Type) InformerStruct() string { return lowerFirst(t.Kind) + "Informer" }

// TypedInformerAdapter wraps a WidgetInformer as a TypedWidgetInformer.
func (t *Type) TypedInformerAdapter() string { return lowerFirst(t.Kind) + "TypedInformerAdapter" }

// NewInformerFunc is New<Kind>Informer; the other constructors are its
// typed, filtered and with-options variants, as informer-gen names them.
func (t *Type) NewInformerFunc() string { return "New" + t.Kind + "Informer" }

// NewTypedInformerFunc is NewTyped<Kind>Informer.
func (t *Type) NewTypedInformerFunc() string { return "NewTyped" + t.Kind + "Informer" }

// NewFilteredInformerFunc is NewFiltered<Kind>Informer.
func (t *Type) NewFilteredInformerFunc() string { return "NewFiltered" + t.Kind + "Informer" }

// NewTypedFilteredInformerFunc is NewTypedFiltered<Kind>Informer.
func (t *Type) NewTypedFilteredInformerFunc() string { return "NewTypedFiltered" + t.Kind + "Informer" }

// NewInformerWithOptionsFunc is New<Kind>InformerWithOptions.
func (t *Type) NewInformerWithOptionsFunc() string { return "New" + t.Kind + "InformerWithOptions" }

// NewTypedInformerWithOptionsFunc is NewTyped<Kind>InformerWithOptions, the
// one constructor the others call.
func (t *Type) NewTypedInformerWithOptionsFunc() string {
	return "NewTyped" + t.Kind + "InformerWithOptions"
}

// ToTypedInformerFunc is ToTyped<Kind>Informer.
func (t *Type) ToTypedInformerFunc() string { return "ToTyped" + t.Kind + "Informer" }

// ToIndexInformerFunc is To<Kind>IndexInformer.
func (t *Type) ToIndexInformerFunc() string { return "To" + t.Kind + "IndexInformer" }

// ListerIdents are the package-level names a kind's lister declares in its
// package, for the collision check.
func (t *Type) ListerIdents() []string {
	ids := []string{t.ListerName(), t.ListerExpansionName(), t.NewListerFunc(), t.ListerStruct()}
	if t.Namespaced {
		ids = append(ids, t.NamespaceListerName(), t.NamespaceListerExpansionName(), t.NamespaceListerStruct())
	}
	return ids
}

// InformerIdents are the package-level names a kind's informer declares in
// its package, for the collision check.
func (t *Type) InformerIdents() []string {
	ids := []string{
		t.InformerName(), t.TypedInformerName(), t.IndexInformerName(), t.InformerStruct(), t.TypedInformerAdapter(),
		t.NewInformerFunc(), t.NewTypedInformerFunc(), t.NewFilteredInformerFunc(), t.NewTypedFilteredInformerFunc(),
		t.NewInformerWithOptionsFunc(), t.NewTypedInformerWithOptionsFunc(), t.ToTypedInformerFunc(), t.ToIndexInformerFunc(),
	}
	for _, a := range t.InformerAliases() {
		ids = append(ids, a.Name)
	}
	return ids
}

// InformerPackageIdents are the names every informer version package
// declares besides the kinds' own.
func InformerPackageIdents() []string { return []string{"Interface", "New", "version"} }
