// Package v1 exercises the verb tags, extension methods of every verb (with
// and without a subresource, with input and result types of this and of
// another package), and the field types apply configurations are built for.
//
// +k8s:deepcopy-gen=package
// +groupName=apps.tags.example.com
package v1
