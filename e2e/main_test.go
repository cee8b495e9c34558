//go:build e2e

// Package e2e drives the generated clientset in testdata/golden/crds against a
// real kube-apiserver with embedded etcd (hack/kube-apiserver), started once
// for the package. It never skips: if the server cannot start, every test
// fails with the reason.
package e2e

import (
	"os"
	"testing"

	"github.com/clientgen/clientgen/internal/testserver"
)

// server is the one apiserver of this test binary; set by TestMain.
var server *testserver.Server

func TestMain(m *testing.M) {
	os.Exit(testserver.RunTests(m, "e2e", func(s *testserver.Server) { server = s }))
}
