#!/usr/bin/env bash
# Fails with a diff when the generated clientsets, listers and informers under
# pkg/ are not what generate.go's clientgen commands write (the same commands
# with --verify). Fix: run `go generate .` in examples/sample-controller.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
go tool clientgen --verify --quiet --input ./pkg/apis/samplecontroller/v1alpha1 --output ./pkg/generated --clientset-name clientset/versioned
go tool clientgen --verify --quiet --input k8s.io/api/apps/v1,k8s.io/api/autoscaling/v1,k8s.io/api/core/v1 --output ./pkg/kube --clientset-name kubernetes
