// Package v2beta1 is a second version of the same group.
//
// +k8s:deepcopy-gen=package
// +groupName=apps.features.example.com
package v2beta1
