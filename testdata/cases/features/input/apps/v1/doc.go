// Package v1 exercises the type-level tags: namespaced and cluster-scoped
// kinds, Status with and without +genclient:noStatus, tags in the comment
// block one blank line above the doc comment, and irregular plurals.
//
// +k8s:deepcopy-gen=package
// +groupName=apps.features.example.com
package v1
