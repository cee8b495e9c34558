package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestControllerBuildsWithoutClientGo is the point of the port: the
// controller binary, with its informers, listers, workqueue and event
// recorder, links no package of k8s.io/client-go.
func TestControllerBuildsWithoutClientGo(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"the controller binary imports no client-go package", []string{"list", "-deps", "."}},
		{"the e2e test binary imports no client-go package either", []string{"list", "-deps", "-test", "-tags", "e2e", "."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			deps := goList(t, tt.args...)
			for _, p := range deps {
				if p == "k8s.io/client-go" || strings.HasPrefix(p, "k8s.io/client-go/") {
					t.Errorf("go %s lists %s", strings.Join(tt.args, " "), p)
				}
			}
			// The list is only evidence if it holds what the controller
			// runs on instead of client-go.
			for _, want := range []string{
				"github.com/clientgen/clientgen/runtime/cache",
				"github.com/clientgen/clientgen/runtime/workqueue",
				"github.com/clientgen/clientgen/runtime/rest",
				"github.com/clientgen/clientgen/examples/sample-controller/pkg/kube/informers",
				"github.com/clientgen/clientgen/examples/sample-controller/pkg/generated/informers/externalversions",
			} {
				if !slices.Contains(deps, want) {
					t.Errorf("go %s does not list %s; the test does not look at the controller's real dependencies", strings.Join(tt.args, " "), want)
				}
			}
		})
	}
}

func goList(t testing.TB, args ...string) []string {
	t.Helper()
	cmd := exec.Command("go", args...)
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return strings.Fields(string(out))
}
