// Package v1 exercises apply configurations of types in packages that are
// not inputs: fields of thirdparty/core/v1's types take their nested apply
// configurations, generated in the same tree, and the apply method ApplyScale
// takes thirdparty/autoscaling/v1's Scale; the case also names the apply
// configuration directory (applyconfigurations, kube_codegen.sh's).
//
// +groupName=batch.example.com
package v1
