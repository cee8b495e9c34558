package crd

import (
	"bytes"
	"fmt"
	"go/format"
	"path"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/clientgen/clientgen/generator/output"
	"github.com/clientgen/clientgen/templates"
)

type renderer struct {
	header []string
}

func (r *renderer) newFile(p *apiPackage) *jen.File {
	f := jen.NewFilePathName(p.path, p.name)
	for _, h := range r.header {
		f.HeaderComment(h)
	}
	f.HeaderComment("// " + templates.Banner())
	f.ImportAlias(metav1Pkg, "metav1")
	f.ImportAlias(utiljsonPkg, "utiljson")
	f.ImportNames(map[string]string{runtimePkg: "runtime", schemaPkg: "schema", intstrPkg: "intstr", "encoding/json": "json", "slices": "slices"})
	return f
}

// pkg renders one group-version package: doc.go, register.go, types.go and
// zz_generated.deepcopy.go (the name deepcopy-gen and controller-gen use, so
// tools that skip generated deep copies recognise it).
func (r *renderer) pkg(p *apiPackage) ([]output.File, error) {
	var files []output.File
	add := func(name string, f *jen.File) error {
		src, err := render(path.Join(p.path, name), f)
		if err != nil {
			return err
		}
		files = append(files, output.File{Path: path.Join(p.dir, name), Content: src})
		return nil
	}

	doc := r.newFile(p)
	doc.PackageComment(comment(fmt.Sprintf("Package %s contains the %s API of the %s group, generated from the CustomResourceDefinitions %s.",
		p.name, p.version, p.group, strings.Join(p.crds, ", "))))
	doc.PackageComment("//")
	doc.PackageComment("// +k8s:deepcopy-gen=package")
	doc.PackageComment("// +groupName=" + p.group)
	if p.groupGoName != "" {
		doc.PackageComment("// +groupGoName=" + p.groupGoName)
	}
	if err := add("doc.go", doc); err != nil {
		return nil, err
	}

	reg := r.newFile(p)
	register(reg, p)
	if err := add("register.go", reg); err != nil {
		return nil, err
	}

	types := r.newFile(p)
	for _, d := range p.decls {
		declare(types, d)
		if d.unknown != "" {
			unknownFieldsJSON(types, d)
		}
	}
	if err := add("types.go", types); err != nil {
		return nil, err
	}

	dc := r.newFile(p)
	for _, d := range p.decls {
		if !d.isEnum {
			deepCopy(dc, d)
		}
	}
	if err := add("zz_generated.deepcopy.go", dc); err != nil {
		return nil, err
	}
	return files, nil
}

func register(f *jen.File, p *apiPackage) {
	f.Comment("GroupName is the API group of this package's kinds.")
	f.Const().Id("GroupName").Op("=").Lit(p.group)
	f.Line()
	f.Comment("SchemeGroupVersion is the group version used to register these objects.")
	f.Var().Id("SchemeGroupVersion").Op("=").Qual(schemaPkg, "GroupVersion").Values(jen.Dict{
		jen.Id("Group"): jen.Id("GroupName"), jen.Id("Version"): jen.Lit(p.version),
	})
	f.Line()
	f.Comment("Kind takes an unqualified kind and returns a Group qualified GroupKind.")
	f.Func().Id("Kind").Params(jen.Id("kind").String()).Qual(schemaPkg, "GroupKind").Block(
		jen.Return(jen.Id("SchemeGroupVersion").Dot("WithKind").Call(jen.Id("kind")).Dot("GroupKind").Call()),
	)
	f.Line()
	f.Comment("Resource takes an unqualified resource and returns a Group qualified GroupResource.")
	f.Func().Id("Resource").Params(jen.Id("resource").String()).Qual(schemaPkg, "GroupResource").Block(
		jen.Return(jen.Id("SchemeGroupVersion").Dot("WithResource").Call(jen.Id("resource")).Dot("GroupResource").Call()),
	)
	f.Line()
	f.Var().Defs(
		jen.Comment("SchemeBuilder collects the functions that add this package's types to a scheme."),
		jen.Id("SchemeBuilder").Op("=").Qual(runtimePkg, "NewSchemeBuilder").Call(jen.Id("addKnownTypes")),
		jen.Comment("AddToScheme adds this package's types to a scheme."),
		jen.Id("AddToScheme").Op("=").Id("SchemeBuilder").Dot("AddToScheme"),
	)
	f.Line()
	args := []jen.Code{jen.Id("SchemeGroupVersion")}
	for _, k := range p.kinds {
		args = append(args, jen.Op("&").Id(k).Values(), jen.Op("&").Id(p.lists[k]).Values())
	}
	f.Func().Id("addKnownTypes").Params(jen.Id("scheme").Op("*").Qual(runtimePkg, "Scheme")).Error().Block(
		jen.Id("scheme").Dot("AddKnownTypes").CallFunc(func(g *jen.Group) {
			for _, a := range args {
				g.Line().Add(a)
			}
			g.Line()
		}),
		jen.Qual(metav1Pkg, "AddToGroupVersion").Call(jen.Id("scheme"), jen.Id("SchemeGroupVersion")),
		jen.Return(jen.Nil()),
	)
}

// comment renders text as // lines. A description line starting with "+"
// would be read as a tag by clientgen, deepcopy-gen or controller-gen, so
// it is escaped.
func comment(text string) string {
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(text), "\n") {
		l = strings.TrimRight(l, " \t\r")
		if strings.HasPrefix(strings.TrimLeft(l, " \t"), "+") {
			l = `\` + strings.TrimLeft(l, " \t")
		}
		if l == "" {
			lines = append(lines, "//")
		} else {
			lines = append(lines, "// "+l)
		}
	}
	return strings.Join(lines, "\n")
}

func markerComment(markers []string) string {
	lines := make([]string, len(markers))
	for i, m := range markers {
		lines[i] = "// " + m
	}
	return strings.Join(lines, "\n")
}

func typeCode(t *goType) jen.Code {
	switch t.kind {
	case basicType, namedType, enumType:
		return jen.Id(t.name)
	case externType:
		return jen.Qual(t.pkg, t.name)
	case sliceType:
		return jen.Index().Add(typeCode(t.elem))
	case mapType:
		return jen.Map(jen.String()).Add(typeCode(t.elem))
	case pointerType:
		return jen.Op("*").Add(typeCode(t.elem))
	}
	panic(fmt.Sprintf("crd: unknown type kind %d", t.kind)) // a programming error
}

func declare(f *jen.File, d *typeDecl) {
	if len(d.markers) > 0 {
		f.Comment(markerComment(d.markers))
		f.Line()
	}
	f.Comment(comment(d.doc))
	if d.isEnum {
		f.Type().Id(d.name).String()
		f.Line()
		f.Comment(fmt.Sprintf("The values %s may have.", d.name))
		f.Const().DefsFunc(func(g *jen.Group) {
			for _, c := range d.enum {
				g.Id(c.name).Id(d.name).Op("=").Lit(c.value)
			}
		})
		return
	}
	f.Type().Id(d.name).StructFunc(func(g *jen.Group) {
		for i, fl := range d.fields {
			if fl.embedded {
				g.Add(typeCode(fl.typ)).Tag(map[string]string{"json": fl.tag()})
				if i+1 < len(d.fields) && !d.fields[i+1].embedded {
					g.Line()
				}
				continue
			}
			if i > 0 && !d.fields[i-1].embedded {
				g.Line()
			}
			if fl.doc != "" {
				g.Comment(comment(fl.doc))
			}
			if len(fl.markers) > 0 {
				g.Comment(markerComment(fl.markers))
			}
			g.Id(fl.name).Add(typeCode(fl.typ)).Tag(map[string]string{"json": fl.tag()})
		}
	})
}

// unknownFieldsJSON writes the JSON methods of a kind whose root schema
// preserves unknown fields: the API server keeps top-level fields the
// schema does not name, so the Go type must too. A struct cannot hold
// them, so they go to d.unknown (map[string]runtime.RawExtension, tagged
// json:"-"), and these methods read and write them around the struct's own
// fields. Keys match case-sensitively, as the API server's decoder does
// (k8s.io/apimachinery/pkg/util/json), so "Data" next to "data" is an
// unknown field, not a second spelling of a known one.
func unknownFieldsJSON(f *jen.File, d *typeDecl) {
	known := []jen.Code{}
	for _, n := range d.jsonNames() {
		known = append(known, jen.Lit(n))
	}
	recv := jen.Id("in")
	f.Commentf("UnmarshalJSON reads the fields the schema names into the struct and every other top-level field into %s.", d.unknown)
	f.Func().Params(jen.Id("in").Op("*").Id(d.name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.Type().Id("known").Id(d.name).Comment("the same fields without these methods"),
		jen.Var().Id("k").Id("known"),
		jen.If(jen.Err().Op(":=").Qual(utiljsonPkg, "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("k")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Var().Id("fields").Map(jen.String()).Qual("encoding/json", "RawMessage"),
		jen.If(jen.Err().Op(":=").Qual(utiljsonPkg, "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("fields")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.For(jen.List(jen.Id("name"), jen.Id("value")).Op(":=").Range().Id("fields")).Block(
			jen.Switch(jen.Id("name")).Block(
				jen.Case(known...),
				jen.Default().Block(
					jen.If(jen.Id("k").Dot(d.unknown).Op("==").Nil()).Block(
						jen.Id("k").Dot(d.unknown).Op("=").Map(jen.String()).Qual(runtimePkg, "RawExtension").Values(),
					),
					jen.Id("k").Dot(d.unknown).Index(jen.Id("name")).Op("=").Qual(runtimePkg, "RawExtension").Values(jen.Dict{jen.Id("Raw"): jen.Id("value")}),
				),
			),
		),
		jen.Op("*").Add(recv).Op("=").Id(d.name).Call(jen.Id("k")),
		jen.Return(jen.Nil()),
	)
	f.Line()
	f.Commentf("MarshalJSON writes the fields the schema names, then those of %s in key order", d.unknown)
	f.Comment("(one there under a name the schema declares is left out, so no key is written twice).")
	f.Func().Params(jen.Id("in").Id(d.name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Type().Id("known").Id(d.name).Comment("the same fields without these methods"),
		jen.List(jen.Id("data"), jen.Err()).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Id("known").Call(jen.Id("in"))),
		jen.If(jen.Err().Op("!=").Nil().Op("||").Len(jen.Id("in").Dot(d.unknown)).Op("==").Lit(0)).Block(jen.Return(jen.Id("data"), jen.Err())),
		jen.Id("names").Op(":=").Make(jen.Index().String(), jen.Lit(0), jen.Len(jen.Id("in").Dot(d.unknown))),
		jen.For(jen.Id("name").Op(":=").Range().Id("in").Dot(d.unknown)).Block(
			jen.Switch(jen.Id("name")).Block(
				jen.Case(known...),
				jen.Default().Block(jen.Id("names").Op("=").Append(jen.Id("names"), jen.Id("name"))),
			),
		),
		jen.Qual("slices", "Sort").Call(jen.Id("names")),
		jen.Id("out").Op(":=").Id("data").Index(jen.Empty(), jen.Len(jen.Id("data")).Op("-").Lit(1), jen.Len(jen.Id("data")).Op("-").Lit(1)).Comment("without its closing brace; appends copy"),
		jen.For(jen.List(jen.Id("_"), jen.Id("name")).Op(":=").Range().Id("names")).Block(
			jen.List(jen.Id("key"), jen.Err()).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Id("name")),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.List(jen.Id("value"), jen.Err()).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Id("in").Dot(d.unknown).Index(jen.Id("name"))),
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

// render prints f and gofmts it; a failure shows the numbered source.
func render(name string, f *jen.File) ([]byte, error) {
	f.NoFormat = true
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	src, err := format.Source(buf.Bytes())
	if err != nil {
		var numbered strings.Builder
		for i, l := range strings.Split(buf.String(), "\n") {
			fmt.Fprintf(&numbered, "%4d  %s\n", i+1, l)
		}
		return nil, fmt.Errorf("render %s: generated code does not gofmt (a clientgen bug, please report it): %v\n%s", name, err, numbered.String())
	}
	return src, nil
}
