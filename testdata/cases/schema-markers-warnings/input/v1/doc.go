// Package v1 is a client-gen-style package (no kubebuilder markers) with
// the marker mistakes k8s.io/api itself makes: they are warnings here.
//
// +groupName=warnings.example.com
package v1
