//go:build e2e

package e2e

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/clientgen/clientgen/internal/testserver"
	"github.com/clientgen/clientgen/runtime/rest"
)

// replaceFile writes data next to path and renames it over path, as
// cert-manager and kubelet replace certificates.
func replaceFile(t testing.TB, path string, data []byte) {
	t.Helper()
	tmp := path + ".new"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// TestARotatedClientCertificateIsUsedWithoutANewClient: the kubeconfig
// names a client certificate and key file (relative to it); they are
// replaced on disk by a certificate for another user, and the same client,
// never rebuilt, is soon authenticated as that user by the real
// kube-apiserver. Every request in between succeeds as one of the two.
func TestARotatedClientCertificateIsUsedWithoutANewClient(t *testing.T) {
	ctx := testContext(t)
	const before, after = "clientgen-e2e-rotation-before", "clientgen-e2e-rotation-after"
	certPEM, keyPEM, err := server.IssueClientCert(before, "rotation-before")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "client.crt"), filepath.Join(dir, "client.key")
	replaceFile(t, certFile, certPEM)
	replaceFile(t, keyFile, keyPEM)
	admin := configFor(t, testserver.CertContext)
	kubeconfig := filepath.Join(dir, "kubeconfig")
	writeFileOrFail(t, kubeconfig, fmt.Sprintf(`apiVersion: v1
kind: Config
current-context: rotating
clusters:
- name: e2e
  cluster:
    server: %q
    certificate-authority-data: %q
users:
- name: rotating
  user:
    client-certificate: client.crt
    client-key: client.key
contexts:
- name: rotating
  context: {cluster: e2e, user: rotating}
`, admin.Host, base64.StdEncoding.EncodeToString(admin.TLSClientConfig.CAData)))
	l, err := rest.LoadConfig(rest.LoadOptions{Kubeconfig: kubeconfig})
	if err != nil {
		t.Fatal(err)
	}
	if l.Config.TLSClientConfig.CertFile != certFile {
		t.Fatalf("CertFile = %q, want %q (resolved against the kubeconfig's directory)", l.Config.TLSClientConfig.CertFile, certFile)
	}
	c := whoAmIClient(t, l.Config)

	who, err := whoAmI(ctx, c)
	if err != nil || who.Username != before || !slices.Contains(who.Groups, "rotation-before") {
		t.Fatalf("before rotation: %+v, %v; want %s in group rotation-before", who, err, before)
	}

	certPEM, keyPEM, err = server.IssueClientCert(after, "rotation-after")
	if err != nil {
		t.Fatal(err)
	}
	replaceFile(t, certFile, certPEM)
	replaceFile(t, keyFile, keyPEM)
	const deadline = 30 * time.Second
	start := time.Now()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for who.Username != after {
		<-tick.C
		if who, err = whoAmI(ctx, c); err != nil {
			t.Fatalf("during rotation: %v, want every request to succeed", err)
		}
		if who.Username != before && who.Username != after {
			t.Fatalf("during rotation the server saw %q", who.Username)
		}
		if time.Since(start) > deadline {
			t.Fatalf("still %s %s after the files were replaced, want %s", who.Username, deadline, after)
		}
	}
	if !slices.Contains(who.Groups, "rotation-after") || slices.Contains(who.Groups, "rotation-before") {
		t.Errorf("after rotation groups = %q, want rotation-after only", who.Groups)
	}
	t.Logf("the new certificate was in use after %s", time.Since(start).Round(time.Millisecond))
}
