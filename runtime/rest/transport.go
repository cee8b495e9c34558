package rest

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"time"
)

// HTTPClientFor returns an http.Client configured from c: TLS (CA, client
// certificate, server name, insecure), authentication (bearer token or basic)
// and the user agent. The client has no Timeout on purpose: Config.Timeout
// is applied per request so that watches are not cut off.
func HTTPClientFor(c *Config) (*http.Client, error) {
	if c == nil {
		return nil, errors.New("rest: HTTPClientFor: nil Config")
	}
	tlsConfig, err := tlsConfigFor(c.TLSClientConfig)
	if err != nil {
		return nil, err
	}
	var rt http.RoundTripper = newTransport(tlsConfig)
	rt, err = wrapAuth(c, rt)
	if err != nil {
		return nil, err
	}
	ua := c.UserAgent
	if ua == "" {
		ua = DefaultUserAgent()
	}
	rt = &userAgentRoundTripper{userAgent: ua, next: rt}
	return &http.Client{Transport: rt}, nil
}

// newTransport mirrors http.DefaultTransport's settings but never shares its
// connection pool, so one client's TLS identity cannot leak to another.
func newTransport(tlsConfig *tls.Config) *http.Transport {
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   25,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: 1 * time.Second,
		TLSClientConfig:       tlsConfig,
	}
}

// tlsConfigFor returns nil when nothing TLS-specific is configured, leaving
// Go's defaults (system roots) in place.
func tlsConfigFor(t TLSClientConfig) (*tls.Config, error) {
	if !t.hasCA() && !t.hasCert() && !t.hasKey() && !t.Insecure && t.ServerName == "" {
		return nil, nil
	}
	if t.Insecure && t.hasCA() {
		return nil, errors.New("rest: TLSClientConfig: Insecure cannot be combined with a CA (CAFile/CAData)")
	}
	if t.hasCert() != t.hasKey() {
		return nil, errors.New("rest: TLSClientConfig: a client certificate and key must be given together")
	}
	cfg := &tls.Config{
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: t.Insecure, // explicitly requested; validated above not to coexist with a CA
		ServerName:         t.ServerName,
	}
	if t.hasCA() {
		caPEM, err := dataOrFile(t.CAData, t.CAFile, "CAFile")
		if err != nil {
			return nil, err
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(caPEM) {
			return nil, fmt.Errorf("rest: TLSClientConfig: no PEM certificates found in CA %s", describeSource(t.CAData, t.CAFile))
		}
		cfg.RootCAs = pool
	}
	if t.hasCert() {
		certPEM, err := dataOrFile(t.CertData, t.CertFile, "CertFile")
		if err != nil {
			return nil, err
		}
		keyPEM, err := dataOrFile(t.KeyData, t.KeyFile, "KeyFile")
		if err != nil {
			return nil, err
		}
		// crypto/tls errors describe the problem, never the key bytes.
		cert, err := tls.X509KeyPair(certPEM, keyPEM)
		if err != nil {
			return nil, fmt.Errorf("rest: TLSClientConfig: loading client certificate %s and key %s: %w",
				describeSource(t.CertData, t.CertFile), describeSource(t.KeyData, t.KeyFile), err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	return cfg, nil
}

func dataOrFile(data []byte, file, field string) ([]byte, error) {
	if len(data) > 0 {
		return data, nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("rest: TLSClientConfig.%s: %w", field, err)
	}
	return b, nil
}

func describeSource(data []byte, file string) string {
	if len(data) > 0 {
		return "(inline data)"
	}
	return fmt.Sprintf("%q", file)
}

// wrapAuth adds the configured authentication. Token and basic auth are
// mutually exclusive because the server would only honour one of them.
func wrapAuth(c *Config, next http.RoundTripper) (http.RoundTripper, error) {
	token := c.BearerToken
	if token == "" && c.BearerTokenFile != "" {
		b, err := os.ReadFile(c.BearerTokenFile)
		if err != nil {
			return nil, fmt.Errorf("rest: reading BearerTokenFile: %w", err)
		}
		token = strings.TrimSpace(string(b))
		if token == "" {
			return nil, fmt.Errorf("rest: BearerTokenFile %q is empty", c.BearerTokenFile)
		}
	}
	hasBasic := c.Username != "" || c.Password != ""
	switch {
	case token != "" && hasBasic:
		return nil, errors.New("rest: basic authentication (Username/Password) and a bearer token are mutually exclusive")
	case token != "":
		return &bearerAuthRoundTripper{token: token, next: next}, nil
	case hasBasic:
		return &basicAuthRoundTripper{username: c.Username, password: c.Password, next: next}, nil
	}
	return next, nil
}

// bearerAuthRoundTripper adds a bearer token unless the caller already set
// an Authorization header.
type bearerAuthRoundTripper struct {
	token string
	next  http.RoundTripper
}

func (rt *bearerAuthRoundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("Authorization") != "" {
		return rt.next.RoundTrip(req)
	}
	// A RoundTripper must not modify the caller's request.
	req = req.Clone(req.Context())
	req.Header.Set("Authorization", "Bearer "+rt.token)
	return rt.next.RoundTrip(req)
}

// String keeps the token out of accidental %v output.
func (rt *bearerAuthRoundTripper) String() string {
	return "bearerAuthRoundTripper{token:" + redacted + "}"
}

type basicAuthRoundTripper struct {
	username, password string
	next               http.RoundTripper
}

func (rt *basicAuthRoundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("Authorization") != "" {
		return rt.next.RoundTrip(req)
	}
	req = req.Clone(req.Context())
	req.SetBasicAuth(rt.username, rt.password)
	return rt.next.RoundTrip(req)
}

// String keeps the password out of accidental %v output.
func (rt *basicAuthRoundTripper) String() string {
	return fmt.Sprintf("basicAuthRoundTripper{username:%q, password:%s}", rt.username, redacted)
}

type userAgentRoundTripper struct {
	userAgent string
	next      http.RoundTripper
}

func (rt *userAgentRoundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("User-Agent") != "" {
		return rt.next.RoundTrip(req)
	}
	req = req.Clone(req.Context())
	req.Header.Set("User-Agent", rt.userAgent)
	return rt.next.RoundTrip(req)
}
