// Package v1 exercises the fake clients of kinds with fewer verbs than the
// standard set and with extension methods: each fake must satisfy exactly
// the interface its real client has.
//
// +groupName=gizmos.fake.example.com
package v1
