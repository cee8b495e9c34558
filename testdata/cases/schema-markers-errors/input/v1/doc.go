// Package v1 has every marker that contradicts its field.
//
// +groupName=errors.example.com
// +kubebuilder:object:generate=true
package v1
