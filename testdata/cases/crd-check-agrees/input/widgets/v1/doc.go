// Package v1 has Go types that agree with the CRD manifests in ../../crd:
// plural, scope, served versions and status subresource.
// +groupName=widgets.example.com
// +kubebuilder:object:generate=true
package v1
