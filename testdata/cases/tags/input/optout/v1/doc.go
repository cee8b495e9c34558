// Package v1 opts out of client generation: it is matched by the input
// pattern, has a +genclient type, and gets no client.
//
// +k8s:deepcopy-gen=package
// +k8s:client-gen=false
// +groupName=optout.tags.example.com
package v1
