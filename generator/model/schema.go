package model

import (
	"encoding/json"
	"go/ast"
	"go/token"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/clientgen/clientgen/generator/diag"
	"github.com/clientgen/clientgen/generator/tags"
)

// The structured-merge schema of the apply configurations: what
// applyconfiguration-gen embeds from OpenAPI (internal.Parser()), built here
// from the Go types and their markers alone (+listType, +listMapKey,
// +mapType, +structType, +optional/+required, +default), read as
// controller-gen and openapi-gen read them. Extract<Kind> and
// utils.NewTypeConverter parse objects with it, so a keyed list is merged by
// key, a set by value and an atomic struct whole.
//
// Type names are OpenAPI model names as apimachinery's
// Scheme.ToOpenAPIDefinitionName derives them from a Go type (the first
// path element reversed: k8s.io/api/core/v1.PodSpec is
// io.k8s.api.core.v1.PodSpec), which is what NewSchemeTypeConverter looks a
// kind up by; two Go types never share one (the import path and the name are
// both in it).

// ApplySchema is the schema package of the apply configuration tree.
type ApplySchema struct {
	PkgPath string // e.g. example.com/client/applyconfiguration/internal
	Dir     string // relative to --output
	PkgName string // "internal"
	// Types are sorted by name; the two untyped types of structured-merge-diff
	// (__untyped_atomic_, __untyped_deduced_) are among them.
	Types []*SchemaType
}

// The untyped types every schema has (structured-merge-diff's names).
const (
	UntypedAtomic  = "__untyped_atomic_"
	UntypedDeduced = "__untyped_deduced_"
)

// SchemaType is one named type of the schema.
type SchemaType struct {
	Name string
	Atom SchemaAtom
}

// SchemaAtom is a type's shape: a scalar, a list or a map (a struct is a
// map with fields). The untyped types set all three.
type SchemaAtom struct {
	Scalar string // "string", "numeric", "boolean" or "untyped"; "" for none
	List   *SchemaList
	Map    *SchemaMap
}

// SchemaRef is the type of a field or element: a named type, or one inline.
type SchemaRef struct {
	Named string // a named type, or "" for Inline
	// ElementRelationship overrides a named struct's (a field marked
	// +structType).
	ElementRelationship string
	Inline              SchemaAtom
}

// SchemaList is a list: atomic (replaced whole), or associative (a set when
// Keys is empty, a map keyed by Keys otherwise).
type SchemaList struct {
	Elem                SchemaRef
	ElementRelationship string // "atomic" or "associative"
	Keys                []string
}

// SchemaMap is a map or a struct (Fields, sorted by name).
type SchemaMap struct {
	Fields              []SchemaField
	Unions              []SchemaUnion
	Elem                *SchemaRef
	ElementRelationship string // "", "atomic" or "separable"
}

// SchemaField is one field of a struct.
type SchemaField struct {
	Name    string // the JSON name
	Type    SchemaRef
	Default string // JSON of the default, "" for none
}

const (
	apiResourcePath = "k8s.io/apimachinery/pkg/api/resource"
	intstrPath      = "k8s.io/apimachinery/pkg/util/intstr"
	runtimePath     = "k8s.io/apimachinery/pkg/runtime"
)

// OpenAPIName is the schema name of a Go type: apimachinery's
// toOpenAPIDefinitionName of "path.Name".
func OpenAPIName(t GoType) string {
	parts := strings.Split(t.PkgPath+"."+t.Name, "/")
	if strings.Contains(parts[0], ".") {
		dots := strings.Split(parts[0], ".")
		slices.Reverse(dots)
		parts[0] = strings.Join(dots, ".")
	}
	return strings.Join(parts, ".")
}

func scalar(s string) SchemaRef     { return SchemaRef{Inline: SchemaAtom{Scalar: s}} }
func namedRef(t GoType) SchemaRef   { return SchemaRef{Named: OpenAPIName(t)} }
func untypedRef(n string) SchemaRef { return SchemaRef{Named: n} }

func meta(name string) GoType { return GoType{PkgPath: metav1Path, Name: name} }

func listOf(elem SchemaRef, rel string, keys ...string) SchemaRef {
	return SchemaRef{Inline: SchemaAtom{List: &SchemaList{Elem: elem, ElementRelationship: rel, Keys: keys}}}
}

func mapOf(elem SchemaRef, rel string) SchemaRef {
	return SchemaRef{Inline: SchemaAtom{Map: &SchemaMap{Elem: &elem, ElementRelationship: rel}}}
}

// untypedAtoms are the two untyped types, as structured-merge-diff defines
// them: anything, atomic; anything, with maps merged by key.
var untypedAtoms = map[string]SchemaAtom{
	UntypedAtomic: {Scalar: "untyped",
		List: &SchemaList{Elem: untypedRef(UntypedAtomic), ElementRelationship: "atomic"},
		Map:  &SchemaMap{Elem: &SchemaRef{Named: UntypedAtomic}, ElementRelationship: "atomic"}},
	UntypedDeduced: {Scalar: "untyped",
		List: &SchemaList{Elem: untypedRef(UntypedAtomic), ElementRelationship: "atomic"},
		Map:  &SchemaMap{Elem: &SchemaRef{Named: UntypedDeduced}, ElementRelationship: "separable"}},
}

// deducedObject is a JSON object of any shape (RawExtension, FieldsV1).
var deducedObject = SchemaAtom{Map: &SchemaMap{Elem: &SchemaRef{Inline: untypedAtoms[UntypedDeduced]}}}

func str(name string) SchemaField { return SchemaField{Name: name, Type: scalar("string")} }
func reqStr(name string) SchemaField {
	return SchemaField{Name: name, Type: scalar("string"), Default: `""`}
}
func num(name string) SchemaField     { return SchemaField{Name: name, Type: scalar("numeric")} }
func boolean(name string) SchemaField { return SchemaField{Name: name, Type: scalar("boolean")} }
func fieldOf(name string, t SchemaRef) SchemaField {
	return SchemaField{Name: name, Type: t}
}

// knownTypes are the apimachinery types API structs use, whose packages
// clientgen does not load (meta/v1's apply configurations are the
// runtime's): their schema as their OpenAPI definitions give it (custom
// marshalling: Time and Quantity are untyped scalars), written out from
// apimachinery's types and markers. A nil atom is inlined: the scalar of
// inline.
var knownTypes = map[GoType]struct {
	atom   *SchemaAtom
	inline SchemaRef
}{
	meta("Time"):                     {atom: &SchemaAtom{Scalar: "untyped"}},
	meta("MicroTime"):                {atom: &SchemaAtom{Scalar: "untyped"}},
	meta("Duration"):                 {inline: scalar("string")},
	{apiResourcePath, "Quantity"}:    {atom: &SchemaAtom{Scalar: "untyped"}},
	{intstrPath, "IntOrString"}:      {atom: &SchemaAtom{Scalar: "untyped"}},
	{runtimePath, "RawExtension"}:    {inline: untypedRef(UntypedAtomic)}, // openapi-gen: an embedded object, applied whole
	meta("FieldsV1"):                 {atom: &deducedObject},
	{typesPath, "UID"}:               {inline: scalar("string")},
	{typesPath, "NodeName"}:          {inline: scalar("string")},
	meta("StatusReason"):             {inline: scalar("string")},
	meta("ObjectMeta"):               {atom: structAtom("", objectMetaFields()...)},
	meta("ListMeta"):                 {atom: structAtom("", str("continue"), num("remainingItemCount"), str("resourceVersion"), str("selfLink"))},
	meta("OwnerReference"):           {atom: structAtom("atomic", reqStr("apiVersion"), boolean("blockOwnerDeletion"), boolean("controller"), reqStr("kind"), reqStr("name"), reqStr("uid"))},
	meta("ManagedFieldsEntry"):       {atom: structAtom("", str("apiVersion"), str("fieldsType"), fieldOf("fieldsV1", namedRef(meta("FieldsV1"))), str("manager"), str("operation"), str("subresource"), fieldOf("time", namedRef(meta("Time"))))},
	meta("LabelSelector"):            {atom: structAtom("atomic", fieldOf("matchExpressions", listOf(namedRef(meta("LabelSelectorRequirement")), "atomic")), fieldOf("matchLabels", mapOf(scalar("string"), "")))},
	meta("LabelSelectorRequirement"): {atom: structAtom("", reqStr("key"), reqStr("operator"), fieldOf("values", listOf(scalar("string"), "atomic")))},
	meta("Condition"):                {atom: structAtom("", fieldOf("lastTransitionTime", namedRef(meta("Time"))), reqStr("message"), num("observedGeneration"), reqStr("reason"), reqStr("status"), reqStr("type"))},
	meta("DeleteOptions"):            {atom: structAtom("", str("apiVersion"), fieldOf("dryRun", listOf(scalar("string"), "atomic")), num("gracePeriodSeconds"), boolean("ignoreStoreReadErrorWithClusterBreakingPotential"), str("kind"), boolean("orphanDependents"), fieldOf("preconditions", namedRef(meta("Preconditions"))), str("propagationPolicy"))},
	meta("Preconditions"):            {atom: structAtom("", str("resourceVersion"), str("uid"))},
	meta("GroupResource"):            {atom: structAtom("", reqStr("group"), reqStr("resource"))},
}

func objectMetaFields() []SchemaField {
	return []SchemaField{
		fieldOf("annotations", mapOf(scalar("string"), "")),
		fieldOf("creationTimestamp", namedRef(meta("Time"))),
		num("deletionGracePeriodSeconds"),
		fieldOf("deletionTimestamp", namedRef(meta("Time"))),
		fieldOf("finalizers", listOf(scalar("string"), "associative")),
		str("generateName"), num("generation"),
		fieldOf("labels", mapOf(scalar("string"), "")),
		fieldOf("managedFields", listOf(namedRef(meta("ManagedFieldsEntry")), "atomic")),
		str("name"), str("namespace"),
		fieldOf("ownerReferences", listOf(namedRef(meta("OwnerReference")), "associative", "uid")),
		str("resourceVersion"), str("selfLink"), str("uid"),
	}
}

func structAtom(rel string, fields ...SchemaField) *SchemaAtom {
	return &SchemaAtom{Map: &SchemaMap{Fields: fields, ElementRelationship: rel}}
}

// typeMetaFields are the fields an inlined metav1.TypeMeta adds.
var typeMetaFields = []SchemaField{str("apiVersion"), str("kind")}

// schemaBuilder collects the named types of the schema.
type schemaBuilder struct {
	b     *builder
	types map[string]*SchemaType
	queue []GoType // loaded struct types whose definitions are to be built
	specs map[GoType]ast.Expr
	// unmarshalers are the types with an UnmarshalJSON method, by package
	// path (filled as packages are asked about).
	unmarshalers map[string]map[string]bool
}

// buildSchema builds the schema of every apply configuration's type and of
// what their fields reach, and checks the markers of the input packages'
// structs (a marker that contradicts its field is a positioned error).
func (b *builder) buildSchema() {
	specs := map[GoType]ast.Expr{}
	// Every struct of an input package is checked, reached or not (a
	// wrong marker is wrong wherever it stands), by a builder whose types
	// are dropped.
	checker := &schemaBuilder{b: b, types: map[string]*SchemaType{}, specs: specs}
	for _, path := range sortedKeys(b.pkgs) {
		info := b.pkgs[path]
		if info.load.Dependency {
			continue
		}
		for _, td := range info.load.Index.Types {
			if td.Struct != nil && td.StructPkg == nil {
				checker.fields(info, td, true)
			}
			checker.checkTypeMarkers(info, td)
		}
	}
	sb := &schemaBuilder{b: b, types: map[string]*SchemaType{}, specs: specs}
	for _, name := range []string{UntypedAtomic, UntypedDeduced} {
		sb.types[name] = &SchemaType{Name: name, Atom: untypedAtoms[name]}
	}
	for gt, ac := range b.applies {
		if ac == nil {
			continue
		}
		sb.queue = append(sb.queue, gt)
		if ac.Extract != nil {
			ac.Extract.SchemaType = OpenAPIName(gt)
		}
	}
	slices.SortFunc(sb.queue, func(a, c GoType) int { return strings.Compare(OpenAPIName(a), OpenAPIName(c)) })
	for len(sb.queue) > 0 {
		gt := sb.queue[0]
		sb.queue = sb.queue[1:]
		sb.define(gt)
	}
	if len(b.applies) == 0 {
		return
	}
	s := &ApplySchema{PkgPath: b.cs.ApplyPkgPath + "/internal", Dir: b.cs.ApplyDir + "/internal", PkgName: "internal"}
	for _, name := range sortedKeys(sb.types) {
		s.Types = append(s.Types, sb.types[name])
	}
	b.cs.Schema = s
}

// define adds the definition of a loaded struct type.
func (sb *schemaBuilder) define(gt GoType) {
	name := OpenAPIName(gt)
	if sb.types[name] != nil {
		return
	}
	info := sb.b.pkgs[gt.PkgPath]
	td := info.byName[gt.Name]
	st := &SchemaType{Name: name, Atom: SchemaAtom{Map: &SchemaMap{}}}
	sb.types[name] = st // before the fields: a type may reach itself
	m := typeSchema(info, td)
	if m != nil && m.StructType != nil {
		st.Atom.Map.ElementRelationship = map[string]string{"atomic": "atomic", "granular": "separable"}[m.StructType.Value]
	}
	if m != nil && m.PreserveUnknownFields != nil {
		// As kube-openapi's schemaconv reads
		// x-kubernetes-preserve-unknown-fields: fields the schema does not
		// name are of any type, tracked as such.
		st.Atom.Map.Elem = &SchemaRef{Named: UntypedDeduced}
	}
	for _, f := range sb.fields(info, td, false) {
		st.Atom.Map.Fields = append(st.Atom.Map.Fields, f.schema)
	}
	st.Atom.Map.Unions = sb.unions(info, td, 0)
	if len(st.Atom.Map.Fields) == 0 && st.Atom.Map.ElementRelationship == "" {
		// A struct without fields is an object of any shape to OpenAPI
		// (apiserverinternal's StorageVersionSpec), as structured-merge-diff
		// reads a schema without properties.
		st.Atom = deducedObject
	}
}

func typeSchema(info *pkgInfo, td *typeDecl) *tags.Field {
	if info == nil || info.tags == nil {
		return nil
	}
	return info.tags.Type(td.Name).Schema
}

// jsonField is a field of a struct as JSON sees it (embedded inline
// structs flattened), with its markers.
type jsonField struct {
	info    *pkgInfo // the package that declares the field
	json    string
	owner   string // "Type.Field", for messages
	expr    *TypeExpr
	markers *tags.Field
	omit    bool // omitempty or omitzero
	// omitEmpty is omitempty alone, which openapi-gen's defaults read.
	omitEmpty bool
	pos       token.Position
	// patchStrategy and patchMergeKey are the struct tags openapi-gen
	// turns into a list's merge keys when it has no +listType.
	patchStrategy, patchMergeKey string
	schema                       SchemaField
}

// declOf returns where td's struct is declared: the package, file and type
// name whose field markers apply (a `type Gateway v1.Gateway` reads v1's).
func (sb *schemaBuilder) declOf(info *pkgInfo, td *typeDecl) (*pkgInfo, *ast.File, string) {
	if td.StructPkg == nil {
		return info, td.File, td.Name
	}
	declInfo := sb.b.pkgs[td.StructPkg.PkgPath]
	if declInfo == nil {
		return nil, nil, ""
	}
	for _, d := range declInfo.load.Index.Types {
		if d.Struct == td.Struct && d.StructPkg == nil {
			return declInfo, td.StructFile, d.Name
		}
	}
	return nil, nil, ""
}

// fields returns the JSON fields of td's struct, sorted by JSON name, with
// their schema; check reports markers that contradict their field (only
// for input packages: a dependency's markers are not the user's to fix,
// and a contradictory one there counts as absent).
func (sb *schemaBuilder) fields(info *pkgInfo, td *typeDecl, check bool) []jsonField {
	declInfo, file, declName := sb.declOf(info, td)
	if declInfo == nil {
		return nil
	}
	var out []jsonField
	sb.collect(declInfo, file, declName, td.Struct, check, &out, 0)
	slices.SortStableFunc(out, func(a, c jsonField) int { return strings.Compare(a.json, c.json) })
	// A later field of the same JSON name is hidden by the first, as
	// encoding/json's shallower field wins; keep the first.
	out = slices.CompactFunc(out, func(a, c jsonField) bool { return a.json == c.json })
	for i := range out {
		out[i].schema = sb.fieldSchema(declInfo, &out[i], check)
	}
	return out
}

func (sb *schemaBuilder) collect(info *pkgInfo, file *ast.File, typeName string, st *ast.StructType, check bool, out *[]jsonField, depth int) {
	if depth > 8 {
		return
	}
	tt := info.tags.Type(typeName)
	for _, fld := range st.Fields.List {
		jsonName, inline, skip := jsonOf(fld)
		if skip {
			continue
		}
		t, ok := sb.goType(info, file, fld.Type)
		if !ok {
			continue
		}
		tag := structTag(fld)
		omit, omitEmpty := false, false
		if j, ok := tag.Lookup("json"); ok {
			_, opts, _ := strings.Cut(j, ",")
			omitEmpty = strings.Contains(","+opts+",", ",omitempty,")
			omit = omitEmpty || strings.Contains(","+opts+",", ",omitzero,")
		}
		if len(fld.Names) == 0 && inline {
			base := t
			if base.Kind == Pointer {
				base = base.Elem
			}
			if base.Kind != Named {
				continue
			}
			if base.Type == meta("TypeMeta") {
				for _, f := range typeMetaFields {
					*out = append(*out, jsonField{json: f.Name, expr: named("", "string"), markers: &tags.Field{}, omit: true, schema: f})
				}
				continue
			}
			tgt := sb.b.resolveAlias(base.Type)
			einfo := sb.b.pkgs[tgt.PkgPath]
			if einfo == nil || einfo.byName[tgt.Name] == nil || einfo.byName[tgt.Name].Struct == nil {
				continue // a struct clientgen cannot read: its fields are unknown
			}
			etd := einfo.byName[tgt.Name]
			dinfo, dfile, dname := sb.declOf(einfo, etd)
			if dinfo != nil {
				sb.collect(dinfo, dfile, dname, etd.Struct, check && !dinfo.load.Dependency, out, depth+1)
			}
			continue
		}
		for i := range max(1, len(fld.Names)) {
			goName := embeddedNameOf(fld.Type)
			if len(fld.Names) > 0 {
				if !fld.Names[i].IsExported() {
					continue
				}
				goName = fld.Names[i].Name
			}
			jn := jsonName
			if jn == "" {
				jn = goName
			}
			*out = append(*out, jsonField{
				info: info, json: jn, owner: typeName + "." + goName, expr: t, markers: tt.Field(goName), omit: omit, omitEmpty: omitEmpty,
				pos: sb.b.fset.Position(fld.Pos()), patchStrategy: tag.Get("patchStrategy"), patchMergeKey: tag.Get("patchMergeKey"),
			})
		}
	}
}

func structTag(fld *ast.Field) reflect.StructTag {
	if fld.Tag == nil {
		return ""
	}
	s, err := strconv.Unquote(fld.Tag.Value)
	if err != nil {
		return ""
	}
	return reflect.StructTag(s)
}

func embeddedNameOf(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return embeddedNameOf(e.X)
	case *ast.SelectorExpr:
		return e.Sel.Name
	case *ast.Ident:
		return e.Name
	}
	return ""
}

// goType is the builder's goType without its errors: the apply
// configurations already reported an expression they cannot resolve.
func (sb *schemaBuilder) goType(info *pkgInfo, file *ast.File, e ast.Expr) (*TypeExpr, bool) {
	n := len(sb.b.errs)
	t, ok := sb.b.goType(info, file, e)
	sb.b.errs = sb.b.errs[:n]
	return t, ok
}

// markers are a field's structure markers with the +k8s: spellings folded in.
type markers struct {
	listType            *tags.EnumTag
	keys                []tags.TextTag
	mapType, structType *tags.EnumTag
	// keysK8sOnly: the keys are +k8s:listMapKey's alone, which
	// validation-gen also reads on an atomic list with +k8s:unique=map
	// (the keys that must be unique, k8s.io/api's PoolStatus): on a list
	// that is not +listType=map they are not schema keys, and no mistake.
	keysK8sOnly bool
}

// diags is where the marker problems of a package go. A package whose
// CRDs controller-gen generates from these markers (it has kubebuilder
// markers) gets errors: controller-gen or the apiserver would refuse the
// CRD, or apply would merge differently from what the markers say. Any
// other package (client-gen-style types such as k8s.io/api's, served with
// openapi-gen's schema) gets warnings, and is not held to the apiserver's
// rule for CRDs that list map keys be required or defaulted: k8s.io/api
// itself has a +listType on a string field (admissionregistration/v1beta1)
// and conditions keyed by an optional type, and it must still generate.
// The schema reads a contradicted marker as absent either way.
func (sb *schemaBuilder) diags(info *pkgInfo) *diag.List {
	if info.tags != nil && info.tags.Kubebuilder != nil {
		return &sb.b.errs
	}
	return &sb.b.warns
}

// resolveMarkers folds the +k8s: spellings into the plain ones, reporting
// two that disagree.
func (sb *schemaBuilder) resolveMarkers(f *tags.Field, owner string, report *diag.List) markers {
	m := markers{listType: f.ListType, keys: f.ListMapKey, mapType: f.MapType, structType: f.StructType}
	if k := f.K8sListType; k != nil {
		if m.listType == nil {
			m.listType = k
		} else if m.listType.Value != k.Value && report != nil {
			report.Add(k.Pos, owner, k.Text, "contradicts %s at line %d: give one list type", m.listType.Text, m.listType.Pos.Line)
		}
	}
	if len(f.K8sListMapKey) > 0 {
		if len(m.keys) == 0 {
			m.keys, m.keysK8sOnly = f.K8sListMapKey, true
		} else if report != nil && !sameKeys(m.keys, f.K8sListMapKey) {
			k := f.K8sListMapKey[0]
			report.Add(k.Pos, owner, k.Text, "the +k8s:listMapKey keys (%s) contradict the +listMapKey keys (%s): give the same keys", keyList(f.K8sListMapKey), keyList(m.keys))
		}
	}
	return m
}

func sameKeys(a, b []tags.TextTag) bool {
	return slices.Equal(slices.Sorted(slices.Values(keyNames(a))), slices.Sorted(slices.Values(keyNames(b))))
}

func keyNames(ks []tags.TextTag) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = k.Value
	}
	return out
}

func keyList(ks []tags.TextTag) string { return strings.Join(keyNames(ks), ", ") }

// shape is a type expression with pointers and named non-struct types of
// loaded packages followed to what they stand for.
type shape struct {
	t         *TypeExpr
	typeMarks *tags.Field // markers on the first named type passed, nil if none
	named     string      // the first named type passed, for messages
}

// underlying follows t through pointers and named non-struct types.
func (sb *schemaBuilder) underlying(t *TypeExpr) shape {
	var s shape
	for range 10 {
		switch t.Kind {
		case Pointer:
			t = t.Elem
			continue
		case Named:
			if t.Type.PkgPath == "" {
				s.t = t
				return s
			}
			tgt := sb.b.resolveAlias(t.Type)
			info := sb.b.pkgs[tgt.PkgPath]
			if info == nil || info.byName[tgt.Name] == nil {
				s.t = &TypeExpr{Kind: Named, Type: tgt}
				return s
			}
			td := info.byName[tgt.Name]
			if td.Struct != nil {
				s.t = &TypeExpr{Kind: Named, Type: tgt}
				return s
			}
			if s.named == "" {
				s.named = tgt.Name
			}
			if s.typeMarks == nil {
				s.typeMarks = typeSchema(info, td)
			}
			next := sb.declared(info, td)
			if next == nil {
				s.t = &TypeExpr{Kind: Named, Type: tgt}
				return s
			}
			t = next
			continue
		}
		break
	}
	s.t = t
	return s
}

// declared returns the type expression a named non-struct type is
// declared as (type Protocol string, type ResourceList map[...]...).
func (sb *schemaBuilder) declared(info *pkgInfo, td *typeDecl) *TypeExpr {
	key := GoType{PkgPath: info.load.PkgPath, Name: td.Name}
	e, ok := sb.specs[key]
	if !ok {
		for _, d := range td.File.Decls {
			gd, isGen := d.(*ast.GenDecl)
			if !isGen || gd.Tok != token.TYPE {
				continue
			}
			for _, s := range gd.Specs {
				if ts := s.(*ast.TypeSpec); ts.Name.Name == td.Name && ts.TypeParams == nil {
					e = ts.Type
				}
			}
		}
		sb.specs[key] = e
	}
	if e == nil {
		return nil
	}
	t, ok := sb.goType(info, td.File, e)
	if !ok {
		return nil
	}
	return t
}

// isKnown reports whether t is an apimachinery type of knownTypes.
func isKnown(t *TypeExpr) bool {
	if t.Kind != Named {
		return false
	}
	_, ok := knownTypes[t.Type]
	return ok
}

// structOf returns the loaded struct a shape is, if it is one.
func (sb *schemaBuilder) structOf(t *TypeExpr) (*pkgInfo, *typeDecl) {
	if t.Kind != Named || t.Type.PkgPath == "" || isKnown(t) {
		return nil, nil
	}
	info := sb.b.pkgs[t.Type.PkgPath]
	if info == nil {
		return nil, nil
	}
	td := info.byName[t.Type.Name]
	if td == nil || td.Struct == nil {
		return nil, nil
	}
	return info, td
}

func kindWord(t *TypeExpr) string {
	switch t.Kind {
	case Slice, Array:
		return "a list"
	case Map:
		return "a map"
	case Named:
		if t.Type.PkgPath == "" {
			return t.Type.Name
		}
		return "struct or named type " + t.Type.Name
	}
	return "not a list, map or struct"
}

// fieldSchema returns a field's schema entry, checking its markers.
func (sb *schemaBuilder) fieldSchema(info *pkgInfo, f *jsonField, check bool) SchemaField {
	if f.schema.Name != "" {
		return f.schema // inlined TypeMeta
	}
	var report *diag.List
	if check && f.info != nil {
		report = sb.diags(f.info)
	}
	m := sb.resolveMarkers(f.markers, f.owner, report)
	s := sb.underlying(f.expr)
	if tm := s.typeMarks; tm != nil {
		// The named type's markers count where the field has none.
		tmm := sb.resolveMarkers(tm, s.named, nil)
		if m.listType == nil && len(m.keys) == 0 {
			m.listType, m.keys = tmm.listType, tmm.keys
		}
		if m.mapType == nil {
			m.mapType = tmm.mapType
		}
	}
	bad := func(tag *tags.Tag, format string, args ...any) {
		if report != nil {
			report.Add(tag.Pos, f.owner, tag.Text, format, args...)
		}
	}
	out := SchemaField{Name: f.json}
	switch s.t.Kind {
	case Slice, Array:
		if m.mapType != nil {
			bad(&m.mapType.Tag, "+mapType applies to a map field; %s is a list (use +listType)", f.owner)
			m.mapType = nil
		}
		if m.structType != nil {
			bad(&m.structType.Tag, "+structType applies to a struct field; %s is a list (use +listType)", f.owner)
		}
		out.Type = sb.listSchema(f, s, m, bad)
	case Map:
		for _, tag := range []*tags.Tag{baseOf(m.listType), firstKey(m.keys), baseOf(m.structType)} {
			if tag != nil {
				bad(tag, "%s applies to a %s field; %s is a map (allowed: +mapType=atomic|granular)", markerName(tag), markerTarget(tag), f.owner)
			}
		}
		rel := ""
		if m.mapType != nil {
			rel = map[string]string{"atomic": "atomic", "granular": "separable"}[m.mapType.Value]
		}
		out.Type = mapOf(sb.ref(s.t.Elem), rel)
	default:
		for _, tag := range []*tags.Tag{baseOf(m.listType), firstKey(m.keys), baseOf(m.mapType)} {
			if tag != nil {
				bad(tag, "%s applies to a %s field; %s is %s", markerName(tag), markerTarget(tag), f.owner, kindWord(s.t))
			}
		}
		out.Type = sb.ref(s.t)
		if m.structType != nil {
			if _, td := sb.structOf(s.t); td == nil && !(s.t.Kind == Named && knownTypes[s.t.Type].atom != nil && knownTypes[s.t.Type].atom.Map != nil) {
				bad(&m.structType.Tag, "+structType applies to a struct field; %s is %s", f.owner, kindWord(s.t))
			} else if out.Type.Named != "" {
				out.Type.ElementRelationship = map[string]string{"atomic": "atomic", "granular": "separable"}[m.structType.Value]
			}
		}
	}
	out.Default = sb.fieldDefault(f)
	return out
}

func baseOf(e *tags.EnumTag) *tags.Tag {
	if e == nil {
		return nil
	}
	return &e.Tag
}

func firstKey(ks []tags.TextTag) *tags.Tag {
	if len(ks) == 0 {
		return nil
	}
	return &ks[0].Tag
}

// markerName is the marker's name as written, e.g. +k8s:listType.
func markerName(t *tags.Tag) string {
	name, _, _ := strings.Cut(t.Text, "=")
	return name
}

func markerTarget(t *tags.Tag) string {
	switch n := strings.TrimPrefix(strings.TrimPrefix(markerName(t), "+"), "k8s:"); n {
	case "listType", "listMapKey":
		return "list"
	case "mapType":
		return "map"
	}
	return "struct"
}

// defaultJSON is a field's default as JSON: +default's value when it is
// JSON, +kubebuilder:default's (a bare word is a string, as controller-gen
// reads it).
func defaultJSON(f *tags.Field) string {
	if d := f.Default; d != nil && json.Valid([]byte(d.Value)) {
		return compactJSON(d.Value)
	}
	if d := f.KubebuilderDefault; d != nil {
		if json.Valid([]byte(d.Value)) {
			return compactJSON(d.Value)
		}
		b, _ := json.Marshal(d.Value)
		return string(b)
	}
	return ""
}

func compactJSON(s string) string {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// listSchema returns a list field's schema, checking +listType and
// +listMapKey against the element type as the apiserver checks a CRD's
// x-kubernetes-list-type and x-kubernetes-list-map-keys.
func (sb *schemaBuilder) listSchema(f *jsonField, s shape, m markers, bad func(*tags.Tag, string, ...any)) SchemaRef {
	elemExpr := s.t.Elem
	if s.t.Kind == Slice && elemExpr.Kind == Named && (elemExpr.Type.Name == "byte" || elemExpr.Type.Name == "uint8") && elemExpr.Type.PkgPath == "" {
		if m.listType != nil {
			bad(&m.listType.Tag, "%s is []byte, a base64 string in JSON, not a list", f.owner)
		}
		return scalar("string")
	}
	elem := sb.ref(elemExpr)
	if s.t.Kind == Array {
		return listOf(elem, "atomic")
	}
	lt := ""
	if m.listType != nil {
		lt = m.listType.Value
	}
	keys := keyNames(m.keys)
	if len(m.keys) > 0 && lt != "map" {
		switch {
		case m.keysK8sOnly:
			// validation-gen's uniqueness keys (see markers).
		case m.listType == nil:
			bad(&m.keys[0].Tag, "+listMapKey needs +listType=map on the same list")
		default:
			bad(&m.keys[0].Tag, "+listMapKey applies to a +listType=map list; this list is %s", m.listType.Text)
		}
		keys = nil
	}
	switch lt {
	case "atomic":
		return listOf(elem, "atomic")
	case "set":
		return listOf(elem, "associative")
	case "map":
		eu := sb.underlying(elemExpr).t
		if k, ok := knownTypes[eu.Type]; eu.Kind == Named && ok && k.atom != nil && k.atom.Map != nil && len(k.atom.Map.Fields) > 0 {
			// An apimachinery struct (metav1.Condition): keys are checked
			// against its fields; those with a default in the table are
			// the required ones.
			var names []string
			for _, kf := range k.atom.Map.Fields {
				names = append(names, kf.Name)
			}
			for _, key := range m.keys {
				if !slices.Contains(names, key.Value) {
					bad(&key.Tag, "%s has no field with JSON name %q (its fields: %s)", eu.Type.Name, key.Value, strings.Join(names, ", "))
					return listOf(elem, "atomic")
				}
			}
			if len(keys) == 0 {
				bad(&m.listType.Tag, "+listType=map needs the key fields: add +listMapKey=<json name> (once per key)")
				return listOf(elem, "atomic")
			}
			return listOf(elem, "associative", keys...)
		}
		einfo, etd := sb.structOf(eu)
		if etd == nil {
			if eu.Kind == Named && eu.Type.PkgPath != "" && !isKnown(eu) && sb.b.pkgs[eu.Type.PkgPath] == nil {
				// A struct of a package clientgen does not read: its keys
				// cannot be checked.
				if len(keys) == 0 {
					bad(&m.listType.Tag, "+listType=map needs the key fields: add +listMapKey=<json name> (once per key)")
					return listOf(elem, "atomic")
				}
				return listOf(elem, "associative", keys...)
			}
			bad(&m.listType.Tag, "+listType=map needs a list of structs; the items of %s are %s (allowed for them: +listType=atomic|set)", f.owner, kindWord(eu))
			return listOf(elem, "atomic")
		}
		if len(keys) == 0 {
			bad(&m.listType.Tag, "+listType=map needs the key fields: add +listMapKey=<json name> (once per key)")
			return listOf(elem, "atomic")
		}
		efields := sb.fieldsNoSchema(einfo, etd)
		var names []string
		for _, ef := range efields {
			names = append(names, ef.json)
		}
		ok := true
		for _, k := range m.keys {
			i := slices.IndexFunc(efields, func(ef jsonField) bool { return ef.json == k.Value })
			if i < 0 {
				bad(&k.Tag, "%s has no field with JSON name %q (its fields: %s)", etd.Name, k.Value, strings.Join(names, ", "))
				ok = false
				continue
			}
			ef := efields[i]
			if eu := sb.underlying(ef.expr).t; eu.Kind != Named || (eu.Type.PkgPath != "" && sb.isStructLike(eu)) {
				bad(&k.Tag, "key %s.%s is %s: a list map key must be a scalar (string, integer or boolean)", etd.Name, k.Value, kindWord(eu))
				ok = false
				continue
			}
			if !isRequired(ef) && defaultJSON(ef.markers) == "" && f.info != nil && f.info.tags != nil && f.info.tags.Kubebuilder != nil {
				// The apiserver's rule for CRDs, so only for a package
				// whose CRDs come from these markers (k8s.io/api's
				// conditions are keyed by an optional type, which its
				// apiserver serves). The key is still a key.
				bad(&k.Tag, "key %s is optional and has no default: the apiserver requires a list map key to be required or defaulted (mark it +required, drop omitempty, or give +default)", ef.owner)
			}
		}
		if !ok {
			return listOf(elem, "atomic")
		}
		return listOf(elem, "associative", keys...)
	}
	// No +listType: openapi-gen's patch strategy, else atomic (as
	// structured-merge-diff reads a list without x-kubernetes-list-type).
	if strings.Contains(f.patchStrategy, "merge") {
		if f.patchMergeKey != "" {
			return listOf(elem, "associative", f.patchMergeKey)
		}
		return listOf(elem, "associative")
	}
	return listOf(elem, "atomic")
}

func (sb *schemaBuilder) isStructLike(t *TypeExpr) bool {
	if _, td := sb.structOf(t); td != nil {
		return true
	}
	k, ok := knownTypes[t.Type]
	return ok && k.atom != nil && k.atom.Map != nil
}

// fieldsNoSchema returns a struct's JSON fields without building their
// schema or reporting anything.
func (sb *schemaBuilder) fieldsNoSchema(info *pkgInfo, td *typeDecl) []jsonField {
	declInfo, file, declName := sb.declOf(info, td)
	if declInfo == nil {
		return nil
	}
	var out []jsonField
	sb.collect(declInfo, file, declName, td.Struct, false, &out, 0)
	slices.SortStableFunc(out, func(a, c jsonField) int { return strings.Compare(a.json, c.json) })
	return slices.CompactFunc(out, func(a, c jsonField) bool { return a.json == c.json })
}

// isRequired is controller-gen's rule for a field: an explicit marker
// (kubebuilder's first, then +optional/+required and their +k8s: forms),
// else required unless omitempty or omitzero. (controller-gen's
// package-level +kubebuilder:validation:Optional default is not read.)
func isRequired(f jsonField) bool {
	m := f.markers
	switch {
	case m.KubebuilderOptional != nil:
		return false
	case m.KubebuilderRequired != nil:
		return true
	case m.Optional != nil || m.K8sOptional != nil:
		return false
	case m.Required != nil || m.K8sRequired != nil:
		return true
	}
	return !f.omit
}

// ref returns the schema of a field or element type, adding the named
// types it reaches.
func (sb *schemaBuilder) ref(t *TypeExpr) SchemaRef {
	s := sb.underlying(t)
	t = s.t
	switch t.Kind {
	case Named:
		if t.Type.PkgPath == "" {
			switch t.Type.Name {
			case "string":
				return scalar("string")
			case "bool":
				return scalar("boolean")
			case "any", "error":
				return untypedRef(UntypedAtomic)
			}
			return scalar("numeric")
		}
		if k, ok := knownTypes[t.Type]; ok {
			if k.atom == nil {
				return k.inline
			}
			sb.known(t.Type)
			return namedRef(t.Type)
		}
		if _, td := sb.structOf(t); td != nil {
			sb.queue = append(sb.queue, t.Type)
			return namedRef(t.Type)
		}
		return untypedRef(UntypedDeduced) // a type clientgen cannot read
	case Slice, Array:
		if e := t.Elem; t.Kind == Slice && e.Kind == Named && e.Type.PkgPath == "" && (e.Type.Name == "byte" || e.Type.Name == "uint8") {
			return scalar("string")
		}
		rel := "atomic"
		if s.typeMarks != nil {
			if lt := s.typeMarks.ListType; lt != nil && lt.Value == "set" {
				rel = "associative"
			}
		}
		return listOf(sb.ref(t.Elem), rel)
	case Map:
		rel := ""
		if s.typeMarks != nil && s.typeMarks.MapType != nil {
			rel = map[string]string{"atomic": "atomic", "granular": "separable"}[s.typeMarks.MapType.Value]
		}
		return mapOf(sb.ref(t.Elem), rel)
	}
	return untypedRef(UntypedDeduced)
}

// known adds an apimachinery type of knownTypes and the types it names.
func (sb *schemaBuilder) known(t GoType) {
	name := OpenAPIName(t)
	if sb.types[name] != nil {
		return
	}
	k := knownTypes[t]
	sb.types[name] = &SchemaType{Name: name, Atom: *k.atom}
	if k.atom.Map == nil {
		return
	}
	for _, f := range k.atom.Map.Fields {
		var walk func(r SchemaRef)
		walk = func(r SchemaRef) {
			if r.Named != "" {
				for kt := range knownTypes {
					if OpenAPIName(kt) == r.Named && knownTypes[kt].atom != nil {
						sb.known(kt)
					}
				}
			}
			if l := r.Inline.List; l != nil {
				walk(l.Elem)
			}
			if m := r.Inline.Map; m != nil && m.Elem != nil {
				walk(*m.Elem)
			}
		}
		walk(f.Type)
	}
}

// checkTypeMarkers reports structure markers on a type declaration that
// contradict the type: +listType on what is not a list, and so on.
func (sb *schemaBuilder) checkTypeMarkers(info *pkgInfo, td *typeDecl) {
	m := typeSchema(info, td)
	if m == nil {
		return
	}
	var t *TypeExpr
	if td.Struct != nil {
		t = &TypeExpr{Kind: Named, Type: GoType{PkgPath: info.load.PkgPath, Name: td.Name}}
	} else if d := sb.declared(info, td); d != nil {
		t = sb.underlying(d).t
	} else {
		return
	}
	report := sb.diags(info)
	rm := sb.resolveMarkers(m, td.Name, report)
	isList := t.Kind == Slice || t.Kind == Array
	check := func(tag *tags.Tag, ok bool) {
		if tag != nil && !ok {
			report.Add(tag.Pos, td.Name, tag.Text, "%s applies to a %s type; %s is %s", markerName(tag), markerTarget(tag), td.Name, kindWord(t))
		}
	}
	check(baseOf(rm.listType), isList)
	if !rm.keysK8sOnly {
		check(firstKey(rm.keys), isList)
	}
	check(baseOf(rm.mapType), t.Kind == Map)
	check(baseOf(rm.structType), td.Struct != nil)
}
