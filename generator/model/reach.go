package model

import (
	"go/ast"
	"reflect"
	"strconv"
)

// applyInput is the input type of an apply extension method of a kind.
type applyInput struct {
	kind, input GoType
	// samePackage: the tag named the input without a package
	// (input=Scale), which applyconfiguration-gen reads in a way of its own
	// (see markReachable).
	samePackage bool
}

// markReachable computes which types get apply configurations, as
// applyconfiguration-gen's reference graph does (refgraph.go): the types
// reachable through fields from the kinds with apply or applyStatus and from
// the inputs of apply extension methods; of those, structs with a JSON-tagged
// field (requiresApplyConfiguration) get one. A field of any other type is
// the Go type itself.
//
// An input named in the kind's own package (`input=Scale`, apps/v1beta2's
// ApplyScale) is one quirk kept for the same exported API: applyconfiguration-gen
// takes a copy of the kind renamed to the input, so the input type is
// reachable but the fields walked are the kind's; the input's own field
// types (ScaleSpec, ScaleStatus) are then reachable only if something else
// reaches them, and otherwise its With methods take the Go types, as in
// client-go's apps/v1beta2 and extensions/v1beta1.
func (b *builder) markReachable() {
	for _, g := range b.cs.Groups {
		for _, gv := range g.Versions {
			for _, t := range gv.Types {
				if b.applyRoot(gv, t) {
					b.reach(GoType{PkgPath: gv.APIPkgPath, Name: t.Kind})
				}
			}
		}
	}
	for _, in := range b.applyInputs {
		if !in.samePackage {
			b.reach(in.input)
			continue
		}
		b.reachable[in.input] = true
		if info := b.pkgs[in.kind.PkgPath]; info != nil {
			if td := info.byName[in.kind.Name]; td != nil {
				b.reachFields(info, td)
			}
		}
	}
}

// applyRoot reports whether kind t is a root of the reference graph: it
// has apply or applyStatus as client-gen's Tags.HasVerb reads the tags, for
// which +genclient:noVerbs removes no verb (client-go's policy/v1 Eviction,
// noVerbs, has an apply configuration).
func (b *builder) applyRoot(gv *GroupVersion, t *Type) bool {
	return t.NeedsApply || b.pkgs[gv.APIPkgPath].tags.Type(t.Kind).NoVerbs != nil
}

// reach marks t and everything its fields reach.
func (b *builder) reach(t GoType) {
	if b.reachable[t] {
		return
	}
	info := b.pkgs[t.PkgPath]
	if info == nil {
		return
	}
	b.reachable[t] = true
	td := info.byName[t.Name]
	if td == nil {
		return
	}
	if td.AliasOf != nil {
		b.reach(GoType{PkgPath: td.AliasOf.PkgPath, Name: td.AliasOf.Name})
	}
	b.reachFields(info, td)
}

// reachFields marks what the fields of td's struct reach.
func (b *builder) reachFields(info *pkgInfo, td *typeDecl) {
	if td.Struct == nil {
		return
	}
	declInfo, declFile := info, td.File
	if td.StructPkg != nil {
		declInfo, declFile = b.pkgs[td.StructPkg.PkgPath], td.StructFile
	}
	if declInfo == nil {
		return
	}
	for _, fld := range td.Struct.Fields.List {
		t, ok := b.goType(declInfo, declFile, fld.Type)
		if !ok {
			continue
		}
		b.reachExpr(t)
	}
}

func (b *builder) reachExpr(t *TypeExpr) {
	switch t.Kind {
	case Named:
		if t.Type.PkgPath != "" {
			b.reach(t.Type)
		}
	case Map:
		b.reachExpr(t.Key)
		b.reachExpr(t.Elem)
	case Pointer, Slice, Array:
		b.reachExpr(t.Elem)
	}
}

// hasJSONField is applyconfiguration-gen's requiresApplyConfiguration for a
// struct: some field has a json tag (other than "-"). An empty struct
// (scheduling's SingleDisruptionMode) or one without tags is used as itself.
func hasJSONField(st *ast.StructType) bool {
	for _, fld := range st.Fields.List {
		if fld.Tag == nil {
			continue
		}
		tag, err := strconv.Unquote(fld.Tag.Value)
		if err != nil {
			continue
		}
		if j, ok := reflect.StructTag(tag).Lookup("json"); ok && j != "-" {
			return true
		}
	}
	return false
}
