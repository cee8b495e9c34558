package testserver

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"sigs.k8s.io/yaml"
)

// clientCA is a certificate authority that the server trusts for client
// certificates besides its own, whose key the tests hold: the server binary
// keeps its CA key in memory, so without this no test could sign a client
// certificate for a user of its choice (a user without RBAC, or a new
// certificate to rotate to).
type clientCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

func newClientCA() (*clientCA, error) {
	return newCA("clientgen-testserver-client-ca")
}

func newCA(commonName string) (*clientCA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	serial, err := randomSerial()
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: commonName},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(7 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &clientCA{cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}, nil
}

func randomSerial() (*big.Int, error) {
	return rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 126))
}

// IssueClientCert returns a PEM client certificate and key, valid for a
// day, that the server authenticates as user (the common name) in groups
// (the organizations) plus system:authenticated. Such a user has only the
// RBAC rights of system:authenticated unless a test grants more. Each call
// makes a new key.
func (s *Server) IssueClientCert(user string, groups ...string) (certPEM, keyPEM []byte, err error) {
	if s.clientCA == nil {
		return nil, nil, errors.New("testserver: IssueClientCert: the server was not started by Start")
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	serial, err := randomSerial()
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: user, Organization: groups},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, s.clientCA.cert, &key.PublicKey, s.clientCA.key)
	if err != nil {
		return nil, nil, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), nil
}

// trustClientCA adds the test client CA to the server's --client-ca-file
// and waits until a certificate it issued authenticates.
//
// The server binary writes its PKI under its own temp dir, which Start
// places inside the Server's dir (TMPDIR), as
// clientgen-kube-apiserver-*/pki/ca.crt. kube-apiserver watches that file
// and reloads it on change (k8s.io/apiserver's DynamicFileCAContent), so
// the bundle of its own CA and ours is in effect without a restart, and the
// certificates the kubeconfig holds keep working throughout.
func (s *Server) trustClientCA(ctx context.Context) error {
	matches, err := filepath.Glob(filepath.Join(s.dir, "clientgen-kube-apiserver-*", "pki", "ca.crt"))
	if err != nil || len(matches) != 1 {
		return fmt.Errorf("testserver: the server's client CA file not found under %s (found %q, %v); has hack/kube-apiserver's temp dir layout changed?", s.dir, matches, err)
	}
	caFile := matches[0]
	own, err := os.ReadFile(caFile)
	if err != nil {
		return fmt.Errorf("testserver: %w", err)
	}
	tmp := caFile + ".clientgen-tmp"
	if err := os.WriteFile(tmp, append(append([]byte(nil), own...), s.clientCA.pem...), 0o600); err != nil {
		return fmt.Errorf("testserver: %w", err)
	}
	// A rename, so the server never reads a half-written bundle.
	if err := os.Rename(tmp, caFile); err != nil {
		return fmt.Errorf("testserver: %w", err)
	}
	return s.waitClientCATrusted(ctx, own)
}

// waitClientCATrusted polls GET /apis (allowed to every authenticated user)
// with a certificate of the test CA until it answers 200. Before the
// server reloads its client CA the certificate does not authenticate and
// the request is 401 (403 for anonymous, if enabled).
func (s *Server) waitClientCATrusted(ctx context.Context, serverCA []byte) error {
	data, err := os.ReadFile(s.Kubeconfig)
	if err != nil {
		return fmt.Errorf("testserver: %w", err)
	}
	var kc struct {
		Clusters []struct {
			Cluster struct {
				Server string `json:"server"`
			} `json:"cluster"`
		} `json:"clusters"`
	}
	if err := yaml.Unmarshal(data, &kc); err != nil || len(kc.Clusters) == 0 {
		return fmt.Errorf("testserver: reading the server URL from %s: %v", s.Kubeconfig, err)
	}
	certPEM, keyPEM, err := s.IssueClientCert("clientgen-testserver-probe")
	if err != nil {
		return err
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(serverCA) {
		return errors.New("testserver: the server's CA file holds no certificate")
	}
	// A new connection per probe: in the TLS handshake the server names the
	// client CAs it accepts, and Go's client sends no certificate at all
	// when its own is not signed by one of them. A connection opened before
	// the reload therefore stays anonymous (403) for as long as it is kept
	// alive, which at one probe per 50 ms is forever; that is how a start
	// on a loaded machine once waited out its whole five minutes.
	transport := &http.Transport{
		TLSClientConfig:   &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		DisableKeepAlives: true,
	}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 5 * time.Second}
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	last := "no answer yet"
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, kc.Clusters[0].Cluster.Server+"/apis", nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err == nil {
			body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			// The body names the user the server saw (system:anonymous
			// while the certificate is not trusted).
			last = resp.Status + ": " + strings.TrimSpace(string(body))
		} else {
			last = err.Error()
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("testserver: the server did not trust the test client CA in time (last answer: %s): %w", last, context.Cause(ctx))
		case <-tick.C:
		}
	}
}
