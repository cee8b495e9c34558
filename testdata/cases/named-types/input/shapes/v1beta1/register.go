package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// SchemeGroupVersion is the group-version of this package.
var SchemeGroupVersion = schema.GroupVersion{Group: "shapes.named.example.com", Version: "v1beta1"}

var (
	// SchemeBuilder registers the package's types.
	SchemeBuilder = runtime.NewSchemeBuilder(addKnownTypes)
	// AddToScheme adds the package's types to a scheme.
	AddToScheme = SchemeBuilder.AddToScheme
)

func addKnownTypes(scheme *runtime.Scheme) error {
	scheme.AddKnownTypes(SchemeGroupVersion, &Shape{}, &ShapeList{}, &Stencil{}, &StencilList{})
	metav1.AddToGroupVersion(scheme, SchemeGroupVersion)
	return nil
}
