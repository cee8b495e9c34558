// +groupName=private.example.com
package v1
