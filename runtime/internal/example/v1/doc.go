// Package v1 contains the v1 API of the example.com group: a namespaced
// Widget with spec and status, used by clientgen's golden and end-to-end tests.
//
// +k8s:deepcopy-gen=package
// +groupName=example.com
package v1
