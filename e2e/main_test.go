//go:build e2e

// Package e2e drives the generated clientset in testdata/golden/crds against a
// real kube-apiserver with embedded etcd (hack/kube-apiserver), started once
// for the package. It never skips: if the server cannot start, every test
// fails with the reason.
package e2e

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/clientgen/clientgen/internal/testserver"
)

// server is the one apiserver of this test binary; set by TestMain.
var server *testserver.Server

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	start := time.Now()
	s, err := testserver.Start(ctx)
	if err != nil {
		fmt.Fprintf(os.Stderr, "e2e: the real kube-apiserver did not start, so no end-to-end test can run: %v\n", err)
		return 1
	}
	fmt.Fprintf(os.Stderr, "e2e: kube-apiserver ready in %s\n", time.Since(start).Round(time.Millisecond))
	server = s
	code := m.Run()
	if err := s.Stop(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: stopping kube-apiserver: %v\n", err)
		if code == 0 {
			code = 1
		}
	}
	return code
}
