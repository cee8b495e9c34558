package model

import (
	"fmt"
	"go/ast"
	"go/token"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Apply configurations are built from syntax alone, like the rest of the
// model. Scope (see ARCHITECTURE.md): every struct type of a generated
// group-version that a kind reaches through its fields gets an apply
// configuration; the meta/v1 types with one in runtime/applyconfigurations
// map to it; every other type (scalars, named non-struct types, and structs
// of packages clientgen does not generate, e.g. resource.Quantity or a
// k8s.io/api type in a CRD project) is used as the Go type itself, by pointer.

const (
	metav1Path     = "k8s.io/apimachinery/pkg/apis/meta/v1"
	typesPath      = "k8s.io/apimachinery/pkg/types"
	applyMetaV1Pkg = "github.com/clientgen/clientgen/runtime/applyconfigurations/meta/v1"
)

// ApplyMetaV1Pkg is the import path of the runtime's meta/v1 apply configurations.
const ApplyMetaV1Pkg = applyMetaV1Pkg

// MetaApplyConfigs are the metav1 types that runtime/applyconfigurations/meta/v1
// has apply configurations of, with the With methods the generator forwards
// to for the embedded ones (TypeMeta and ObjectMeta). A test checks them
// against the runtime package.
var MetaApplyConfigs = map[string][]*WithMethod{
	"TypeMeta": {
		scalarWith("Kind", named("", "string")),
		scalarWith("APIVersion", named("", "string")),
	},
	"ObjectMeta": {
		scalarWith("Name", named("", "string")),
		scalarWith("GenerateName", named("", "string")),
		scalarWith("Namespace", named("", "string")),
		scalarWith("UID", named(typesPath, "UID")),
		scalarWith("ResourceVersion", named("", "string")),
		scalarWith("Generation", named("", "int64")),
		scalarWith("CreationTimestamp", named(metav1Path, "Time")),
		scalarWith("DeletionTimestamp", named(metav1Path, "Time")),
		scalarWith("DeletionGracePeriodSeconds", named("", "int64")),
		{Name: "WithLabels", Shape: PutEntries, Param: "entries", ParamType: &TypeExpr{Kind: Map, Key: named("", "string"), Elem: named("", "string")}, Field: "Labels"},
		{Name: "WithAnnotations", Shape: PutEntries, Param: "entries", ParamType: &TypeExpr{Kind: Map, Key: named("", "string"), Elem: named("", "string")}, Field: "Annotations"},
		{Name: "WithOwnerReferences", Shape: AppendPointers, Param: "values", Variadic: true, ParamType: &TypeExpr{Kind: Pointer, Elem: named(applyMetaV1Pkg, "OwnerReferenceApplyConfiguration")}, Field: "OwnerReferences"},
		{Name: "WithFinalizers", Shape: AppendValues, Param: "values", Variadic: true, ParamType: named("", "string"), Field: "Finalizers"},
	},
	"OwnerReference":           nil,
	"DeleteOptions":            nil,
	"GroupResource":            nil,
	"LabelSelector":            nil,
	"LabelSelectorRequirement": nil,
	"Condition":                nil,
}

func named(pkg, name string) *TypeExpr {
	return &TypeExpr{Kind: Named, Type: GoType{PkgPath: pkg, Name: name}}
}

func scalarWith(field string, t *TypeExpr) *WithMethod {
	return &WithMethod{Name: "With" + field, Shape: SetValue, Param: "value", ParamType: t, Field: field}
}

var predeclared = map[string]bool{
	"bool": true, "string": true, "int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
	"float32": true, "float64": true, "complex64": true, "complex128": true, "byte": true, "rune": true,
	"error": true, "any": true,
}

// applyConfig returns the apply configuration of the struct type name of
// package info, building it (and, through its fields, those of the types it
// reaches) on first use; nil when the type has none.
func (b *builder) applyConfig(info *pkgInfo, name string) *ApplyConfig {
	if info == nil || info.gv == nil {
		return nil
	}
	td := info.byName[name]
	if td == nil || td.Struct == nil {
		return nil
	}
	key := GoType{PkgPath: info.load.PkgPath, Name: name}
	if ac, done := b.applies[key]; done {
		return ac
	}
	gv := info.gv
	// A type declared as another package's struct reads that struct's
	// fields where they are declared.
	declInfo, declFile := info, td.File
	if td.StructPkg != nil {
		declInfo, declFile = b.pkgs[td.StructPkg.PkgPath], td.StructFile
	}
	ac := &ApplyConfig{
		Name:        name + "ApplyConfiguration",
		Type:        key,
		Constructor: name,
	}
	b.applies[key] = ac
	b.building[key] = true
	defer delete(b.building, key)

	own := map[string]bool{}
	var forwards []*WithMethod
	for _, fld := range td.Struct.Fields.List {
		jsonName, inline, skip := jsonOf(fld)
		if skip {
			continue
		}
		goT, ok := b.goType(declInfo, declFile, fld.Type)
		if !ok {
			continue // a type apply configurations cannot express (func, chan, struct literal, generic)
		}
		if len(fld.Names) == 0 {
			fwd := b.embedded(ac, gv, goT, jsonName, inline)
			forwards = append(forwards, fwd...)
			continue
		}
		for _, n := range fld.Names {
			if !n.IsExported() {
				continue
			}
			jn := jsonName
			if jn == "" {
				jn = n.Name
			}
			w := b.field(ac, n.Name, jn, goT)
			own[w.Name] = true
			ac.Withs = append(ac.Withs, w)
		}
	}
	for _, w := range forwards {
		if !own[w.Name] {
			own[w.Name] = true
			ac.Withs = append(ac.Withs, w)
		}
	}
	if m := typeSchema(info, td); m != nil && m.PreserveUnknownFields != nil {
		b.preserveUnknown(ac, info, td, own)
	}
	return ac
}

// preserveUnknown gives the apply configuration of a type whose objects
// keep fields their schema does not name a map for them, a With method
// and JSON methods that write them beside the named fields, so that an
// apply can own them (the generated API type of such a kind keeps them the
// same way).
func (b *builder) preserveUnknown(ac *ApplyConfig, info *pkgInfo, td *typeDecl, own map[string]bool) {
	sb := &schemaBuilder{b: b, types: map[string]*SchemaType{}, specs: map[GoType]ast.Expr{}}
	var known []string
	for _, f := range sb.fields(info, td, false) {
		known = append(known, f.json)
	}
	name := "UnknownFields"
	for own["With"+name] || slices.ContainsFunc(ac.Fields, func(f *ApplyField) bool { return f.Name == name }) {
		name += "_"
	}
	t := &TypeExpr{Kind: Map, Key: named("", "string"), Elem: named(runtimePath, "RawExtension")}
	ac.Fields = append(ac.Fields, &ApplyField{Name: name, Type: t, JSONTag: "-"})
	ac.Withs = append(ac.Withs, &WithMethod{Name: "With" + name, Shape: PutEntries, Param: "entries", ParamType: t, Field: name})
	ac.Unknown = &ApplyUnknown{Field: name, Known: known}
}

// unalias replaces named types that are aliases declared in loaded packages
// (admissionregistration/v1beta1's `type ReinvocationPolicyType =
// v1.ReinvocationPolicyType`) by the type they stand for, as
// applyconfiguration-gen's types do.
func (b *builder) unalias(t *TypeExpr) *TypeExpr {
	switch t.Kind {
	case Named:
		if r := b.resolveAlias(t.Type); r != t.Type {
			return &TypeExpr{Kind: Named, Type: r}
		}
	case Pointer, Slice, Array:
		if e := b.unalias(t.Elem); e != t.Elem {
			return &TypeExpr{Kind: t.Kind, Elem: e, Len: t.Len}
		}
	case Map:
		k, e := b.unalias(t.Key), b.unalias(t.Elem)
		if k != t.Key || e != t.Elem {
			return &TypeExpr{Kind: Map, Key: k, Elem: e}
		}
	}
	return t
}

// resolveAlias returns the struct type an alias declaration in a loaded
// package stands for (`type Spec = v1.Spec`), or t.
func (b *builder) resolveAlias(t GoType) GoType {
	if info := b.pkgs[t.PkgPath]; info != nil {
		if td := info.byName[t.Name]; td != nil && td.AliasOf != nil {
			return GoType{PkgPath: td.AliasOf.PkgPath, Name: td.AliasOf.Name}
		}
	}
	return t
}

// jsonOf reads a field's json tag: its name, whether it is inlined, and
// whether the field is left out of JSON (unexported or "-").
func jsonOf(fld *ast.Field) (name string, inline, skip bool) {
	if len(fld.Names) > 0 {
		exported := false
		for _, n := range fld.Names {
			exported = exported || n.IsExported()
		}
		if !exported {
			return "", false, true
		}
	}
	tag := ""
	if fld.Tag != nil {
		if s, err := strconv.Unquote(fld.Tag.Value); err == nil {
			tag = s
		}
	}
	j, hasJSON := reflect.StructTag(tag).Lookup("json")
	name, opts, _ := strings.Cut(j, ",")
	if name == "-" && opts == "" {
		return "", false, true
	}
	inline = strings.Contains(","+opts+",", ",inline,") || (len(fld.Names) == 0 && (!hasJSON || name == ""))
	return name, inline, false
}

// field adds a named field and returns its With method.
func (b *builder) field(ac *ApplyConfig, goName, jsonName string, t *TypeExpr) *WithMethod {
	af := &ApplyField{Name: goName, JSONTag: jsonName + ",omitempty"}
	w := &WithMethod{Name: "With" + goName, Field: goName}
	ac.Fields = append(ac.Fields, af)
	base := b.unalias(t)
	if base.Kind == Pointer {
		base = base.Elem
	}
	switch base.Kind {
	case Slice:
		elem := base.Elem
		if acT, isAC := b.applyType(derefNamed(elem)); isAC {
			af.Type = &TypeExpr{Kind: Slice, Elem: acT}
			w.Shape, w.Param, w.Variadic, w.ParamType = AppendPointers, "values", true, &TypeExpr{Kind: Pointer, Elem: acT}
		} else {
			af.Type = &TypeExpr{Kind: Slice, Elem: elem}
			w.Shape, w.Param, w.Variadic, w.ParamType = AppendValues, "values", true, elem
		}
	case Map:
		elem := base.Elem
		if acT, isAC := b.applyType(derefNamed(elem)); isAC {
			elem = acT
		}
		af.Type = &TypeExpr{Kind: Map, Key: base.Key, Elem: elem}
		w.Shape, w.Param, w.ParamType = PutEntries, "entries", af.Type
	default:
		if acT, isAC := b.applyType(base); isAC {
			af.Type = &TypeExpr{Kind: Pointer, Elem: acT}
			w.Shape, w.Param, w.ParamType = SetPointer, "value", af.Type
		} else {
			af.Type = &TypeExpr{Kind: Pointer, Elem: base}
			w.Shape, w.Param, w.ParamType = SetValue, "value", base
		}
	}
	return w
}

// embedded adds an embedded field and returns the With methods forwarded to
// it.
func (b *builder) embedded(ac *ApplyConfig, gv *GroupVersion, t *TypeExpr, jsonName string, inline bool) []*WithMethod {
	base := t
	if base.Kind == Pointer {
		base = base.Elem
	}
	if base.Kind != Named {
		return nil
	}
	acT, isAC := b.applyType(base)
	if !isAC {
		// A struct of a package clientgen does not generate: inlined as the Go type.
		tag := ",inline"
		if !inline {
			tag = jsonName + ",omitempty"
		}
		ac.Fields = append(ac.Fields, &ApplyField{Type: &TypeExpr{Kind: Pointer, Elem: base}, JSONTag: tag, Embedded: true})
		return nil
	}
	fieldName := acT.Type.Name
	var fwd []*WithMethod
	var withs []*WithMethod
	if base.Type.PkgPath == metav1Path {
		withs = MetaApplyConfigs[base.Type.Name]
	} else {
		tgt := b.resolveAlias(base.Type)
		if inner := b.applyConfig(b.pkgs[tgt.PkgPath], tgt.Name); inner != nil && !b.building[tgt] {
			withs = inner.Withs
		}
	}
	if inline {
		ac.Fields = append(ac.Fields, &ApplyField{Type: acT, JSONTag: ",inline", Embedded: true})
		if base.Type == (GoType{PkgPath: metav1Path, Name: "TypeMeta"}) {
			// applyconfiguration-gen's getters, which client.Apply reads.
			ac.hasTypeMeta = true
			ac.Getters = append(ac.Getters,
				&Getter{Name: "GetKind", Field: fieldName, Member: "Kind"},
				&Getter{Name: "GetAPIVersion", Field: fieldName, Member: "APIVersion"})
		}
		for _, w := range withs {
			fwd = append(fwd, forward(w, fieldName, ""))
		}
		return fwd
	}
	// Embedded under its own JSON key (ObjectMeta as "metadata"): a pointer,
	// allocated by an ensure method before a forwarded With sets a field.
	ensure := &EnsureMethod{Name: "ensure" + fieldName + "Exists", Field: fieldName, Type: acT}
	ac.Ensures = append(ac.Ensures, ensure)
	ac.Fields = append(ac.Fields, &ApplyField{Type: &TypeExpr{Kind: Pointer, Elem: acT}, JSONTag: jsonName + ",omitempty", Embedded: true})
	if base.Type == (GoType{PkgPath: metav1Path, Name: "ObjectMeta"}) {
		ac.hasObjectMeta = true
		ac.Getters = append(ac.Getters,
			&Getter{Name: "GetName", Field: fieldName, Member: "Name", Ensure: ensure.Name},
			&Getter{Name: "GetNamespace", Field: fieldName, Member: "Namespace", Ensure: ensure.Name})
	}
	for _, w := range withs {
		fwd = append(fwd, forward(w, fieldName, ensure.Name))
	}
	return fwd
}

func forward(w *WithMethod, field, ensure string) *WithMethod {
	return &WithMethod{Name: w.Name, Shape: Forward, Param: w.Param, ParamType: w.ParamType, Variadic: w.Variadic, Field: field, Ensure: ensure}
}

func derefNamed(t *TypeExpr) *TypeExpr {
	if t.Kind == Pointer && t.Elem.Kind == Named {
		return t.Elem
	}
	return t
}

// applyType maps a named struct type to its apply configuration type: the
// runtime's for meta/v1 types, a generated one for struct types of the
// generated group-versions.
func (b *builder) applyType(t *TypeExpr) (*TypeExpr, bool) {
	if t.Kind != Named {
		return nil, false
	}
	if t.Type.PkgPath == metav1Path {
		if _, ok := MetaApplyConfigs[t.Type.Name]; ok {
			return named(applyMetaV1Pkg, t.Type.Name+"ApplyConfiguration"), true
		}
		return nil, false
	}
	info := b.pkgs[t.Type.PkgPath]
	if info == nil {
		return nil, false
	}
	if tgt := b.resolveAlias(t.Type); tgt != t.Type {
		return b.applyType(&TypeExpr{Kind: Named, Type: tgt})
	}
	td := info.byName[t.Type.Name]
	if info.gv == nil || td == nil || td.Struct == nil || !b.reachable[t.Type] || !hasJSONField(td.Struct) {
		return nil, false
	}
	b.applyConfig(info, t.Type.Name)
	return named(info.gv.ApplyPkgPath, t.Type.Name+"ApplyConfiguration"), true
}

// goType resolves a type expression of file f in package info.
func (b *builder) goType(info *pkgInfo, f *ast.File, e ast.Expr) (*TypeExpr, bool) {
	switch e := e.(type) {
	case *ast.Ident:
		if predeclared[e.Name] && info.byName[e.Name] == nil {
			return named("", e.Name), true
		}
		if !token.IsExported(e.Name) {
			return nil, false // unexported: the apply configuration package cannot name it
		}
		return named(info.load.PkgPath, e.Name), true
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		if !ok {
			return nil, false
		}
		p, ok := info.load.Imports[f][x.Name]
		if !ok {
			pos := b.fset.Position(e.Pos())
			b.errs.Add(pos, "", "", "type %s.%s: no import named %s in this file", x.Name, e.Sel.Name, x.Name)
			return nil, false
		}
		return named(p, e.Sel.Name), true
	case *ast.StarExpr:
		elem, ok := b.goType(info, f, e.X)
		if !ok {
			return nil, false
		}
		return &TypeExpr{Kind: Pointer, Elem: elem}, true
	case *ast.ArrayType:
		elem, ok := b.goType(info, f, e.Elt)
		if !ok {
			return nil, false
		}
		if e.Len == nil {
			return &TypeExpr{Kind: Slice, Elem: elem}, true
		}
		lit, isLit := e.Len.(*ast.BasicLit)
		if !isLit || lit.Kind != token.INT {
			return nil, false
		}
		return &TypeExpr{Kind: Array, Elem: elem, Len: lit.Value}, true
	case *ast.MapType:
		key, ok := b.goType(info, f, e.Key)
		if !ok {
			return nil, false
		}
		elem, ok := b.goType(info, f, e.Value)
		if !ok {
			return nil, false
		}
		return &TypeExpr{Kind: Map, Key: key, Elem: elem}, true
	case *ast.InterfaceType:
		if e.Methods == nil || len(e.Methods.List) == 0 {
			return &TypeExpr{Kind: EmptyInterface}, true
		}
	case *ast.ParenExpr:
		return b.goType(info, f, e.X)
	}
	return nil, false
}

// dependencyVersions gives each dependency package (not an input; see
// load.AddDependencies) a group-version with apply configuration paths and no
// client, named as applyconfiguration-gen names a package's directory (the
// input directory, then the version: applyconfiguration/core/v1 for
// k8s.io/api/core/v1), so that the structs the inputs reach in it get apply
// configurations. A package whose name is not an API version gets none: its
// types are used as they are.
func (b *builder) dependencyVersions(deps []*pkgInfo) {
	usedDir := map[string]string{} // group directory -> group
	usedAlias := map[string]bool{}
	for _, g := range b.cs.Groups {
		usedDir[g.PkgName] = g.Name
		for _, gv := range g.Versions {
			usedAlias[gv.APIPkgAlias], usedAlias[gv.ApplyAlias], usedAlias[gv.ClientAlias] = true, true, true
		}
	}
	for _, info := range deps {
		pkg := info.load
		if !versionRE.MatchString(pkg.Name) {
			continue
		}
		group, known := "", false
		if t := info.tags.GroupName; t != nil {
			group, known = t.Value, true
		} else if pkg.Index.HasSchemeGroup {
			group, known = pkg.Index.SchemeGroup, true
		}
		gv := &GroupVersion{Group: group, Version: pkg.Name, APIPkgPath: pkg.PkgPath, Pos: pkg.Index.Pos, ApplyOnly: true}
		if known {
			gv.APIVersion = path.Join(group, pkg.Name)
		}
		dir := path.Base(path.Dir(pkg.PkgPath))
		if !token.IsIdentifier(strings.ReplaceAll(dir, "-", "_")) || dir == "internal" || dir == "vendor" || dir == "testdata" {
			dir = strings.ToLower(defaultGroupGoName(group))
		}
		for i := 2; ; i++ {
			if g, taken := usedDir[dir]; !taken || (known && g == group) {
				break
			}
			dir = fmt.Sprintf("%s%d", strings.TrimRight(dir, "0123456789"), i)
		}
		usedDir[dir] = group
		alias := strings.ToLower(strings.ReplaceAll(dir, "-", "")) + pkg.Name
		for i := 2; usedAlias[alias] || usedAlias["apply"+alias]; i++ {
			alias = fmt.Sprintf("%s%s%d", strings.ToLower(strings.ReplaceAll(dir, "-", "")), pkg.Name, i)
		}
		usedAlias[alias], usedAlias["apply"+alias] = true, true
		gv.APIPkgAlias, gv.ApplyAlias = alias, "apply"+alias
		gv.PkgName = pkg.Name
		gv.ApplyDir = path.Join(b.cs.ApplyDir, dir, pkg.Name)
		gv.ApplyPkgPath = path.Join(b.cs.ApplyPkgPath, dir, pkg.Name)
		info.gv = gv
		b.cs.ApplyOnly = append(b.cs.ApplyOnly, gv)
	}
}

// finishApplyKinds completes the apply configurations once every one is
// built, as applyconfiguration-gen does: a +genclient type of a dependency
// package gets its kind constructor as an input's kind does; a type that
// embeds TypeMeta but has no client gets a constructor that sets kind and
// apiVersion; both are top-level (IsApplyConfiguration), and a kind whose
// object has metadata gets Extract<Kind>, Extract<Kind>From and one
// Extract<Kind><Subresource> per subresource (status when it has a Status
// field and no +genclient:noStatus, and each +genclient:method subresource).
func (b *builder) finishApplyKinds() {
	for gt, ac := range b.applies {
		if ac == nil {
			continue
		}
		info := b.pkgs[gt.PkgPath]
		gv := info.gv
		tt := info.tags.Type(gt.Name)
		if ac.Kind == nil && gv.APIVersion != "" {
			switch {
			case info.load.Dependency && tt.GenClient != nil && ac.hasObjectMeta:
				ac.Kind = &ApplyKind{Kind: gt.Name, APIVersion: gv.APIVersion, Namespaced: tt.NonNamespaced == nil, Client: true}
			case ac.hasTypeMeta:
				ac.Kind = &ApplyKind{Kind: gt.Name, APIVersion: gv.APIVersion}
			}
		}
		k := ac.Kind
		if k == nil {
			continue
		}
		ac.IsApplyConfiguration = true
		k.HasTypeMeta, k.HasMeta = ac.hasTypeMeta, ac.hasObjectMeta
		if !k.Client || !k.HasMeta || !k.HasTypeMeta {
			continue
		}
		ex := &ApplyExtract{Func: "Extract" + gt.Name, APIType: gt, Param: paramName(gt.Name)}
		subs := map[string]bool{}
		if td := info.byName[gt.Name]; td != nil && td.Fields["Status"] && tt.NoStatus == nil {
			subs["status"] = true
		}
		for _, m := range tt.Method {
			if m.Subresource != "" {
				subs[m.Subresource] = true
			}
		}
		for _, s := range sortedKeys(subs) {
			ex.Subresources = append(ex.Subresources, ExtractSubresource{Func: ex.Func + upperFirst(strings.ToLower(s)), Subresource: s})
		}
		ac.Extract = ex
	}
}
