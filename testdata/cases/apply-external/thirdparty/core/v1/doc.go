// Package v1 stands for k8s.io/api/core/v1 in a project that uses it: not
// an input, so it gets apply configurations and no client.
//
// +groupName=
package v1
