// Package v1alpha1 is laid out as kueue's apis/kueue/v1alpha1: a kubebuilder
// group-version whose kinds moved on, with a +genclient on no type (types.go)
// so that kube_codegen.sh passes it to client-gen, which writes its group
// client with no kinds. clientgen must write that client too.
// +kubebuilder:object:generate=true
// +groupName=queue.example.com
package v1alpha1

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

var (
	// GroupVersion is group version used to register these objects.
	GroupVersion = schema.GroupVersion{Group: "queue.example.com", Version: "v1alpha1"}

	// SchemeBuilder registers no types here.
	SchemeBuilder = runtime.NewSchemeBuilder()

	// AddToScheme adds the types in this group-version to the given scheme.
	AddToScheme = SchemeBuilder.AddToScheme
)
