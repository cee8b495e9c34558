package v1

// GroupName is the API group of this package.
const GroupName = "extensions.test.crd.code-generator.k8s.io"
