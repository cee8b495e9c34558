package model

import (
	"encoding/json"
	"go/ast"
	"go/token"
	"slices"
	"strconv"
	"strings"

	"github.com/clientgen/clientgen/generator/tags"
)

// This file is what openapi-gen writes into a type's OpenAPI definition
// beyond the structure markers, read from the same Go source, so that the
// schema of client-gen-style packages (k8s.io/api's) is the one
// applyconfiguration-gen embeds from that OpenAPI: the defaults of fields
// (+default, ref(...) defaults, and the zero values openapi-gen enforces)
// and unions (+union, +unionDiscriminator, +unionDeprecated). The rules are
// kube-openapi's pkg/generators (openapi.go's generateDefault and
// mustEnforceDefault, union.go's parseUnions).

// SchemaUnion is one union of a struct's fields (x-kubernetes-unions): at
// most one member is set, and the discriminator field, if any, names it.
type SchemaUnion struct {
	Discriminator string // JSON name, "" for none
	Fields        []SchemaUnionField
}

// SchemaUnionField is a member of a union: its JSON name and the
// discriminator's value for it (the Go field name, as openapi-gen writes).
type SchemaUnionField struct {
	FieldName, DiscriminatorValue string
}

// fieldDefault is the default of a field as JSON, "" for none: its own
// +default (or +kubebuilder:default), else the +default on the named type
// it has (through pointers and named non-struct types), else, for a field
// of a package served with openapi-gen's schema (no kubebuilder markers),
// the zero value openapi-gen enforces.
func (sb *schemaBuilder) fieldDefault(f *jsonField) string {
	if d := sb.markerDefault(f.info, f.markers); d != "" {
		return d
	}
	t := f.expr
	for range 10 {
		if t.Kind == Pointer {
			t = t.Elem
			continue
		}
		if t.Kind != Named || t.Type.PkgPath == "" {
			break
		}
		tgt := sb.b.resolveAlias(t.Type)
		info := sb.b.pkgs[tgt.PkgPath]
		if info == nil || info.byName[tgt.Name] == nil {
			break
		}
		td := info.byName[tgt.Name]
		if d := sb.markerDefault(info, typeSchema(info, td)); d != "" {
			return d
		}
		if td.Struct != nil {
			break
		}
		if t = sb.declared(info, td); t == nil {
			break
		}
	}
	if f.info == nil || (f.info.tags != nil && f.info.tags.Kubebuilder != nil) {
		// controller-gen writes no default it was not given.
		return ""
	}
	return sb.zeroDefault(f.expr, f.omitEmpty)
}

// markerDefault is a +default's value as JSON; ref(Name) is the value of the
// package's constant Name.
func (sb *schemaBuilder) markerDefault(info *pkgInfo, m *tags.Field) string {
	if m == nil {
		return ""
	}
	if d := m.Default; d != nil && info != nil {
		if name, ok := strings.CutPrefix(d.Value, "ref("); ok && strings.HasSuffix(name, ")") {
			return constantJSON(info, strings.TrimSuffix(name, ")"))
		}
	}
	return defaultJSON(m)
}

// constantJSON is the value of a package-level constant with a literal
// value, as JSON.
func constantJSON(info *pkgInfo, name string) string {
	for _, file := range info.load.Files {
		for _, d := range file.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, s := range gd.Specs {
				vs := s.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if n.Name != name || i >= len(vs.Values) {
						continue
					}
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok {
						return ""
					}
					if lit.Kind == token.STRING {
						v, err := strconv.Unquote(lit.Value)
						if err != nil {
							return ""
						}
						b, _ := json.Marshal(v)
						return string(b)
					}
					return compactJSON(lit.Value)
				}
			}
		}
	}
	return ""
}

// zeroDefault is the default openapi-gen enforces on a field of type t: the
// zero value of a builtin that is not omitempty, {} for a struct (omitempty
// or not) that does not decode itself, nothing for pointers, slices, maps
// and interfaces.
func (sb *schemaBuilder) zeroDefault(t *TypeExpr, omitEmpty bool) string {
	for range 10 {
		if t.Kind != Named {
			return ""
		}
		if t.Type.PkgPath == "" {
			if omitEmpty {
				return ""
			}
			return builtinZero(t.Type.Name)
		}
		tgt := sb.b.resolveAlias(t.Type)
		if k, ok := knownTypes[tgt]; ok {
			switch {
			case decodesItself[tgt]:
				return ""
			case k.atom != nil && k.atom.Map != nil:
				return "{}"
			case k.inline.Inline.Scalar == "string" && !omitEmpty:
				return `""`
			}
			return ""
		}
		info := sb.b.pkgs[tgt.PkgPath]
		if info == nil || info.byName[tgt.Name] == nil {
			return ""
		}
		td := info.byName[tgt.Name]
		if td.Struct == nil {
			if t = sb.declared(info, td); t == nil {
				return ""
			}
			continue
		}
		if sb.unmarshalsItself(info, td.Name) {
			return ""
		}
		if fs := td.Struct.Fields.List; len(fs) == 1 && len(fs[0].Names) == 0 {
			// A struct of one embedded field is treated as that field's type.
			declInfo, file, _ := sb.declOf(info, td)
			if declInfo == nil {
				return ""
			}
			next, ok := sb.goType(declInfo, file, fs[0].Type)
			if !ok {
				return ""
			}
			t = next
			continue
		}
		return "{}"
	}
	return ""
}

// decodesItself are the known apimachinery types with an UnmarshalJSON
// method: openapi-gen gives fields of them no default.
var decodesItself = map[GoType]bool{
	meta("Time"): true, meta("MicroTime"): true, meta("Duration"): true, meta("FieldsV1"): true,
	{apiResourcePath, "Quantity"}: true, {intstrPath, "IntOrString"}: true, {runtimePath, "RawExtension"}: true,
}

func builtinZero(name string) string {
	switch name {
	case "string":
		return `""`
	case "bool":
		return "false"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64", "byte":
		return "0"
	}
	return ""
}

// unmarshalsItself reports whether the package declares an UnmarshalJSON
// method on the named type (either receiver).
func (sb *schemaBuilder) unmarshalsItself(info *pkgInfo, name string) bool {
	if sb.unmarshalers == nil {
		sb.unmarshalers = map[string]map[string]bool{}
	}
	m, ok := sb.unmarshalers[info.load.PkgPath]
	if !ok {
		m = map[string]bool{}
		for _, file := range info.load.Files {
			for _, d := range file.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 || fd.Name.Name != "UnmarshalJSON" {
					continue
				}
				if recv := embeddedNameOf(fd.Recv.List[0].Type); recv != "" {
					m[recv] = true
				}
			}
		}
		sb.unmarshalers[info.load.PkgPath] = m
	}
	return m[name]
}

// unionMember is a field of a struct as openapi-gen's union parsing sees it.
type unionMember struct {
	json   string // the referable name: the json name, the Go name without a json tag, "" for "-" or ",inline"
	goName string
	inline bool // an explicit ",inline"
	expr   ast.Expr
	marks  *tags.Field
}

// unions returns the unions of a struct, in openapi-gen's order: the
// struct's own (+union), those of structs it inlines, then one of members
// marked +unionDeprecated.
func (sb *schemaBuilder) unions(info *pkgInfo, td *typeDecl, depth int) []SchemaUnion {
	declInfo, file, declName := sb.declOf(info, td)
	if declInfo == nil || depth > 8 {
		return nil
	}
	fieldTags := &tags.Type{}
	if declInfo.tags != nil {
		fieldTags = declInfo.tags.Type(declName)
	}
	var members []unionMember
	for _, fld := range td.Struct.Fields.List {
		tag := structTag(fld)
		j, hasJSON := tag.Lookup("json")
		parts := strings.Split(j, ",")
		names := []string{embeddedNameOf(fld.Type)}
		if len(fld.Names) > 0 {
			names = names[:0]
			for _, n := range fld.Names {
				if n.IsExported() {
					names = append(names, n.Name)
				}
			}
		}
		for _, n := range names {
			m := unionMember{goName: n, expr: fld.Type, marks: fieldTags.Field(n), inline: len(parts) > 1 && parts[1] == "inline"}
			switch {
			case !hasJSON:
				m.json = n
			case parts[0] != "-":
				m.json = parts[0]
			}
			members = append(members, m)
		}
	}

	var out []SchemaUnion
	if ts := typeSchema(info, td); ts != nil && ts.Union != nil {
		u := SchemaUnion{}
		for _, m := range members {
			switch {
			case m.json == "" || m.inline || m.marks.UnionDeprecated != nil:
			case m.marks.UnionDiscriminator != nil:
				u.Discriminator = m.json
			default:
				u.Fields = append(u.Fields, SchemaUnionField{FieldName: m.json, DiscriminatorValue: m.goName})
			}
		}
		out = append(out, sortUnion(u))
	}
	for _, m := range members {
		if !m.inline {
			continue
		}
		t, ok := sb.goType(declInfo, file, m.expr)
		if !ok {
			continue
		}
		if einfo, etd := sb.structOf(sb.underlying(t).t); etd != nil {
			out = append(out, sb.unions(einfo, etd, depth+1)...)
		}
	}
	u := SchemaUnion{}
	for _, m := range members {
		if m.json == "" || m.inline {
			continue
		}
		if m.marks.UnionDiscriminator != nil {
			u.Discriminator = m.json
		}
		if m.marks.UnionDeprecated != nil && m.marks.Union == nil {
			u.Fields = append(u.Fields, SchemaUnionField{FieldName: m.json, DiscriminatorValue: m.goName})
		}
	}
	if len(u.Fields) > 0 {
		out = append(out, sortUnion(u))
	}
	return out
}

// sortUnion sorts a union's members by JSON name, as kube-openapi's
// schemaconv reads them from the extension's map.
func sortUnion(u SchemaUnion) SchemaUnion {
	slices.SortFunc(u.Fields, func(a, b SchemaUnionField) int { return strings.Compare(a.FieldName, b.FieldName) })
	return u
}
