// Package v1 serves group example.com, whose first DNS label "example" it shares
// with the other input package: both would be ExampleV1() without +groupGoName.
//
// +groupName=example.com
package v1
