package main

// The code under pkg/generated, pkg/kube and the deepcopy functions of
// pkg/apis are generated and committed. Regenerate them from this directory
// with `go generate .`; `go tool clientgen` runs the clientgen of this
// repository (go.mod's tool directive and its replace of
// github.com/clientgen/clientgen).
//
// The k8s.io/api run takes autoscaling/v1 besides apps/v1 and core/v1
// because Deployment, ReplicaSet and StatefulSet have an ApplyScale method
// whose input is autoscaling/v1's Scale, and clientgen writes apply
// configurations only for the group-versions it generates.

//go:generate go run sigs.k8s.io/controller-tools/cmd/controller-gen@v0.23.0 object paths=./pkg/apis/...
//go:generate go tool clientgen --input ./pkg/apis/samplecontroller/v1alpha1 --output ./pkg/generated --clientset-name clientset/versioned
//go:generate go tool clientgen --input k8s.io/api/apps/v1,k8s.io/api/autoscaling/v1,k8s.io/api/core/v1 --output ./pkg/kube --clientset-name kubernetes
