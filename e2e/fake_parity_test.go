//go:build e2e

package e2e

import (
	"testing"

	"github.com/clientgen/clientgen/internal/scenario"
	"github.com/clientgen/clientgen/internal/testserver"
	"github.com/clientgen/clientgen/runtime/dynamic"
)

// TestScenariosOnTheRealServer runs the scenarios that
// internal/scenario's unit test runs on the generated fake clientset, here
// on the real kube-apiserver: the fake passes only what the server does.
func TestScenariosOnTheRealServer(t *testing.T) {
	setup(t)
	dyn, err := dynamic.NewForConfig(configFor(t, testserver.CertContext))
	if err != nil {
		t.Fatal(err)
	}
	scenario.Run(t, scenario.Env{
		Clientset: clientsetFor(t, testserver.CertContext),
		Namespace: func(t testing.TB) string { return freshNamespace(t, dyn) },
	})
}
