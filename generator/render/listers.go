package render

import (
	"github.com/dave/jennifer/jen"

	"github.com/clientgen/clientgen/generator/model"
)

const (
	cachePkg     = "github.com/clientgen/clientgen/runtime/cache"
	rtListersPkg = "github.com/clientgen/clientgen/runtime/listers"
	labelsPkg    = "k8s.io/apimachinery/pkg/labels"
	waitPkg      = "k8s.io/apimachinery/pkg/util/wait"
)

// listers adds one kind's lister to listers/<group>/<version>/lister.go:
// lister-gen's interfaces and constructor, over runtime/listers'
// ResourceIndexer, which holds the logic once.
func (r *renderer) listers(f *jen.File, gv *model.GroupVersion, t *model.Type) {
	obj := func() *jen.Statement { return jen.Op("*").Qual(gv.APIPkgPath, t.Kind) }
	list := func() *jen.Statement {
		return jen.Id("List").Params(jen.Id("selector").Qual(labelsPkg, "Selector")).Params(jen.Id("ret").Index().Add(obj()), jen.Err().Error())
	}
	get := func() *jen.Statement {
		return jen.Id("Get").Params(jen.Id("name").String()).Params(obj(), jen.Error())
	}
	indexer := func() *jen.Statement { return jen.Qual(rtListersPkg, "ResourceIndexer").Types(obj()) }

	if !t.ListerExpansionHandWritten {
		f.Commentf("%s is where hand-written methods of %s go: declare it in a", t.ListerExpansionName(), t.ListerName())
		f.Commentf("%s of this package and this empty one is no longer generated.", t.ExpansionFile())
		f.Type().Id(t.ListerExpansionName()).Interface()
	}
	if t.Namespaced && !t.NamespaceListerExpansionHandWritten {
		f.Commentf("%s is where hand-written methods of %s go.", t.NamespaceListerExpansionName(), t.NamespaceListerName())
		f.Type().Id(t.NamespaceListerExpansionName()).Interface()
	}

	f.Commentf("%s lists %s from an informer's cache. The objects it returns are", t.ListerName(), t.PluralGoName)
	f.Comment("the cache's own: treat them as read-only (DeepCopy before changing one).")
	f.Type().Id(t.ListerName()).InterfaceFunc(func(g *jen.Group) {
		g.Comment("List returns the cached objects whose labels match selector.")
		g.Add(list())
		if t.Namespaced {
			g.Commentf("%s returns a lister of the objects of one namespace.", t.PluralGoName)
			g.Id(t.PluralGoName).Params(jen.Id("namespace").String()).Id(t.NamespaceListerName())
		} else {
			g.Comment("Get returns the cached object of that name, or a NotFound error.")
			g.Add(get())
		}
		g.Id(t.ListerExpansionName())
	})
	f.Line()

	f.Commentf("%s implements %s; it is a struct so that hand-written expansion", t.ListerStruct(), t.ListerName())
	f.Comment("methods have a receiver.")
	f.Type().Id(t.ListerStruct()).Struct(indexer())

	f.Commentf("%s returns a %s over an informer's indexer.", t.NewListerFunc(), t.ListerName())
	f.Func().Id(t.NewListerFunc()).Params(jen.Id("indexer").Qual(cachePkg, "Indexer")).Id(t.ListerName()).Block(
		jen.Return(jen.Op("&").Id(t.ListerStruct()).Values(
			jen.Qual(rtListersPkg, "New").Types(obj()).Call(
				jen.Id("indexer"),
				jen.Qual(schemaPkg, "GroupResource").Values(jen.Dict{jen.Id("Group"): jen.Lit(gv.Group), jen.Id("Resource"): jen.Lit(t.NotFoundResource())}),
			),
		)),
	)
	if !t.Namespaced {
		return
	}

	f.Commentf("%s returns a lister of the %s of one namespace.", t.PluralGoName, t.PluralGoName)
	f.Func().Params(jen.Id("s").Op("*").Id(t.ListerStruct())).Id(t.PluralGoName).Params(jen.Id("namespace").String()).Id(t.NamespaceListerName()).Block(
		jen.Return(jen.Id(t.NamespaceListerStruct()).Values(
			jen.Qual(rtListersPkg, "NewNamespaced").Types(obj()).Call(jen.Id("s").Dot("ResourceIndexer"), jen.Id("namespace")),
		)),
	)

	f.Commentf("%s lists and gets the %s of one namespace from an informer's", t.NamespaceListerName(), t.PluralGoName)
	f.Comment("cache; the objects are read-only, as for the lister.")
	f.Type().Id(t.NamespaceListerName()).InterfaceFunc(func(g *jen.Group) {
		g.Comment("List returns the namespace's cached objects whose labels match selector.")
		g.Add(list())
		g.Comment("Get returns the cached object of that name in the namespace, or a NotFound error.")
		g.Add(get())
		g.Id(t.NamespaceListerExpansionName())
	})
	f.Line()

	f.Commentf("%s implements %s.", t.NamespaceListerStruct(), t.NamespaceListerName())
	f.Type().Id(t.NamespaceListerStruct()).Struct(indexer())
}
