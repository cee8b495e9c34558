package compare

import (
	"path"
	"slices"
	"strings"
	"testing"

	// Keeps gateway-api (its API types and its client-gen clientset) in this
	// module's requirements for TestGatewayAPIClientsetHasUpstreamMethodSets.
	_ "sigs.k8s.io/gateway-api/pkg/client/clientset/versioned"
	_ "sigs.k8s.io/gateway-api/pkg/client/informers/externalversions"
)

// TestGatewayAPIClientsetHasUpstreamMethodSets generates a clientset from a
// real project's API types, gateway-api's, and compares it with the one the
// project generates with client-gen and ships. gateway-api declares its older
// versions' kinds as the v1 structs (`type Gateway v1.Gateway`) and keeps its
// groups under apis/ and apisx/, so this also checks that clientgen reads
// such types and lays the packages out where client-gen does.
func TestGatewayAPIClientsetHasUpstreamMethodSets(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and type-checks gateway-api's clientset; not in -short")
	}
	const gw = "sigs.k8s.io/gateway-api"
	inputs := []string{gw + "/apis/v1", gw + "/apis/v1alpha2", gw + "/apis/v1alpha3", gw + "/apis/v1beta1", gw + "/apisx/v1alpha1"}
	bin := buildClientgen(t)
	out, outPkg := outputDir(t, "parity-gateway-")
	runClientgen(t, bin, out, outPkg, []string{"--clientset-name", "clientset/versioned"}, inputs...)
	vetGenerated(t, out)

	upstream := gw + "/pkg/client/clientset/versioned"
	ours := outPkg + "/clientset/versioned"
	pkgs := loadTypes(t, upstream, ours)
	want := newSide(t, "gateway-api (client-gen)", pkgs[upstream].Types, upstream+"/typed", gw+"/applyconfiguration",
		"k8s.io/client-go/applyconfigurations/meta/v1", "k8s.io/client-go/rest", "k8s.io/client-go/discovery")
	got := newSide(t, "clientgen", pkgs[ours].Types, ours+"/typed", outPkg+"/applyconfiguration",
		"github.com/clientgen/clientgen/runtime/applyconfigurations/meta/v1", "github.com/clientgen/clientgen/runtime/rest", "github.com/clientgen/clientgen/runtime/discovery")
	if len(want.accessor) != len(inputs) || len(got.accessor) != len(inputs) {
		t.Fatalf("group-versions: gateway-api %v, clientgen %v; want %d each", want.accessor, got.accessor, len(inputs))
	}
	// The typed packages sit at the same paths below the clientset.
	rel := func(accessors map[string]string, root string) map[string]string {
		m := map[string]string{}
		for p, acc := range accessors {
			m[acc] = strings.TrimPrefix(p, root+"/")
		}
		return m
	}
	wantDirs, gotDirs := rel(want.accessor, upstream), rel(got.accessor, ours)
	for acc, dir := range wantDirs {
		if gotDirs[acc] != dir {
			t.Errorf("%s: clientgen's typed package is %s, gateway-api's %s", acc, path.Join(ours, gotDirs[acc]), path.Join(upstream, dir))
		}
	}
	compared, diffs := parityReport(t, want, got, pkgs, pkgs)
	if len(diffs) > 0 {
		t.Fatalf("%d of the compared method sets differ from gateway-api's (%d differences):\n%s", compared, len(diffs), strings.Join(diffs, "\n"))
	}
	t.Logf("%d interfaces of %d group-versions match gateway-api's client-gen clientset", compared, len(inputs))

	// The listers and informers: gateway-api ships informer-gen's and
	// lister-gen's of an older code-generator than v0.37.2 (v1.6.3 builds
	// with client-go v0.36.1), whose API lacks parts of v0.37.2's (the
	// version interfaces return <Kind>Informer, not Typed<Kind>Informer). So clientgen's must equal what
	// lister-gen and informer-gen v0.37.2 write for gateway-api's API types
	// over its clientset, at 100%; and where they differ from what
	// gateway-api ships, they differ exactly as v0.37.2's own output does.
	tools := installCodeGenerator(t)
	refDir, refPkg := outputDir(t, "parity-gateway-ref-")
	runListerInformerGen(t, tools, refDir, refPkg, upstream, inputs...)
	ipkgs := loadTypes(t, gw+"/pkg/client/listers/...", gw+"/pkg/client/informers/...", refPkg+"/listers/...", refPkg+"/informers/...",
		outPkg+"/listers/...", outPkg+"/informers/...")
	const cg = "k8s.io/client-go"
	ref := &informerTree{name: "lister-gen and informer-gen v0.37.2", listers: refPkg + "/listers", informers: refPkg + "/informers/externalversions",
		clientset: upstream, cache: cg + "/tools/cache", listersRT: cg + "/listers"}
	ourTree := &informerTree{name: "clientgen", listers: outPkg + "/listers", informers: outPkg + "/informers/externalversions", clientset: ours, cache: clientgenCache, listersRT: clientgenListers}
	checkInformerParity(t, ref, ourTree, ipkgs)

	shipped := &informerTree{name: "gateway-api's shipped (an older code-generator's)", listers: gw + "/pkg/client/listers", informers: gw + "/pkg/client/informers/externalversions",
		clientset: upstream, cache: cg + "/tools/cache", listersRT: cg + "/listers"}
	_, fromRef := informerParityReport(shipped, ref, ipkgs)
	compared, fromOurs := informerParityReport(shipped, ourTree, ipkgs)
	strip := func(diffs []string, name string) []string {
		out := make([]string, len(diffs))
		for i, d := range diffs {
			out[i] = strings.ReplaceAll(d, name, "X")
		}
		return out
	}
	if a, b := strip(fromRef, ref.name), strip(fromOurs, ourTree.name); !slices.Equal(a, b) {
		t.Fatalf("clientgen's listers and informers differ from gateway-api's shipped ones other than v0.37.2's do:\nv0.37.2:\n%s\nclientgen:\n%s", strings.Join(a, "\n"), strings.Join(b, "\n"))
	}
	t.Logf("%d exported names of gateway-api's shipped listers and informers compared: %d differences, all of them informer-gen v0.37.2's own", compared, len(fromOurs))
}
