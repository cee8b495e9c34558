package crd

import (
	"bytes"
	"fmt"
	"go/format"
	"path"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/clientgen/clientgen/generator/output"
	genrender "github.com/clientgen/clientgen/generator/render"
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
			// The API server keeps top-level fields the schema does not
			// name; a struct cannot hold them, so d.unknown does.
			genrender.UnknownFieldsJSON(types, "in", d.name, d.unknown, d.jsonNames())
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
