# The documented entry points. Scripts behind them live in hack/.
GO      ?= go
# The e2e suite runs the generated clientset against a real kube-apiserver;
# hack/build-apiserver.sh builds it once into ~/.cache/clientgen (cached).
E2E_FLAGS ?= -count=1 -timeout 20m

.PHONY: all generate test unit e2e compare apiserver verify bench bench-discovery bench-micro fuzz example clean

all: verify test

## generate: regenerate every golden tree and error golden from testdata
generate:
	$(GO) test ./generator/ -run 'TestGenerateMatchesGolden|TestGenerateRejectsBadInput' -update

## example: the README's first command: generate from testdata/crds into ./out/client
example:
	$(GO) run ./cmd/clientgen --input ./testdata/crds/... --output ./out/client

## test: unit tests, golden tests, then the end-to-end suite on a real kube-apiserver
test: unit e2e compare

# examples/sample-controller is a nested module (a controller with no client-go in its build).
SAMPLE := examples/sample-controller
# examples/observability is a nested module too (Prometheus and OpenTelemetry wired in user code).
OBSERVABILITY := examples/observability
# interop/clientgo is a nested module (client-go and controller-runtime configs -> clientgen's).
INTEROP := interop/clientgo

# runtime/ is a module of its own (github.com/clientgen/clientgen/runtime). Its go.mod and the
# generator module's require the oldest k8s.io/apimachinery the runtime supports (v0.34.0), so those
# suites test the floor; hack/runtime-at.sh tests the runtime with the newest release, and the
# sample controller and hack/compare build generated clientsets with it (the CI matrix).
RUNTIME := runtime
NEWEST_APIMACHINERY ?= v0.37.2

unit:
	$(GO) test -race ./...
	cd $(RUNTIME) && $(GO) test -race ./...
	hack/runtime-at.sh $(NEWEST_APIMACHINERY) -count=1
	cd $(SAMPLE) && GOWORK=off $(GO) test -race ./...
	cd $(OBSERVABILITY) && GOWORK=off $(GO) test -race ./...
	cd $(INTEROP) && GOWORK=off $(GO) test -race ./...

## apiserver: build the real kube-apiserver test server (cold ~9 min, then cached)
apiserver:
	@hack/build-apiserver.sh >/dev/null

e2e:
	@bin=$$(hack/build-apiserver.sh) || { echo "make e2e: could not build the kube-apiserver test server (see above)"; exit 1; }; \
	CLIENTGEN_KUBE_APISERVER=$$bin $(GO) test -tags e2e $(E2E_FLAGS) ./e2e/... ./internal/testserver/... && \
	(cd $(SAMPLE) && CLIENTGEN_KUBE_APISERVER=$$bin GOWORK=off $(GO) test -tags e2e $(E2E_FLAGS) .) && \
	(cd $(INTEROP) && CLIENTGEN_KUBE_APISERVER=$$bin GOWORK=off $(GO) test -tags e2e $(E2E_FLAGS) .)

## verify: formatting, vet (e2e files included) and generated code up to date
verify:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed (run gofmt -w):"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	cd $(RUNTIME) && $(GO) vet ./...
	$(GO) vet -tags e2e ./e2e/... ./internal/testserver/...
	$(GO) run ./cmd/clientgen --input ./testdata/crds/... --output ./testdata/golden/crds --verify
	$(GO) test ./generator/ -run 'TestGenerateMatchesGolden|TestGenerateRejectsBadInput'
	cd $(SAMPLE) && GOWORK=off $(GO) vet ./... && GOWORK=off $(GO) vet -tags e2e . && GOWORK=off ./hack/verify-codegen.sh
	cd $(OBSERVABILITY) && GOWORK=off $(GO) vet ./...
	cd $(INTEROP) && GOWORK=off $(GO) vet ./... && GOWORK=off $(GO) vet -tags e2e .

## fuzz: bounded fuzz runs of the parsers of user input (kubeconfig loader, tag parser), and a longer
##       kubeconfig differential run against client-go
FUZZTIME ?= 20s
# Minimizing a new input runs the target up to a minute by default; FuzzLoadConfig writes a file per run,
# so a short fuzz run spent nearly all of its time minimizing (5,099 runs in 15 s with 2 s, 21 without).
# RESTDIFF_CASES: random kubeconfigs loaded by both clientgen and client-go (CI's make test runs 300)
RESTDIFF_CASES ?= 5000
fuzz:
	cd $(RUNTIME) && $(GO) test ./rest -run '^$$' -fuzz '^FuzzLoadConfig$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 2s
	$(GO) test ./generator/tags -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	cd $(RUNTIME) && $(GO) test ./discovery -run '^$$' -fuzz '^FuzzDecodeAggregatedProtobuf$$' -fuzztime $(FUZZTIME)
	cd $(RUNTIME) && $(GO) test ./discovery -run '^$$' -fuzz '^FuzzDecodeCacheFile$$' -fuzztime $(FUZZTIME)
	cd $(RUNTIME) && $(GO) test ./codec -run '^$$' -fuzz '^FuzzUnmarshal$$' -fuzztime $(FUZZTIME)
	cd hack/compare && CLIENTGEN_RESTDIFF_CASES=$(RESTDIFF_CASES) GOWORK=off $(GO) test -count=1 -run '^TestRESTDiffKubeconfigLoadingMatchesClientGo$$' .

## compare: method-set parity with client-gen/client-go (k8s.io/api, code-generator examples, gateway-api), replacing
##          code-generator's output in place, codec parity, runtime/rest differential tests against client-go, and
##          generator/crd's types from gateway-api/cert-manager/kueue manifests covering their published Go types
##          (and generated, built, vetted and round-tripped from those manifests: generator/crd/realcrds)
compare:
	$(GO) test -tags realcrds -count=1 -timeout 20m ./generator/crd/realcrds
	cd hack/compare && GOWORK=off $(GO) test -count=1 -timeout 40m -run 'TestK8sAPIClientsetHasClientGosMethodSets|TestK8sAPIFakeClientsetHasClientGosMethodSets|TestDiscoveryHasClientGosMethodSets|TestCodeGeneratorExamplesMatchClientGen|TestClientgenReplacesCodeGeneratorOutputInPlace|TestGatewayAPIClientsetHasUpstreamMethodSets|TestCodecDecodesEveryK8sAPITypeAsApimachinery|TestDecodeClientsAgree|TestCodecDecodesRealServerResponsesAsApimachinery|TestRESTDiff|TestCRDTypesCoverPublishedGoTypes|TestCRDCoverageFindsMissingAndIncompatiblePaths|TestK8sAPIApplyConfigurationsMatchClientGo|TestKueueApplyConfigurationsMatchApplyconfigurationGen|TestCertManagerApplyConfigurationsMatchApplyconfigurationGen|TestControllerRuntimeAppliesGeneratedApplyConfigurations|TestK8sAPIApplySchemaEqualsClientGos' .

## bench: clientgen vs client-gen/client-go: generation, decode, throughput (real apiserver), footprint,
##        memory; rewrites docs/benchmarks.md except its Discovery section (~20 min; raw results in $BENCH_OUT)
bench:
	@hack/bench.sh

## bench-discovery: discovery with 200 CRDs vs client-go (real apiserver); figures in docs/benchmarks.md
bench-discovery:
	cd hack/compare && GOWORK=off $(GO) test -run '^$$' -bench BenchmarkDiscovery -benchmem -benchtime 100x -count 5 .

## bench-micro: the Go micro-benchmarks of the main module
bench-micro:
	$(GO) test -run '^$$' -bench . -benchmem ./...
	cd $(RUNTIME) && $(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf ./out
