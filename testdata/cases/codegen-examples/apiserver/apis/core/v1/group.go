package v1

// GroupName is the API group of this package.
const GroupName = "core.apiserver.code-generator.k8s.io"
