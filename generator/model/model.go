// Package model is the plain data the renderer prints: every name, path and
// verb is computed once here, so render makes no decisions.
package model

import "go/token"

// Clientset is everything one run generates.
type Clientset struct {
	Name    string // package name, e.g. "clientset"
	PkgPath string // import path of the clientset package
	Dir     string // output directory of the clientset package, relative to --output
	Groups  []*Group

	ApplyPkgPath string // import path of the apply configuration tree's root
	ApplyDir     string // its directory, relative to --output ("applyconfiguration")
	ApplyPkgName string // its package name (utils: ForKind, NewTypeConverter)
	// ApplyOnly are the group-versions of packages that are not inputs but
	// whose structs the inputs reach: apply configurations, no client.
	ApplyOnly []*GroupVersion
	// Schema is the structured-merge schema of the apply configurations
	// (schema.go), nil when there are none.
	Schema *ApplySchema

	// Informers is set when listers and informers are generated (see informers.go).
	Informers        bool
	ListersPkgPath   string // import path of the listers' root
	ListersDir       string // its directory, relative to --output ("listers")
	InformersPkgPath string // import path of the informer factory
	InformersDir     string // its directory: "informers" or "informers/externalversions"
	InformersPkgName string // its package name: "informers" or "externalversions"
}

// SchemePkgPath is the import path of the generated scheme package.
func (c *Clientset) SchemePkgPath() string { return c.PkgPath + "/scheme" }

// Group is one API group with the versions being generated.
type Group struct {
	Name     string // e.g. "example.com"; "" is the legacy core group
	GoName   string // e.g. "Example"
	PkgName  string // directory under typed/, e.g. "example"
	Versions []*GroupVersion

	ListerInformerDir string // the group's directory under listers/ and informers/ (see setListerInformerDirs)
	InformerPkgPath   string // import path of the group's informer package (informers/<group>)
	InformerDir       string // its directory, relative to --output
	InformerPkgName   string // its package name

	GoNameTag string         // the +groupGoName tag as written, "" if defaulted
	GoNamePos token.Position // where GoName came from, for errors
}

// GroupVersion is one generated typed client package.
type GroupVersion struct {
	Group       string // e.g. "example.com"
	Version     string // e.g. "v1beta1"
	APIPkgPath  string // import path of the input types
	APIPkgAlias string // import alias for the input types, e.g. "examplev1beta1"
	APIVersion  string // the apiVersion of its objects, e.g. "example.com/v1beta1" or "v1"

	PkgPath       string // import path of the typed client package
	PkgName       string // its package name (the version)
	Dir           string // its output directory, relative to --output
	ClientName    string // e.g. "ExampleV1beta1Client"
	InterfaceName string // e.g. "ExampleV1beta1Interface"
	Accessor      string // Clientset method, e.g. "ExampleV1beta1"
	FieldName     string // Clientset field, e.g. "exampleV1beta1"
	ClientAlias   string // import alias of the typed package, e.g. "examplev1beta1"

	ApplyPkgPath string // import path of its apply configurations
	ApplyDir     string // their directory, relative to --output
	ApplyAlias   string // import alias of that package, e.g. "applyexamplev1beta1"

	VersionGoName   string // the version as a Go name, e.g. "V1beta1": the informer group's accessor
	ListerPkgPath   string // import path of its listers (listers/<group>/<version>)
	ListerDir       string // their directory, relative to --output
	ListerAlias     string // import alias of the listers in informer packages, e.g. "listersexamplev1beta1"
	InformerPkgPath string // import path of its informers (informers/.../<group>/<version>)
	InformerDir     string // their directory, relative to --output

	// ApplyOnly marks a dependency's group-version (Clientset.ApplyOnly):
	// only the Apply* fields, APIPkgPath/Alias and PkgName are set, and
	// APIVersion only when the package names its group.
	ApplyOnly bool

	Types        []*Type        // kinds with a client, by Kind
	ApplyConfigs []*ApplyConfig // apply configurations, by type name

	Pos token.Position // of the input package clause, for errors
}

// Verb is one standard client method.
type Verb string

// The standard verbs, in the order client-gen declares them.
const (
	Create           Verb = "create"
	Update           Verb = "update"
	UpdateStatus     Verb = "updateStatus"
	Delete           Verb = "delete"
	DeleteCollection Verb = "deleteCollection"
	Get              Verb = "get"
	List             Verb = "list"
	Watch            Verb = "watch"
	Patch            Verb = "patch"
	Apply            Verb = "apply"
	ApplyStatus      Verb = "applyStatus"
)

// AllVerbs lists the standard verbs in declaration order.
func AllVerbs() []Verb {
	return []Verb{Create, Update, UpdateStatus, Delete, DeleteCollection, Get, List, Watch, Patch, Apply, ApplyStatus}
}

// MethodName is the client method of a standard verb, e.g. "DeleteCollection".
func (v Verb) MethodName() string { return upperFirst(string(v)) }

// GoType names a Go type declared at package level: PkgPath "" is a
// predeclared type such as string.
type GoType struct {
	PkgPath string
	Name    string
}

// Type is one kind with a generated client.
type Type struct {
	Kind       string // e.g. "ClusterPolicy"
	ListKind   string // e.g. "ClusterPolicyList"
	Resource   string // URL plural, e.g. "clusterpolicies"
	Namespaced bool
	Verbs      []Verb       // in AllVerbs order
	Extensions []*Extension // +genclient:method tags, in source order
	NeedsList  bool         // the List verb: the generic client is one with a List type
	NeedsApply bool         // Apply or ApplyStatus: the generic client is one with an apply configuration

	// Generic is the runtime/typed client the kind's client embeds
	// ("Client", "ClientWithList", "ClientWithApply", "ClientWithListAndApply")
	// and Constructor of it ("NewClient", ...).
	Generic, GenericConstructor string
	ApplyConfig                 GoType // the kind's apply configuration, e.g. {.../applyconfiguration/example/v1, WidgetApplyConfiguration}

	PluralGoName  string // e.g. "ClusterPolicies": the getter method
	GetterName    string // e.g. "ClusterPoliciesGetter"
	InterfaceName string // e.g. "ClusterPolicyInterface"
	ExpansionName string // e.g. "ClusterPolicyExpansion"
	// ExpansionHandWritten is set when the typed package already holds
	// <kind>_expansion.go (client-gen's convention): that file declares
	// ExpansionName with the kind's hand-written methods, so it is not
	// generated.
	ExpansionHandWritten bool
	HasLister            bool // the kind gets a lister (see setListerInformer)
	HasInformer          bool // the kind gets an informer: it has list and watch
	// ListerExpansionHandWritten and NamespaceListerExpansionHandWritten are
	// set when a hand-written file of the listers package declares the
	// interface (lister-gen's <kind>_expansion.go, or an expansion_generated.go
	// without a generated-code banner): it is then not generated.
	ListerExpansionHandWritten          bool
	NamespaceListerExpansionHandWritten bool
	StructName                          string // e.g. "clusterPolicies"
	Constructor                         string // e.g. "newClusterPolicies"
	ParamName                           string // e.g. "clusterPolicy": the object parameter of Create/Update

	Pos token.Position // of the type declaration, for errors
}

// HasVerb reports whether the client has verb v.
func (t *Type) HasVerb(v Verb) bool {
	for _, x := range t.Verbs {
		if x == v {
			return true
		}
	}
	return false
}

// Extension is one +genclient:method: an extra client method with a standard
// verb's request, optionally on a subresource and with other input and
// result types. Its signature is client-gen's for the same tag.
type Extension struct {
	Name        string // method name, e.g. "GetScale"
	Verb        Verb   // Get, List, Create, Update, Patch or Apply
	Subresource string // "" for the object (or collection) itself

	// NameParam is the parameter naming the object of a subresource
	// request, e.g. "deploymentName"; "" when the method has none (the name
	// is "name" for Get and Patch, read from the input for Update and Apply,
	// and there is none for List and Create of the collection).
	NameParam string
	// NameFromInput: the object's name is the input's (Update or Apply
	// without a subresource).
	NameFromInput bool

	Input      GoType // the body: Create/Update object type, or Apply's apply configuration
	InputParam string // its parameter name, e.g. "scale"
	Result     GoType // what the server answers with; for List the list type

	Doc string         // the method's doc comment
	Tag string         // the tag as written
	Pos token.Position // of the tag
}

// ApplyConfig is the apply configuration of one struct type: a builder with
// pointer fields and With methods, marshalled to JSON for server-side apply.
type ApplyConfig struct {
	Name        string // e.g. "WidgetSpecApplyConfiguration"
	Type        GoType // the API type it configures
	Constructor string // e.g. "WidgetSpec"

	// Kind is set for the kinds with a client: the constructor takes the
	// name (and namespace) and sets kind and apiVersion.
	Kind *ApplyKind

	Fields  []*ApplyField   // in source order
	Withs   []*WithMethod   // in source order, embedded fields' after the field that embeds them
	Ensures []*EnsureMethod // ensure<X>Exists helpers for embedded pointer fields
	// Getters read the embedded TypeMeta's and ObjectMeta's fields
	// (GetKind, GetAPIVersion, GetName, GetNamespace), as controller-runtime's
	// client.Apply and typed.ApplyConfiguration need.
	Getters []*Getter
	// IsApplyConfiguration marks a top-level apply configuration (a kind,
	// or a type that embeds TypeMeta): it gets the IsApplyConfiguration marker.
	IsApplyConfiguration bool
	// Extract is set for kinds with a client whose objects have metadata.
	Extract *ApplyExtract
	// Unknown is set for a type marked +kubebuilder:pruning:PreserveUnknownFields
	// (clientgen --crd marks a kind whose root schema preserves unknown
	// fields): its objects keep fields the schema does not name, so its
	// apply configuration can hold and apply them too.
	Unknown *ApplyUnknown

	hasTypeMeta, hasObjectMeta bool
}

// ApplyUnknown is the map field of an apply configuration for the
// top-level fields its type's schema does not name, and the JSON names the
// schema does name (which its JSON methods keep out of the map).
type ApplyUnknown struct {
	Field string
	Known []string
}

// Getter is a Get method of an embedded meta field: b.Field.Member, after
// the Ensure method when the embedded field is a pointer.
type Getter struct {
	Name, Field, Member, Ensure string
}

// ApplyExtract is applyconfiguration-gen's Extract<Kind> family: the apply
// configuration a field manager owns in an object read from the server.
type ApplyExtract struct {
	Func         string // "ExtractWidget"; Func+"From" takes the subresource
	APIType      GoType // the object type read
	Param        string // its parameter name
	SchemaType   string // the object's type in the schema, e.g. "io.k8s.api.apps.v1.Deployment"
	Subresources []ExtractSubresource
}

// ExtractSubresource is one Extract<Kind><Subresource> function.
type ExtractSubresource struct {
	Func        string // e.g. "ExtractWidgetStatus"
	Subresource string // e.g. "status"
}

// ApplyKind is what the constructor of a kind's apply configuration sets.
type ApplyKind struct {
	// Client is set for a +genclient kind: the constructor takes the name
	// (and the namespace); otherwise it takes nothing and sets kind and
	// apiVersion only.
	Client      bool
	Kind        string
	APIVersion  string
	Namespaced  bool
	HasTypeMeta bool // WithKind/WithAPIVersion exist
	HasMeta     bool // WithName/WithNamespace exist
}

// ApplyField is one field of an apply configuration struct.
type ApplyField struct {
	Name     string    // Go field name; "" for an embedded field
	Type     *TypeExpr // its type (a pointer, slice or map, or an embedded struct)
	JSONTag  string    // the struct tag's json value, e.g. "spec,omitempty" or ",inline"
	Embedded bool
}

// WithShape is how a With method stores its argument.
type WithShape int

const (
	// SetValue: WithX(value T) { b.X = &value }
	SetValue WithShape = iota
	// SetPointer: WithX(value *XApplyConfiguration) { b.X = value }
	SetPointer
	// AppendValues: WithX(values ...T) { b.X = append(b.X, values...) }
	AppendValues
	// AppendPointers: WithX(values ...*XApplyConfiguration) appends *values[i], panicking on nil
	AppendPointers
	// PutEntries: WithX(entries map[K]V) copies the entries into b.X
	PutEntries
	// Forward: WithX calls the embedded configuration's WithX (after Ensure)
	Forward
)

// WithMethod is one WithX method of an apply configuration.
type WithMethod struct {
	Name      string    // e.g. "WithReplicas"
	Shape     WithShape // how the argument is stored
	Param     string    // "value", "values" or "entries"
	ParamType *TypeExpr // the parameter's type (the element type when variadic: *XApplyConfiguration for AppendPointers)
	Variadic  bool
	Field     string // the field set; for Forward the embedded field forwarded to
	MapType   *TypeExpr
	Ensure    string // for Forward through a pointer: the ensure method to call first
}

// EnsureMethod allocates an embedded pointer field when it is nil.
type EnsureMethod struct {
	Name  string    // e.g. "ensureObjectMetaApplyConfigurationExists"
	Field string    // the embedded field, e.g. "ObjectMetaApplyConfiguration"
	Type  *TypeExpr // the embedded struct type (not the pointer)
}

// TypeKind is the shape of a TypeExpr.
type TypeKind int

// The shapes of Go types an apply configuration's fields have.
const (
	Named TypeKind = iota
	Pointer
	Slice
	Array
	Map
	EmptyInterface
)

// TypeExpr is a Go type expression as plain data.
type TypeExpr struct {
	Kind TypeKind
	Type GoType    // Named
	Elem *TypeExpr // Pointer, Slice, Array, Map
	Key  *TypeExpr // Map
	Len  string    // Array
}
