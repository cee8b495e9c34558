package v1

// GroupName is the API group of this package.
const GroupName = "example.dots.apiserver.code-generator.k8s.io"
