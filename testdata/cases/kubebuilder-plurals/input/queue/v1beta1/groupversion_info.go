// Package v1beta1 has kubebuilder markers: resource paths that declare
// plurals the English rule gets wrong, and a kind whose status subresource
// the markers leave out.
// +kubebuilder:object:generate=true
// +groupName=queue.example.com
package v1beta1

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

var (
	// GroupVersion is group version used to register these objects.
	GroupVersion = schema.GroupVersion{Group: "queue.example.com", Version: "v1beta1"}

	// SchemeBuilder registers the kinds.
	SchemeBuilder = runtime.NewSchemeBuilder(func(s *runtime.Scheme) error {
		s.AddKnownTypes(GroupVersion, &Person{}, &PersonList{}, &Medium{}, &MediumList{}, &BackupRepo{}, &BackupRepoList{}, &Workload{}, &WorkloadList{})
		return nil
	})

	// AddToScheme adds the types in this group-version to the given scheme.
	AddToScheme = SchemeBuilder.AddToScheme
)
