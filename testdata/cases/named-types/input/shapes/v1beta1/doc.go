// Package v1beta1 declares its kind as the v1 struct and its spec as an
// alias of v1's, the way gateway-api declares its older versions: clientgen
// reads the v1 struct's fields for the client's status verbs and the apply
// configurations, and uses v1's apply configuration for the alias.
//
// +k8s:deepcopy-gen=package
// +groupName=shapes.named.example.com
package v1beta1
