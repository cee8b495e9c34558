#!/usr/bin/env bash
# Builds the kube-apiserver test server (hack/kube-apiserver, a nested Go module
# linking k8s.io/kubernetes v1.37.2 and an embedded etcd) into a cache outside
# the repository, so it survives clean clones on this machine:
#
#   ${CLIENTGEN_CACHE_DIR:-$HOME/.cache/clientgen}/bin/kube-apiserver-v1.37.2
#
# Progress goes to stderr; the binary's absolute path is the only stdout line.
# A cold build takes about 9 minutes and needs about 3 GB of RAM for the link;
# an unchanged rebuild takes about a second.
set -euo pipefail

KUBE_VERSION=v1.37.2

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src_dir="${repo_root}/hack/kube-apiserver"
cache_dir="${CLIENTGEN_CACHE_DIR:-${HOME}/.cache/clientgen}"
bin_dir="${cache_dir}/bin"
out="${bin_dir}/kube-apiserver-${KUBE_VERSION}"

log() { echo "build-apiserver: $*" >&2; }

if ! command -v go >/dev/null 2>&1; then
	log "error: the go command is not on PATH; install Go 1.26 or add it to PATH"
	exit 1
fi

mkdir -p "${bin_dir}"
# Make the output path absolute even if CLIENTGEN_CACHE_DIR is relative.
out="$(cd "${bin_dir}" && pwd)/kube-apiserver-${KUBE_VERSION}"

ldflags="-s -w"
ldflags+=" -X k8s.io/component-base/version.gitVersion=${KUBE_VERSION}"
ldflags+=" -X k8s.io/component-base/version.gitMajor=1"
ldflags+=" -X k8s.io/component-base/version.gitMinor=37"
ldflags+=" -X k8s.io/component-base/version.gitTreeState=clean"

log "building ${src_dir} -> ${out}"
log "(a cold build takes about 9 minutes and about 3 GB of RAM; unchanged rebuilds are quick)"
start=${SECONDS}
# GOWORK=off: the nested module must build on its own, whatever go.work says.
# -buildvcs=false: VCS stamping would change with every commit of the outer repo
# and force a relink.
if ! (cd "${src_dir}" && GOWORK=off GOFLAGS=-buildvcs=false go build -ldflags "${ldflags}" -o "${out}" .); then
	log "error: building the kube-apiserver test server failed (see the go errors above)."
	log "fix: make sure the Go module proxy is reachable (GOPROXY=$(go env GOPROXY)), that at"
	log "     least 3 GB of memory are free for the link, and that hack/kube-apiserver/go.mod and"
	log "     go.sum are intact (cd hack/kube-apiserver && go mod download); then re-run"
	log "     hack/build-apiserver.sh"
	exit 1
fi
log "done in $((SECONDS - start))s"
echo "${out}"
