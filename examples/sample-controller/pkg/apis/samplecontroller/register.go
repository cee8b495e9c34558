// Package samplecontroller holds the API group name of the sample controller's
// types, shared by every version of the group.
package samplecontroller

// GroupName is the group name used in this package
const (
	GroupName = "samplecontroller.k8s.io"
)
