package render

import (
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/clientgen/clientgen/generator/model"
)

// smdTypedPkg is structured-merge-diff's typed package: Parser and YAMLObject.
const smdTypedPkg = "sigs.k8s.io/structured-merge-diff/v6/typed"

// schemaFile writes the internal package of the apply configuration tree:
// Parser(), applyconfiguration-gen's signature, over the schema as
// structured-merge-diff's YAML. The parser is built once, on first use
// (sync.OnceValue: a lazily computed constant, not mutable state).
func (r *renderer) schemaFile(s *model.ApplySchema) *jen.File {
	f := r.newFile(s.PkgPath, s.PkgName)
	f.PackageComment("// Package " + s.PkgName + " holds the structured-merge schema of the apply configurations,")
	f.PackageComment("// built by clientgen from the Go types and their markers (+listType, +listMapKey, +mapType,")
	f.PackageComment("// +structType, +optional, +default). The Extract functions and utils.NewTypeConverter use it.")
	f.Comment("Parser returns the parser of the schema; it panics if the embedded schema does not parse,")
	f.Comment("which a generator bug alone can cause.")
	f.Func().Id("Parser").Params().Op("*").Qual(smdTypedPkg, "Parser").Block(jen.Return(jen.Id("parser").Call()))
	f.Var().Id("parser").Op("=").Qual("sync", "OnceValue").Call(jen.Func().Params().Op("*").Qual(smdTypedPkg, "Parser").Block(
		jen.List(jen.Id("p"), jen.Err()).Op(":=").Qual(smdTypedPkg, "NewParser").Call(jen.Id("schemaYAML")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Panic(jen.Qual("fmt", "Sprintf").Call(jen.Lit("failed to parse schema: %v"), jen.Err()))),
		jen.Return(jen.Id("p")),
	))
	f.Const().Id("schemaYAML").Qual(smdTypedPkg, "YAMLObject").Op("=").Id("`" + SchemaYAML(s) + "`")
	return f
}

// SchemaYAML is the schema in structured-merge-diff's YAML form, the same
// bytes for the same model. Names and JSON defaults never hold a backquote
// (Go identifiers, import paths and JSON written into a Go comment line).
func SchemaYAML(s *model.ApplySchema) string {
	var b strings.Builder
	b.WriteString("types:\n")
	for _, t := range s.Types {
		b.WriteString("- name: " + t.Name + "\n")
		writeAtom(&b, "  ", t.Atom)
	}
	return strings.ReplaceAll(b.String(), "`", "` + \"`\" + `")
}

func writeAtom(b *strings.Builder, in string, a model.SchemaAtom) {
	if a.Scalar != "" {
		b.WriteString(in + "scalar: " + a.Scalar + "\n")
	}
	if l := a.List; l != nil {
		b.WriteString(in + "list:\n")
		b.WriteString(in + "  elementType:\n")
		writeRef(b, in+"    ", l.Elem)
		b.WriteString(in + "  elementRelationship: " + l.ElementRelationship + "\n")
		if len(l.Keys) > 0 {
			b.WriteString(in + "  keys:\n")
			for _, k := range l.Keys {
				b.WriteString(in + "  - " + k + "\n")
			}
		}
	}
	if m := a.Map; m != nil {
		b.WriteString(in + "map:\n")
		if len(m.Fields) > 0 {
			b.WriteString(in + "  fields:\n")
			for _, f := range m.Fields {
				b.WriteString(in + "  - name: " + f.Name + "\n")
				b.WriteString(in + "    type:\n")
				writeRef(b, in+"      ", f.Type)
				if f.Default != "" {
					b.WriteString(in + "    default: " + f.Default + "\n")
				}
			}
		}
		for i, u := range m.Unions {
			if i == 0 {
				b.WriteString(in + "  unions:\n")
			}
			lead := in + "  - "
			if u.Discriminator != "" {
				b.WriteString(lead + "discriminator: " + u.Discriminator + "\n")
				lead = in + "    "
			}
			if len(u.Fields) == 0 {
				if u.Discriminator == "" {
					b.WriteString(lead + "fields: []\n")
				}
				continue
			}
			b.WriteString(lead + "fields:\n")
			for _, f := range u.Fields {
				b.WriteString(in + "    - fieldName: " + f.FieldName + "\n")
				b.WriteString(in + "      discriminatorValue: " + f.DiscriminatorValue + "\n")
			}
		}
		if m.Elem != nil {
			b.WriteString(in + "  elementType:\n")
			writeRef(b, in+"    ", *m.Elem)
		}
		if m.ElementRelationship != "" {
			b.WriteString(in + "  elementRelationship: " + m.ElementRelationship + "\n")
		}
		if len(m.Fields) == 0 && m.Elem == nil && m.ElementRelationship == "" {
			// An empty struct: structured-merge-diff needs the map to be
			// there, with no fields.
			b.WriteString(in + "  fields: []\n")
		}
	}
}

func writeRef(b *strings.Builder, in string, r model.SchemaRef) {
	if r.Named != "" {
		b.WriteString(in + "namedType: " + r.Named + "\n")
		if r.ElementRelationship != "" {
			b.WriteString(in + "elementRelationship: " + r.ElementRelationship + "\n")
		}
		return
	}
	writeAtom(b, in, r.Inline)
}
