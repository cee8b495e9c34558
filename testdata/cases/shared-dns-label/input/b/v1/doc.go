// Package v1 serves group example.org, whose first DNS label "example" it shares
// with the other input package: both would be ExampleV1() without +groupGoName.
//
// +groupName=example.org
package v1
