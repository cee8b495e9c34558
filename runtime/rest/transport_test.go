package rest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/clientgen/clientgen/runtime/rest"
)

// authEcho answers with the Authorization header it received, so tests can
// see exactly what went over the wire.
func authEcho() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"kind":"Widget","apiVersion":"example.com/v1","spec":"` + r.Header.Get("Authorization") + `"}`))
	})
}

func TestAuthenticationIsSentOverTLS(t *testing.T) {
	srv := newTLSServer(t, authEcho())
	ca := serverCAPEM(t, srv)
	dir := t.TempDir()
	tokenFile := writeFile(t, dir, "token", []byte("file-token\n"))
	caFile := writeFile(t, dir, "ca.crt", ca)

	tests := []struct {
		name   string
		mutate func(*rest.Config)
		want   string
	}{
		{"a bearer token is sent as a Bearer authorization", func(c *rest.Config) {
			c.TLSClientConfig.CAData = ca
			c.BearerToken = "tok-123"
		}, "Bearer tok-123"},
		{"a bearer token file is read and trimmed", func(c *rest.Config) {
			c.TLSClientConfig.CAFile = caFile
			c.BearerTokenFile = tokenFile
		}, "Bearer file-token"},
		{"the token file wins over an explicit token, as in client-go", func(c *rest.Config) {
			c.TLSClientConfig.CAData = ca
			c.BearerToken = "explicit"
			c.BearerTokenFile = tokenFile
		}, "Bearer file-token"},
		{"username and password are sent as basic auth", func(c *rest.Config) {
			c.TLSClientConfig.CAData = ca
			c.Username, c.Password = "admin", "pw"
		}, "Basic YWRtaW46cHc="},
		{"no credentials send no authorization", func(c *rest.Config) {
			c.TLSClientConfig.CAData = ca
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestClient(t, srv.URL, widgetGV, tt.mutate)
			got := &Widget{}
			if err := c.Get().Resource("widgets").Name("w").Do(t.Context()).Into(got); err != nil {
				t.Fatal(err)
			}
			if got.Spec != tt.want {
				t.Errorf("server saw Authorization %q, want %q", got.Spec, tt.want)
			}
		})
	}
}

func TestACallerSetAuthorizationHeaderIsNotOverwritten(t *testing.T) {
	srv := newTLSServer(t, authEcho())
	c := newTestClient(t, srv.URL, widgetGV, func(c *rest.Config) {
		c.TLSClientConfig.CAData = serverCAPEM(t, srv)
		c.BearerToken = "config-token"
	})
	got := &Widget{}
	if err := c.Get().Resource("widgets").SetHeader("Authorization", "Bearer impersonated").Do(t.Context()).Into(got); err != nil {
		t.Fatal(err)
	}
	if got.Spec != "Bearer impersonated" {
		t.Errorf("Authorization = %q", got.Spec)
	}
}

func TestClientCertificateIsPresentedAndVerified(t *testing.T) {
	ca := newTestCA(t)
	srv := newMTLSServer(t, ca)
	certPEM, keyPEM := ca.issueClientCert(t, "alice")
	dir := t.TempDir()
	certFile := writeFile(t, dir, "client.crt", certPEM)
	keyFile := writeFile(t, dir, "client.key", keyPEM)
	serverCA := serverCAPEM(t, srv)

	tests := []struct {
		name   string
		tls    rest.TLSClientConfig
		wantCN string
	}{
		{"inline certificate and key data", rest.TLSClientConfig{CAData: serverCA, CertData: certPEM, KeyData: keyPEM}, "alice"},
		{"certificate and key files", rest.TLSClientConfig{CAData: serverCA, CertFile: certFile, KeyFile: keyFile}, "alice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestClient(t, srv.URL, widgetGV, func(c *rest.Config) { c.TLSClientConfig = tt.tls })
			got := &Widget{}
			if err := c.Get().Resource("widgets").Do(t.Context()).Into(got); err != nil {
				t.Fatal(err)
			}
			if got.Spec != tt.wantCN {
				t.Errorf("server saw client CN %q, want %q", got.Spec, tt.wantCN)
			}
		})
	}
	t.Run("without a client certificate the handshake fails", func(t *testing.T) {
		c := newTestClient(t, srv.URL, widgetGV, func(c *rest.Config) { c.TLSClientConfig = rest.TLSClientConfig{CAData: serverCA} })
		if err := c.Get().Resource("widgets").Do(t.Context()).Error(); err == nil {
			t.Error("request without client certificate succeeded")
		}
	})
}

func TestServerCertificateVerification(t *testing.T) {
	srv := newTLSServer(t, authEcho())
	ca := serverCAPEM(t, srv)
	// httptest's certificate is valid for 127.0.0.1 and example.com.
	tests := []struct {
		name    string
		tls     rest.TLSClientConfig
		wantErr string
	}{
		{"the server's CA verifies it", rest.TLSClientConfig{CAData: ca}, ""},
		{"the system roots do not know the test CA", rest.TLSClientConfig{}, "certificate"},
		{"Insecure skips verification", rest.TLSClientConfig{Insecure: true}, ""},
		{"ServerName matching a certificate name verifies", rest.TLSClientConfig{CAData: ca, ServerName: "example.com"}, ""},
		{"ServerName not in the certificate fails", rest.TLSClientConfig{CAData: ca, ServerName: "wrong.example"}, "wrong.example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestClient(t, srv.URL, widgetGV, func(c *rest.Config) { c.TLSClientConfig = tt.tls })
			err := c.Get().Resource("widgets").Do(t.Context()).Error()
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("error = %v, want it to mention %q", err, tt.wantErr)
			}
		})
	}
}

func TestHTTPClientForRejectsInconsistentConfigs(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		cfg     rest.Config
		wantErr string
	}{
		{"Insecure with a CA", rest.Config{TLSClientConfig: rest.TLSClientConfig{Insecure: true, CAData: []byte("x")}}, "Insecure cannot be combined with a CA"},
		{"a certificate without a key", rest.Config{TLSClientConfig: rest.TLSClientConfig{CertData: []byte("x")}}, "certificate and key must be given together"},
		{"a CA file that does not exist", rest.Config{TLSClientConfig: rest.TLSClientConfig{CAFile: dir + "/missing.crt"}}, "TLSClientConfig.CAFile: open " + dir + "/missing.crt"},
		{"CA data that is not PEM", rest.Config{TLSClientConfig: rest.TLSClientConfig{CAData: []byte("not pem")}}, "no PEM certificates found in CA (inline data)"},
		{"a key that does not match the certificate format", rest.Config{TLSClientConfig: rest.TLSClientConfig{CertData: []byte("junk"), KeyData: []byte("PRIVATE-KEY-MATERIAL")}}, "loading client certificate (inline data) and key (inline data)"},
		{"a token together with basic auth", rest.Config{BearerToken: "t", Username: "u", Password: "p"}, "mutually exclusive"},
		{"a missing token file", rest.Config{BearerTokenFile: dir + "/nope"}, "reading BearerTokenFile"},
		{"an empty token file", rest.Config{BearerTokenFile: writeFile(t, dir, "empty", []byte(" \n"))}, "is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rest.HTTPClientFor(&tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
			}
			for _, secret := range []string{"PRIVATE-KEY-MATERIAL", tt.cfg.Password} {
				if secret != "" && strings.Contains(err.Error(), secret) {
					t.Errorf("error %q leaks a secret", err)
				}
			}
		})
	}
}
