package crdcheck_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/clientgen/clientgen/generator"
)

// gatewayAPI is the module whose Go types are checked against its own CRD
// manifests, as generator/crd/realcrds reads its manifests.
const gatewayAPI = "sigs.k8s.io/gateway-api@v1.6.3"

// moduleCopy returns a writable copy of the module's go.mod, go.sum and the
// given directories: the go command resolves the API packages from there,
// outside this module (gateway-api is not in its graph) and outside the
// read-only module cache, whose go.work names directories the zip lacks.
// go mod download finds the module in the module cache when it is there.
func moduleCopy(t testing.TB, module string, dirs ...string) (copyDir, moduleDir string) {
	t.Helper()
	cmd := exec.Command("go", "mod", "download", "-json", module)
	cmd.Dir = os.TempDir()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go mod download %s: %v\n%s", module, err, out)
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil || info.Dir == "" {
		t.Fatalf("go mod download %s: %v %s", module, err, info.Error)
	}
	copyDir = t.TempDir()
	for _, name := range append([]string{"go.mod", "go.sum"}, dirs...) {
		err := filepath.WalkDir(filepath.Join(info.Dir, name), func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(info.Dir, p)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(copyDir, rel), 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(copyDir, rel), data, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return copyDir, info.Dir
}

func TestGatewayAPIsGoTypesAgreeWithItsStandardChannelManifests(t *testing.T) {
	if testing.Short() {
		t.Skip("reads and generates gateway-api's clientset; not in -short")
	}
	t.Setenv("GOWORK", "off")
	dir, mod := moduleCopy(t, gatewayAPI, "apis")
	standard := filepath.Join(mod, "config", "crd", "standard")

	// The standard channel serves v1 and v1beta1 of gateway.networking.k8s.io:
	// their Go types must agree with it in every kind, plural, scope and
	// status subresource, and cover every served version.
	res, err := generator.Generate(context.Background(), generator.Options{
		Dir:       dir,
		Inputs:    []string{"./apis/v1", "./apis/v1beta1"},
		CRDs:      []string{standard},
		Output:    filepath.Join(dir, "client"),
		OutputPkg: "example.com/gatewayclient",
	})
	if err != nil {
		t.Fatalf("gateway-api's v1 and v1beta1 Go types disagree with its standard channel:\n%v", err)
	}
	// 10 CRDs (the safe-upgrades ValidatingAdmissionPolicy file holds none):
	// BackendTLSPolicy, GatewayClass, Gateway, GRPCRoute, HTTPRoute,
	// ListenerSet, ReferenceGrant, TCPRoute, TLSRoute, UDPRoute; v1 has them
	// all, v1beta1 GatewayClass, Gateway, HTTPRoute and ReferenceGrant.
	if res.CRDsChecked != 10 || res.KindsChecked != 14 {
		t.Errorf("checked %d kinds against %d CRDs; want 14 against 10", res.KindsChecked, res.CRDsChecked)
	}

	// Its alpha packages hold versions the standard channel does not serve:
	// each is one version error, and nothing else disagrees.
	_, err = generator.Generate(context.Background(), generator.Options{
		Dir:       dir,
		Inputs:    []string{"./apis/..."},
		CRDs:      []string{standard},
		Output:    filepath.Join(dir, "client-all"),
		OutputPkg: "example.com/gatewayclient",
	})
	if err == nil {
		t.Fatal("gateway-api's alpha Go types pass against the standard channel, which does not serve them")
	}
	var got []string
	for _, line := range strings.Split(err.Error(), "\n") {
		pos, msg, _ := strings.Cut(line, ": ")
		kind, rest, _ := strings.Cut(msg, ": ")
		if !strings.HasPrefix(rest, "version: ") {
			t.Errorf("not a version disagreement: %s", line)
		}
		got = append(got, filepath.Dir(pos)+" "+kind)
	}
	want := []string{
		"apis/v1alpha2 GRPCRoute", "apis/v1alpha2 ReferenceGrant", "apis/v1alpha2 TCPRoute", "apis/v1alpha2 TLSRoute",
		"apis/v1alpha2 UDPRoute", "apis/v1alpha3 BackendTLSPolicy", "apis/v1alpha3 TLSRoute",
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("disagreements of ./apis/... with the standard channel:\n%s\nwant one version error for each of %q", err, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "client-all")); err == nil {
		t.Error("a check run with disagreements wrote its output")
	}
}
