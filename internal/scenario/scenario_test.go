package scenario_test

import (
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/clientgen/clientgen/internal/scenario"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset/fake"
)

// TestScenariosOnTheFakeClientset runs the shared scenarios on the generated
// fake clientset; e2e/fake_parity_test.go runs the same ones on a real
// kube-apiserver.
func TestScenariosOnTheFakeClientset(t *testing.T) {
	var n atomic.Int64
	scenario.Run(t, scenario.Env{
		Clientset: fake.NewSimpleClientset(),
		// The fake needs no Namespace objects: any name is a namespace.
		Namespace: func(testing.TB) string { return fmt.Sprintf("ns-%d", n.Add(1)) },
	})
}
