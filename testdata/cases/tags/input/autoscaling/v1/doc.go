// Package v1 declares Scale, the input and result type of other packages'
// extension methods (as k8s.io/api/autoscaling/v1 does for apps).
//
// +k8s:deepcopy-gen=package
// +groupName=autoscaling.tags.example.com
package v1
