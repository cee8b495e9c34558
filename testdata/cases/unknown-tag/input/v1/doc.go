// +groupName=broken.example.com
package v1
