// Package v1 holds one mistake per type: each is reported with its
// position, type, tag and what is allowed, all in one run, sorted.
//
// +groupName=bad.example.com
// +k8s:client-gen=maybe
package v1
