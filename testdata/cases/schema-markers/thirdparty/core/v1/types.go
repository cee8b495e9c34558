// Package v1 stands for a package that is not an input (as k8s.io/api's
// core/v1 is in a CRD project): its structs get apply configurations and a
// schema, read from its markers.
package v1

// LocalObjectReference names an object of the same namespace.
// +structType=atomic
type LocalObjectReference struct {
	// +optional
	Name string `json:"name,omitempty"`
}
