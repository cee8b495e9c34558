// Package v1 has no kubebuilder markers: its CRD is not generated from it.
// +groupName=reports.example.com
package v1
