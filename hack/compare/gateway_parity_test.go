package compare

import (
	"path"
	"strings"
	"testing"

	// Keeps gateway-api (its API types and its client-gen clientset) in this
	// module's requirements for TestGatewayAPIClientsetHasUpstreamMethodSets.
	_ "sigs.k8s.io/gateway-api/pkg/client/clientset/versioned"
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
}
