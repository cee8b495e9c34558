// Package compare holds the tests and benchmarks that measure clientgen against
// client-gen and client-go. It is a nested module so that the main module's
// dependency graph never includes k8s.io/client-go: only this module may
// import client-go, client-gen and k8s.io/api for comparisons.
package compare
