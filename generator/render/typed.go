package render

import (
	"github.com/dave/jennifer/jen"

	"github.com/clientgen/clientgen/generator/model"
)

// groupClient adds the group client to typed/<group>/<version>/client.go.
func (r *renderer) groupClient(f *jen.File, g *model.Group, gv *model.GroupVersion) {
	schemePkg := r.cs.SchemePkgPath()
	client := jen.Op("*").Id(gv.ClientName)
	recv := func() *jen.Statement { return jen.Id("c").Op("*").Id(gv.ClientName) }

	f.Type().Id(gv.InterfaceName).InterfaceFunc(func(grp *jen.Group) {
		grp.Id("RESTClient").Params().Qual(restPkg, "Interface")
		for _, t := range gv.Types {
			grp.Id(t.GetterName)
		}
	})

	f.Commentf("%s is used to interact with features provided by the %s group.", gv.ClientName, displayGroup(g.Name))
	f.Type().Id(gv.ClientName).Struct(jen.Id("restClient").Qual(restPkg, "Interface"))

	for _, t := range gv.Types {
		if t.Namespaced {
			f.Func().Params(recv()).Id(t.PluralGoName).Params(jen.Id("namespace").String()).Id(t.InterfaceName).Block(
				jen.Return(jen.Id(t.Constructor).Call(jen.Id("c"), jen.Id("namespace"))),
			)
		} else {
			f.Func().Params(recv()).Id(t.PluralGoName).Params().Id(t.InterfaceName).Block(
				jen.Return(jen.Id(t.Constructor).Call(jen.Id("c"))),
			)
		}
	}

	errRet := jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err()))
	f.Commentf("NewForConfig creates a new %s for the given config.", gv.ClientName)
	f.Comment("It is NewForConfigAndClient with an HTTP client made by rest.HTTPClientFor(c).")
	f.Func().Id("NewForConfig").Params(jen.Id("c").Op("*").Qual(restPkg, "Config")).Params(client.Clone(), jen.Error()).Block(
		jen.List(jen.Id("httpClient"), jen.Err()).Op(":=").Qual(restPkg, "HTTPClientFor").Call(jen.Id("c")),
		errRet,
		jen.Return(jen.Id("NewForConfigAndClient").Call(jen.Id("c"), jen.Id("httpClient"))),
	)

	f.Commentf("NewForConfigAndClient creates a new %s for the given config and HTTP client.", gv.ClientName)
	f.Comment("The HTTP client takes precedence over the transport settings of c.")
	f.Func().Id("NewForConfigAndClient").Params(
		jen.Id("c").Op("*").Qual(restPkg, "Config"),
		jen.Id("h").Op("*").Qual("net/http", "Client"),
	).Params(client.Clone(), jen.Error()).Block(
		jen.Id("config").Op(":=").Qual(restPkg, "ForGroupVersion").Call(
			jen.Id("c"),
			jen.Qual(schemaPkg, "GroupVersion").Values(jen.Dict{jen.Id("Group"): jen.Lit(gv.Group), jen.Id("Version"): jen.Lit(gv.Version)}),
			jen.Qual(schemePkg, "Codecs"),
		),
		jen.Comment("JSON responses and watch streams decode in one pass (runtime/codec), with"),
		jen.Comment("apimachinery's results."),
		jen.Id("config").Dot("NegotiatedSerializer").Op("=").Qual(codecPkg, "NegotiatedSerializer").Call(jen.Qual(schemePkg, "Scheme"), jen.Id("config").Dot("NegotiatedSerializer")),
		jen.List(jen.Id("client"), jen.Err()).Op(":=").Qual(restPkg, "RESTClientForConfigAndClient").Call(jen.Id("config"), jen.Id("h")),
		errRet,
		jen.Return(jen.Op("&").Id(gv.ClientName).Values(jen.Id("client")), jen.Nil()),
	)

	f.Commentf("NewForConfigOrDie creates a new %s for the given config and", gv.ClientName)
	f.Comment("panics if there is an error in the config.")
	f.Func().Id("NewForConfigOrDie").Params(jen.Id("c").Op("*").Qual(restPkg, "Config")).Add(client.Clone()).Block(
		jen.List(jen.Id("client"), jen.Err()).Op(":=").Id("NewForConfig").Call(jen.Id("c")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Panic(jen.Err())),
		jen.Return(jen.Id("client")),
	)

	f.Commentf("New creates a new %s for the given RESTClient.", gv.ClientName)
	f.Func().Id("New").Params(jen.Id("c").Qual(restPkg, "Interface")).Add(client.Clone()).Block(
		jen.Return(jen.Op("&").Id(gv.ClientName).Values(jen.Id("c"))),
	)

	f.Comment("RESTClient returns a RESTClient that is used to communicate")
	f.Comment("with API server by this client implementation.")
	f.Func().Params(recv()).Id("RESTClient").Params().Qual(restPkg, "Interface").Block(
		jen.If(jen.Id("c").Op("==").Nil()).Block(jen.Return(jen.Nil())),
		jen.Return(jen.Id("c").Dot("restClient")),
	)
}

// expansions declares one empty interface per kind (client-gen's
// generated_expansion.go), embedded in the kind's interface. As with
// client-gen, a kind whose package holds a hand-written <kind>_expansion.go
// gets none: that file declares the interface with its methods.
func (r *renderer) expansions(f *jen.File, gv *model.GroupVersion) {
	for _, t := range gv.Types {
		if t.ExpansionHandWritten {
			continue
		}
		f.Type().Id(t.ExpansionName).Interface()
		f.Line()
	}
}

// typeClient adds a kind's client to typed/<group>/<version>/client.go: the getter and the
// interface with client-gen's exact method signatures, a struct that embeds
// the generic runtime client that implements the standard verbs, and the
// extension methods of +genclient:method tags over the runtime's helpers.
func (r *renderer) typeClient(f *jen.File, gv *model.GroupVersion, t *model.Type) {
	obj := func() *jen.Statement { return jen.Op("*").Qual(gv.APIPkgPath, t.Kind) }
	list := func() *jen.Statement { return jen.Op("*").Qual(gv.APIPkgPath, t.ListKind) }
	applyCfg := func() *jen.Statement { return jen.Op("*").Add(goType(t.ApplyConfig)) }
	ctx := func() *jen.Statement { return jen.Id("ctx").Qual("context", "Context") }

	f.Commentf("%s has a method to return a %s.", t.GetterName, t.InterfaceName)
	f.Comment("A group's client should implement this interface.")
	f.Type().Id(t.GetterName).InterfaceFunc(func(g *jen.Group) {
		if t.Namespaced {
			g.Id(t.PluralGoName).Params(jen.Id("namespace").String()).Id(t.InterfaceName)
		} else {
			g.Id(t.PluralGoName).Params().Id(t.InterfaceName)
		}
	})

	f.Commentf("%s has methods to work with %s resources.", t.InterfaceName, t.Kind)
	f.Type().Id(t.InterfaceName).InterfaceFunc(func(g *jen.Group) {
		for _, v := range t.Verbs {
			switch v {
			case model.Create:
				g.Id("Create").Params(ctx(), jen.Id(t.ParamName).Add(obj()), jen.Id("opts").Qual(metav1Pkg, "CreateOptions")).Params(obj(), jen.Error())
			case model.Update:
				g.Id("Update").Params(ctx(), jen.Id(t.ParamName).Add(obj()), jen.Id("opts").Qual(metav1Pkg, "UpdateOptions")).Params(obj(), jen.Error())
			case model.UpdateStatus:
				g.Comment("Add a +genclient:noStatus comment above the type to avoid generating UpdateStatus().")
				g.Id("UpdateStatus").Params(ctx(), jen.Id(t.ParamName).Add(obj()), jen.Id("opts").Qual(metav1Pkg, "UpdateOptions")).Params(obj(), jen.Error())
			case model.Delete:
				g.Id("Delete").Params(ctx(), jen.Id("name").String(), jen.Id("opts").Qual(metav1Pkg, "DeleteOptions")).Error()
			case model.DeleteCollection:
				g.Id("DeleteCollection").Params(ctx(), jen.Id("opts").Qual(metav1Pkg, "DeleteOptions"), jen.Id("listOpts").Qual(metav1Pkg, "ListOptions")).Error()
			case model.Get:
				g.Id("Get").Params(ctx(), jen.Id("name").String(), jen.Id("opts").Qual(metav1Pkg, "GetOptions")).Params(obj(), jen.Error())
			case model.List:
				g.Id("List").Params(ctx(), jen.Id("opts").Qual(metav1Pkg, "ListOptions")).Params(list(), jen.Error())
			case model.Watch:
				g.Id("Watch").Params(ctx(), jen.Id("opts").Qual(metav1Pkg, "ListOptions")).Params(jen.Qual(watchPkg, "Interface"), jen.Error())
			case model.Patch:
				g.Id("Patch").Params(ctx(), jen.Id("name").String(), jen.Id("pt").Qual(typesPkg, "PatchType"), jen.Id("data").Index().Byte(), jen.Id("opts").Qual(metav1Pkg, "PatchOptions"), jen.Id("subresources").Op("...").String()).Params(jen.Id("result").Add(obj()), jen.Err().Error())
			case model.Apply:
				g.Id("Apply").Params(ctx(), jen.Id(t.ParamName).Add(applyCfg()), jen.Id("opts").Qual(metav1Pkg, "ApplyOptions")).Params(jen.Id("result").Add(obj()), jen.Err().Error())
			case model.ApplyStatus:
				g.Comment("Add a +genclient:noStatus comment above the type to avoid generating ApplyStatus().")
				g.Id("ApplyStatus").Params(ctx(), jen.Id(t.ParamName).Add(applyCfg()), jen.Id("opts").Qual(metav1Pkg, "ApplyOptions")).Params(jen.Id("result").Add(obj()), jen.Err().Error())
			}
		}
		for _, e := range t.Extensions {
			g.Id(e.Name).Params(extensionParams(e)...).Params(jen.Op("*").Add(goType(e.Result)), jen.Error())
		}
		g.Id(t.ExpansionName)
	})

	typeArgs := []jen.Code{obj()}
	if t.NeedsList {
		typeArgs = append(typeArgs, list())
	}
	if t.NeedsApply {
		typeArgs = append(typeArgs, applyCfg())
	}
	f.Commentf("%s implements %s", t.StructName, t.InterfaceName)
	f.Type().Id(t.StructName).Struct(jen.Op("*").Qual(typedPkg, t.Generic).Types(typeArgs...))

	params := []jen.Code{jen.Id("c").Op("*").Id(gv.ClientName)}
	namespace := jen.Lit("")
	if t.Namespaced {
		params = append(params, jen.Id("namespace").String())
		namespace = jen.Id("namespace")
	}
	args := []jen.Code{
		jen.Line().Lit(t.Resource),
		jen.Line().Id("c").Dot("RESTClient").Call(),
		jen.Line().Qual(r.cs.SchemePkgPath(), "ParameterCodec"),
		jen.Line().Add(namespace),
		jen.Line().Func().Params().Add(obj()).Block(jen.Return(jen.Op("&").Qual(gv.APIPkgPath, t.Kind).Values())),
	}
	if t.NeedsList {
		args = append(args, jen.Line().Func().Params().Add(list()).Block(jen.Return(jen.Op("&").Qual(gv.APIPkgPath, t.ListKind).Values())))
	}
	args = append(args, jen.Line())
	f.Commentf("%s returns a %s", t.Constructor, t.StructName)
	f.Func().Id(t.Constructor).Params(params...).Op("*").Id(t.StructName).Block(
		jen.Return(jen.Op("&").Id(t.StructName).Values(jen.Line().Qual(typedPkg, t.GenericConstructor).Types(typeArgs...).Call(args...), jen.Line())),
	)

	for _, e := range t.Extensions {
		r.extensionMethod(f, t.StructName, t, e)
	}
}

// extensionParams are the parameters client-gen gives an extension method of
// e's verb, with or without a subresource.
func extensionParams(e *model.Extension) []jen.Code {
	ctx := jen.Id("ctx").Qual("context", "Context")
	input := func() jen.Code { return jen.Id(e.InputParam).Op("*").Add(goType(e.Input)) }
	var ps []jen.Code
	ps = append(ps, ctx)
	if e.NameParam != "" {
		ps = append(ps, jen.Id(e.NameParam).String())
	}
	switch e.Verb {
	case model.Get:
		if e.NameParam == "" {
			ps = append(ps, jen.Id("name").String())
		}
		ps = append(ps, jen.Id("options").Qual(metav1Pkg, "GetOptions"))
	case model.List:
		ps = append(ps, jen.Id("opts").Qual(metav1Pkg, "ListOptions"))
	case model.Create:
		ps = append(ps, input(), jen.Id("opts").Qual(metav1Pkg, "CreateOptions"))
	case model.Update:
		ps = append(ps, input(), jen.Id("opts").Qual(metav1Pkg, "UpdateOptions"))
	case model.Apply:
		ps = append(ps, input(), jen.Id("opts").Qual(metav1Pkg, "ApplyOptions"))
	case model.Patch:
		ps = append(ps, jen.Id("name").String(), jen.Id("pt").Qual(typesPkg, "PatchType"), jen.Id("data").Index().Byte(),
			jen.Id("opts").Qual(metav1Pkg, "PatchOptions"), jen.Id("subresources").Op("...").String())
	}
	return ps
}

// extensionMethod renders the body of one extension method: a call of the
// runtime helper for its verb through the embedded generic client; recv is
// the kind's struct, real or fake, which embed helpers of the same names.
func (r *renderer) extensionMethod(f *jen.File, recv string, t *model.Type, e *model.Extension) {
	helper := map[model.Verb]string{
		model.Get: "GetInto", model.List: "ListInto", model.Create: "CreateInto",
		model.Update: "UpdateInto", model.Patch: "PatchInto", model.Apply: "ApplyInto",
	}[e.Verb]
	errRet := jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err()))
	f.Comment(e.Doc)
	f.Func().Params(jen.Id("c").Op("*").Id(recv)).Id(e.Name).Params(extensionParams(e)...).Params(jen.Op("*").Add(goType(e.Result)), jen.Error()).BlockFunc(func(g *jen.Group) {
		name := jen.Lit("")
		switch {
		case e.NameParam != "":
			name = jen.Id(e.NameParam)
		case e.Verb == model.Get || e.Verb == model.Patch:
			name = jen.Id("name")
		case e.NameFromInput:
			g.List(jen.Id("name"), jen.Err()).Op(":=").Qual(typedPkg, "ObjectName").Call(jen.Id(e.InputParam))
			g.Add(errRet)
			name = jen.Id("name")
		}
		var sub []jen.Code
		if e.Subresource != "" && e.Verb != model.Patch {
			sub = append(sub, jen.Lit(e.Subresource))
		}
		if e.Verb == model.Patch {
			if e.Subresource != "" {
				g.If(jen.Len(jen.Id("subresources")).Op("==").Lit(0)).Block(
					jen.Id("subresources").Op("=").Index().String().Values(jen.Lit(e.Subresource)),
				)
			}
			sub = append(sub, jen.Id("subresources").Op("..."))
		}
		g.Id("result").Op(":=").Op("&").Add(goType(e.Result)).Values()
		var args []jen.Code
		args = append(args, jen.Id("ctx"), name)
		switch e.Verb {
		case model.Get:
			args = append(args, jen.Id("options"))
		case model.List:
			args = append(args, jen.Id("opts"))
		case model.Create, model.Update, model.Apply:
			args = append(args, jen.Id(e.InputParam), jen.Id("opts"))
		case model.Patch:
			args = append(args, jen.Id("pt"), jen.Id("data"), jen.Id("opts"))
		}
		args = append(args, jen.Id("result"))
		args = append(args, sub...)
		g.If(jen.Err().Op(":=").Id("c").Dot(t.Generic).Dot(helper).Call(args...), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err()))
		g.Return(jen.Id("result"), jen.Nil())
	})
}

// goType is a model type name as jennifer code.
func goType(t model.GoType) *jen.Statement {
	if t.PkgPath == "" {
		return jen.Id(t.Name)
	}
	return jen.Qual(t.PkgPath, t.Name)
}

// typeExpr is a model type expression as jennifer code.
func typeExpr(t *model.TypeExpr) *jen.Statement {
	switch t.Kind {
	case model.Pointer:
		return jen.Op("*").Add(typeExpr(t.Elem))
	case model.Slice:
		return jen.Index().Add(typeExpr(t.Elem))
	case model.Array:
		return jen.Index(jen.Id(t.Len)).Add(typeExpr(t.Elem))
	case model.Map:
		return jen.Map(typeExpr(t.Key)).Add(typeExpr(t.Elem))
	case model.EmptyInterface:
		return jen.Interface()
	}
	return goType(t.Type)
}
