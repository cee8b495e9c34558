package render

import (
	"github.com/dave/jennifer/jen"

	"github.com/clientgen/clientgen/generator/model"
	"github.com/clientgen/clientgen/templates"
)

const (
	testingPkg       = "github.com/clientgen/clientgen/runtime/testing"
	typedFakePkg     = "github.com/clientgen/clientgen/runtime/typed/fake"
	fakeDiscoveryPkg = "github.com/clientgen/clientgen/runtime/discovery/fake"
)

// fakeFiles are the fake clientset's package and one fake package per
// group-version, a file each, in the packages client-gen lays them out in.
func (r *renderer) fakeFiles() []job {
	cs := r.cs
	f := r.fakeFile(cs.FakePkgPath(), templates.Doc("fake"))
	r.fakeScheme(f)
	r.fakeClientset(f)
	jobs := []job{{cs.FakeDir(), "clientset.go", f, len(cs.Groups)}}
	for _, g := range cs.Groups {
		for _, gv := range g.Versions {
			f := r.fakeFile(gv.FakePkgPath(), templates.Doc("faketyped", displayGroup(gv.Group), gv.Version))
			f.ImportAlias(gv.PkgPath, gv.TypedAlias())
			r.fakeGroupClient(f, gv)
			for _, t := range gv.Types {
				r.fakeTypeClient(f, gv, t)
			}
			jobs = append(jobs, job{gv.FakeDir(), "client.go", f, len(gv.Types)})
		}
	}
	return jobs
}

// fakeFile is docFile with the import names of the fake packages.
func (r *renderer) fakeFile(pkgPath, doc string) *jen.File {
	f := r.docFile(pkgPath, "fake", doc)
	f.ImportName(testingPkg, "testing")
	f.ImportAlias(typedFakePkg, "typedfake")
	f.ImportAlias(fakeDiscoveryPkg, "fakediscovery")
	return f
}

// fakeScheme adds to <clientset>/fake/clientset.go the fake's own scheme
// (built by a function, not in init) and AddToScheme, as client-gen's.
func (r *renderer) fakeScheme(f *jen.File) {
	f.Var().Id("scheme").Op("=").Id("newScheme").Call()
	f.Var().Id("codecs").Op("=").Qual(serializerPkg, "NewCodecFactory").Call(jen.Id("scheme"))
	r.schemeBuilder(f, "AddToScheme adds every type of this clientset to another scheme, so that",
		"fake clientsets compose.")
}

// fakeClientset adds the fake Clientset to <clientset>/fake/clientset.go.
func (r *renderer) fakeClientset(f *jen.File) {
	cs := r.cs
	f.ImportAlias(cs.PkgPath, cs.Name)
	var gvs []*model.GroupVersion
	for _, g := range cs.Groups {
		gvs = append(gvs, g.Versions...)
	}
	for _, gv := range gvs {
		// The typed packages are "typed"-prefixed (client-go's fake typed
		// clients' naming) because this file also imports the API packages
		// for the scheme, under the plain names.
		f.ImportAlias(gv.PkgPath, gv.TypedAlias())
		f.ImportAlias(gv.FakePkgPath(), gv.FakeAlias())
	}

	// The tracker types objects for server-side apply with the schema of the
	// apply configurations, where there is one (utils' NewTypeConverter), so
	// keyed lists merge by key as on a server with the CRD's schema.
	typeConverter := jen.Null()
	if cs.Schema != nil && len(cs.Groups) > 0 {
		f.ImportName(cs.ApplyPkgPath, cs.ApplyPkgName)
		typeConverter = jen.Id("o").Dot("SetTypeConverter").Call(jen.Qual(cs.ApplyPkgPath, "NewTypeConverter").Call(jen.Id("scheme")))
	}

	f.Comment("NewSimpleClientset returns a clientset that serves objects, and whatever its")
	f.Comment("clients create, from an in-memory object tracker that behaves like the API")
	f.Comment("server on resourceVersions, conflicts, selectors, watches, the status")
	f.Comment("subresource, patches, finalizers and server-side apply's field ownership")
	f.Comment("(managedFields, conflicts, force; see runtime/testing), without validation or")
	f.Comment("defaulting. It panics if an object cannot be added.")
	f.Func().Id("NewSimpleClientset").Params(jen.Id("objects").Op("...").Qual(runtimePkg, "Object")).Op("*").Id("Clientset").Block(
		jen.Id("o").Op(":=").Qual(testingPkg, "NewObjectTracker").Call(jen.Id("scheme"), jen.Id("codecs").Dot("UniversalDecoder").Call(), jen.Id("resources").Call().Op("...")),
		typeConverter,
		jen.For(jen.List(jen.Id("_"), jen.Id("obj")).Op(":=").Range().Id("objects")).Block(
			jen.If(jen.Err().Op(":=").Id("o").Dot("Add").Call(jen.Id("obj")), jen.Err().Op("!=").Nil()).Block(
				jen.Panic(jen.Err()),
			),
		),
		jen.Id("cs").Op(":=").Op("&").Id("Clientset").Values(jen.Dict{jen.Id("tracker"): jen.Id("o")}),
		jen.Id("cs").Dot("discovery").Op("=").Op("&").Qual(fakeDiscoveryPkg, "FakeDiscovery").Values(jen.Dict{jen.Id("Fake"): jen.Op("&").Id("cs").Dot("Fake")}),
		jen.Id("cs").Dot("Resources").Op("=").Qual(testingPkg, "APIResourceLists").Call(jen.Id("o").Dot("Resources").Call()),
		jen.Id("cs").Dot("AddReactor").Call(jen.Lit("*"), jen.Lit("*"), jen.Qual(testingPkg, "ObjectReaction").Call(jen.Id("o"))),
		jen.Id("cs").Dot("AddWatchReactor").Call(jen.Lit("*"), jen.Qual(testingPkg, "ObjectWatchReaction").Call(jen.Id("o"))),
		jen.Return(jen.Id("cs")),
	)

	f.Comment("NewClientset is NewSimpleClientset: both track field ownership as the server")
	f.Comment("does (client-go's NewSimpleClientset does not serve apply).")
	f.Func().Id("NewClientset").Params(jen.Id("objects").Op("...").Qual(runtimePkg, "Object")).Op("*").Id("Clientset").Block(
		jen.Return(jen.Id("NewSimpleClientset").Call(jen.Id("objects").Op("..."))),
	)

	f.Comment("Clientset implements the clientset's Interface over a testing.Fake, which it")
	f.Comment("embeds: tests call PrependReactor, Actions and ClearActions on it.")
	f.Type().Id("Clientset").Struct(
		jen.Qual(testingPkg, "Fake"),
		jen.Id("discovery").Op("*").Qual(fakeDiscoveryPkg, "FakeDiscovery"),
		jen.Id("tracker").Qual(testingPkg, "ObjectTracker"),
	)

	f.Comment("Discovery returns a fake discovery client serving the clientset's resources.")
	f.Func().Params(jen.Id("c").Op("*").Id("Clientset")).Id("Discovery").Params().Qual(discoveryPkg, "DiscoveryInterfaces").Block(
		jen.Return(jen.Id("c").Dot("discovery")),
	)
	f.Comment("Tracker returns the object tracker the clientset's reactors serve from.")
	f.Func().Params(jen.Id("c").Op("*").Id("Clientset")).Id("Tracker").Params().Qual(testingPkg, "ObjectTracker").Block(
		jen.Return(jen.Id("c").Dot("tracker")),
	)
	f.Comment("IsWatchListSemanticsUnSupported reports false: the tracker serves watch-list")
	f.Comment("(sendInitialEvents) as the API server does, so an informer over the fake")
	f.Comment("takes the same path as over a real server. client-go's fake answers true.")
	f.Comment("The method is the reflector's optional check, and in client-go's method set.")
	f.Func().Params(jen.Id("c").Op("*").Id("Clientset")).Id("IsWatchListSemanticsUnSupported").Params().Bool().Block(
		jen.Return(jen.False()),
	)

	f.Var().Defs(
		jen.Id("_").Qual(cs.PkgPath, "Interface").Op("=").Op("&").Id("Clientset").Values(),
		jen.Id("_").Qual(testingPkg, "FakeClient").Op("=").Op("&").Id("Clientset").Values(),
	)

	for _, gv := range gvs {
		f.Commentf("%s retrieves the %s", gv.Accessor, gv.FakeClientName())
		f.Func().Params(jen.Id("c").Op("*").Id("Clientset")).Id(gv.Accessor).Params().Qual(gv.PkgPath, gv.InterfaceName).Block(
			jen.Return(jen.Op("&").Qual(gv.FakePkgPath(), gv.FakeClientName()).Values(jen.Dict{jen.Id("Fake"): jen.Op("&").Id("c").Dot("Fake")})),
		)
	}

	f.Comment("resources are the clientset's resources: the tracker serves them with their")
	f.Comment("scope and subresources, and the fake discovery lists them.")
	f.Func().Id("resources").Params().Index().Qual(testingPkg, "Resource").Block(
		jen.Return(jen.Index().Qual(testingPkg, "Resource").ValuesFunc(func(g *jen.Group) {
			for _, gv := range gvs {
				for _, t := range gv.Types {
					d := jen.Dict{
						jen.Id("GVR"):        gvr(gv, t),
						jen.Id("Kind"):       jen.Lit(t.Kind),
						jen.Id("ListKind"):   jen.Lit(t.ListKind),
						jen.Id("Namespaced"): jen.Lit(t.Namespaced),
					}
					if subs := t.ServedSubresources(); len(subs) > 0 {
						d[jen.Id("Subresources")] = jen.Index().String().Values(lits(subs)...)
					}
					if verbs := t.DiscoveryVerbs(); len(verbs) > 0 {
						d[jen.Id("Verbs")] = jen.Index().String().Values(lits(verbs)...)
					}
					g.Line().Values(d)
				}
			}
			g.Line()
		})),
	)
}

func gvr(gv *model.GroupVersion, t *model.Type) *jen.Statement {
	return jen.Qual(schemaPkg, "GroupVersionResource").Values(jen.Dict{
		jen.Id("Group"): jen.Lit(gv.Group), jen.Id("Version"): jen.Lit(gv.Version), jen.Id("Resource"): jen.Lit(t.Resource),
	})
}

func gvk(gv *model.GroupVersion, t *model.Type) *jen.Statement {
	return jen.Qual(schemaPkg, "GroupVersionKind").Values(jen.Dict{
		jen.Id("Group"): jen.Lit(gv.Group), jen.Id("Version"): jen.Lit(gv.Version), jen.Id("Kind"): jen.Lit(t.Kind),
	})
}

func lits(ss []string) []jen.Code {
	out := make([]jen.Code, len(ss))
	for i, s := range ss {
		out[i] = jen.Lit(s)
	}
	return out
}

// fakeGroupClient adds the fake group client to typed/<group>/<version>/fake/client.go.
func (r *renderer) fakeGroupClient(f *jen.File, gv *model.GroupVersion) {
	recv := func() *jen.Statement { return jen.Id("c").Op("*").Id(gv.FakeClientName()) }

	f.Commentf("%s is the fake %s: its clients record actions on Fake.", gv.FakeClientName(), gv.ClientName)
	f.Type().Id(gv.FakeClientName()).Struct(jen.Op("*").Qual(testingPkg, "Fake"))

	for _, t := range gv.Types {
		iface := jen.Qual(gv.PkgPath, t.InterfaceName)
		if t.Namespaced {
			f.Func().Params(recv()).Id(t.PluralGoName).Params(jen.Id("namespace").String()).Add(iface).Block(
				jen.Return(jen.Id(t.FakeConstructor()).Call(jen.Id("c"), jen.Id("namespace"))),
			)
		} else {
			f.Func().Params(recv()).Id(t.PluralGoName).Params().Add(iface).Block(
				jen.Return(jen.Id(t.FakeConstructor()).Call(jen.Id("c"))),
			)
		}
	}

	f.Comment("RESTClient returns nil: the fake sends no requests.")
	f.Func().Params(recv()).Id("RESTClient").Params().Qual(restPkg, "Interface").Block(jen.Return(jen.Nil()))
}

// fakeTypeClient adds a kind's fake client to typed/<group>/<version>/fake/client.go: a
// struct embedding the generic fake client of runtime/typed/fake that
// matches the real client's (the same verbs), and the kind's extension
// methods over the generic fake's helpers.
func (r *renderer) fakeTypeClient(f *jen.File, gv *model.GroupVersion, t *model.Type) {
	obj := func() *jen.Statement { return jen.Op("*").Qual(gv.APIPkgPath, t.Kind) }
	list := func() *jen.Statement { return jen.Op("*").Qual(gv.APIPkgPath, t.ListKind) }

	typeArgs := []jen.Code{obj()}
	if t.NeedsList {
		typeArgs = append(typeArgs, list())
	}
	if t.NeedsApply {
		typeArgs = append(typeArgs, jen.Op("*").Add(goType(t.ApplyConfig)))
	}

	f.Commentf("%s implements %s", t.FakeStructName(), t.InterfaceName)
	f.Type().Id(t.FakeStructName()).Struct(
		jen.Op("*").Qual(typedFakePkg, t.Generic).Types(typeArgs...),
		jen.Id("Fake").Op("*").Id(gv.FakeClientName()),
	)

	params := []jen.Code{jen.Id("fake").Op("*").Id(gv.FakeClientName())}
	namespace := jen.Lit("")
	if t.Namespaced {
		params = append(params, jen.Id("namespace").String())
		namespace = jen.Id("namespace")
	}
	args := []jen.Code{
		jen.Line().Id("fake").Dot("Fake"),
		jen.Line().Add(namespace),
		jen.Line().Add(gvr(gv, t)),
		jen.Line().Add(gvk(gv, t)),
		jen.Line().Func().Params().Add(obj()).Block(jen.Return(jen.Op("&").Qual(gv.APIPkgPath, t.Kind).Values())),
	}
	if t.NeedsList {
		args = append(args, jen.Line().Func().Params().Add(list()).Block(jen.Return(jen.Op("&").Qual(gv.APIPkgPath, t.ListKind).Values())))
	}
	args = append(args, jen.Line())
	f.Func().Id(t.FakeConstructor()).Params(params...).Qual(gv.PkgPath, t.InterfaceName).Block(
		jen.Return(jen.Op("&").Id(t.FakeStructName()).Values(
			jen.Line().Qual(typedFakePkg, t.GenericConstructor).Types(typeArgs...).Call(args...),
			jen.Line().Id("fake"),
			jen.Line(),
		)),
	)

	for _, e := range t.Extensions {
		r.extensionMethod(f, t.FakeStructName(), t, e)
	}
}
