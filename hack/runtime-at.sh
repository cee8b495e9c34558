#!/usr/bin/env bash
# Runs the runtime module's tests against another k8s.io/apimachinery than the
# oldest one runtime/go.mod requires (the CI matrix's other row; make unit runs
# it with the newest release). The go.mod it tests with is derived from
# runtime/go.mod on each run, so it cannot drift from it:
#   hack/runtime-at.sh v0.37.2 [go test flags...]
set -euo pipefail
version=${1:?usage: hack/runtime-at.sh APIMACHINERY_VERSION [go test flags]}
shift
cd "$(dirname "${BASH_SOURCE[0]}")/../runtime"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp go.mod "$tmp/runtime.mod"
cp go.sum "$tmp/runtime.sum"
export GOWORK=off
# -modfile keeps runtime/go.mod untouched; the module root stays runtime/.
go get -modfile="$tmp/runtime.mod" "k8s.io/apimachinery@$version" >/dev/null
go mod tidy -modfile="$tmp/runtime.mod"
got=$(go list -modfile="$tmp/runtime.mod" -m -f '{{.Version}}' k8s.io/apimachinery)
if [ "$got" != "$version" ]; then
	echo "runtime-at: asked for k8s.io/apimachinery $version, the module graph has $got" >&2
	exit 1
fi
echo "runtime-at: testing the runtime module with k8s.io/apimachinery $got"
go vet -modfile="$tmp/runtime.mod" ./...
go test -modfile="$tmp/runtime.mod" "$@" ./...
