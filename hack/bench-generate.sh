#!/usr/bin/env bash
# bench-generate.sh times clientgen against k8s.io/code-generator v0.37.2
# (client-gen, applyconfiguration-gen, lister-gen, informer-gen) on the same three inputs in one run
# and writes the results as JSON (see hack/compare/cmd/bench-generate).
#
# Usage: hack/bench-generate.sh [results.json]   (default: $BENCH_OUT/generate.json, or a new temporary directory)
# Env:   BENCH_RUNS (warm runs, default 5), BENCH_CASES (default small,synth,k8sapi)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-${BENCH_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/clientgen-bench-XXXXXX")}/generate.json}
mkdir -p "$(dirname "$out")"
version=v0.37.2
bin=${CLIENTGEN_TOOLS_BIN:-$HOME/.cache/clientgen/bin}
mkdir -p "$bin"
for tool in client-gen applyconfiguration-gen lister-gen informer-gen; do
	if [ ! -x "$bin/$tool" ]; then
		echo "bench-generate.sh: installing $tool $version into $bin" >&2
		GOBIN=$bin GOWORK=off go install "k8s.io/code-generator/cmd/$tool@$version"
	fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && go build -o "$tmp/clientgen" ./cmd/clientgen)
cd "$root/hack/compare"
GOWORK=off go build -o "$tmp/bench-generate" ./cmd/bench-generate
"$tmp/bench-generate" -out "$out" -runs "${BENCH_RUNS:-5}" -cases "${BENCH_CASES:-small,synth,k8sapi}" \
	-clientgen "$tmp/clientgen" -client-gen "$bin/client-gen" -applyconfiguration-gen "$bin/applyconfiguration-gen" \
	-lister-gen "$bin/lister-gen" -informer-gen "$bin/informer-gen" \
	-go-sum "$root/hack/compare/go.sum"
echo "bench-generate.sh: wrote $out" >&2
