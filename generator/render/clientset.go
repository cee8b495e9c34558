package render

import (
	"github.com/dave/jennifer/jen"

	"github.com/clientgen/clientgen/generator/model"
)

// clientset writes <clientset>/clientset.go: the Interface with one accessor
// per group-version, the Clientset struct and its constructors, with the
// signatures client-gen uses.
func (r *renderer) clientset(f *jen.File) {
	cs := r.cs
	var gvs []*model.GroupVersion
	for _, g := range cs.Groups {
		gvs = append(gvs, g.Versions...)
	}
	for _, gv := range gvs {
		f.ImportAlias(gv.PkgPath, gv.ClientAlias)
	}

	f.Comment("Interface is the clientset: discovery plus one typed client per group-version.")
	f.Type().Id("Interface").InterfaceFunc(func(g *jen.Group) {
		g.Id("Discovery").Params().Qual(discoveryPkg, "DiscoveryInterfaces")
		for _, gv := range gvs {
			g.Id(gv.Accessor).Params().Qual(gv.PkgPath, gv.InterfaceName)
		}
	})

	f.Comment("Clientset contains the clients for groups.")
	f.Type().Id("Clientset").StructFunc(func(g *jen.Group) {
		g.Op("*").Qual(discoveryPkg, "DiscoveryClient")
		for _, gv := range gvs {
			g.Id(gv.FieldName).Op("*").Qual(gv.PkgPath, gv.ClientName)
		}
	})

	for _, gv := range gvs {
		f.Commentf("%s retrieves the %s", gv.Accessor, gv.ClientName)
		f.Func().Params(jen.Id("c").Op("*").Id("Clientset")).Id(gv.Accessor).Params().Qual(gv.PkgPath, gv.InterfaceName).Block(
			jen.Return(jen.Id("c").Dot(gv.FieldName)),
		)
	}

	f.Comment("Discovery retrieves the DiscoveryClient.")
	f.Func().Params(jen.Id("c").Op("*").Id("Clientset")).Id("Discovery").Params().Qual(discoveryPkg, "DiscoveryInterfaces").Block(
		jen.If(jen.Id("c").Op("==").Nil()).Block(jen.Return(jen.Nil())),
		jen.Return(jen.Id("c").Dot("DiscoveryClient")),
	)

	errRet := jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err()))

	f.Comment("NewForConfig creates a new Clientset for the given config.")
	f.Comment("It is NewForConfigAndClient with an HTTP client made by rest.HTTPClientFor(c).")
	f.Func().Id("NewForConfig").Params(jen.Id("c").Op("*").Qual(restPkg, "Config")).Params(jen.Op("*").Id("Clientset"), jen.Error()).Block(
		jen.List(jen.Id("httpClient"), jen.Err()).Op(":=").Qual(restPkg, "HTTPClientFor").Call(jen.Id("c")),
		errRet,
		jen.Return(jen.Id("NewForConfigAndClient").Call(jen.Id("c"), jen.Id("httpClient"))),
	)

	f.Comment("NewForConfigAndClient creates a new Clientset for the given config and HTTP client.")
	f.Comment("Every group client shares httpClient and one rate limiter (made from c.QPS and")
	f.Comment("c.Burst unless c.RateLimiter is set), so the clientset as a whole keeps to c's limits.")
	f.Func().Id("NewForConfigAndClient").Params(
		jen.Id("c").Op("*").Qual(restPkg, "Config"),
		jen.Id("httpClient").Op("*").Qual("net/http", "Client"),
	).Params(jen.Op("*").Id("Clientset"), jen.Error()).BlockFunc(func(g *jen.Group) {
		g.List(jen.Id("config"), jen.Err()).Op(":=").Qual(restPkg, "WithSharedRateLimiter").Call(jen.Id("c"))
		g.Add(errRet)
		g.Var().Id("cs").Id("Clientset")
		for _, gv := range gvs {
			g.List(jen.Id("cs").Dot(gv.FieldName), jen.Err()).Op("=").Qual(gv.PkgPath, "NewForConfigAndClient").Call(jen.Id("config"), jen.Id("httpClient"))
			g.Add(errRet)
		}
		g.List(jen.Id("cs").Dot("DiscoveryClient"), jen.Err()).Op("=").Qual(discoveryPkg, "NewDiscoveryClientForConfigAndClient").Call(jen.Id("config"), jen.Id("httpClient"))
		g.Add(errRet)
		g.Return(jen.Op("&").Id("cs"), jen.Nil())
	})

	f.Comment("NewForConfigOrDie creates a new Clientset for the given config and")
	f.Comment("panics if there is an error in the config.")
	f.Func().Id("NewForConfigOrDie").Params(jen.Id("c").Op("*").Qual(restPkg, "Config")).Op("*").Id("Clientset").Block(
		jen.List(jen.Id("cs"), jen.Err()).Op(":=").Id("NewForConfig").Call(jen.Id("c")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Panic(jen.Err())),
		jen.Return(jen.Id("cs")),
	)

	f.Comment("New creates a new Clientset whose clients all send through c.")
	f.Func().Id("New").Params(jen.Id("c").Qual(restPkg, "Interface")).Op("*").Id("Clientset").BlockFunc(func(g *jen.Group) {
		g.Var().Id("cs").Id("Clientset")
		for _, gv := range gvs {
			g.Id("cs").Dot(gv.FieldName).Op("=").Qual(gv.PkgPath, "New").Call(jen.Id("c"))
		}
		g.Id("cs").Dot("DiscoveryClient").Op("=").Qual(discoveryPkg, "NewDiscoveryClient").Call(jen.Id("c"))
		g.Return(jen.Op("&").Id("cs"))
	})
}

// scheme writes <clientset>/scheme/register.go. The scheme is built by a
// function called from a variable initializer rather than in init(), so the
// package does no work its importer cannot see.
func (r *renderer) scheme(f *jen.File) {
	cs := r.cs
	for _, g := range cs.Groups {
		for _, gv := range g.Versions {
			f.ImportAlias(gv.APIPkgPath, gv.APIPkgAlias)
		}
	}
	f.Comment("Scheme knows every type of every group-version of the clientset.")
	f.Var().Id("Scheme").Op("=").Id("newScheme").Call()
	f.Comment("Codecs encodes and decodes the clientset's types.")
	f.Var().Id("Codecs").Op("=").Qual(serializerPkg, "NewCodecFactory").Call(jen.Id("Scheme"))
	f.Comment("ParameterCodec turns option structs such as metav1.ListOptions into query parameters.")
	f.Var().Id("ParameterCodec").Op("=").Qual(runtimePkg, "NewParameterCodec").Call(jen.Id("Scheme"))
	r.schemeBuilder(f, "AddToScheme adds every type of this clientset to another scheme, so that",
		"clientsets compose: scheme.AddToScheme(otherclientset.Scheme).")
}

// schemeBuilder writes what the real and the fake scheme packages share: the
// list of the group-versions' AddToScheme functions, an exported AddToScheme
// over it, and newScheme, which builds a scheme holding the unversioned meta
// types and every group-version.
func (r *renderer) schemeBuilder(f *jen.File, addToSchemeDoc ...string) {
	f.Var().Id("localSchemeBuilder").Op("=").Qual(runtimePkg, "SchemeBuilder").ValuesFunc(func(g *jen.Group) {
		for _, gr := range r.cs.Groups {
			for _, gv := range gr.Versions {
				g.Line().Qual(gv.APIPkgPath, "AddToScheme")
			}
		}
		g.Line()
	})
	f.Line()
	for _, line := range addToSchemeDoc {
		f.Comment(line)
	}
	f.Var().Id("AddToScheme").Op("=").Id("localSchemeBuilder").Dot("AddToScheme")
	f.Line()
	f.Func().Id("newScheme").Params().Op("*").Qual(runtimePkg, "Scheme").Block(
		jen.Id("s").Op(":=").Qual(runtimePkg, "NewScheme").Call(),
		jen.Comment("The unversioned meta types (Status, WatchEvent, the option structs) back"),
		jen.Comment("error decoding, watch framing and ParameterCodec."),
		jen.Qual(metav1Pkg, "AddToGroupVersion").Call(jen.Id("s"), jen.Qual(schemaPkg, "GroupVersion").Values(jen.Dict{jen.Id("Version"): jen.Lit("v1")})),
		jen.Qual(utilruntimePkg, "Must").Call(jen.Id("localSchemeBuilder").Dot("AddToScheme").Call(jen.Id("s"))),
		jen.Return(jen.Id("s")),
	)
}
