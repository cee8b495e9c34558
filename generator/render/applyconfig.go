package render

import (
	"github.com/dave/jennifer/jen"

	"github.com/clientgen/clientgen/generator/model"
)

// applyConfig adds one type's apply configuration to its package file: the
// builder struct, its constructor, its With methods and, for kinds, GetName.
func (r *renderer) applyConfig(f *jen.File, ac *model.ApplyConfig) {
	self := func() *jen.Statement { return jen.Op("*").Id(ac.Name) }
	recv := func() *jen.Statement { return jen.Id("b").Op("*").Id(ac.Name) }

	f.Commentf("%s is the apply configuration of %s: set only the fields a", ac.Name, ac.Type.Name)
	f.Comment("server-side apply should own; unset fields are left out of the request.")
	f.Type().Id(ac.Name).StructFunc(func(g *jen.Group) {
		for _, fld := range ac.Fields {
			tag := map[string]string{"json": fld.JSONTag}
			if fld.Embedded {
				g.Add(typeExpr(fld.Type)).Tag(tag)
			} else {
				g.Id(fld.Name).Add(typeExpr(fld.Type)).Tag(tag)
			}
		}
	})

	switch k := ac.Kind; {
	case k != nil && k.Client:
		var params []jen.Code
		if k.Namespaced {
			params = append(params, jen.List(jen.Id("name"), jen.Id("namespace")).String())
			f.Commentf("%s returns the apply configuration of the %s with the given name and namespace,", ac.Constructor, k.Kind)
		} else {
			params = append(params, jen.Id("name").String())
			f.Commentf("%s returns the apply configuration of the %s with the given name,", ac.Constructor, k.Kind)
		}
		f.Commentf("with kind and apiVersion (%s) set.", k.APIVersion)
		f.Func().Id(ac.Constructor).Params(params...).Add(self()).BlockFunc(func(g *jen.Group) {
			g.Id("b").Op(":=").Op("&").Id(ac.Name).Values()
			if k.HasMeta {
				g.Id("b").Dot("WithName").Call(jen.Id("name"))
				if k.Namespaced {
					g.Id("b").Dot("WithNamespace").Call(jen.Id("namespace"))
				}
			}
			if k.HasTypeMeta {
				g.Id("b").Dot("WithKind").Call(jen.Lit(k.Kind))
				g.Id("b").Dot("WithAPIVersion").Call(jen.Lit(k.APIVersion))
			}
			g.Return(jen.Id("b"))
		})
	case k != nil && k.HasTypeMeta:
		f.Commentf("%s returns an apply configuration of %s with kind and apiVersion (%s) set.", ac.Constructor, ac.Type.Name, k.APIVersion)
		f.Func().Id(ac.Constructor).Params().Add(self()).Block(
			jen.Id("b").Op(":=").Op("&").Id(ac.Name).Values(),
			jen.Id("b").Dot("WithKind").Call(jen.Lit(k.Kind)),
			jen.Id("b").Dot("WithAPIVersion").Call(jen.Lit(k.APIVersion)),
			jen.Return(jen.Id("b")),
		)
	default:
		f.Commentf("%s returns an empty %s.", ac.Constructor, ac.Name)
		f.Func().Id(ac.Constructor).Params().Add(self()).Block(jen.Return(jen.Op("&").Id(ac.Name).Values()))
	}
	if ex := ac.Extract; ex != nil {
		r.extract(f, ac, ex)
	}
	if ac.IsApplyConfiguration {
		f.Comment("IsApplyConfiguration marks a top-level apply configuration, as controller-runtime's")
		f.Comment("client.Apply requires.")
		f.Func().Params(jen.Id("b").Id(ac.Name)).Id("IsApplyConfiguration").Params().Block()
	}

	for _, w := range ac.Withs {
		var param jen.Code
		if w.Variadic {
			param = jen.Id(w.Param).Op("...").Add(typeExpr(w.ParamType))
		} else {
			param = jen.Id(w.Param).Add(typeExpr(w.ParamType))
		}
		field := func() *jen.Statement { return jen.Id("b").Dot(w.Field) }
		var body []jen.Code
		switch w.Shape {
		case model.SetValue:
			f.Commentf("%s sets %s.", w.Name, w.Field)
			body = append(body, field().Op("=").Op("&").Id(w.Param))
		case model.SetPointer:
			f.Commentf("%s sets %s.", w.Name, w.Field)
			body = append(body, field().Op("=").Id(w.Param))
		case model.AppendValues:
			f.Commentf("%s appends the values to %s.", w.Name, w.Field)
			body = append(body, field().Op("=").Append(field(), jen.Id(w.Param).Op("...")))
		case model.AppendPointers:
			f.Commentf("%s appends the values to %s; a nil value panics.", w.Name, w.Field)
			body = append(body, jen.For(jen.Id("i").Op(":=").Range().Id(w.Param)).Block(
				jen.If(jen.Id(w.Param).Index(jen.Id("i")).Op("==").Nil()).Block(jen.Panic(jen.Lit("nil value passed to "+w.Name))),
				field().Op("=").Append(field(), jen.Op("*").Id(w.Param).Index(jen.Id("i"))),
			))
		case model.PutEntries:
			f.Commentf("%s puts the entries into %s, replacing values of the same keys.", w.Name, w.Field)
			body = append(body,
				jen.If(field().Op("==").Nil().Op("&&").Len(jen.Id(w.Param)).Op(">").Lit(0)).Block(
					field().Op("=").Make(typeExpr(w.ParamType), jen.Len(jen.Id(w.Param))),
				),
				jen.For(jen.List(jen.Id("k"), jen.Id("v")).Op(":=").Range().Id(w.Param)).Block(
					field().Index(jen.Id("k")).Op("=").Id("v"),
				),
			)
		case model.Forward:
			f.Commentf("%s sets the field of the embedded %s.", w.Name, w.Field)
			if w.Ensure != "" {
				body = append(body, jen.Id("b").Dot(w.Ensure).Call())
			}
			arg := jen.Id(w.Param)
			if w.Variadic {
				arg = arg.Op("...")
			}
			body = append(body, field().Dot(w.Name).Call(arg))
		}
		body = append(body, jen.Return(jen.Id("b")))
		f.Func().Params(recv()).Id(w.Name).Params(param).Add(self()).Block(body...)
	}

	for _, e := range ac.Ensures {
		f.Commentf("%s allocates the embedded %s before a With method sets one of its fields.", e.Name, e.Field)
		f.Func().Params(recv()).Id(e.Name).Params().Block(
			jen.If(jen.Id("b").Dot(e.Field).Op("==").Nil()).Block(
				jen.Id("b").Dot(e.Field).Op("=").Op("&").Add(typeExpr(e.Type)).Values(),
			),
		)
	}
	if u := ac.Unknown; u != nil {
		UnknownFieldsJSON(f, "b", ac.Name, u.Field, u.Known)
	}
	for _, gt := range ac.Getters {
		f.Commentf("%s returns the %s set, or nil.", gt.Name, gt.Member)
		f.Func().Params(recv()).Id(gt.Name).Params().Op("*").String().BlockFunc(func(g *jen.Group) {
			if gt.Ensure != "" {
				g.Id("b").Dot(gt.Ensure).Call()
			}
			g.Return(jen.Id("b").Dot(gt.Field).Dot(gt.Member))
		})
	}
}

// extract writes applyconfiguration-gen's Extract<Kind>From, Extract<Kind>
// and Extract<Kind><Subresource> over the runtime's ExtractInto (see
// extractPkg) with the kind's type in the tree's schema.
func (r *renderer) extract(f *jen.File, ac *model.ApplyConfig, ex *model.ApplyExtract) {
	k := ac.Kind
	obj := func() *jen.Statement { return jen.Id(ex.Param) }
	ret := jen.Params(jen.Op("*").Id(ac.Name), jen.Error())
	f.Commentf("%sFrom returns the fields of %s that fieldManager owns in the given subresource", ex.Func, ex.Param)
	f.Comment(`("" for the object itself), with name, namespace, kind and apiVersion set: read the object`)
	f.Comment("from the server unmodified, extract, change, apply. Another manager's update or forced apply")
	f.Comment("may have taken some of the fields.")
	f.Func().Id(ex.Func+"From").Params(
		obj().Op("*").Qual(ex.APIType.PkgPath, ex.APIType.Name),
		jen.Id("fieldManager").String(),
		jen.Id("subresource").String(),
	).Add(ret.Clone()).BlockFunc(func(g *jen.Group) {
		g.Id("b").Op(":=").Op("&").Id(ac.Name).Values()
		typ := jen.Qual(r.cs.Schema.PkgPath, "Parser").Call().Dot("Type").Call(jen.Lit(ex.SchemaType))
		g.If(jen.Err().Op(":=").Qual(extractPkg, "ExtractInto").Call(obj(), typ, jen.Id("fieldManager"), jen.Id("b"), jen.Id("subresource")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Nil(), jen.Err()),
		)
		g.Id("b").Dot("WithName").Call(obj().Dot("Name"))
		if k.Namespaced {
			g.Id("b").Dot("WithNamespace").Call(obj().Dot("Namespace"))
		}
		g.Id("b").Dot("WithKind").Call(jen.Lit(k.Kind))
		g.Id("b").Dot("WithAPIVersion").Call(jen.Lit(k.APIVersion))
		g.Return(jen.Id("b"), jen.Nil())
	})
	f.Commentf("%s returns the fields of %s that fieldManager owns; see %sFrom.", ex.Func, ex.Param, ex.Func)
	f.Func().Id(ex.Func).Params(
		obj().Op("*").Qual(ex.APIType.PkgPath, ex.APIType.Name),
		jen.Id("fieldManager").String(),
	).Add(ret.Clone()).Block(jen.Return(jen.Id(ex.Func+"From").Call(obj(), jen.Id("fieldManager"), jen.Lit(""))))
	for _, s := range ex.Subresources {
		f.Commentf("%s returns the fields of the %s subresource of %s that fieldManager owns.", s.Func, s.Subresource, ex.Param)
		f.Func().Id(s.Func).Params(
			obj().Op("*").Qual(ex.APIType.PkgPath, ex.APIType.Name),
			jen.Id("fieldManager").String(),
		).Add(ret.Clone()).Block(jen.Return(jen.Id(ex.Func+"From").Call(obj(), jen.Id("fieldManager"), jen.Lit(s.Subresource))))
	}
}

// applyUtils writes the utils file at the root of the apply configuration
// tree: applyconfiguration-gen's ForKind, over every apply configuration of
// the input group-versions, and NewTypeConverter.
func (r *renderer) applyUtils(f *jen.File) {
	cs := r.cs
	f.Comment("ForKind returns an empty apply configuration of the given group, version and kind")
	f.Comment("(any struct type of an input group-version), or nil when there is none.")
	f.Func().Id("ForKind").Params(jen.Id("kind").Qual(schemaPkg, "GroupVersionKind")).Interface().Block(
		jen.Switch(jen.Id("kind")).BlockFunc(func(g *jen.Group) {
			for _, grp := range cs.Groups {
				for _, gv := range grp.Versions {
					if len(gv.ApplyConfigs) == 0 {
						continue
					}
					g.Commentf("Group=%s, Version=%s", displayGroup(gv.Group), gv.Version)
					for _, ac := range gv.ApplyConfigs {
						g.Case(jen.Qual(schemaPkg, "GroupVersionKind").Values(jen.Dict{
							jen.Id("Group"):   jen.Lit(gv.Group),
							jen.Id("Version"): jen.Lit(gv.Version),
							jen.Id("Kind"):    jen.Lit(ac.Type.Name),
						})).Block(jen.Return(jen.Op("&").Qual(gv.ApplyPkgPath, ac.Name).Values()))
					}
				}
			}
		}),
		jen.Return(jen.Nil()),
	)
	f.Comment("NewTypeConverter returns the type converter of the Extract functions: objects of the")
	f.Comment("scheme's kinds are typed by the schema clientgen builds from the Go types' markers")
	f.Comment("(internal.Parser), so keyed lists merge by key, sets by value and atomic structs whole.")
	f.Func().Id("NewTypeConverter").Params(jen.Id("scheme").Op("*").Qual(runtimePkg, "Scheme")).Qual(managedFieldsPkg, "TypeConverter").Block(
		jen.Return(jen.Qual(managedFieldsPkg, "NewSchemeTypeConverter").Call(jen.Id("scheme"), jen.Qual(cs.Schema.PkgPath, "Parser").Call())),
	)
}
