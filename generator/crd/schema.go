package crd

import (
	"fmt"
	"go/token"
	"slices"
	"strings"
)

const (
	metav1Pkg  = "k8s.io/apimachinery/pkg/apis/meta/v1"
	runtimePkg = "k8s.io/apimachinery/pkg/runtime"
	schemaPkg  = "k8s.io/apimachinery/pkg/runtime/schema"
	intstrPkg  = "k8s.io/apimachinery/pkg/util/intstr"
	// utiljsonPkg decodes case-sensitively, as the API server does.
	utiljsonPkg = "k8s.io/apimachinery/pkg/util/json"
)

// typeKind is the shape of a Go type; render switches on it.
type typeKind int

const (
	basicType  typeKind = iota // string, bool, int32, int64, float64
	namedType                  // a struct declared in the package
	enumType                   // a string type with constants declared in the package
	externType                 // a type of another package (metav1.Time, intstr.IntOrString, runtime.RawExtension)
	sliceType
	mapType // map[string]elem
	pointerType
)

type goType struct {
	kind typeKind
	name string // basic, named, enum or extern type name
	pkg  string // extern: import path
	elem *goType
	decl *typeDecl // named: the declaration
}

var (
	rawType      = &goType{kind: externType, pkg: runtimePkg, name: "RawExtension"}
	timeType     = &goType{kind: externType, pkg: metav1Pkg, name: "Time"}
	intstrType   = &goType{kind: externType, pkg: intstrPkg, name: "IntOrString"}
	typeMetaType = &goType{kind: externType, pkg: metav1Pkg, name: "TypeMeta"}
)

// shallow reports whether `*out = *in` copies a value of t completely.
func (t *goType) shallow() bool {
	switch t.kind {
	case basicType, enumType:
		return true
	case externType:
		return t == intstrType || t == typeMetaType
	case namedType:
		return t.decl.shallow()
	}
	return false
}

// hasDeepCopyInto reports whether values of t copy themselves with a
// DeepCopyInto method.
func (t *goType) hasDeepCopyInto() bool {
	return t.kind == namedType || (t.kind == externType && !t.shallow())
}

type field struct {
	name, json string
	typ        *goType
	omit       string // "", "omitempty" or "omitzero"
	doc        string
	markers    []string
	embedded   bool
}

func (f *field) tag() string {
	if f.omit == "" {
		return f.json
	}
	return f.json + "," + f.omit
}

type enumConst struct{ name, value string }

type typeDecl struct {
	name    string
	doc     string
	markers []string // the tag block one blank line above the doc comment
	fields  []*field
	enum    []enumConst // set for enum types
	isEnum  bool
	object  bool // a kind or a List: implements runtime.Object
	// unknown names the field that holds the top-level fields the schema
	// does not name, for a kind whose root schema preserves them; such a
	// kind decodes and encodes itself (see render's unknownFieldsJSON).
	unknown string
}

// unknownFieldsName is the Go name of a root-preserving kind's field for
// the fields its schema does not name.
const unknownFieldsName = "UnknownFields"

// jsonNames are the JSON names of d's fields, inline TypeMeta as
// apiVersion and kind.
func (d *typeDecl) jsonNames() []string {
	var names []string
	for _, f := range d.fields {
		switch {
		case f.typ == typeMetaType:
			names = append(names, "apiVersion", "kind")
		case f.json != "-":
			names = append(names, f.json)
		}
	}
	return names
}

func (d *typeDecl) shallow() bool {
	for _, f := range d.fields {
		if !f.typ.shallow() {
			return false
		}
	}
	return true
}

// FindingKind says what happened to a schema that has no faithful Go form.
type FindingKind string

const (
	// Raw: the value is kept whole as runtime.RawExtension (any JSON).
	Raw FindingKind = "raw"
	// Normalized: the Go type keeps the value but may write it back in
	// another spelling (date-times in UTC to the second, null as absent).
	Normalized FindingKind = "normalized"
	// ValidationOnly: the Go type holds every valid value; the schema's
	// extra constraint (oneOf, anyOf, allOf, not) is left to the API server.
	ValidationOnly FindingKind = "validation-only"
)

// Finding is one schema whose Go form is not a plain typed field.
type Finding struct {
	Pos     token.Position // the schema in the manifest
	CRD     string         // metadata.name
	Version string
	Type    string // the Go type holding the field
	Field   string // JSON path from the object root, e.g. .spec.template
	Kind    FindingKind
	Reason  string
}

func (f Finding) String() string {
	where := f.Field
	if where == "" {
		where = "the root"
	}
	return fmt.Sprintf("%s: %s %s: %s (%s): %s: %s", f.Pos, f.CRD, f.Version, where, f.Type, f.Kind, f.Reason)
}

// converter turns the schema of one kind of one version into declarations.
type converter struct {
	crd     *CRD
	version string
	names   scope // the package's names
	decls   []*typeDecl
	report  *Report
}

func (c *converter) find(s *Schema, typ, path string, kind FindingKind, format string, args ...any) {
	c.report.Findings = append(c.report.Findings, Finding{
		Pos: token.Position{Filename: c.crd.Pos.Filename, Line: s.Line}, CRD: c.crd.Name, Version: c.version,
		Type: typ, Field: path, Kind: kind, Reason: fmt.Sprintf(format, args...),
	})
}

// typeOf returns the Go type of s. name is the name a declared type gets
// (the parent type's name and the field's), owner and path say where s is
// for the Report.
func (c *converter) typeOf(s *Schema, name, owner, path string) *goType {
	if s.IntOrString {
		// Also resource.Quantity's schema (anyOf integer/string with a
		// pattern): resource.Quantity would rewrite "1000m" as "1", so
		// IntOrString, which keeps what was sent, is used for both.
		return intstrType
	}
	if s.EmbeddedResource {
		c.find(s, owner, path, Raw, "x-kubernetes-embedded-resource: an object of any kind")
		return rawType
	}
	if j := junctors(s); j != "" {
		if s.Type == "" {
			c.find(s, owner, path, Raw, "%s without a type: the value's type is not fixed", j)
			return rawType
		}
		c.find(s, owner, path, ValidationOnly, "%s constrains the value; the Go type holds every value of type %s", j, s.Type)
	}
	switch s.Type {
	case "object":
		switch {
		case len(s.Properties) > 0 && s.PreserveUnknownFields:
			c.find(s, owner, path, Raw, "x-kubernetes-preserve-unknown-fields with properties: a struct would drop the unknown fields")
			return rawType
		case len(s.Properties) > 0:
			for p := range s.Properties {
				if !validTag(p) {
					c.find(s, owner, path, Raw, "property %q cannot be a JSON field tag", p)
					return rawType
				}
			}
			d := c.declare(name, path)
			c.fields(d, s, path)
			return &goType{kind: namedType, name: d.name, decl: d}
		case s.AdditionalProperties != nil && !s.PreserveUnknownFields:
			return &goType{kind: mapType, elem: elemType(c.typeOf(s.AdditionalProperties, name, owner, path+"[*]"), s.AdditionalProperties)}
		case s.AdditionalPropertiesAllowed:
			return &goType{kind: mapType, elem: rawType}
		case s.PreserveUnknownFields:
			c.find(s, owner, path, Raw, "x-kubernetes-preserve-unknown-fields: fields of any name and type")
			return rawType
		default:
			// No properties: the API server prunes every field, so the only
			// value is {}, which an empty struct holds.
			d := c.declare(name, path)
			return &goType{kind: namedType, name: d.name, decl: d}
		}
	case "array":
		if s.Items == nil {
			c.find(s, owner, path, Raw, "an array without items")
			return rawType
		}
		return &goType{kind: sliceType, elem: elemType(c.typeOf(s.Items, name, owner, path+"[*]"), s.Items)}
	case "string":
		if s.Format == "date-time" {
			c.find(s, owner, path, Normalized, "format date-time is metav1.Time, written back in UTC to the second (RFC 3339)")
			return timeType
		}
		if values := stringEnum(s.Enum); len(values) > 0 {
			return c.enum(name, path, values)
		}
		return &goType{kind: basicType, name: "string"}
	case "integer":
		if s.Format == "int32" {
			return &goType{kind: basicType, name: "int32"}
		}
		return &goType{kind: basicType, name: "int64"}
	case "number":
		return &goType{kind: basicType, name: "float64"}
	case "boolean":
		return &goType{kind: basicType, name: "bool"}
	case "":
		if s.PreserveUnknownFields {
			c.find(s, owner, path, Raw, "x-kubernetes-preserve-unknown-fields without a type: any JSON value")
		} else {
			c.find(s, owner, path, Raw, "no type")
		}
		return rawType
	}
	c.find(s, owner, path, Raw, "unknown type %q", s.Type)
	return rawType
}

// elemType is the element type of a slice or map: a pointer when the
// elements may be null, so that a null element stays null (a string element
// would read it as ""). A nil slice, map or RawExtension already writes null.
func elemType(t *goType, s *Schema) *goType {
	if !s.Nullable || t.kind == sliceType || t.kind == mapType || t == rawType {
		return t
	}
	return &goType{kind: pointerType, elem: t}
}

func junctors(s *Schema) string {
	var j []string
	for _, x := range []struct {
		name string
		n    int
	}{{"allOf", len(s.AllOf)}, {"anyOf", len(s.AnyOf)}, {"oneOf", len(s.OneOf)}} {
		if x.n > 0 {
			j = append(j, x.name)
		}
	}
	if s.Not != nil {
		j = append(j, "not")
	}
	return strings.Join(j, ", ")
}

func stringEnum(enum []any) []string {
	var out []string
	for _, v := range enum {
		if s, ok := v.(string); ok && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// validTag reports whether encoding/json accepts name as a field tag (its
// isValidTag); a property it rejects cannot be a struct field.
func validTag(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", r):
		case r >= 0x80 || ('a' <= r|0x20 && r|0x20 <= 'z') || ('0' <= r && r <= '9'):
		default:
			return false
		}
	}
	return true
}

// declare adds a named type for the schema at path. Its doc says where it
// is: the schema's description is the field's doc already (controller-gen
// writes a field's doc comment into the property's description), and
// repeating it on the type would say the same thing twice.
func (c *converter) declare(name, path string) *typeDecl {
	d := &typeDecl{name: c.names.unique(name)}
	d.doc = fmt.Sprintf("%s is the type of %s in a %s.", d.name, path, c.crd.Names.Kind)
	c.decls = append(c.decls, d)
	return d
}

func (c *converter) enum(name, path string, values []string) *goType {
	d := c.declare(name, path)
	d.isEnum = true
	for _, v := range values {
		n := goName(v)
		if n == "" {
			n = "Empty"
		}
		d.enum = append(d.enum, enumConst{name: c.names.unique(d.name + n), value: v})
	}
	return &goType{kind: enumType, name: d.name, decl: d}
}

// reservedFields may not be field names: the methods every generated struct
// has, the embedded types of a kind, and the JSON methods of a kind that
// keeps unknown fields.
var reservedFields = []string{"DeepCopy", "DeepCopyInto", "DeepCopyObject", "TypeMeta", "ObjectMeta", "MarshalJSON", "UnmarshalJSON"}

// fields adds a struct field for every property of s, in property order.
func (c *converter) fields(d *typeDecl, s *Schema, path string) {
	inStruct := scope{}
	for _, r := range reservedFields {
		inStruct[r] = true
	}
	for _, f := range d.fields {
		inStruct[f.name] = true
	}
	for _, prop := range propertyOrder(s.Properties) {
		ps := s.Properties[prop]
		n := goName(prop)
		if n == "" {
			n = "Field"
		}
		n = inStruct.unique(n)
		t := c.typeOf(ps, d.name+n, d.name, path+"."+prop)
		f := &field{name: n, json: prop, doc: ps.Description}
		required := slices.Contains(s.Required, prop)
		f.typ, f.omit = fieldType(t, required, ps.Nullable)
		if ps.Nullable && !required {
			c.find(ps, d.name, path+"."+prop, Normalized, "nullable and optional: null is read as absent and written back as absent")
		}
		if required {
			f.markers = append(f.markers, "+required")
		} else {
			f.markers = append(f.markers, "+optional")
		}
		if ps.Default != "" {
			f.markers = append(f.markers, "+default="+ps.Default)
		}
		if ps.ListType != "" {
			f.markers = append(f.markers, "+listType="+ps.ListType)
		}
		for _, k := range ps.ListMapKeys {
			f.markers = append(f.markers, "+listMapKey="+k)
		}
		if ps.MapType != "" {
			if t.kind == namedType {
				f.markers = append(f.markers, "+structType="+ps.MapType)
			} else {
				f.markers = append(f.markers, "+mapType="+ps.MapType)
			}
		}
		d.fields = append(d.fields, f)
	}
}

// fieldType decides pointer and omit option so that decoding and encoding
// an object gives back what was sent: a required field is always present, so
// it is a value without omit (nullable ones are pointers, so that null stays
// null); an optional scalar or struct is a pointer with omitempty, so that a
// present zero value ("", 0, false, {}) differs from an absent one; an
// optional slice or map is omitzero, which leaves out nil but writes an empty
// []/{} that was sent (omitempty would drop it).
func fieldType(t *goType, required, nullable bool) (*goType, string) {
	switch t.kind {
	case sliceType, mapType:
		if required {
			return t, ""
		}
		return t, "omitzero"
	}
	switch {
	case required && !nullable:
		return t, ""
	case required:
		return &goType{kind: pointerType, elem: t}, ""
	}
	return &goType{kind: pointerType, elem: t}, "omitempty"
}

// propertyOrder sorts property names as controller-gen writes them
// (alphabetically), ignoring case first, so that of "crown" and "Crown" the
// lower-case one, the usual JSON spelling, comes first and gets the plain Go
// name (Crown; the other gets Crown2).
func propertyOrder(m map[string]*Schema) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if c := strings.Compare(strings.ToLower(a), strings.ToLower(b)); c != 0 {
			return c
		}
		return strings.Compare(b, a)
	})
	return keys
}

// kind declares the kind's struct and its List. The root schema's
// apiVersion and kind are metav1.TypeMeta, metadata is metav1.ObjectMeta,
// every other property is a field as anywhere else.
func (c *converter) kind(v *Version, listName string) (kind, list *typeDecl) {
	s := v.Schema.OpenAPIV3Schema
	kind = &typeDecl{name: c.crd.Names.Kind, doc: s.Description, object: true}
	if kind.doc == "" {
		kind.doc = fmt.Sprintf("%s is the Schema for the %s API.", kind.name, c.crd.Names.Plural)
	}
	kind.markers = kindMarkers(c.crd, v)
	c.decls = append(c.decls, kind)
	kind.fields = []*field{
		{name: "TypeMeta", typ: typeMetaType, json: ",inline", embedded: true},
		{name: "ObjectMeta", typ: &goType{kind: externType, pkg: metav1Pkg, name: "ObjectMeta"}, json: "metadata", omit: "omitempty", embedded: true},
	}
	rest := *s
	rest.Properties = map[string]*Schema{}
	for p, ps := range s.Properties {
		if p != "apiVersion" && p != "kind" && p != "metadata" {
			rest.Properties[p] = ps
		}
	}
	c.fields(kind, &rest, "")
	if s.PreserveUnknownFields {
		// A kind must be a struct (it embeds TypeMeta and ObjectMeta), so
		// the fields the schema does not name go to a field of their own,
		// which the kind's JSON methods read and write.
		name := unknownFieldsName
		for slices.ContainsFunc(kind.fields, func(f *field) bool { return f.name == name }) {
			name += "_"
		}
		kind.unknown = name
		kind.markers = append(kind.markers, "+kubebuilder:pruning:PreserveUnknownFields")
		kind.fields = append(kind.fields, &field{
			name: name, json: "-", typ: &goType{kind: mapType, elem: rawType},
			doc: name + " holds the top-level fields the schema does not name, by JSON\n" +
				"name: the CRD preserves them (x-kubernetes-preserve-unknown-fields at\n" +
				"its root), so they are read into it and written back from it.",
		})
		c.find(s, kind.name, "", Raw, "x-kubernetes-preserve-unknown-fields at the root: the fields the schema does not name are kept in %s, as raw JSON", name)
	}
	list = &typeDecl{name: listName, doc: fmt.Sprintf("%s is a list of %s.", listName, kind.name), object: true,
		markers: []string{"+k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object"}}
	list.fields = []*field{
		{name: "TypeMeta", typ: typeMetaType, json: ",inline", embedded: true},
		{name: "ListMeta", typ: &goType{kind: externType, pkg: metav1Pkg, name: "ListMeta"}, json: "metadata", omit: "omitempty", embedded: true},
		{name: "Items", typ: &goType{kind: sliceType, elem: &goType{kind: namedType, name: kind.name, decl: kind}}, json: "items"},
	}
	// The List follows its kind in the file, before the kind's nested types.
	c.decls = slices.Insert(c.decls, slices.Index(c.decls, kind)+1, list)
	return kind, list
}

// kindMarkers are the tags the rest of the pipeline (and controller-gen)
// read from a kind: client shape, resource, subresources.
func kindMarkers(c *CRD, v *Version) []string {
	m := []string{"+genclient"}
	if c.Scope == "Cluster" {
		m = append(m, "+genclient:nonNamespaced")
	}
	if v.Subresources.Status == nil {
		m = append(m, "+genclient:noStatus")
	}
	m = append(m, "+k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object", "+kubebuilder:object:root=true")
	res := "+kubebuilder:resource:path=" + c.Names.Plural + ",scope=" + c.Scope
	if c.Names.Singular != "" {
		res += ",singular=" + c.Names.Singular
	}
	if len(c.Names.ShortNames) > 0 {
		res += ",shortName=" + strings.Join(c.Names.ShortNames, ";")
	}
	if len(c.Names.Categories) > 0 {
		res += ",categories=" + strings.Join(c.Names.Categories, ";")
	}
	m = append(m, res)
	if v.Subresources.Status != nil {
		m = append(m, "+kubebuilder:subresource:status")
	}
	if sc := v.Subresources.Scale; sc != nil {
		s := "+kubebuilder:subresource:scale:specpath=" + sc.SpecReplicasPath + ",statuspath=" + sc.StatusReplicasPath
		if sc.LabelSelectorPath != "" {
			s += ",selectorpath=" + sc.LabelSelectorPath
		}
		m = append(m, s)
	}
	if v.Storage {
		m = append(m, "+kubebuilder:storageversion")
	}
	return m
}
