// Package v2beta3 exercises names: English plurals, +resourceName, the
// --plural-exceptions flag, acronym and MixedCase kinds, and a v2beta3
// version.
//
// +k8s:deepcopy-gen=package
// +groupName=names.tags.example.com
package v2beta3
