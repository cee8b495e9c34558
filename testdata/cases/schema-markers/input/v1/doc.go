// Package v1 exercises every structure marker the apply configurations'
// schema is built from.
//
// +groupName=markers.example.com
package v1
