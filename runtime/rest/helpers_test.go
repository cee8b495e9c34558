package rest_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"

	"github.com/clientgen/clientgen/runtime/rest"
)

// testTimeout bounds every wait in these tests; it is a deadline, not a
// sleep, so passing tests finish as fast as the code allows.
const testTimeout = 10 * time.Second

var widgetGV = schema.GroupVersion{Group: "example.com", Version: "v1"}

// Widget is a minimal typed API object standing in for generated types.
type Widget struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              string `json:"spec,omitempty"`
}

func (w *Widget) DeepCopyObject() runtime.Object {
	out := *w
	w.ObjectMeta.DeepCopyInto(&out.ObjectMeta)
	return &out
}

type WidgetList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []Widget `json:"items"`
}

func (l *WidgetList) DeepCopyObject() runtime.Object {
	out := *l
	out.Items = nil
	for i := range l.Items {
		out.Items = append(out.Items, *l.Items[i].DeepCopyObject().(*Widget))
	}
	return &out
}

// testScheme registers Widget and the metav1 types the way generated
// clientsets do.
func testScheme(tb testing.TB) *runtime.Scheme {
	tb.Helper()
	scheme := runtime.NewScheme()
	scheme.AddKnownTypes(widgetGV, &Widget{}, &WidgetList{})
	metav1.AddToGroupVersion(scheme, widgetGV)
	metav1.AddToGroupVersion(scheme, schema.GroupVersion{Version: "v1"})
	return scheme
}

func testCodecs(tb testing.TB) serializer.CodecFactory {
	tb.Helper()
	return serializer.NewCodecFactory(testScheme(tb))
}

// v1ParameterCodec is the minimal parameter codec for the core group.
func v1ParameterCodec(tb testing.TB) runtime.ParameterCodec {
	tb.Helper()
	scheme := runtime.NewScheme()
	metav1.AddToGroupVersion(scheme, schema.GroupVersion{Version: "v1"})
	return runtime.NewParameterCodec(scheme)
}

// newGroupParams is a parameter codec for widgetGV clients, registered the
// way generated clientsets register metav1 options in their groups.
func newGroupParams(tb testing.TB) runtime.ParameterCodec {
	tb.Helper()
	return runtime.NewParameterCodec(testScheme(tb))
}

// fastRetries keeps the default policy's rules with millisecond backoffs so
// tests that exercise retries stay fast.
func fastRetries() *rest.RetryPolicy {
	return &rest.RetryPolicy{MaxRetries: 3, InitialBackoff: time.Millisecond, MaxBackoff: 4 * time.Millisecond}
}

// quietLogger discards log output; tests that check logging use logTo.
var quietLogger = slog.New(slog.DiscardHandler)

// newTestClient builds a typed client for gv against host with rate limiting
// disabled, fast retries and no log output; mutate adjusts the Config first.
func newTestClient(tb testing.TB, host string, gv schema.GroupVersion, mutate ...func(*rest.Config)) *rest.RESTClient {
	tb.Helper()
	cfg := rest.ForGroupVersion(&rest.Config{Host: host, QPS: -1, RetryPolicy: fastRetries(), Logger: quietLogger}, gv, testCodecs(tb))
	for _, m := range mutate {
		m(cfg)
	}
	c, err := rest.RESTClientFor(cfg)
	if err != nil {
		tb.Fatalf("RESTClientFor: %v", err)
	}
	return c
}

// newServer starts an httptest server. Request contexts derive from a
// context cancelled before the server closes, so handlers that wait on
// r.Context() never make Close hang.
func newServer(tb testing.TB, h http.Handler) *httptest.Server {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	srv := httptest.NewUnstartedServer(h)
	srv.Config.BaseContext = func(net.Listener) context.Context { return ctx }
	srv.Start()
	tb.Cleanup(srv.Close)
	tb.Cleanup(cancel)
	return srv
}

// newTLSServer starts an httptest TLS server. Handshake failures are
// expected in some tests, so the server's error log is discarded.
func newTLSServer(tb testing.TB, h http.Handler) *httptest.Server {
	tb.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	tb.Cleanup(srv.Close)
	return srv
}

func serverCAPEM(tb testing.TB, srv *httptest.Server) []byte {
	tb.Helper()
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
}

// testCA is a throwaway certificate authority for client certificates.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

func newTestCA(tb testing.TB) *testCA {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "test-ca"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	return &testCA{cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// issueClientCert returns PEM certificate and key for a client named cn.
func (ca *testCA) issueClientCert(tb testing.TB, cn string) (certPEM, keyPEM []byte) {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: cn},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		tb.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		tb.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
}

// newMTLSServer starts a TLS server that requires client certificates
// issued by ca and echoes the client's common name.
func newMTLSServer(tb testing.TB, ca *testCA) *httptest.Server {
	tb.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"kind":"Widget","apiVersion":"example.com/v1","spec":"` + r.TLS.PeerCertificates[0].Subject.CommonName + `"}`))
	}))
	pool := x509.NewCertPool()
	pool.AddCert(ca.cert)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.TLS = &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool, MinVersion: tls.VersionTLS12}
	srv.StartTLS()
	tb.Cleanup(srv.Close)
	return srv
}

func writeFile(tb testing.TB, dir, name string, data []byte) string {
	tb.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o600); err != nil {
		tb.Fatal(err)
	}
	return p
}
