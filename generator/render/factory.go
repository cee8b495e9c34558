package render

import (
	"github.com/dave/jennifer/jen"

	"github.com/clientgen/clientgen/generator/model"
)

// factory adds the SharedInformerFactory to informers[/externalversions]/factory.go:
// informer-gen's factory, options and methods, plus WithInformerOptionsFor
// (per-kind namespace, list options, transform and resync).
func (r *renderer) factory(f *jen.File, groups []*model.Group) {
	cs := r.cs
	sii := func() *jen.Statement { return cacheName("SharedIndexInformer") }
	recv := func() *jen.Statement { return jen.Id("f").Op("*").Id("sharedInformerFactory") }
	typeMap := func(v jen.Code) *jen.Statement { return jen.Map(reflectType()).Add(v) }
	lock := func() []jen.Code {
		return []jen.Code{jen.Id("f").Dot("lock").Dot("Lock").Call(), jen.Defer().Id("f").Dot("lock").Dot("Unlock").Call()}
	}
	option := func(name, param string, paramType jen.Code, doc []string, body ...jen.Code) {
		for _, d := range doc {
			f.Comment(d)
		}
		f.Func().Id(name).Params(jen.Id(param).Add(paramType)).Id("SharedInformerOption").Block(
			jen.Return(jen.Func().Params(jen.Id("factory").Op("*").Id("sharedInformerFactory")).Op("*").Id("sharedInformerFactory").Block(
				append(body, jen.Return(jen.Id("factory")))...,
			)),
		)
	}

	f.Comment("SharedInformerOption configures a SharedInformerFactory.")
	f.Type().Id("SharedInformerOption").Func().Params(jen.Op("*").Id("sharedInformerFactory")).Op("*").Id("sharedInformerFactory")
	f.Comment("sharedInformerFactory implements SharedInformerFactory.")
	f.Type().Id("sharedInformerFactory").Struct(
		jen.Id("client").Add(clientsetInterface(cs)),
		jen.Id("namespace").String(),
		jen.Id("tweakListOptions").Add(internalIface(cs, "TweakListOptionsFunc")),
		jen.Id("lock").Qual("sync", "Mutex"),
		jen.Id("defaultResync").Add(duration()),
		jen.Id("customResync").Add(typeMap(duration())),
		jen.Id("kindOptions").Add(typeMap(internalIface(cs, "KindInformerOptions"))),
		jen.Id("transform").Add(cacheName("TransformFunc")),
		jen.Id("informerName").Op("*").Add(cacheName("InformerName")),
		jen.Line(),
		jen.Id("informers").Add(typeMap(sii())),
		jen.Comment("startedInformers lets Start be called again for informers made since."),
		jen.Id("startedInformers").Add(typeMap(jen.Bool())),
		jen.Comment("wg counts the informers' goroutines, for Shutdown."),
		jen.Id("wg").Qual("sync", "WaitGroup"),
		jen.Comment("shuttingDown stops Start once Shutdown was called."),
		jen.Id("shuttingDown").Bool(),
	)

	option("WithCustomResyncConfig", "resyncConfig", jen.Map(jen.Qual(metav1Pkg, "Object")).Add(duration()),
		[]string{"WithCustomResyncConfig sets the resync period of the informers of the given objects' types."},
		jen.For(jen.List(jen.Id("k"), jen.Id("v")).Op(":=").Range().Id("resyncConfig")).Block(
			jen.Id("factory").Dot("customResync").Index(jen.Qual("reflect", "TypeOf").Call(jen.Id("k"))).Op("=").Id("v"),
		))
	option("WithTweakListOptions", "tweakListOptions", internalIface(cs, "TweakListOptionsFunc"),
		[]string{"WithTweakListOptions changes the LIST and WATCH requests of every informer of the factory."},
		jen.Id("factory").Dot("tweakListOptions").Op("=").Id("tweakListOptions"))
	option("WithNamespace", "namespace", jen.String(),
		[]string{"WithNamespace limits the factory's informers of namespaced kinds to one namespace."},
		jen.Id("factory").Dot("namespace").Op("=").Id("namespace"))
	option("WithTransform", "transform", cacheName("TransformFunc"),
		[]string{"WithTransform sets a transform on every informer of the factory: it runs on each", "object before the object is stored."},
		jen.Id("factory").Dot("transform").Op("=").Id("transform"))
	option("WithInformerName", "informerName", jen.Op("*").Add(cacheName("InformerName")),
		[]string{"WithInformerName names the factory's informers in metrics (make it once with", "cache.NewInformerName); each informer adds its resource to the name."},
		jen.Id("factory").Dot("informerName").Op("=").Id("informerName"))

	f.Comment("KindInformerOptions are the settings of one kind's informer; see WithInformerOptionsFor.")
	f.Type().Id("KindInformerOptions").Op("=").Add(internalIface(cs, "KindInformerOptions"))
	f.Line()
	f.Comment("WithInformerOptionsFor gives the informer of obj's kind its own namespace, list")
	f.Comment("options (selectors), transform and resync period, in place of the factory's.")
	f.Comment("The options replace the factory's for that kind as a whole, so that what an")
	f.Comment("informer does can be read from one place: a zero field is that field's zero")
	f.Comment("value (all namespaces, no list options, no transform, no resync). For example")
	f.Comment("")
	f.Comment("\tWithInformerOptionsFor(&v1.Secret{}, KindInformerOptions{Namespace: \"app\", Transform: dropData})")
	f.Func().Id("WithInformerOptionsFor").Params(jen.Id("obj").Qual(runtimePkg, "Object"), jen.Id("options").Id("KindInformerOptions")).Id("SharedInformerOption").Block(
		jen.Return(jen.Func().Params(jen.Id("factory").Op("*").Id("sharedInformerFactory")).Op("*").Id("sharedInformerFactory").Block(
			jen.Id("factory").Dot("kindOptions").Index(jen.Qual("reflect", "TypeOf").Call(jen.Id("obj"))).Op("=").Id("options"),
			jen.Return(jen.Id("factory")),
		)),
	)

	f.Comment("KindInformerOptions returns the options WithInformerOptionsFor gave for obj's")
	f.Comment("kind; the generated informers ask for them.")
	f.Func().Params(recv()).Id("KindInformerOptions").Params(jen.Id("obj").Qual(runtimePkg, "Object")).Params(internalIface(cs, "KindInformerOptions"), jen.Bool()).Block(
		jen.List(jen.Id("o"), jen.Id("ok")).Op(":=").Id("f").Dot("kindOptions").Index(jen.Qual("reflect", "TypeOf").Call(jen.Id("obj"))),
		jen.Return(jen.Id("o"), jen.Id("ok")),
	)

	f.Comment("InformerName returns the name WithInformerName gave, or nil.")
	f.Func().Params(recv()).Id("InformerName").Params().Op("*").Add(cacheName("InformerName")).Block(jen.Return(jen.Id("f").Dot("informerName")))

	newArgs := []jen.Code{jen.Id("client").Add(clientsetInterface(cs)), jen.Id("defaultResync").Add(duration())}
	f.Comment("NewSharedInformerFactory returns a factory of informers of every namespace.")
	f.Func().Id("NewSharedInformerFactory").Params(newArgs...).Id("SharedInformerFactory").Block(
		jen.Return(jen.Id("NewSharedInformerFactoryWithOptions").Call(jen.Id("client"), jen.Id("defaultResync"))),
	)
	f.Comment("NewFilteredSharedInformerFactory returns a factory of informers of one namespace")
	f.Comment("whose requests tweakListOptions changes.")
	f.Comment("")
	f.Comment("Deprecated: use NewSharedInformerFactoryWithOptions with WithNamespace and WithTweakListOptions.")
	f.Func().Id("NewFilteredSharedInformerFactory").Params(append(newArgs, jen.Id("namespace").String(), jen.Id("tweakListOptions").Add(internalIface(cs, "TweakListOptionsFunc")))...).Id("SharedInformerFactory").Block(
		jen.Return(jen.Id("NewSharedInformerFactoryWithOptions").Call(jen.Id("client"), jen.Id("defaultResync"),
			jen.Id("WithNamespace").Call(jen.Id("namespace")), jen.Id("WithTweakListOptions").Call(jen.Id("tweakListOptions")))),
	)
	f.Comment("NewSharedInformerFactoryWithOptions returns a factory configured by options.")
	f.Func().Id("NewSharedInformerFactoryWithOptions").Params(append(newArgs, jen.Id("options").Op("...").Id("SharedInformerOption"))...).Id("SharedInformerFactory").Block(
		jen.Id("factory").Op(":=").Op("&").Id("sharedInformerFactory").Values(jen.Dict{
			jen.Id("client"):           jen.Id("client"),
			jen.Id("namespace"):        jen.Qual(metav1Pkg, "NamespaceAll"),
			jen.Id("defaultResync"):    jen.Id("defaultResync"),
			jen.Id("informers"):        jen.Make(typeMap(sii())),
			jen.Id("startedInformers"): jen.Make(typeMap(jen.Bool())),
			jen.Id("customResync"):     jen.Make(typeMap(duration())),
			jen.Id("kindOptions"):      jen.Make(typeMap(internalIface(cs, "KindInformerOptions"))),
		}),
		jen.For(jen.List(jen.Id("_"), jen.Id("opt")).Op(":=").Range().Id("options")).Block(
			jen.Id("factory").Op("=").Id("opt").Call(jen.Id("factory")),
		),
		jen.Return(jen.Id("factory")),
	)

	stopCh := jen.Id("stopCh").Op("<-").Chan().Struct()
	ctxParam := func() jen.Code { return jen.Id("ctx").Qual("context", "Context") }
	f.Comment("Start runs the informers asked for so far until stopCh is closed.")
	f.Func().Params(recv()).Id("Start").Params(stopCh.Clone()).Block(
		jen.Id("f").Dot("StartWithContext").Call(jen.Qual(waitPkg, "ContextForChannel").Call(jen.Id("stopCh"))),
	)
	f.Comment("StartWithContext runs the informers asked for so far until ctx is done.")
	f.Func().Params(recv()).Id("StartWithContext").Params(ctxParam()).Block(append(lock(),
		jen.If(jen.Id("f").Dot("shuttingDown")).Block(jen.Return()),
		jen.For(jen.List(jen.Id("informerType"), jen.Id("informer")).Op(":=").Range().Id("f").Dot("informers")).Block(
			jen.If(jen.Op("!").Id("f").Dot("startedInformers").Index(jen.Id("informerType"))).Block(
				// Add and Done, not WaitGroup.Go: generated code builds with Go 1.24,
				// the oldest Go the runtime module supports.
				jen.Id("f").Dot("wg").Dot("Add").Call(jen.Lit(1)),
				jen.Go().Func().Params().Block(
					jen.Defer().Id("f").Dot("wg").Dot("Done").Call(),
					jen.Id("informer").Dot("RunWithContext").Call(jen.Id("ctx")),
				).Call(),
				jen.Id("f").Dot("startedInformers").Index(jen.Id("informerType")).Op("=").True(),
			),
		),
	)...)
	f.Comment("Shutdown stops Start and waits for the started informers' goroutines to end.")
	f.Func().Params(recv()).Id("Shutdown").Params().Block(
		jen.Id("f").Dot("lock").Dot("Lock").Call(),
		jen.Id("f").Dot("shuttingDown").Op("=").True(),
		jen.Id("f").Dot("lock").Dot("Unlock").Call(),
		jen.Comment("Returns at once when nothing was started."),
		jen.Id("f").Dot("wg").Dot("Wait").Call(),
		jen.Id("f").Dot("informerName").Dot("Release").Call(),
	)
	f.Comment("WaitForCacheSync waits for the started informers to sync or stopCh to close.")
	f.Func().Params(recv()).Id("WaitForCacheSync").Params(stopCh.Clone()).Map(reflectType()).Bool().Block(
		jen.Return(jen.Id("f").Dot("WaitForCacheSyncWithContext").Call(jen.Qual(waitPkg, "ContextForChannel").Call(jen.Id("stopCh"))).Dot("Synced")),
	)
	f.Comment("WaitForCacheSyncWithContext waits for the started informers to sync. Where")
	f.Comment("client-go's factories report only the context's cause, Err here also holds")
	f.Comment("each unsynced informer's last LIST or WATCH error (a 403, an unknown resource).")
	f.Func().Params(recv()).Id("WaitForCacheSyncWithContext").Params(ctxParam()).Add(cacheName("SyncResult")).Block(
		jen.Id("informers").Op(":=").Func().Params().Add(typeMap(sii())).Block(append(lock(),
			jen.Id("informers").Op(":=").Add(typeMap(sii())).Values(),
			jen.For(jen.List(jen.Id("informerType"), jen.Id("informer")).Op(":=").Range().Id("f").Dot("informers")).Block(
				jen.If(jen.Id("f").Dot("startedInformers").Index(jen.Id("informerType"))).Block(
					jen.Id("informers").Index(jen.Id("informerType")).Op("=").Id("informer"),
				),
			),
			jen.Return(jen.Id("informers")),
		)...).Call(),
		jen.Return(cacheName("WaitForInformers").Call(jen.Id("ctx"), jen.Id("informers"))),
	)

	newFunc := jen.Id("newFunc").Add(internalIface(cs, "NewInformerFunc"))
	f.Comment("InformerFor returns the shared informer of obj's type, made with newFunc the")
	f.Comment("first time, with the resync period and transform of its kind.")
	f.Func().Params(recv()).Id("InformerFor").Params(jen.Id("obj").Qual(runtimePkg, "Object"), newFunc.Clone()).Add(sii()).Block(append(lock(),
		jen.Id("informerType").Op(":=").Qual("reflect", "TypeOf").Call(jen.Id("obj")),
		jen.If(jen.List(jen.Id("informer"), jen.Id("ok")).Op(":=").Id("f").Dot("informers").Index(jen.Id("informerType")), jen.Id("ok")).Block(jen.Return(jen.Id("informer"))),
		jen.List(jen.Id("resyncPeriod"), jen.Id("ok")).Op(":=").Id("f").Dot("customResync").Index(jen.Id("informerType")),
		jen.If(jen.Op("!").Id("ok")).Block(jen.Id("resyncPeriod").Op("=").Id("f").Dot("defaultResync")),
		jen.Id("transform").Op(":=").Id("f").Dot("transform"),
		jen.If(jen.List(jen.Id("o"), jen.Id("ok")).Op(":=").Id("f").Dot("kindOptions").Index(jen.Id("informerType")), jen.Id("ok")).Block(
			jen.List(jen.Id("resyncPeriod"), jen.Id("transform")).Op("=").List(jen.Id("o").Dot("ResyncPeriod"), jen.Id("o").Dot("Transform")),
		),
		jen.Id("informer").Op(":=").Id("newFunc").Call(jen.Id("f").Dot("client"), jen.Id("resyncPeriod")),
		jen.If(jen.Id("transform").Op("!=").Nil()).Block(
			jen.Comment("A new informer has not started, so SetTransform cannot fail."),
			jen.Id("_").Op("=").Id("informer").Dot("SetTransform").Call(jen.Id("transform")),
		),
		jen.Id("f").Dot("informers").Index(jen.Id("informerType")).Op("=").Id("informer"),
		jen.Return(jen.Id("informer")),
	)...)

	f.Comment("SharedInformerFactory gives shared informers of every kind of the clientset.")
	f.Comment("Ask it for the informers needed, start it, wait for the caches, then read:")
	f.Comment("")
	f.Comment("\tfactory := NewSharedInformerFactory(client, 0)")
	f.Comment("\tdefer factory.Shutdown()")
	f.Comment("\tinformer := factory.Group().V1().Kinds() // before Start")
	f.Comment("\tfactory.StartWithContext(ctx)")
	f.Comment("\tif err := factory.WaitForCacheSyncWithContext(ctx).AsError(); err != nil {")
	f.Comment("\t\treturn err // a LIST/WATCH error such as a 403, or the context's")
	f.Comment("\t}")
	f.Comment("\tobjs, err := informer.Lister().List(labels.Everything())")
	f.Comment("")
	f.Comment("Informers asked for after Start run once Start is called again.")
	f.Type().Id("SharedInformerFactory").InterfaceFunc(func(g *jen.Group) {
		g.Add(internalIface(cs, "SharedInformerFactory"))
		g.Line()
		g.Comment("Start runs the informers asked for so far, each in a goroutine, until stopCh")
		g.Comment("is closed. It does not block.")
		g.Id("Start").Params(stopCh.Clone())
		g.Comment("StartWithContext runs the informers asked for so far until ctx is done. It")
		g.Comment("does not block.")
		g.Id("StartWithContext").Params(ctxParam())
		g.Comment("Shutdown stops Start from starting informers and waits for the started")
		g.Comment("ones' goroutines to end (their stop channel or context must end them). It")
		g.Comment("may be called more than once, also concurrently.")
		g.Id("Shutdown").Params()
		g.Comment("WaitForCacheSync waits until the started informers have synced or stopCh is")
		g.Comment("closed, and reports which have.")
		g.Id("WaitForCacheSync").Params(stopCh.Clone()).Map(reflectType()).Bool()
		g.Comment("WaitForCacheSyncWithContext waits until the started informers have synced or")
		g.Comment("ctx is done; its Err says why an informer has not synced.")
		g.Id("WaitForCacheSyncWithContext").Params(ctxParam()).Add(cacheName("SyncResult"))
		g.Comment("ForResource returns the informer of a resource, without its Go type.")
		g.Id("ForResource").Params(jen.Id("resource").Qual(schemaPkg, "GroupVersionResource")).Params(jen.Id("GenericInformer"), jen.Error())
		g.Comment("InformerFor returns the shared informer of obj's type, made by newFunc the first time.")
		g.Id("InformerFor").Params(jen.Id("obj").Qual(runtimePkg, "Object"), newFunc.Clone()).Add(sii())
		g.Line()
		for _, grp := range groups {
			g.Id(grp.GoName).Params().Qual(grp.InformerPkgPath, "Interface")
		}
	})

	for _, grp := range groups {
		f.Commentf("%s returns the informers of the %s group.", grp.GoName, displayGroup(grp.Name))
		f.Func().Params(recv()).Id(grp.GoName).Params().Qual(grp.InformerPkgPath, "Interface").Block(
			jen.Return(jen.Qual(grp.InformerPkgPath, "New").Call(jen.Id("f"), jen.Id("f").Dot("namespace"), jen.Id("f").Dot("tweakListOptions"))),
		)
	}
}

// generic adds informer-gen's generic.go to the factory's file: the
// GenericInformer and ForResource over every kind with an informer.
func (r *renderer) generic(f *jen.File, groups []*model.Group) {
	sii := func() *jen.Statement { return cacheName("SharedIndexInformer") }
	f.Comment("GenericInformer is a shared informer and a lister of a resource without its Go type.")
	f.Type().Id("GenericInformer").Interface(
		jen.Id("Informer").Params().Add(sii()),
		jen.Id("Lister").Params().Add(cacheName("GenericLister")),
	)
	f.Comment("genericInformer implements GenericInformer.")
	f.Type().Id("genericInformer").Struct(
		jen.Id("informer").Add(sii()),
		jen.Id("resource").Qual(schemaPkg, "GroupResource"),
	)
	f.Comment("Informer returns the shared informer.")
	f.Func().Params(jen.Id("f").Op("*").Id("genericInformer")).Id("Informer").Params().Add(sii()).Block(jen.Return(jen.Id("f").Dot("informer")))
	f.Comment("Lister returns a lister over the informer's cache.")
	f.Func().Params(jen.Id("f").Op("*").Id("genericInformer")).Id("Lister").Params().Add(cacheName("GenericLister")).Block(
		jen.Return(cacheName("NewGenericLister").Call(jen.Id("f").Dot("Informer").Call().Dot("GetIndexer").Call(), jen.Id("f").Dot("resource"))),
	)

	f.Comment("ForResource returns the shared informer of a resource of the clientset.")
	f.Func().Params(jen.Id("f").Op("*").Id("sharedInformerFactory")).Id("ForResource").Params(jen.Id("resource").Qual(schemaPkg, "GroupVersionResource")).Params(jen.Id("GenericInformer"), jen.Error()).Block(
		jen.Switch(jen.Id("resource")).BlockFunc(func(sw *jen.Group) {
			for _, g := range groups {
				for _, gv := range g.InformerVersions() {
					for _, t := range gv.InformerTypes() {
						sw.Case(jen.Qual(schemaPkg, "GroupVersionResource").Values(
							jen.Id("Group").Op(":").Lit(gv.Group), jen.Id("Version").Op(":").Lit(gv.Version), jen.Id("Resource").Op(":").Lit(t.Resource),
						)).Block(
							jen.Return(jen.Op("&").Id("genericInformer").Values(jen.Dict{
								jen.Id("resource"): jen.Id("resource").Dot("GroupResource").Call(),
								jen.Id("informer"): jen.Id("f").Dot(g.GoName).Call().Dot(gv.VersionGoName).Call().Dot(t.PluralGoName).Call().Dot("Informer").Call(),
							}), jen.Nil()),
						)
					}
				}
			}
		}),
		jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit("no informer found for %v"), jen.Id("resource"))),
	)
}
