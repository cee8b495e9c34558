package render

import (
	"github.com/dave/jennifer/jen"

	"github.com/clientgen/clientgen/generator/model"
	"github.com/clientgen/clientgen/templates"
)

// informerFiles are the listers and informers: one file per package, in the
// packages lister-gen and informer-gen lay them out in (see model/informers.go).
func (r *renderer) informerFiles() []job {
	cs := r.cs
	if !cs.Informers {
		return nil
	}
	var jobs []job
	for _, g := range cs.Groups {
		for _, gv := range g.Versions {
			if ts := gv.ListerTypes(); len(ts) > 0 {
				f := r.docFile(gv.ListerPkgPath, gv.PkgName, templates.Doc("listers", gv.PkgName, displayGroup(gv.Group), gv.Version))
				for _, t := range ts {
					r.listers(f, gv, t)
				}
				jobs = append(jobs, job{gv.ListerDir, "lister.go", f, len(ts)})
			}
		}
	}
	groups := cs.InformerGroups()
	if len(groups) == 0 {
		return jobs
	}
	f := r.informerFile(cs.InformersPkgPath, cs.InformersPkgName, templates.Doc("informers", cs.InformersPkgName))
	r.factory(f, groups)
	r.generic(f, groups)
	jobs = append(jobs, job{cs.InformersDir, "factory.go", f, len(groups)})

	f = r.informerFile(cs.InternalInterfacesPkgPath(), "internalinterfaces", templates.Doc("internalinterfaces"))
	r.internalInterfaces(f)
	jobs = append(jobs, job{cs.InternalInterfacesDir(), "factory_interfaces.go", f, 1})

	for _, g := range groups {
		f := r.informerFile(g.InformerPkgPath, g.InformerPkgName, templates.Doc("informergroup", g.InformerPkgName, displayGroup(g.Name)))
		r.informerGroup(f, g)
		jobs = append(jobs, job{g.InformerDir, "interface.go", f, 1})
		for _, gv := range g.InformerVersions() {
			f := r.informerFile(gv.InformerPkgPath, gv.PkgName, templates.Doc("informerversion", gv.PkgName, displayGroup(gv.Group), gv.Version))
			r.informerVersion(f, gv)
			for _, t := range gv.InformerTypes() {
				r.informer(f, gv, t)
			}
			jobs = append(jobs, job{gv.InformerDir, "informer.go", f, len(gv.InformerTypes())})
		}
	}
	return jobs
}

// informerFile is docFile with the names of the informers' imports.
func (r *renderer) informerFile(pkgPath, name, doc string) *jen.File {
	f := r.docFile(pkgPath, name, doc)
	cs := r.cs
	f.ImportName(cs.PkgPath, cs.Name)
	f.ImportName(cs.InternalInterfacesPkgPath(), "internalinterfaces")
	for _, g := range cs.Groups {
		f.ImportName(g.InformerPkgPath, g.InformerPkgName)
		for _, gv := range g.Versions {
			f.ImportAlias(gv.ListerPkgPath, gv.ListerAlias)
		}
	}
	return f
}

// The informers' shared names.
func clientsetInterface(cs *model.Clientset) *jen.Statement { return jen.Qual(cs.PkgPath, "Interface") }
func internalIface(cs *model.Clientset, name string) *jen.Statement {
	return jen.Qual(cs.InternalInterfacesPkgPath(), name)
}
func cacheName(name string) *jen.Statement { return jen.Qual(cachePkg, name) }
func reflectType() *jen.Statement          { return jen.Qual("reflect", "Type") }
func duration() *jen.Statement             { return jen.Qual("time", "Duration") }

// internalInterfaces writes informers/.../internalinterfaces: informer-gen's
// factory interface, through which the group and version packages reach the
// factory without importing it, and clientgen's per-kind options hook.
func (r *renderer) internalInterfaces(f *jen.File) {
	cs := r.cs
	f.Comment("NewInformerFunc makes the informer of one kind from the clientset and a resync period.")
	f.Type().Id("NewInformerFunc").Func().Params(clientsetInterface(cs), duration()).Add(cacheName("SharedIndexInformer"))

	f.Comment("SharedInformerFactory is the part of the factory the generated informers call:")
	f.Comment("it lets them register an informer without importing the factory's package.")
	f.Type().Id("SharedInformerFactory").Interface(
		jen.Id("Start").Params(jen.Id("stopCh").Op("<-").Chan().Struct()),
		jen.Id("InformerFor").Params(jen.Id("obj").Qual(runtimePkg, "Object"), jen.Id("newFunc").Id("NewInformerFunc")).Add(cacheName("SharedIndexInformer")),
		jen.Id("InformerName").Params().Op("*").Add(cacheName("InformerName")),
	)

	f.Comment("TweakListOptionsFunc changes the options of an informer's LIST and WATCH requests")
	f.Comment("(label and field selectors, for example).")
	f.Type().Id("TweakListOptionsFunc").Func().Params(jen.Op("*").Qual(metav1Pkg, "ListOptions"))

	f.Comment("InformerOptions configure one informer made outside a factory.")
	f.Type().Id("InformerOptions").Struct(
		jen.Comment("ResyncPeriod is how often handlers get every cached object again; 0 never."),
		jen.Id("ResyncPeriod").Add(duration()),
		jen.Comment("Indexers are the informer's indexes."),
		jen.Id("Indexers").Add(cacheName("Indexers")),
		jen.Comment("InformerName names the informer in metrics; nil publishes none."),
		jen.Id("InformerName").Op("*").Add(cacheName("InformerName")),
		jen.Comment("TweakListOptions, if set, changes every LIST and WATCH request."),
		jen.Id("TweakListOptions").Id("TweakListOptionsFunc"),
	)

	f.Comment("KindInformerOptions are the settings of one kind's informer in a factory, given")
	f.Comment("with the factory's WithInformerOptionsFor. They replace the factory's settings")
	f.Comment("for that kind as a whole: a zero field means its zero value (all namespaces, no")
	f.Comment("list options, no transform, no resync), not the factory's value.")
	f.Type().Id("KindInformerOptions").Struct(
		jen.Comment("Namespace limits a namespaced kind's informer to one namespace; \"\" is all."),
		jen.Id("Namespace").String(),
		jen.Comment("TweakListOptions changes its LIST and WATCH requests (selectors)."),
		jen.Id("TweakListOptions").Id("TweakListOptionsFunc"),
		jen.Comment("Transform runs on each object before it is stored."),
		jen.Id("Transform").Add(cacheName("TransformFunc")),
		jen.Comment("ResyncPeriod is how often handlers get every cached object again; 0 never."),
		jen.Id("ResyncPeriod").Add(duration()),
	)

	f.Comment("KindInformerOptionsGetter is implemented by the generated factory: it returns")
	f.Comment("the options given for obj's kind, if any.")
	f.Type().Id("KindInformerOptionsGetter").Interface(
		jen.Id("KindInformerOptions").Params(jen.Id("obj").Qual(runtimePkg, "Object")).Params(jen.Id("KindInformerOptions"), jen.Bool()),
	)

	f.Comment("ScopeFor returns the namespace and list options of obj's informer: those of")
	f.Comment("the factory's WithInformerOptionsFor for its kind if it has them, else the")
	f.Comment("given ones. Only generated informers call it.")
	f.Func().Id("ScopeFor").Params(
		jen.Id("f").Id("SharedInformerFactory"),
		jen.Id("obj").Qual(runtimePkg, "Object"),
		jen.Id("namespace").String(),
		jen.Id("tweak").Id("TweakListOptionsFunc"),
	).Params(jen.String(), jen.Id("TweakListOptionsFunc")).Block(
		jen.If(jen.List(jen.Id("g"), jen.Id("ok")).Op(":=").Id("f").Assert(jen.Id("KindInformerOptionsGetter")), jen.Id("ok")).Block(
			jen.If(jen.List(jen.Id("o"), jen.Id("ok")).Op(":=").Id("g").Dot("KindInformerOptions").Call(jen.Id("obj")), jen.Id("ok")).Block(
				jen.Return(jen.Id("o").Dot("Namespace"), jen.Id("o").Dot("TweakListOptions")),
			),
		),
		jen.Return(jen.Id("namespace"), jen.Id("tweak")),
	)
}

// informerGroup writes informers/.../<group>/interface.go: the group's
// Interface with one accessor per version.
func (r *renderer) informerGroup(f *jen.File, g *model.Group) {
	cs := r.cs
	versions := g.InformerVersions()
	for _, gv := range versions {
		f.ImportName(gv.InformerPkgPath, gv.PkgName)
	}
	f.Comment("Interface gives the informers of each version of the group.")
	f.Type().Id("Interface").InterfaceFunc(func(grp *jen.Group) {
		for _, gv := range versions {
			grp.Commentf("%s gives the informers of %s.", gv.VersionGoName, gv.Version)
			grp.Id(gv.VersionGoName).Params().Qual(gv.InformerPkgPath, "Interface")
		}
	})
	factoryFields(f, cs, "group")
	f.Comment("New returns the group's Interface; the factory calls it.")
	f.Func().Id("New").Params(factoryParams(cs)...).Id("Interface").Block(
		jen.Return(jen.Op("&").Id("group").Values(factoryValues())),
	)
	for _, gv := range versions {
		f.Commentf("%s returns the informers of %s.", gv.VersionGoName, gv.Version)
		f.Func().Params(jen.Id("g").Op("*").Id("group")).Id(gv.VersionGoName).Params().Qual(gv.InformerPkgPath, "Interface").Block(
			jen.Return(jen.Qual(gv.InformerPkgPath, "New").Call(jen.Id("g").Dot("factory"), jen.Id("g").Dot("namespace"), jen.Id("g").Dot("tweakListOptions"))),
		)
	}
}

// factoryFields declares the struct the group and version packages keep the
// factory's settings in.
func factoryFields(f *jen.File, cs *model.Clientset, name string) {
	f.Commentf("%s keeps the factory and its settings for the informers below it.", name)
	f.Type().Id(name).Struct(
		jen.Id("factory").Add(internalIface(cs, "SharedInformerFactory")),
		jen.Id("namespace").String(),
		jen.Id("tweakListOptions").Add(internalIface(cs, "TweakListOptionsFunc")),
	)
}

func factoryParams(cs *model.Clientset) []jen.Code {
	return []jen.Code{
		jen.Id("f").Add(internalIface(cs, "SharedInformerFactory")),
		jen.Id("namespace").String(),
		jen.Id("tweakListOptions").Add(internalIface(cs, "TweakListOptionsFunc")),
	}
}

func factoryValues() jen.Dict {
	return jen.Dict{jen.Id("factory"): jen.Id("f"), jen.Id("namespace"): jen.Id("namespace"), jen.Id("tweakListOptions"): jen.Id("tweakListOptions")}
}

// informerVersion adds the version's Interface to
// informers/.../<group>/<version>/informer.go.
func (r *renderer) informerVersion(f *jen.File, gv *model.GroupVersion) {
	cs := r.cs
	types := gv.InformerTypes()
	f.Comment("Interface gives the informer of each kind of the group-version.")
	f.Type().Id("Interface").InterfaceFunc(func(g *jen.Group) {
		for _, t := range types {
			g.Commentf("%s returns the %s.", t.PluralGoName, t.TypedInformerName())
			g.Id(t.PluralGoName).Params().Id(t.TypedInformerName())
		}
	})
	factoryFields(f, cs, "version")
	f.Comment("New returns the group-version's Interface; the group's Interface calls it.")
	f.Func().Id("New").Params(factoryParams(cs)...).Id("Interface").Block(
		jen.Return(jen.Op("&").Id("version").Values(factoryValues())),
	)
	for _, t := range types {
		d := jen.Dict{jen.Id("factory"): jen.Id("v").Dot("factory"), jen.Id("tweakListOptions"): jen.Id("v").Dot("tweakListOptions")}
		if t.Namespaced {
			d[jen.Id("namespace")] = jen.Id("v").Dot("namespace")
		}
		f.Commentf("%s returns the %s.", t.PluralGoName, t.TypedInformerName())
		f.Func().Params(jen.Id("v").Op("*").Id("version")).Id(t.PluralGoName).Params().Id(t.TypedInformerName()).Block(
			jen.Return(jen.Op("&").Id(t.InformerStruct()).Values(d)),
		)
	}
}

// informer adds one kind's informer to informers/.../<group>/<version>/informer.go:
// informer-gen's interfaces, aliases and constructors, over runtime/cache.
func (r *renderer) informer(f *jen.File, gv *model.GroupVersion, t *model.Type) {
	cs := r.cs
	obj := func() *jen.Statement { return jen.Op("*").Qual(gv.APIPkgPath, t.Kind) }
	lister := func() *jen.Statement { return jen.Qual(gv.ListerPkgPath, t.ListerName()) }
	sii := func() *jen.Statement { return cacheName("SharedIndexInformer") }
	opts := func() *jen.Statement { return internalIface(cs, "InformerOptions") }
	client := func() jen.Code { return jen.Id("client").Add(clientsetInterface(cs)) }
	// params are the constructors' leading parameters, args their arguments.
	params := func(rest ...jen.Code) []jen.Code {
		ps := []jen.Code{client()}
		if t.Namespaced {
			ps = append(ps, jen.Id("namespace").String())
		}
		return append(ps, rest...)
	}
	args := func(rest ...jen.Code) []jen.Code {
		as := []jen.Code{jen.Id("client")}
		if t.Namespaced {
			as = append(as, jen.Id("namespace"))
		}
		return append(as, rest...)
	}
	indexers := jen.Id("indexers").Add(cacheName("Indexers"))
	typedIndexers := jen.Id("indexers").Id(t.IndexersAlias())
	tweak := jen.Id("tweakListOptions").Add(internalIface(cs, "TweakListOptionsFunc"))
	resync := jen.Id("resyncPeriod").Add(duration())

	f.Commentf("%s gives the shared informer and lister of %s; %s adds", t.InformerName(), t.PluralGoName, t.TypedInformerName())
	f.Comment("the type-safe informer.")
	f.Type().Id(t.InformerName()).Interface(
		jen.Id("Informer").Params().Add(sii()),
		jen.Id("Lister").Params().Add(lister()),
	)
	f.Commentf("%s gives the shared informer, its type-safe variant and the lister of %s.", t.TypedInformerName(), t.PluralGoName)
	f.Type().Id(t.TypedInformerName()).Interface(
		jen.Id("Informer").Params().Add(sii()),
		jen.Id("TypedInformer").Params().Id(t.IndexInformerName()),
		jen.Id("Lister").Params().Add(lister()),
	)
	f.Commentf("%s is the shared informer of %s with type-safe methods.", t.IndexInformerName(), t.PluralGoName)
	f.Type().Id(t.IndexInformerName()).Add(cacheName("TypedSharedIndexInformer")).Types(obj())
	for _, a := range t.InformerAliases() {
		f.Commentf("%s is cache.%s for %s.", a.Name, a.Generic, t.Kind)
		f.Type().Id(a.Name).Op("=").Add(cacheName(a.Generic)).Types(obj())
	}

	f.Commentf("%s is the factory's %s.", t.InformerStruct(), t.TypedInformerName())
	f.Type().Id(t.InformerStruct()).StructFunc(func(g *jen.Group) {
		g.Id("factory").Add(internalIface(cs, "SharedInformerFactory"))
		g.Id("tweakListOptions").Add(internalIface(cs, "TweakListOptionsFunc"))
		if t.Namespaced {
			g.Id("namespace").String()
		}
	})

	independent := "Prefer a factory's shared informer: an independent one has its own cache and watch."
	f.Commentf("%s returns an independent informer of %s.", t.NewInformerFunc(), t.PluralGoName)
	f.Comment(independent)
	f.Func().Id(t.NewInformerFunc()).Params(params(resync, indexers)...).Add(sii()).Block(
		jen.Return(jen.Id(t.NewInformerWithOptionsFunc()).Call(args(opts().Values(jen.Dict{jen.Id("ResyncPeriod"): jen.Id("resyncPeriod"), jen.Id("Indexers"): jen.Id("indexers")}))...)),
	)
	f.Commentf("%s returns an independent type-safe informer of %s.", t.NewTypedInformerFunc(), t.PluralGoName)
	f.Comment(independent)
	f.Func().Id(t.NewTypedInformerFunc()).Params(params(resync, typedIndexers)...).Id(t.IndexInformerName()).Block(
		jen.Return(jen.Id(t.NewTypedInformerWithOptionsFunc()).Call(args(opts().Values(jen.Dict{
			jen.Id("ResyncPeriod"): jen.Id("resyncPeriod"),
			jen.Id("Indexers"):     cacheName("TypedIndexersToIndexers").Call(jen.Id("indexers")),
		}))...)),
	)
	f.Commentf("%s returns an independent informer of %s whose requests", t.NewFilteredInformerFunc(), t.PluralGoName)
	f.Comment("tweakListOptions changes. " + independent)
	f.Func().Id(t.NewFilteredInformerFunc()).Params(params(resync, indexers, tweak)...).Add(sii()).Block(
		jen.Return(jen.Id(t.NewInformerWithOptionsFunc()).Call(args(opts().Values(jen.Dict{
			jen.Id("ResyncPeriod"): jen.Id("resyncPeriod"), jen.Id("Indexers"): jen.Id("indexers"), jen.Id("TweakListOptions"): jen.Id("tweakListOptions"),
		}))...)),
	)
	f.Commentf("%s returns an independent type-safe informer of %s", t.NewTypedFilteredInformerFunc(), t.PluralGoName)
	f.Comment("whose requests tweakListOptions changes. " + independent)
	f.Func().Id(t.NewTypedFilteredInformerFunc()).Params(params(resync, typedIndexers, tweak)...).Id(t.IndexInformerName()).Block(
		jen.Return(jen.Id(t.NewTypedInformerWithOptionsFunc()).Call(args(opts().Values(jen.Dict{
			jen.Id("ResyncPeriod"):     jen.Id("resyncPeriod"),
			jen.Id("Indexers"):         cacheName("TypedIndexersToIndexers").Call(jen.Id("indexers")),
			jen.Id("TweakListOptions"): jen.Id("tweakListOptions"),
		}))...)),
	)
	f.Commentf("%s returns an independent type-safe informer of %s.", t.NewTypedInformerWithOptionsFunc(), t.PluralGoName)
	f.Comment(independent)
	f.Func().Id(t.NewTypedInformerWithOptionsFunc()).Params(params(jen.Id("options").Add(opts()))...).Id(t.IndexInformerName()).Block(
		jen.Return(cacheName("NewTypedSharedIndexInformer").Types(obj()).Call(jen.Id(t.NewInformerWithOptionsFunc()).Call(args(jen.Id("options"))...))),
	)

	// The list and watch calls of the generated clientset.
	call := func(verb string) *jen.Statement {
		ns := []jen.Code{}
		if t.Namespaced {
			ns = append(ns, jen.Id("namespace"))
		}
		return jen.Id("client").Dot(gv.Accessor).Call().Dot(t.PluralGoName).Call(ns...).Dot(verb).Call(jen.Id("ctx"), jen.Id("opts"))
	}
	tweakOpts := jen.If(jen.Id("tweakListOptions").Op("!=").Nil()).Block(jen.Id("tweakListOptions").Call(jen.Op("&").Id("opts")))
	ctxOpts := []jen.Code{jen.Id("ctx").Qual("context", "Context"), jen.Id("opts").Qual(metav1Pkg, "ListOptions")}
	f.Commentf("%s returns an independent informer of %s; the other", t.NewInformerWithOptionsFunc(), t.PluralGoName)
	f.Comment("constructors call it. " + independent)
	f.Comment("It returns the informer runtime/cache makes, not a typed view of it, so that")
	f.Comment("what the factory keeps answers cache.LastSyncError.")
	f.Func().Id(t.NewInformerWithOptionsFunc()).Params(params(jen.Id("options").Add(opts()))...).Add(sii()).Block(
		jen.Id("gvr").Op(":=").Add(gvr(gv, t)),
		jen.Id("tweakListOptions").Op(":=").Id("options").Dot("TweakListOptions"),
		jen.Id("lw").Op(":=").Op("&").Add(cacheName("ListWatch")).Values(jen.Dict{
			jen.Id("ListWithContextFunc"): jen.Func().Params(ctxOpts...).Params(jen.Qual(runtimePkg, "Object"), jen.Error()).Block(
				tweakOpts, jen.Return(call("List")),
			),
			jen.Id("WatchFuncWithContext"): jen.Func().Params(ctxOpts...).Params(jen.Qual(watchPkg, "Interface"), jen.Error()).Block(
				tweakOpts, jen.Return(call("Watch")),
			),
		}),
		jen.Return(cacheName("NewSharedIndexInformerWithOptions").Call(
			jen.Line().Add(cacheName("ToListWatcherWithWatchListSemantics")).Call(jen.Id("lw"), jen.Id("client")),
			jen.Line().Op("&").Qual(gv.APIPkgPath, t.Kind).Values(),
			jen.Line().Add(cacheName("SharedIndexInformerOptions")).Values(jen.Dict{
				jen.Id("ResyncPeriod"): jen.Id("options").Dot("ResyncPeriod"),
				jen.Id("Indexers"):     jen.Id("options").Dot("Indexers"),
				jen.Id("Identifier"):   jen.Id("options").Dot("InformerName").Dot("WithResource").Call(jen.Id("gvr")),
			}),
			jen.Line(),
		)),
	)

	recv := func() *jen.Statement { return jen.Id("f").Op("*").Id(t.InformerStruct()) }
	nsArg := []jen.Code{jen.Id("client")}
	if t.Namespaced {
		nsArg = append(nsArg, jen.Id("namespace"))
	}
	f.Comment("defaultInformer makes the factory's informer of the kind, with the options")
	f.Comment("WithInformerOptionsFor gave the factory for it, if any.")
	scope := jen.List(jen.Id("_"), jen.Id("tweakListOptions"))
	if t.Namespaced {
		scope = jen.List(jen.Id("namespace"), jen.Id("tweakListOptions"))
	}
	f.Func().Params(recv()).Id("defaultInformer").Params(client(), resync).Add(sii()).Block(
		scope.Op(":=").Add(internalIface(cs, "ScopeFor")).Call(
			jen.Id("f").Dot("factory"), jen.Op("&").Qual(gv.APIPkgPath, t.Kind).Values(), namespaceOf(t), jen.Id("f").Dot("tweakListOptions"),
		),
		jen.Return(jen.Id(t.NewInformerWithOptionsFunc()).Call(append(nsArg, opts().Values(jen.Dict{
			jen.Id("ResyncPeriod"):     jen.Id("resyncPeriod"),
			jen.Id("Indexers"):         cacheName("Indexers").Values(jen.Dict{cacheName("NamespaceIndex"): cacheName("MetaNamespaceIndexFunc")}),
			jen.Id("InformerName"):     jen.Id("f").Dot("factory").Dot("InformerName").Call(),
			jen.Id("TweakListOptions"): jen.Id("tweakListOptions"),
		}))...)),
	)

	f.Comment("Informer returns the factory's shared informer of the kind.")
	f.Func().Params(recv()).Id("Informer").Params().Add(sii()).Block(jen.Return(jen.Id("f").Dot("TypedInformer").Call()))
	f.Comment("TypedInformer returns it with type-safe methods.")
	f.Func().Params(recv()).Id("TypedInformer").Params().Id(t.IndexInformerName()).Block(
		jen.Return(cacheName("NewTypedSharedIndexInformer").Types(obj()).Call(
			jen.Id("f").Dot("factory").Dot("InformerFor").Call(jen.Op("&").Qual(gv.APIPkgPath, t.Kind).Values(), jen.Id("f").Dot("defaultInformer")),
		)),
	)
	f.Comment("Lister returns a lister over the shared informer's cache.")
	f.Func().Params(recv()).Id("Lister").Params().Add(lister()).Block(
		jen.Return(jen.Qual(gv.ListerPkgPath, t.NewListerFunc()).Call(jen.Id("f").Dot("Informer").Call().Dot("GetIndexer").Call())),
	)

	f.Commentf("%s makes a %s of informer. Only safe when informer holds", t.ToTypedInformerFunc(), t.TypedInformerName())
	f.Commentf("%s objects: the type-safe methods panic on any other.", t.Kind)
	f.Func().Id(t.ToTypedInformerFunc()).Params(jen.Id("informer").Id(t.InformerName())).Id(t.TypedInformerName()).Block(
		jen.If(jen.List(jen.Id("informer"), jen.Id("ok")).Op(":=").Id("informer").Assert(jen.Id(t.TypedInformerName())), jen.Id("ok")).Block(jen.Return(jen.Id("informer"))),
		jen.Return(jen.Op("&").Id(t.TypedInformerAdapter()).Values(jen.Id("informer"))),
	)
	f.Commentf("%s adds TypedInformer to a %s.", t.TypedInformerAdapter(), t.InformerName())
	f.Type().Id(t.TypedInformerAdapter()).Struct(jen.Id(t.InformerName()))
	f.Comment("TypedInformer returns the informer with type-safe methods.")
	f.Func().Params(jen.Id("a").Op("*").Id(t.TypedInformerAdapter())).Id("TypedInformer").Params().Id(t.IndexInformerName()).Block(
		jen.Return(cacheName("NewTypedSharedIndexInformer").Types(obj()).Call(jen.Id("a").Dot("Informer").Call())),
	)

	f.Commentf("%s makes a %s of informer. Only safe when informer holds", t.ToIndexInformerFunc(), t.IndexInformerName())
	f.Commentf("%s objects: the type-safe methods panic on any other.", t.Kind)
	f.Func().Id(t.ToIndexInformerFunc()).Params(jen.Id("informer").Add(sii())).Id(t.IndexInformerName()).Block(
		jen.If(jen.List(jen.Id("informer"), jen.Id("ok")).Op(":=").Id("informer").Assert(jen.Id(t.IndexInformerName())), jen.Id("ok")).Block(jen.Return(jen.Id("informer"))),
		jen.Return(cacheName("NewTypedSharedIndexInformer").Types(obj()).Call(jen.Id("informer"))),
	)
}

// namespaceOf is the namespace a kind's informer struct holds: cluster-scoped
// kinds have none.
func namespaceOf(t *model.Type) jen.Code {
	if t.Namespaced {
		return jen.Id("f").Dot("namespace")
	}
	return jen.Lit("")
}
