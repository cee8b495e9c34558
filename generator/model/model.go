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
}

// SchemePkgPath is the import path of the generated scheme package.
func (c *Clientset) SchemePkgPath() string { return c.PkgPath + "/scheme" }

// Group is one API group with the versions being generated.
type Group struct {
	Name     string // e.g. "example.com"; "" is the legacy core group
	GoName   string // e.g. "Example"
	PkgName  string // directory under typed/, e.g. "example"
	Versions []*GroupVersion

	GoNameTag string         // the +groupGoName tag as written, "" if defaulted
	GoNamePos token.Position // where GoName came from, for errors
}

// GroupVersion is one generated typed client package.
type GroupVersion struct {
	Group       string // e.g. "example.com"
	Version     string // e.g. "v1beta1"
	APIPkgPath  string // import path of the input types
	APIPkgAlias string // import alias for the input types, e.g. "examplev1beta1"

	PkgPath       string // import path of the typed client package
	PkgName       string // its package name (the version)
	Dir           string // its output directory, relative to --output
	ClientName    string // e.g. "ExampleV1beta1Client"
	InterfaceName string // e.g. "ExampleV1beta1Interface"
	Accessor      string // Clientset method, e.g. "ExampleV1beta1"
	FieldName     string // Clientset field, e.g. "exampleV1beta1"
	ClientAlias   string // import alias of the typed package, e.g. "examplev1beta1"

	Types []*Type

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
)

// AllVerbs lists the standard verbs in declaration order.
func AllVerbs() []Verb {
	return []Verb{Create, Update, UpdateStatus, Delete, DeleteCollection, Get, List, Watch, Patch}
}

// Type is one kind with a generated client.
type Type struct {
	Kind       string // e.g. "ClusterPolicy"
	ListKind   string // e.g. "ClusterPolicyList"
	Resource   string // URL plural, e.g. "clusterpolicies"
	Namespaced bool
	Verbs      []Verb // in AllVerbs order
	NeedsList  bool   // some verb needs the List type (List, Watch, DeleteCollection)

	FileName      string // e.g. "clusterpolicy.go"
	PluralGoName  string // e.g. "ClusterPolicies": the getter method
	GetterName    string // e.g. "ClusterPoliciesGetter"
	InterfaceName string // e.g. "ClusterPolicyInterface"
	ExpansionName string // e.g. "ClusterPolicyExpansion"
	StructName    string // e.g. "clusterPolicies"
	Constructor   string // e.g. "newClusterPolicies"
	ParamName     string // e.g. "clusterPolicy": the object parameter of Create/Update

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
