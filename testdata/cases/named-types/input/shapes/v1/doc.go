// Package v1 is the storage version of the shapes group: plain structs.
//
// +k8s:deepcopy-gen=package
// +groupName=shapes.named.example.com
package v1
