// Package v1 has Go types that disagree with the CRD manifests in ../../crd
// in every way clientgen's check mode compares.
// +groupName=widgets.example.com
// +kubebuilder:object:generate=true
package v1
