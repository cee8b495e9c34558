// Written for clientgen's tests in the shape of the k8s.io/code-generator
// example of the same path: same types, fields and tags.

// +k8s:deepcopy-gen=package
// +groupName=example.crd.code-generator.k8s.io

// Package v1 is an API version of the example.
package v1
