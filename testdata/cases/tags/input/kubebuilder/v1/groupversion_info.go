// Package v1 is laid out as kubebuilder lays out an API package: markers
// instead of +genclient: tags, and registration through a scheme.Builder in
// groupversion_info.go. Builder below has the shape of controller-runtime's
// scheme.Builder, declared here so the test data imports no controller-runtime.
// (Its deepcopy functions come from deepcopy-gen, see doc.go, rather than controller-gen.)
// +kubebuilder:object:generate=true
// +groupName=batch.kubebuilder.example.com
package v1

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

var (
	// GroupVersion is group version used to register these objects.
	GroupVersion = schema.GroupVersion{Group: "batch.kubebuilder.example.com", Version: "v1"}

	// SchemeBuilder is used to add go types to the GroupVersionKind scheme.
	SchemeBuilder = &Builder{GroupVersion: GroupVersion}

	// AddToScheme adds the types in this group-version to the given scheme.
	AddToScheme = SchemeBuilder.AddToScheme
)

// Builder has the shape of sigs.k8s.io/controller-runtime/pkg/scheme.Builder.
// +k8s:deepcopy-gen=false
type Builder struct {
	GroupVersion schema.GroupVersion
	runtime.SchemeBuilder
}

// Register adds one or more objects to the SchemeBuilder so they can be added to a Scheme.
func (bld *Builder) Register(object ...runtime.Object) *Builder {
	bld.SchemeBuilder.Register(func(scheme *runtime.Scheme) error {
		scheme.AddKnownTypes(bld.GroupVersion, object...)
		return nil
	})
	return bld
}
