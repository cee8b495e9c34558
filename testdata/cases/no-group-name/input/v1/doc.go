// Package v1 forgot its +groupName tag.
package v1
