// Package v1 has no +groupName: like k8s.io/api/apps/v1, its group comes from
// the GroupName constant its SchemeGroupVersion is built from.
//
// +k8s:deepcopy-gen=package
package v1
