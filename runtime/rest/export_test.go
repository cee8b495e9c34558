package rest

// BuildConfigFromFlagsWithInCluster is BuildConfigFromFlags with the
// in-cluster files of opts, so tests can pretend to run in a pod.
var BuildConfigFromFlagsWithInCluster = buildConfigFromFlags
