// Package applyconfigurations is what the generated Extract<Kind> functions
// and utils.NewTypeConverter stand on: the apply configuration a field
// manager owns in an object read from the server.
//
// applyconfiguration-gen embeds an OpenAPI schema in the generated tree and
// extracts through a type converter built from it. clientgen embeds no
// schema yet, so extraction deduces the structure from the object's values,
// as managedfields.NewDeducedTypeConverter does: structs and maps are
// granular, and every list is atomic (a list the manager owns any item of
// comes back whole, the way the deduced type sees it).
package applyconfigurations

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/managedfields"
	"sigs.k8s.io/structured-merge-diff/v6/typed"
)

// ExtractInto sets into applyConfiguration (a pointer to a generated apply
// configuration) the fields of object that fieldManager owns through apply
// operations on subresource ("" for the object itself), read from
// object's managedFields. An object without entries of fieldManager leaves
// applyConfiguration empty.
//
// For generated code only: the generated Extract<Kind> functions call it;
// user code calls those. Not covered by compatibility promises.
func ExtractInto(object runtime.Object, fieldManager string, applyConfiguration any, subresource string) error {
	return managedfields.ExtractInto(object, typed.DeducedParseableType, fieldManager, applyConfiguration, subresource)
}

// NewTypeConverter returns the type converter that matches ExtractInto: one
// that deduces types from values. The scheme is not consulted (it is in the
// signature because applyconfiguration-gen's utils.NewTypeConverter takes it).
//
// For generated code only: the generated utils.NewTypeConverter returns it.
// Not covered by compatibility promises.
func NewTypeConverter(scheme *runtime.Scheme) managedfields.TypeConverter {
	_ = scheme
	return managedfields.NewDeducedTypeConverter()
}
