// Package v1alpha1 contains the v1alpha1 API of the ops.example.com group: a
// cluster-scoped ClusterPolicy without a status.
//
// +k8s:deepcopy-gen=package
// +groupName=ops.example.com
// +groupGoName=Ops
package v1alpha1
