// Package applyconfigurations is what the generated Extract<Kind> functions
// stand on: the apply configuration a field manager owns in an object read
// from the server, through the structured-merge schema the generator embeds
// in the apply configuration tree (its internal.Parser).
//
// apimachinery's managedfields.ExtractInto does the same, but its package
// also holds the OpenAPI type converters, which link k8s.io/kube-openapi,
// gnostic-models and go-openapi into every program that imports a typed
// client (typed clients import the apply configurations for Apply). This
// package needs only structured-merge-diff, so a program that never builds
// a type converter does not carry them.
package applyconfigurations

import (
	"bytes"
	"fmt"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
	"sigs.k8s.io/structured-merge-diff/v6/typed"
)

// ExtractInto sets into applyConfiguration (a pointer to a generated apply
// configuration) the fields of object that fieldManager owns through apply
// operations on subresource ("" for the object itself), as recorded in
// object's managedFields and read through objectType (the object's type in
// the embedded schema: keyed lists come back item by item, atomic ones
// whole). An object without an apply entry of fieldManager leaves
// applyConfiguration empty. It behaves as apimachinery's
// managedfields.ExtractInto.
//
// For generated code only: the generated Extract<Kind> functions call it;
// user code calls those. Not covered by compatibility promises.
func ExtractInto(object runtime.Object, objectType typed.ParseableType, fieldManager string, applyConfiguration any, subresource string) error {
	accessor, err := meta.Accessor(object)
	if err != nil {
		return fmt.Errorf("extracting the fields of %s: %w", fieldManager, err)
	}
	var owned *metav1.ManagedFieldsEntry
	for i, e := range accessor.GetManagedFields() {
		if e.Manager == fieldManager && e.Operation == metav1.ManagedFieldsOperationApply && e.Subresource == subresource {
			owned = &accessor.GetManagedFields()[i]
			break
		}
	}
	if owned == nil || owned.FieldsV1 == nil {
		return nil
	}
	set := &fieldpath.Set{}
	if err := set.FromJSON(bytes.NewReader(owned.FieldsV1.Raw)); err != nil {
		return fmt.Errorf("reading the managed fields of %s: %w", fieldManager, err)
	}

	var tv *typed.TypedValue
	if u, ok := object.(runtime.Unstructured); ok {
		tv, err = objectType.FromUnstructured(u.UnstructuredContent())
	} else {
		tv, err = objectType.FromStructured(object)
	}
	if err != nil {
		return fmt.Errorf("reading the object through its schema: %w", err)
	}
	extracted, ok := tv.ExtractItems(set.Leaves()).AsValue().Unstructured().(map[string]any)
	if !ok {
		return fmt.Errorf("the fields %s owns are not an object", fieldManager)
	}
	// A manager that never applied apiVersion and kind still gets them: the
	// apply configuration is sent as an object of that kind.
	if gvk := object.GetObjectKind().GroupVersionKind(); gvk.Kind != "" {
		if _, set := extracted["kind"]; !set {
			extracted["kind"], extracted["apiVersion"] = gvk.Kind, gvk.GroupVersion().String()
		}
	}
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(extracted, applyConfiguration); err != nil {
		return fmt.Errorf("setting the fields of %s into %T: %w", fieldManager, applyConfiguration, err)
	}
	return nil
}
