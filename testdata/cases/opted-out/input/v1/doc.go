// Package v1 opts out of client generation and is the only input.
//
// +k8s:client-gen=false
// +groupName=optout.example.com
package v1
