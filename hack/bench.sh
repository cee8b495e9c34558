#!/usr/bin/env bash
# bench.sh runs every comparison of clientgen against client-gen and
# client-go and rewrites docs/benchmarks.md (all sections but Discovery):
#   generation   hack/bench-generate.sh (clientgen vs client-gen + applyconfiguration-gen)
#   decode       BenchmarkDecode (replayed List and watch, in memory)
#   throughput   BenchmarkThroughput (real kube-apiserver)
#   footprint    hack/compare/cmd/bench-footprint (stripped binaries, packages, modules)
#   memory       hack/compare/cmd/bench-memory (peak RSS listing 50,000 objects)
#   informer     BenchmarkInformer (real kube-apiserver; hack/compare/cmd/bench-informer, one process per run)
# Raw results go to $BENCH_OUT (default: a new temporary directory, printed).
# Env: BENCH_RUNS (generation warm runs, 5), BENCH_COUNT (decode rounds, 5),
#      BENCH_ROUNDS (throughput rounds, 7), BENCH_MEMORY_RUNS (3), BENCH_CASES,
#      BENCH_INFORMER_ROUNDS (3), BENCH_INFORMER_SIZES (10000,50000).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${BENCH_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/clientgen-bench-XXXXXX")}
mkdir -p "$out"
echo "bench.sh: raw results in $out" >&2
apiserver=$("$root/hack/build-apiserver.sh") || { echo "bench.sh: could not build the kube-apiserver test server (see above; make apiserver)" >&2; exit 1; }
tools=${CLIENTGEN_TOOLS_BIN:-$HOME/.cache/clientgen/bin}
bin="$out/bin"
mkdir -p "$bin"
loadavg() { echo "loadavg: $(cat /proc/loadavg 2>/dev/null || echo unknown)"; }

echo "bench.sh: generation" >&2
"$root/hack/bench-generate.sh" "$out/generate.json"

cd "$root/hack/compare"
export GOWORK=off
echo "bench.sh: decode" >&2
{ loadavg; BENCH_ROUNDS=${BENCH_COUNT:-5} go test -run '^$' -bench '^BenchmarkDecode$' -benchtime 5x .; loadavg; } | tee "$out/decode.txt" >&2

echo "bench.sh: throughput against kube-apiserver" >&2
{ loadavg; BENCH_ROUNDS=${BENCH_ROUNDS:-7} CLIENTGEN_KUBE_APISERVER=$apiserver go test -run '^$' -bench '^BenchmarkThroughput$' -benchtime 2s -timeout 30m .; loadavg; } | tee "$out/throughput.txt" >&2

echo "bench.sh: footprint" >&2
(cd "$root" && go build -o "$bin/clientgen" ./cmd/clientgen)
go build -o "$bin/" ./cmd/bench-footprint ./cmd/bench-memory ./cmd/bench-report ./cmd/lister-clientgen ./cmd/lister-clientgo
"$bin/bench-footprint" -root "$root" -clientgen "$bin/clientgen" -client-gen "$tools/client-gen" -out "$out/footprint.json"

echo "bench.sh: memory" >&2
"$bin/bench-memory" -runs "${BENCH_MEMORY_RUNS:-3}" -out "$out/memory.json" \
	-lister "clientgen=$bin/lister-clientgen" -lister "clientgen-apimachinery=$bin/lister-clientgen,--apimachinery" -lister "client-go=$bin/lister-clientgo"

echo "bench.sh: informers against kube-apiserver" >&2
{ loadavg; BENCH_INFORMER_OUT="$out/informer.json" CLIENTGEN_KUBE_APISERVER=$apiserver go test -run '^$' -bench '^BenchmarkInformer$' -benchtime 1x -timeout 180m .; loadavg; } | tee "$out/informer.txt" >&2

"$bin/bench-report" -in "$out" -doc "$root/docs/benchmarks.md"
