package testserver

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// TestTrustProbeSeesAClientCAReloadedAfterItsFirstRequest stands in for
// kube-apiserver reloading --client-ca-file: a TLS server that names only
// its own CA in the handshake until "reload", then names the test client
// CA too, and authenticates a request only when a certificate of an
// accepted CA came with it. Go's client sends no certificate on a
// connection opened before the reload, so a probe that kept its
// connection alive never saw the reload (a CBOR server start in CI waited
// out five minutes that way).
func TestTrustProbeSeesAClientCAReloadedAfterItsFirstRequest(t *testing.T) {
	ca, err := newClientCA()
	if err != nil {
		t.Fatal(err)
	}
	// The server's own CA, with a subject of its own: the client matches
	// its certificate's issuer against the subjects the server names.
	otherCA, err := newCA("clientgen-e2e-ca")
	if err != nil {
		t.Fatal(err)
	}
	other := otherCA.cert
	before := x509.NewCertPool()
	before.AddCert(other)
	after := x509.NewCertPool()
	after.AddCert(other)
	after.AddCert(ca.cert)
	var reloaded atomic.Bool
	var requests atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := requests.Add(1)
		if n == 3 {
			reloaded.Store(true)
		}
		if r.TLS == nil || len(r.TLS.PeerCertificates) == 0 {
			http.Error(w, `User "system:anonymous" cannot get path "/apis"`, http.StatusForbidden)
			return
		}
		pool := before
		if reloaded.Load() {
			pool = after
		}
		if _, err := r.TLS.PeerCertificates[0].Verify(x509.VerifyOptions{Roots: pool, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err != nil {
			http.Error(w, "unauthorized: "+err.Error(), http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	srv.TLS = &tls.Config{
		ClientAuth: tls.RequestClientCert,
		GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
			pool := before
			if reloaded.Load() {
				pool = after
			}
			return &tls.Config{ClientAuth: tls.RequestClientCert, ClientCAs: pool, Certificates: srv.TLS.Certificates}, nil
		},
	}
	srv.StartTLS()
	defer srv.Close()

	dir := t.TempDir()
	kubeconfig := filepath.Join(dir, "kubeconfig")
	if err := os.WriteFile(kubeconfig, []byte("clusters:\n- cluster:\n    server: "+srv.URL+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	serverCA := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	s := &Server{Kubeconfig: kubeconfig, dir: dir, clientCA: ca}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.waitClientCATrusted(ctx, serverCA); err != nil {
		t.Fatalf("the probe did not see the reloaded client CA after %d requests: %v", requests.Load(), err)
	}
	if n := requests.Load(); n < 3 {
		t.Errorf("the probe succeeded after %d requests, before the reload at the third", n)
	}
}
