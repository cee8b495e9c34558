// Package v1alpha1 has a hyphenated group and no +groupGoName: the Go name
// becomes HyphenTags. Its kind Func lowers to a Go keyword.
//
// +k8s:deepcopy-gen=package
// +groupName=hyphen-tags.features.example.com
package v1alpha1
