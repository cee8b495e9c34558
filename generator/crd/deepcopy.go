package crd

import (
	"github.com/dave/jennifer/jen"
)

// deepCopy writes DeepCopyInto and DeepCopy for a struct, and DeepCopyObject
// for a kind or List, with deepcopy-gen's shape: a shallow copy first, then
// every field the shallow copy shares (pointers, slices, maps, and structs
// holding them) copied again. Fields are copied with `in, out := &in.F,
// &out.F` blocks, so one recursive function (copyValue) handles any nesting
// of slices, maps and pointers.
func deepCopy(f *jen.File, d *typeDecl) {
	body := []jen.Code{jen.Op("*").Id("out").Op("=").Op("*").Id("in")}
	for _, fl := range d.fields {
		t := fl.typ
		switch {
		case t.shallow():
		case t.hasDeepCopyInto():
			body = append(body, jen.Id("in").Dot(fl.name).Dot("DeepCopyInto").Call(jen.Op("&").Id("out").Dot(fl.name)))
		default:
			inner := append([]jen.Code{jen.List(jen.Id("in"), jen.Id("out")).Op(":=").List(jen.Op("&").Id("in").Dot(fl.name), jen.Op("&").Id("out").Dot(fl.name))}, copyValue(t)...)
			body = append(body, jen.If(jen.Id("in").Dot(fl.name).Op("!=").Nil()).Block(inner...))
		}
	}
	f.Commentf("DeepCopyInto copies the receiver into out. in must be non-nil.")
	f.Func().Params(jen.Id("in").Op("*").Id(d.name)).Id("DeepCopyInto").Params(jen.Id("out").Op("*").Id(d.name)).Block(body...)
	f.Line()
	f.Commentf("DeepCopy copies the receiver into a new %s.", d.name)
	f.Func().Params(jen.Id("in").Op("*").Id(d.name)).Id("DeepCopy").Params().Op("*").Id(d.name).Block(
		jen.If(jen.Id("in").Op("==").Nil()).Block(jen.Return(jen.Nil())),
		jen.Id("out").Op(":=").New(jen.Id(d.name)),
		jen.Id("in").Dot("DeepCopyInto").Call(jen.Id("out")),
		jen.Return(jen.Id("out")),
	)
	f.Line()
	if d.object {
		f.Comment("DeepCopyObject copies the receiver into a new runtime.Object.")
		f.Func().Params(jen.Id("in").Op("*").Id(d.name)).Id("DeepCopyObject").Params().Qual(runtimePkg, "Object").Block(
			jen.If(jen.Id("c").Op(":=").Id("in").Dot("DeepCopy").Call(), jen.Id("c").Op("!=").Nil()).Block(jen.Return(jen.Id("c"))),
			jen.Return(jen.Nil()),
		)
		f.Line()
	}
}

// copyValue makes *out a deep copy of *in, where in and out are pointers to
// a non-nil pointer, slice or map of type t that *out may share with *in.
func copyValue(t *goType) []jen.Code {
	in, out := jen.Op("*").Id("in"), jen.Op("*").Id("out")
	switch t.kind {
	case pointerType:
		e := t.elem
		s := []jen.Code{jen.Op("*").Id("out").Op("=").New(typeCode(e))}
		if e.shallow() {
			return append(s, jen.Op("**").Id("out").Op("=").Op("**").Id("in"))
		}
		return append(s, jen.Parens(in).Dot("DeepCopyInto").Call(out))
	case sliceType:
		e := t.elem
		s := []jen.Code{jen.Op("*").Id("out").Op("=").Make(jen.Index().Add(typeCode(e)), jen.Len(in))}
		if e.shallow() {
			return append(s, jen.Copy(out, in))
		}
		elemIn := jen.Parens(jen.Op("*").Id("in")).Index(jen.Id("i"))
		elemOut := jen.Parens(jen.Op("*").Id("out")).Index(jen.Id("i"))
		var loop []jen.Code
		if e.hasDeepCopyInto() {
			loop = []jen.Code{jen.Add(elemIn).Dot("DeepCopyInto").Call(jen.Op("&").Add(elemOut))}
		} else {
			inner := append([]jen.Code{jen.List(jen.Id("in"), jen.Id("out")).Op(":=").List(jen.Op("&").Add(elemIn), jen.Op("&").Add(elemOut))}, copyValue(e)...)
			loop = []jen.Code{jen.If(jen.Parens(jen.Op("*").Id("in")).Index(jen.Id("i")).Op("!=").Nil()).Block(inner...)}
		}
		return append(s, jen.For(jen.Id("i").Op(":=").Range().Add(in)).Block(loop...))
	case mapType:
		e := t.elem
		s := []jen.Code{jen.Op("*").Id("out").Op("=").Make(jen.Map(jen.String()).Add(typeCode(e)), jen.Len(in))}
		set := func(v jen.Code) jen.Code {
			return jen.Parens(jen.Op("*").Id("out")).Index(jen.Id("key")).Op("=").Add(v)
		}
		var loop []jen.Code
		switch {
		case e.shallow():
			loop = []jen.Code{set(jen.Id("val"))}
		case e.hasDeepCopyInto():
			loop = []jen.Code{set(jen.Op("*").Id("val").Dot("DeepCopy").Call())}
		default:
			inner := append([]jen.Code{jen.List(jen.Id("in"), jen.Id("out")).Op(":=").List(jen.Op("&").Id("val"), jen.Op("&").Id("outVal"))}, copyValue(e)...)
			loop = []jen.Code{
				jen.Var().Id("outVal").Add(typeCode(e)),
				jen.If(jen.Id("val").Op("!=").Nil()).Block(inner...),
				set(jen.Id("outVal")),
			}
		}
		return append(s, jen.For(jen.List(jen.Id("key"), jen.Id("val")).Op(":=").Range().Add(in)).Block(loop...))
	}
	panic("crd: copyValue of a type that copies itself") // a programming error
}
