package v1

// GroupName is the API group of this package.
const GroupName = "example.crd.code-generator.k8s.io"
