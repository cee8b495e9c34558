package compare

// Loopback servers shared by the runtime/rest differential tests
// (restdiff_*_test.go): a generated CA with server and client certificates,
// a TLS server (HTTP/2 and HTTP/1.1) and a plain HTTP server that record
// what reached them, a CONNECT proxy, and an exec credential plugin that
// echoes its arguments and environment into the token it returns.

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// rdPKI is one CA with a server certificate for 127.0.0.1, localhost and
// kubernetes.example, and client certificates for alice and bob.
type rdPKI struct {
	caPEM      []byte
	caPool     *x509.CertPool
	serverCert tls.Certificate
	// client certificate and key PEM by common name.
	clientCert, clientKey map[string][]byte
}

func rdNewPKI(t testing.TB) *rdPKI {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "restdiff-ca"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	p := &rdPKI{
		caPEM:      pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		caPool:     x509.NewCertPool(),
		clientCert: map[string][]byte{},
		clientKey:  map[string][]byte{},
	}
	p.caPool.AddCert(caCert)
	issue := func(serial int64, tmpl *x509.Certificate) ([]byte, []byte) {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		tmpl.SerialNumber = big.NewInt(serial)
		tmpl.NotBefore, tmpl.NotAfter = now.Add(-time.Hour), now.Add(24*time.Hour)
		tmpl.KeyUsage = x509.KeyUsageDigitalSignature
		der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, &key.PublicKey, caKey)
		if err != nil {
			t.Fatal(err)
		}
		keyDER, err := x509.MarshalECPrivateKey(key)
		if err != nil {
			t.Fatal(err)
		}
		return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
			pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
	}
	certPEM, keyPEM := issue(2, &x509.Certificate{
		Subject:     pkix.Name{CommonName: "restdiff-server"},
		DNSNames:    []string{"localhost", "kubernetes.example"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	})
	if p.serverCert, err = tls.X509KeyPair(certPEM, keyPEM); err != nil {
		t.Fatal(err)
	}
	for i, cn := range []string{"alice", "bob"} {
		p.clientCert[cn], p.clientKey[cn] = issue(int64(3+i), &x509.Certificate{
			Subject:     pkix.Name{CommonName: cn},
			ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
		})
	}
	return p
}

// rdHit is what one request showed the server.
type rdHit struct {
	Scheme   string // "https" or "http"
	SNI      string
	ClientCN string
	Auth     string // decoded Authorization: "Bearer <t>", "Basic <user>:<pass>" or ""
	// Impersonate is every Impersonate-* header as "Name: value" lines,
	// sorted, with the header names as the server received them
	// (percent-encoded extra keys stay encoded, so their escaping is
	// compared too).
	Impersonate string
	Path        string
	Proto       string
}

// rdRecorder keeps the hits of one server, keyed by the last path segment
// (each differential request asks for a unique object name).
type rdRecorder struct {
	mu   sync.Mutex
	hits map[string][]rdHit
}

func (r *rdRecorder) record(name string, h rdHit) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.hits == nil {
		r.hits = map[string][]rdHit{}
	}
	r.hits[name] = append(r.hits[name], h)
}

func (r *rdRecorder) take(name string) []rdHit {
	r.mu.Lock()
	defer r.mu.Unlock()
	h := r.hits[name]
	delete(r.hits, name)
	return h
}

func rdDecodeAuth(v string) string {
	if rest, ok := strings.CutPrefix(v, "Basic "); ok {
		raw, err := base64.StdEncoding.DecodeString(rest)
		if err != nil {
			return "Basic <undecodable>"
		}
		return "Basic " + string(raw)
	}
	return v
}

// rdImpersonation renders the Impersonate-* headers of a request (the
// user, uid, one line per group in the order sent, one line per extra
// value), sorted by header name; "" when there are none.
func rdImpersonation(h http.Header) string {
	var names []string
	for name := range h {
		if strings.HasPrefix(name, "Impersonate-") {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	var lines []string
	for _, name := range names {
		for _, v := range h[name] {
			lines = append(lines, name+": "+v)
		}
	}
	return strings.Join(lines, "\n")
}

// rdWidgetHandler answers every GET with a Widget named after the last
// path segment, in the namespace of the path, and records the request.
func rdWidgetHandler(rec *rdRecorder) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		ns := ""
		if _, after, ok := strings.Cut(r.URL.Path, "/namespaces/"); ok {
			ns, _, _ = strings.Cut(after, "/")
		}
		h := rdHit{Scheme: "http", Auth: rdDecodeAuth(r.Header.Get("Authorization")), Impersonate: rdImpersonation(r.Header), Path: r.URL.Path, Proto: r.Proto}
		if r.TLS != nil {
			h.Scheme = "https"
			h.SNI = r.TLS.ServerName
			if len(r.TLS.PeerCertificates) > 0 {
				h.ClientCN = r.TLS.PeerCertificates[0].Subject.CommonName
			}
		}
		rec.record(name, h)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":%q,"namespace":%q}}`, name, ns)
	})
}

// rdStartTLS starts an HTTPS server with the PKI's server certificate that
// asks for (and, when given, verifies) a client certificate.
func rdStartTLS(t testing.TB, pki *rdPKI, h http.Handler, http2 bool) *httptest.Server {
	t.Helper()
	s := httptest.NewUnstartedServer(h)
	s.EnableHTTP2 = http2
	s.TLS = &tls.Config{
		Certificates: []tls.Certificate{pki.serverCert},
		ClientAuth:   tls.VerifyClientCertIfGiven,
		ClientCAs:    pki.caPool,
	}
	if !http2 {
		s.TLS.NextProtos = []string{"http/1.1"}
	}
	// httptest logs handshake failures, which the differential provokes on
	// purpose (wrong CA, wrong server name).
	s.Config.ErrorLog = rdDiscardLogger()
	s.StartTLS()
	t.Cleanup(s.Close)
	return s
}

// rdProxy is a forward proxy: CONNECT tunnels for https targets and
// absolute-URI forwarding for http ones. It counts what it carried.
type rdProxy struct {
	mu      sync.Mutex
	tunnels int
	forward int
	srv     *httptest.Server
	plain   *http.Transport
}

func rdStartProxy(t testing.TB) *rdProxy {
	t.Helper()
	p := &rdProxy{plain: &http.Transport{Proxy: nil}}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	p.srv.Config.ErrorLog = rdDiscardLogger()
	t.Cleanup(func() {
		p.srv.Close()
		p.plain.CloseIdleConnections()
	})
	return p
}

// count returns how many requests the proxy has carried so far.
func (p *rdProxy) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.tunnels + p.forward
}

func (p *rdProxy) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodConnect {
		p.mu.Lock()
		p.forward++
		p.mu.Unlock()
		out, err := http.NewRequestWithContext(r.Context(), r.Method, r.URL.String(), r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		out.Header = r.Header.Clone()
		out.Header.Del("Proxy-Authorization")
		resp, err := p.plain.RoundTrip(out)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		_, _ = io.Copy(w, resp.Body)
		return
	}
	p.mu.Lock()
	p.tunnels++
	p.mu.Unlock()
	target, err := (&net.Dialer{Timeout: 5 * time.Second}).DialContext(r.Context(), "tcp", r.Host)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		target.Close()
		http.Error(w, "no hijack", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
	conn, buf, err := hj.Hijack()
	if err != nil {
		target.Close()
		return
	}
	go func() {
		// Bytes the client sent after the CONNECT request, if any.
		if n := buf.Reader.Buffered(); n > 0 {
			b, _ := buf.Reader.Peek(n)
			_, _ = target.Write(b)
		}
		_, _ = io.Copy(target, conn)
		target.Close()
	}()
	go func() {
		_, _ = io.Copy(conn, target)
		conn.Close()
	}()
}

// rdExecPlugin writes a credential plugin that returns a token made of its
// arguments, the XT_A and XT_B environment variables and whether
// KUBERNETES_EXEC_INFO carried the cluster (provideClusterInfo), answering
// in the apiVersion it was called with.
func rdExecPlugin(t testing.TB, dir string) string {
	t.Helper()
	script := `#!/bin/sh
tok=exec
for a in "$@"; do tok="$tok.$a"; done
tok="$tok.a=$XT_A.b=$XT_B"
api=client.authentication.k8s.io/v1beta1
case "$KUBERNETES_EXEC_INFO" in
*'"apiVersion":"client.authentication.k8s.io/v1"'*) api=client.authentication.k8s.io/v1 ;;
esac
case "$KUBERNETES_EXEC_INFO" in
*'"cluster"'*'"server"'*) tok="$tok.cluster" ;;
esac
printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"%s"}}\n' "$api" "$tok"
`
	path := filepath.Join(dir, "plugin.sh")
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func rdDiscardLogger() *log.Logger { return log.New(io.Discard, "", 0) }

// rdStartPlain starts a plain HTTP/1.1 server.
func rdStartPlain(t testing.TB, h http.Handler) *httptest.Server {
	t.Helper()
	s := httptest.NewUnstartedServer(h)
	s.Config.ErrorLog = rdDiscardLogger()
	s.Config.SetKeepAlivesEnabled(false)
	s.Start()
	t.Cleanup(s.Close)
	return s
}
