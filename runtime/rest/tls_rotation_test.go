package rest_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/clientgen/clientgen/runtime/rest"
)

// rotationDeadline bounds the wait for a rotation to be picked up; the
// files are looked at about once a second.
const rotationDeadline = 10 * time.Second

// issueServerCert returns a serving certificate for 127.0.0.1 signed by ca.
func (ca *testCA) issueServerCert(tb testing.TB) tls.Certificate {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(3),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		tb.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// writeAtomically replaces path the way cert-manager and kubelet do: a new
// file renamed over the old one.
func writeAtomically(tb testing.TB, path string, data []byte) {
	tb.Helper()
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		tb.Fatal(err)
	}
}

// identityServer is an HTTP/2 TLS server that requires a client
// certificate from ca and answers with the certificate's common name: a GET
// as the Widget's spec, a watch as the names of its events. A watch sends
// one event when it starts and one more each time next is signalled.
type identityServer struct {
	srv   *httptest.Server
	conns atomic.Int32
	next  chan struct{}
}

func newIdentityServer(tb testing.TB, ca *testCA) *identityServer {
	tb.Helper()
	s := &identityServer{next: make(chan struct{})}
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cn := r.TLS.PeerCertificates[0].Subject.CommonName
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("watch") != "true" {
			fmt.Fprintf(w, `{"kind":"Widget","apiVersion":"example.com/v1","spec":%q}`, cn)
			return
		}
		event := func() {
			fmt.Fprintf(w, `{"type":"ADDED","object":{"kind":"Widget","apiVersion":"example.com/v1","metadata":{"name":%q}}}`+"\n", cn)
			w.(http.Flusher).Flush()
		}
		event()
		for {
			select {
			case <-s.next:
				event()
			case <-r.Context().Done():
				return
			}
		}
	}))
	pool := x509.NewCertPool()
	pool.AddCert(ca.cert)
	s.srv.EnableHTTP2 = true
	s.srv.Config.ErrorLog = quietStdLogger
	s.srv.TLS = &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool, MinVersion: tls.VersionTLS12}
	s.srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.srv.StartTLS()
	tb.Cleanup(s.srv.Close)
	return s
}

// whoAmI sends a GET and returns the common name the server saw.
func whoAmI(ctx context.Context, c *rest.RESTClient) (string, error) {
	w := &Widget{}
	err := c.Get().Resource("widgets").Name("me").Do(ctx).Into(w)
	return w.Spec, err
}

func restClientFor(tb testing.TB, cfg *rest.Config) *rest.RESTClient {
	tb.Helper()
	cfg = rest.ForGroupVersion(cfg, widgetGV, testCodecs(tb))
	cfg.QPS, cfg.Logger, cfg.RetryPolicy = -1, quietLogger, &rest.RetryPolicy{}
	c, err := rest.RESTClientFor(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(c.HTTPClient().CloseIdleConnections)
	return c
}

func TestARotatedClientCertificateIsUsedByNewRequestsWhileOldWatchesGoOn(t *testing.T) {
	leakOpts := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, leakOpts) })

	ca := newTestCA(t)
	s := newIdentityServer(t, ca)
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "client.crt"), filepath.Join(dir, "client.key")
	aliceCert, aliceKey := ca.issueClientCert(t, "alice")
	writeAtomically(t, certFile, aliceCert)
	writeAtomically(t, keyFile, aliceKey)
	c := restClientFor(t, &rest.Config{Host: s.srv.URL, TLSClientConfig: rest.TLSClientConfig{
		CAData: serverCAPEM(t, s.srv), CertFile: certFile, KeyFile: keyFile,
	}})
	ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
	defer cancel()

	if who, err := whoAmI(ctx, c); err != nil || who != "alice" {
		t.Fatalf("before rotation: %q, %v; want alice", who, err)
	}
	w, err := c.Get().Resource("widgets").Param("watch", "true").Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	if ev := <-w.ResultChan(); ev.Type != watch.Added || ev.Object.(*Widget).Name != "alice" {
		t.Fatalf("first watch event %v, want ADDED alice", ev)
	}

	// Half a rotation: bob's certificate beside alice's key does not load.
	// Requests go on as alice (and never fail) for several checks.
	bobCert, bobKey := ca.issueClientCert(t, "bob")
	writeAtomically(t, certFile, bobCert)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for start := time.Now(); time.Since(start) < 2500*time.Millisecond; <-tick.C {
		if who, err := whoAmI(ctx, c); err != nil || who != "alice" {
			t.Fatalf("with a new certificate and the old key: %q, %v; want alice, the last pair that loads", who, err)
		}
	}

	// The key arrives: new requests are bob's, with no new client.
	writeAtomically(t, keyFile, bobKey)
	var who string
	for deadline := time.Now().Add(rotationDeadline); who != "bob"; <-tick.C {
		if who, err = whoAmI(ctx, c); err != nil {
			t.Fatalf("during rotation: %v", err)
		}
		if time.Now().After(deadline) {
			t.Fatalf("still %q %s after the key file was replaced, want bob", who, rotationDeadline)
		}
	}
	if n := s.conns.Load(); n < 2 {
		t.Errorf("server saw %d connections, want a new one for the new certificate", n)
	}

	// The watch opened as alice was not cut: it still delivers.
	s.next <- struct{}{}
	if ev, ok := <-w.ResultChan(); !ok || ev.Type != watch.Added || ev.Object.(*Widget).Name != "alice" {
		t.Errorf("watch after rotation: %v (open %t), want another ADDED alice on the old connection", ev, ok)
	}
}

func TestARotatedCAFileIsUsedToVerifyNewConnections(t *testing.T) {
	leakOpts := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, leakOpts) })

	oldCA, newCA := newTestCA(t), newTestCA(t)
	var serving atomic.Pointer[tls.Certificate]
	oldServing, newServing := oldCA.issueServerCert(t), newCA.issueServerCert(t)
	serving.Store(&oldServing)
	rec := &headerRecorder{}
	srv := httptest.NewUnstartedServer(rec)
	srv.EnableHTTP2 = true
	srv.Config.ErrorLog = quietStdLogger
	// GetCertificate would not be asked without SNI (a client dialling an
	// IP sends none) once httptest fills in Certificates.
	srv.TLS = &tls.Config{MinVersion: tls.VersionTLS12, GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
		return &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{*serving.Load()}, NextProtos: []string{"h2", "http/1.1"}}, nil
	}}
	srv.StartTLS()
	t.Cleanup(srv.Close)

	caFile := filepath.Join(t.TempDir(), "ca.crt")
	writeAtomically(t, caFile, oldCA.pem)
	c := restClientFor(t, &rest.Config{Host: srv.URL, TLSClientConfig: rest.TLSClientConfig{CAFile: caFile}})
	ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
	defer cancel()
	get := func() error { return c.Get().Resource("widgets").Name("w1").Do(ctx).Into(&Widget{}) }

	if err := get(); err != nil {
		t.Fatalf("before rotation: %v", err)
	}
	// The server moves to a certificate of the new CA and drops its
	// connections; the client still trusts only the old CA.
	serving.Store(&newServing)
	srv.CloseClientConnections()
	c.HTTPClient().CloseIdleConnections() // no request may race onto a closing one
	var cve *tls.CertificateVerificationError
	if err := get(); !errors.As(err, &cve) {
		t.Fatalf("new CA on the server, old CA file: error = %v, want a certificate verification error", err)
	}
	// The CA file is rotated: new connections verify against it.
	writeAtomically(t, caFile, newCA.pem)
	deadline := time.Now().Add(rotationDeadline)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for err := get(); err != nil; err = get() {
		<-tick.C
		if !errors.As(err, &cve) {
			t.Fatalf("during rotation: %v, want success or the old verification error", err)
		}
		if time.Now().After(deadline) {
			t.Fatalf("still %v %s after the CA file was replaced", err, rotationDeadline)
		}
	}
}

func TestACAFileReplacedByGarbageKeepsThePreviousCA(t *testing.T) {
	ca := newTestCA(t)
	serving := ca.issueServerCert(t)
	srv := httptest.NewUnstartedServer(&headerRecorder{})
	srv.Config.ErrorLog = quietStdLogger
	srv.TLS = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{serving}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	caFile := filepath.Join(t.TempDir(), "ca.crt")
	writeAtomically(t, caFile, ca.pem)
	c := restClientFor(t, &rest.Config{Host: srv.URL, TLSClientConfig: rest.TLSClientConfig{CAFile: caFile}})
	ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
	defer cancel()

	writeAtomically(t, caFile, []byte("not a certificate"))
	// Over several checks and new connections, the CA that loaded last is
	// still the one in use.
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for start := time.Now(); time.Since(start) < 2500*time.Millisecond; <-tick.C {
		srv.CloseClientConnections()
		c.HTTPClient().CloseIdleConnections()
		if err := c.Get().Resource("widgets").Name("w1").Do(ctx).Into(&Widget{}); err != nil {
			t.Fatalf("with an unreadable CA file: %v, want the previous CA still used", err)
		}
	}
}
