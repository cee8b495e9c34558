package v1

// GroupName is the API group of this package.
const GroupName = "example-group.hyphens.code-generator.k8s.io"
