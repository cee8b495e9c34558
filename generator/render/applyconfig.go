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

	if k := ac.Kind; k != nil {
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
	} else {
		f.Commentf("%s returns an empty %s.", ac.Constructor, ac.Name)
		f.Func().Id(ac.Constructor).Params().Add(self()).Block(jen.Return(jen.Op("&").Id(ac.Name).Values()))
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
	if e := ac.GetName; e != nil {
		f.Comment("GetName returns the name set, or nil.")
		f.Func().Params(recv()).Id("GetName").Params().Op("*").String().Block(
			jen.Return(jen.Id("b").Dot(e.Field).Dot("GetName").Call()),
		)
	}
}
