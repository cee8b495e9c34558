package render

import (
	"github.com/dave/jennifer/jen"
)

const (
	utiljsonPkg = "k8s.io/apimachinery/pkg/util/json"
	rawExtPkg   = "k8s.io/apimachinery/pkg/runtime"
)

// UnknownFieldsJSON writes UnmarshalJSON and MarshalJSON for a struct type
// whose object preserves unknown fields (x-kubernetes-preserve-unknown-fields):
// the fields named in known (the JSON names of the struct's own fields) go
// to and from the struct, every other top-level field to and from the map
// field (map[string]runtime.RawExtension, tagged json:"-"). Keys match
// case-sensitively, as the API server's decoder does
// (k8s.io/apimachinery/pkg/util/json), so "Data" next to "data" is an
// unknown field, not a second spelling of a known one. generator/crd writes
// these methods on API kinds generated from CRDs, the apply configurations
// on the apply configuration of any type with
// +kubebuilder:pruning:PreserveUnknownFields.
func UnknownFieldsJSON(f *jen.File, recv, typeName, field string, known []string) {
	f.ImportAlias(utiljsonPkg, "utiljson")
	f.ImportName("encoding/json", "json")
	names := make([]jen.Code, len(known))
	for i, n := range known {
		names[i] = jen.Lit(n)
	}
	unknown := func() *jen.Statement { return jen.Id("k").Dot(field) }
	f.Commentf("UnmarshalJSON reads the fields the schema names into the struct and every other top-level field into %s.", field)
	f.Func().Params(jen.Id(recv).Op("*").Id(typeName)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.Type().Id("known").Id(typeName).Comment("the same fields without these methods"),
		jen.Var().Id("k").Id("known"),
		jen.If(jen.Err().Op(":=").Qual(utiljsonPkg, "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("k")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Var().Id("fields").Map(jen.String()).Qual("encoding/json", "RawMessage"),
		jen.If(jen.Err().Op(":=").Qual(utiljsonPkg, "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("fields")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.For(jen.List(jen.Id("name"), jen.Id("value")).Op(":=").Range().Id("fields")).Block(
			jen.Switch(jen.Id("name")).Block(
				jen.Case(names...),
				jen.Default().Block(
					jen.If(unknown().Op("==").Nil()).Block(
						unknown().Op("=").Map(jen.String()).Qual(rawExtPkg, "RawExtension").Values(),
					),
					unknown().Index(jen.Id("name")).Op("=").Qual(rawExtPkg, "RawExtension").Values(jen.Dict{jen.Id("Raw"): jen.Id("value")}),
				),
			),
		),
		jen.Op("*").Id(recv).Op("=").Id(typeName).Call(jen.Id("k")),
		jen.Return(jen.Nil()),
	)
	f.Line()
	in := func() *jen.Statement { return jen.Id(recv).Dot(field) }
	f.Commentf("MarshalJSON writes the fields the schema names, then those of %s in key order", field)
	f.Comment("(one there under a name the schema declares is left out, so no key is written twice).")
	f.Func().Params(jen.Id(recv).Id(typeName)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Type().Id("known").Id(typeName).Comment("the same fields without these methods"),
		jen.List(jen.Id("data"), jen.Err()).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Id("known").Call(jen.Id(recv))),
		jen.If(jen.Err().Op("!=").Nil().Op("||").Len(in()).Op("==").Lit(0)).Block(jen.Return(jen.Id("data"), jen.Err())),
		jen.Id("names").Op(":=").Make(jen.Index().String(), jen.Lit(0), jen.Len(in())),
		jen.For(jen.Id("name").Op(":=").Range().Add(in())).Block(
			jen.Switch(jen.Id("name")).Block(
				jen.Case(names...),
				jen.Default().Block(jen.Id("names").Op("=").Append(jen.Id("names"), jen.Id("name"))),
			),
		),
		jen.Qual("slices", "Sort").Call(jen.Id("names")),
		jen.Id("out").Op(":=").Id("data").Index(jen.Empty(), jen.Len(jen.Id("data")).Op("-").Lit(1), jen.Len(jen.Id("data")).Op("-").Lit(1)).Comment("without its closing brace; appends copy"),
		jen.For(jen.List(jen.Id("_"), jen.Id("name")).Op(":=").Range().Id("names")).Block(
			jen.List(jen.Id("key"), jen.Err()).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Id("name")),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.List(jen.Id("value"), jen.Err()).Op(":=").Qual("encoding/json", "Marshal").Call(in().Index(jen.Id("name"))),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.If(jen.Len(jen.Id("out")).Op(">").Lit(1)).Block(jen.Id("out").Op("=").Append(jen.Id("out"), jen.Id("','"))),
			jen.Id("out").Op("=").Append(jen.Id("out"), jen.Id("key").Op("...")),
			jen.Id("out").Op("=").Append(jen.Id("out"), jen.Id("':'")),
			jen.Id("out").Op("=").Append(jen.Id("out"), jen.Id("value").Op("...")),
		),
		jen.Return(jen.Append(jen.Id("out"), jen.Id("'}'")), jen.Nil()),
	)
	f.Line()
}
