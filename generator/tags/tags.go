// Package tags is the tags stage: it reads clientgen's comment tags
// (+genclient, +groupName, ...) and the kubebuilder markers it honours out of
// the comments the declaration index points at, and hands the model typed
// structs, Package and Type, with one field per tag.
//
// Those structs are the definition of the tags: each field's struct tag gives
// the tag's name, usage and help, the struct it sits in (Package or Type)
// where the tag may stand, and the field's type its value syntax (as
// controller-tools' markers.MakeDefinition derives a marker from a typed
// struct). The registry, parsing, the unknown-tag error (with a did-you-mean)
// and `clientgen --help-tags` all derive from them, so they cannot disagree,
// and the model reads fields, never tag names: a misspelt tag is a compile
// error.
package tags

import (
	"go/ast"
	"go/token"
	"regexp"

	"github.com/clientgen/clientgen/generator/diag"
	"github.com/clientgen/clientgen/generator/load"
)

// Tag is where and how one tag was written; every typed tag embeds it.
type Tag struct {
	Pos  token.Position
	Text string // the tag as written, for messages, e.g. "+genclient:onlyVerbs=get,list"
	Raw  string // its value as written after "=", trimmed; "" without one
}

// TextTag is a tag whose value is text, e.g. +groupName=example.com.
type TextTag struct {
	Tag
	Value string
}

// BoolTag is a tag whose value is true or false, e.g. +k8s:client-gen=false.
type BoolTag struct {
	Tag
	Value bool
}

// VerbsTag is a tag whose value is a comma-separated list of standard verbs.
type VerbsTag struct {
	Tag
	Verbs []string // in the order written, each one of StandardVerbs
}

// ExtensionMethod is one +genclient:method tag:
// Name,verb=...[,subresource=...][,input=...][,result=...].
type ExtensionMethod struct {
	Tag
	Name        string  // the Go method name, e.g. "GetScale"
	Verb        string  // one of MethodVerbs
	Subresource string  // "" for the object itself
	Input       TypeRef // zero: the kind itself
	Result      TypeRef // zero: the kind itself
}

// EnumTag is a tag whose value is one of a fixed set, given by the field's
// enum struct tag, e.g. +listType=map.
type EnumTag struct {
	Tag
	Value string
}

// TypeRef is a type named in a tag: Name alone (a type of the same package)
// or PkgPath.Name.
type TypeRef struct {
	PkgPath string
	Name    string
}

// IsZero reports whether the tag named no type.
func (r TypeRef) IsZero() bool { return r.Name == "" }

// ResourceMarker is kubebuilder's +kubebuilder:resource:key=value,... marker;
// only the arguments that shape a client are read into fields.
type ResourceMarker struct {
	Tag
	Path       string   // the resource (plural) name, "" if not given
	Scope      string   // "Cluster", "Namespaced" or "" if not given
	ShortNames []string // shortName={a,b} or a;b
	Args       map[string]string
}

// Package holds the package tags of one input package: the tags read from
// every comment above a package clause.
type Package struct {
	GroupName   *TextTag `tag:"groupName" value:"optional" misplaced:"report" usage:"+groupName=<group>" help:"the API group served by this package, e.g. example.com; empty for the core group (required)"`
	GroupGoName *TextTag `tag:"groupGoName" misplaced:"report" usage:"+groupGoName=<GoName>" help:"the group's name in Go identifiers, e.g. Example for ExampleV1() (default: first DNS label of the group)"`
	ClientGen   *BoolTag `tag:"k8s:client-gen" usage:"+k8s:client-gen=false" help:"generate no client for this package even though it is an input"`

	// GenClientOnNoType is the first +genclient written on no type (in a
	// comment of its own below the package clause), as kueue does for
	// kube_codegen.sh, which picks client-gen's inputs by that line: the
	// package then gets a group client with no kinds, as client-gen writes
	// it. Not a tag of its own, so not in the registry.
	GenClientOnNoType *Tag

	// Kubebuilder is the first kubebuilder marker of the package (in its
	// package comments or a type's tag comments), nil for a package that
	// has none: its CRDs are generated from these markers, so the markers
	// say which subresources the server will serve. Not a tag of its own.
	Kubebuilder *Tag

	// Types are the tags of the package's types that have any, by name.
	Types map[string]*Type
}

// Type returns the tags of the named type; the zero Type if it has none.
func (p *Package) Type(name string) *Type {
	if t := p.Types[name]; t != nil {
		return t
	}
	return &Type{}
}

// Type holds the tags of one type declaration, read from its doc comment and
// the block one blank line above it. In help texts $verbs and $methodVerbs
// stand for StandardVerbs and MethodVerbs, so the lists are written once.
type Type struct {
	GenClient     *Tag              `tag:"genclient" usage:"+genclient" help:"generate a typed client for this type (it must embed metav1.ObjectMeta)"`
	NonNamespaced *Tag              `tag:"genclient:nonNamespaced" usage:"+genclient:nonNamespaced" help:"the resource is cluster-scoped: its getter takes no namespace"`
	NoVerbs       *Tag              `tag:"genclient:noVerbs" usage:"+genclient:noVerbs" help:"generate the client without any verb (expansion methods only)"`
	NoStatus      *Tag              `tag:"genclient:noStatus" usage:"+genclient:noStatus" help:"no UpdateStatus/ApplyStatus even though the type has a Status field"`
	Readonly      *Tag              `tag:"genclient:readonly" usage:"+genclient:readonly" help:"only get, list and watch (combines with onlyVerbs)"`
	OnlyVerbs     *VerbsTag         `tag:"genclient:onlyVerbs" usage:"+genclient:onlyVerbs=<verb>,..." help:"only these verbs: $verbs"`
	SkipVerbs     *VerbsTag         `tag:"genclient:skipVerbs" usage:"+genclient:skipVerbs=<verb>,..." help:"all verbs but these"`
	Method        []ExtensionMethod `tag:"genclient:method" usage:"+genclient:method=<Name>,verb=<verb>[,subresource=<path>][,input=<pkg.Type>][,result=<pkg.Type>]" help:"an extra method, e.g. GetScale,verb=get,subresource=scale,result=k8s.io/api/autoscaling/v1.Scale; verb is one of $methodVerbs; input only for create, update, apply"`
	ResourceName  *TextTag          `tag:"resourceName" usage:"+resourceName=<plural>" help:"the resource's URL name when it is not the lower-case English plural of the kind"`

	KubebuilderResource *ResourceMarker `tag:"kubebuilder:resource" marker:"args" usage:"+kubebuilder:resource:path=<plural>,scope=Cluster|Namespaced" help:"path is the resource name (and names the getter, as --plural-exceptions would); scope=Cluster makes the client cluster-scoped (other arguments are controller-gen's)"`
	SubresourceStatus   *Tag            `tag:"kubebuilder:subresource:status" marker:"flag" usage:"+kubebuilder:subresource:status" help:"the status subresource exists: generate UpdateStatus and ApplyStatus"`

	// Schema holds the structure markers written on the type declaration
	// itself (a named list type with +listType, a struct with
	// +structType=atomic), read with the field markers' definitions, as
	// controller-gen reads them on types and fields alike; nil when the
	// declaration has none.
	Schema *Field
	// Fields are the markers of the struct's fields that have any, by Go
	// field name (an embedded field by its type's name).
	Fields map[string]*Field
}

// Field holds the structure markers of one struct field (or of a named
// type's declaration, Type.Schema): what the structured-merge schema of the
// apply configurations is built from, as controller-gen and openapi-gen read
// them. The +k8s: forms are validation-gen's spellings, which k8s.io/api
// writes next to the plain ones; both count, and the model reports two that
// disagree.
type Field struct {
	ListType      *EnumTag  `tag:"listType" enum:"atomic,set,map" usage:"+listType=atomic|set|map" help:"how apply merges the list: atomic (replaced whole, the default), set (items of scalars merged by value), map (items merged by the +listMapKey fields)"`
	K8sListType   *EnumTag  `tag:"k8s:listType" enum:"atomic,set,map" usage:"+k8s:listType=atomic|set|map" help:"validation-gen's spelling of +listType"`
	ListMapKey    []TextTag `tag:"listMapKey" usage:"+listMapKey=<json name>" help:"a key field of a +listType=map list's items, by JSON name (repeat the tag for several keys); a key must be required or have a default"`
	K8sListMapKey []TextTag `tag:"k8s:listMapKey" usage:"+k8s:listMapKey=<json name>" help:"validation-gen's spelling of +listMapKey"`
	MapType       *EnumTag  `tag:"mapType" enum:"atomic,granular" usage:"+mapType=atomic|granular" help:"granular (the default): apply merges a map's entries; atomic: it is replaced whole"`
	StructType    *EnumTag  `tag:"structType" enum:"atomic,granular" usage:"+structType=atomic|granular" help:"granular (the default): apply merges a struct's fields; atomic: it is replaced whole"`
	Optional      *Tag      `tag:"optional" usage:"+optional" help:"the field may be left out (as omitempty says)"`
	K8sOptional   *Tag      `tag:"k8s:optional" usage:"+k8s:optional" help:"validation-gen's spelling of +optional"`
	Required      *Tag      `tag:"required" usage:"+required" help:"the field must be given (as a field without omitempty is)"`
	K8sRequired   *Tag      `tag:"k8s:required" usage:"+k8s:required" help:"validation-gen's spelling of +required"`
	Default       *TextTag  `tag:"default" usage:"+default=<JSON value>" help:"the field's default (openapi-gen's marker); a list map key with a default may be optional"`

	KubebuilderOptional *Tag     `tag:"kubebuilder:validation:Optional" marker:"flag" usage:"+kubebuilder:validation:Optional" help:"on a field: controller-gen's +optional"`
	KubebuilderRequired *Tag     `tag:"kubebuilder:validation:Required" marker:"flag" usage:"+kubebuilder:validation:Required" help:"on a field: controller-gen's +required"`
	KubebuilderDefault  *TextTag `tag:"kubebuilder:default" marker:"value" usage:"+kubebuilder:default=<value>" help:"controller-gen's +default"`
	// The union markers openapi-gen reads (x-kubernetes-unions).
	Union              *Tag `tag:"union" usage:"+union" help:"on a struct: its fields are a union, at most one set, the +unionDiscriminator field naming which"`
	UnionDiscriminator *Tag `tag:"unionDiscriminator" usage:"+unionDiscriminator" help:"the field of a union that names the member set"`
	UnionDeprecated    *Tag `tag:"unionDeprecated" usage:"+unionDeprecated" help:"a member of a union among a struct's fields (the struct has no +union)"`

	// PreserveUnknownFields is x-kubernetes-preserve-unknown-fields: the
	// object keeps fields its schema does not name (clientgen --crd writes
	// it on a kind whose root schema preserves them).
	PreserveUnknownFields *Tag `tag:"kubebuilder:pruning:PreserveUnknownFields" marker:"flag" usage:"+kubebuilder:pruning:PreserveUnknownFields" help:"the object keeps fields its schema does not name: apply tracks them as fields of any type"`
}

// Field returns the markers of the named field; the zero Field if it has none.
func (t *Type) Field(name string) *Field {
	if f := t.Fields[name]; f != nil {
		return f
	}
	return &Field{}
}

// Result is the tags of every loaded package.
type Result struct {
	Packages map[string]*Package // by import path
}

// Read is the tags stage: it parses the package and type tags of every
// loaded package. Unknown or malformed tags clientgen owns are reported, all
// of them, in the returned list; other tools' tags pass silently.
func Read(res *load.Result) (*Result, diag.List) {
	var errs diag.List
	out := &Result{Packages: make(map[string]*Package, len(res.Packages))}
	for _, p := range res.Packages {
		pkg := &Package{}
		_, pkg.Kubebuilder = parseInto(res.Fset, PackageScope, "", p.Index.PackageComments, pkg, &errs)
		for _, td := range p.Index.Types {
			t := &Type{}
			n := 0
			if hasTag(td.TagComments[0]) || hasTag(td.TagComments[1]) {
				var kb *Tag
				n, kb = parseInto(res.Fset, TypeScope, td.Name, td.TagComments[:], t, &errs)
				if pkg.Kubebuilder == nil {
					pkg.Kubebuilder = kb
				}
				schema := &Field{}
				if m, _ := parseInto(res.Fset, FieldScope, td.Name, td.TagComments[:], schema, &errs); m > 0 {
					t.Schema = schema
					n += m
				}
			}
			if td.Struct != nil && td.StructPkg == nil {
				n += readFields(res.Fset, td.Name, td.Struct, t, &errs)
			}
			if n > 0 {
				if pkg.Types == nil {
					pkg.Types = map[string]*Type{}
				}
				pkg.Types[td.Name] = t
			}
		}
		pkg.GenClientOnNoType = genClientOnNoType(res.Fset, p.Index.Floating)
		out.Packages[p.PkgPath] = pkg
	}
	return out, errs
}

// readFields reads the markers of a struct's fields (their doc comments,
// where controller-gen reads them) into t.Fields and returns how many it
// stored. Other tools' field markers (+kubebuilder:validation:..., +k8s:format,
// +protobuf, ...) pass silently; a misspelling of a field marker is reported.
func readFields(fset *token.FileSet, typeName string, st *ast.StructType, t *Type, errs *diag.List) int {
	n := 0
	for _, fld := range st.Fields.List {
		if !hasTag(fld.Doc) {
			continue // most fields: nothing to parse
		}
		groups := [1]*ast.CommentGroup{fld.Doc}
		for i := range max(1, len(fld.Names)) {
			name := embeddedName(fld.Type)
			if len(fld.Names) > 0 {
				name = fld.Names[i].Name
			}
			f := &Field{}
			m, _ := parseInto(fset, FieldScope, typeName+"."+name, groups[:], f, errs)
			if m == 0 {
				continue
			}
			if t.Fields == nil {
				t.Fields = map[string]*Field{}
			}
			t.Fields[name] = f
			n += m
		}
	}
	return n
}

// embeddedName is the name of an embedded field: its type's name.
func embeddedName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return embeddedName(e.X)
	case *ast.SelectorExpr:
		return e.Sel.Name
	case *ast.Ident:
		return e.Name
	case *ast.IndexExpr:
		return embeddedName(e.X)
	}
	return ""
}

// ParseField reads the markers of one field (typeName.fieldName in
// messages) from comment groups (nil entries allowed).
func ParseField(fset *token.FileSet, name string, groups []*ast.CommentGroup, errs *diag.List) *Field {
	f := &Field{}
	parseInto(fset, FieldScope, name, groups, f, errs)
	return f
}

// ParsePackage reads package tags from comment groups (nil entries allowed).
func ParsePackage(fset *token.FileSet, groups []*ast.CommentGroup, errs *diag.List) *Package {
	p := &Package{}
	parseInto(fset, PackageScope, "", groups, p, errs)
	return p
}

// ParseType reads the tags of the type typeName from comment groups (nil
// entries allowed).
func ParseType(fset *token.FileSet, typeName string, groups []*ast.CommentGroup, errs *diag.List) *Type {
	t := &Type{}
	parseInto(fset, TypeScope, typeName, groups, t, errs)
	return t
}

// genClientOnNoType returns the first +genclient line of the groups.
func genClientOnNoType(fset *token.FileSet, groups []*ast.CommentGroup) *Tag {
	for _, g := range groups {
		if !hasTag(g) {
			continue
		}
		for _, c := range g.List {
			for _, l := range commentLines(fset, c) {
				if name, _, hasValue := splitLine(l.text); name == "genclient" && !hasValue {
					return &Tag{Pos: l.pos, Text: l.text}
				}
			}
		}
	}
	return nil
}

// StandardVerbs are the verbs of a generated client, in the order client-gen
// declares their methods.
var StandardVerbs = []string{"create", "update", "updateStatus", "delete", "deleteCollection", "get", "list", "watch", "patch", "apply", "applyStatus"}

// ReadonlyVerbs are the verbs +genclient:readonly keeps.
var ReadonlyVerbs = []string{"get", "list", "watch"}

// MethodVerbs are the verbs a +genclient:method extension may have.
var MethodVerbs = []string{"get", "list", "create", "update", "patch", "apply"}

// resourceRE is a resource's URL name.
var resourceRE = regexp.MustCompile(`^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$`)

// IsResourceName reports whether s can be a resource's URL name.
func IsResourceName(s string) bool { return resourceRE.MatchString(s) }
