#!/usr/bin/env bash
# gen-clientgo.sh regenerates hack/compare/clientgo: the client-gen v0.37.2 +
# client-go clientset for testdata/crds (example.com/v1, ops.example.com/v1alpha1),
# the baseline that the decode, throughput, memory and footprint benchmarks run
# our generated clientset (testdata/golden/crds/clientset) against.
# It is checked in so that benchmarks do not depend on client-gen being installed.
#
# Usage: hack/compare/gen-clientgo.sh   (from anywhere)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version=v0.37.2
bin=${CLIENTGEN_TOOLS_BIN:-$HOME/.cache/clientgen/bin}
clientgen_bin=$bin/client-gen
if [ ! -x "$clientgen_bin" ] || ! "$clientgen_bin" --help 2>&1 | grep -q -- --output-pkg; then
	echo "gen-clientgo.sh: installing client-gen $version into $bin" >&2
	mkdir -p "$bin"
	GOBIN=$bin GOWORK=off GOFLAGS=-mod=mod go install "k8s.io/code-generator/cmd/client-gen@$version"
fi
cd "$here"
rm -rf ./clientgo
GOWORK=off "$clientgen_bin" \
	--clientset-name versioned \
	--input-base github.com/clientgen/clientgen/testdata/crds \
	--input example/v1,ops/v1alpha1 \
	--output-dir ./clientgo \
	--output-pkg github.com/clientgen/clientgen/hack/compare/clientgo \
	--fake-clientset=false \
	--go-header-file /dev/null
gofmt -l ./clientgo | { ! grep .; } || { echo "gen-clientgo.sh: client-gen wrote unformatted files (above)" >&2; exit 1; }
echo "gen-clientgo.sh: wrote $(find ./clientgo -name '*.go' | wc -l) files under hack/compare/clientgo" >&2
