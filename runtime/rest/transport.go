package rest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// Defaults of the HTTP/2 connection health check (client-go's).
const (
	DefaultHTTP2ReadIdleTimeout = 30 * time.Second
	DefaultHTTP2PingTimeout     = 15 * time.Second
)

// HTTPClientFor returns an http.Client configured from c: TLS (CA, client
// certificate, server name, insecure, ALPN list), the proxy, HTTP/2 with a
// ping-based health check (HTTP/1.1 alone when NextProtos leaves "h2"
// out), authentication (bearer token or token file, basic auth from
// Username/Password or from userinfo in Host, exec plugin, within its
// plugin policy) and the user agent. The client has no Timeout on purpose: Config.Timeout is applied per
// request so that watches are not cut off.
//
// Credentials go only where they belong: they are added to https requests
// only (as client-go applies a kubeconfig's user only to TLS servers), and
// never to a request that follows a redirect to another host. A token or
// basic auth beside an ExecProvider is used as kubectl does: the plugin is
// then never run.
func HTTPClientFor(c *Config) (*http.Client, error) {
	if c == nil {
		return nil, errors.New("rest: HTTPClientFor: nil Config")
	}
	if err := c.Impersonate.validate(); err != nil {
		return nil, err
	}
	proxy, err := proxyFor(c)
	if err != nil {
		return nil, err
	}
	if c.ExecProvider != nil {
		// Checked even when a token means the plugin will not run, as
		// client-go checks it: a misconfigured security setting is
		// reported rather than ignored.
		if err := c.ExecProvider.PluginPolicy.validate(); err != nil {
			return nil, fmt.Errorf("rest: ExecProvider.PluginPolicy: %w", err)
		}
	}
	// Stamped before the files are read, so that a change in between is
	// seen at the first check rather than missed.
	tlsFiles := c.TLSClientConfig.reloadableTLSFiles()
	stamps := stampFiles(tlsFiles)
	tlsConfig, err := tlsConfigFor(c.TLSClientConfig)
	if err != nil {
		return nil, err
	}
	urlUser := hostUserinfo(c)
	hasBasic := c.Username != "" || c.Password != ""
	hasToken := c.BearerToken != "" || c.BearerTokenFile != ""
	var execAuth *execAuthenticator
	if c.ExecProvider != nil && !hasToken && !hasBasic && urlUser == nil {
		if execAuth, err = newExecAuthenticator(c); err != nil {
			return nil, err
		}
	}
	// withExecCert lets the plugin supply the client certificate (fetched
	// and cached when a server asks for one) when the Config has none.
	withExecCert := func(tlsConfig *tls.Config) *tls.Config {
		if execAuth == nil || c.TLSClientConfig.hasCert() {
			return tlsConfig
		}
		if tlsConfig == nil {
			tlsConfig = &tls.Config{MinVersion: tls.VersionTLS12}
		}
		tlsConfig.GetClientCertificate = execAuth.clientCertificate
		return tlsConfig
	}
	transport, err := newTransport(c, proxy, withExecCert(tlsConfig))
	if err != nil {
		return nil, err
	}
	var next idleCloser = transport
	if len(tlsFiles) > 0 {
		// Certificate rotation (tls_rotation.go). The closure keeps its own
		// copy of the Config: the caller may change theirs.
		cc := c.copy()
		next = newRotatingTransport(transport, tlsFiles, stamps, func() (*http.Transport, error) {
			tlsConfig, err := tlsConfigFor(cc.TLSClientConfig)
			if err != nil {
				return nil, err
			}
			return newTransport(cc, proxy, withExecCert(tlsConfig))
		}, loggerFor(c))
	}
	next = wrapTransport(c, next) // wrap.go
	rt, err := wrapAuth(c, urlUser, execAuth, next)
	if err != nil {
		return nil, err
	}
	ua := c.UserAgent
	if ua == "" {
		ua = DefaultUserAgent()
	}
	rt = &userAgentRoundTripper{userAgent: ua, next: rt}
	if c.Impersonate.isSet() {
		rt = &impersonatingRoundTripper{header: c.Impersonate.header(), next: rt}
	}
	return &http.Client{Transport: rt}, nil
}

// hostUserinfo returns the user and password embedded in Config.Host
// (https://user:password@host), or nil. An unparsable Host is reported
// when a RESTClient is built.
func hostUserinfo(c *Config) *url.Userinfo {
	if !strings.Contains(c.Host, "@") {
		return nil
	}
	u, err := baseURL(c)
	if err != nil {
		return nil
	}
	return u.User
}

// proxyFor is the proxy choice of c's transport: Config.Proxy, else
// Config.ProxyURL, else the environment.
func proxyFor(c *Config) (func(*http.Request) (*url.URL, error), error) {
	switch {
	case c.Proxy != nil && c.ProxyURL != "":
		// Either one alone decides every request; with both, one would
		// be silently ignored.
		return nil, fmt.Errorf("rest: Config.Proxy: set together with ProxyURL (%s); set only one", redactHost(c.ProxyURL))
	case c.Proxy != nil:
		return c.Proxy, nil
	case c.ProxyURL != "":
		u, err := parseProxyURL(c.ProxyURL)
		if err != nil {
			return nil, fmt.Errorf("rest: Config.ProxyURL: %w", err)
		}
		return http.ProxyURL(u), nil
	}
	return http.ProxyFromEnvironment, nil
}

// newTransport mirrors http.DefaultTransport's settings but never shares its
// connection pool, so one client's TLS identity cannot leak to another.
func newTransport(c *Config, proxy func(*http.Request) (*url.URL, error), tlsConfig *tls.Config) (*http.Transport, error) {
	dial := c.Dial
	if dial == nil {
		dial = (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	}
	t := &http.Transport{
		Proxy:                 proxy,
		DialContext:           dial,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   25,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: 1 * time.Second,
		TLSClientConfig:       tlsConfig,
	}
	if protos := c.TLSClientConfig.NextProtos; len(protos) > 0 {
		// net/http adds "h2" (and "http/1.1") to the ALPN list of a
		// transport with HTTP/2 on, so the list alone cannot turn HTTP/2
		// off: the protocols the transport speaks are set from it, and
		// then net/http offers the list as it is (tlsConfigFor copied it).
		offersH2 := slices.Contains(protos, "h2")
		var p http.Protocols
		p.SetHTTP2(offersH2)
		// HTTP/1.1 also when nothing else is offered: it is what a TLS
		// connection without an agreed protocol speaks.
		p.SetHTTP1(slices.Contains(protos, "http/1.1") || !offersH2)
		t.Protocols = &p
		if !offersH2 {
			return t, nil // the HTTP/2 health check has no connection to check
		}
	}
	readIdle, ping := c.HTTP2ReadIdleTimeout, c.HTTP2PingTimeout
	if readIdle == 0 {
		readIdle = DefaultHTTP2ReadIdleTimeout
	}
	if ping <= 0 {
		ping = DefaultHTTP2PingTimeout
	}
	if readIdle > 0 {
		// net/http's bundled HTTP/2 has the same health check as
		// golang.org/x/net/http2's ReadIdleTimeout/PingTimeout.
		t.HTTP2 = &http.HTTP2Config{SendPingTimeout: readIdle, PingTimeout: ping}
	}
	return t, nil
}

// parseProxyURL accepts the schemes net/http can use; errors never show
// credentials embedded in the URL.
func parseProxyURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%s is not a URL", redactHost(raw))
	}
	switch u.Scheme {
	case "http", "https", "socks5", "socks5h":
	default:
		return nil, fmt.Errorf("%s: unsupported scheme %q (allowed: http, https, socks5)", u.Redacted(), u.Scheme)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("%s has no host", u.Redacted())
	}
	return u, nil
}

// tlsConfigFor returns nil when nothing TLS-specific is configured, leaving
// Go's defaults (system roots) in place.
func tlsConfigFor(t TLSClientConfig) (*tls.Config, error) {
	if !t.hasCA() && !t.hasCert() && !t.hasKey() && !t.Insecure && t.ServerName == "" && len(t.NextProtos) == 0 {
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
		// A copy: net/http appends to the list of a transport with HTTP/2.
		NextProtos: slices.Clone(t.NextProtos),
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
// mutually exclusive because the server would only honour one of them;
// execAuth is nil when either is set (see HTTPClientFor).
func wrapAuth(c *Config, urlUser *url.Userinfo, execAuth *execAuthenticator, transport idleCloser) (http.RoundTripper, error) {
	hasBasic := c.Username != "" || c.Password != ""
	hasToken := c.BearerToken != "" || c.BearerTokenFile != ""
	logger := loggerFor(c)
	auth := func(creds credentials) *authRoundTripper {
		return &authRoundTripper{creds: creds, next: transport, logger: logger}
	}
	switch {
	case hasToken && hasBasic:
		return nil, errors.New("rest: basic authentication (Username/Password) and a bearer token are mutually exclusive; set only one")
	case urlUser != nil && (hasToken || hasBasic):
		return nil, errors.New("rest: Config.Host carries a user and password, and BearerToken(File) or Username/Password are also set; set only one")
	case c.BearerTokenFile != "":
		// As in client-go, the file wins: it may hold a rotated token.
		// BearerToken is used only while the file cannot be read.
		src, err := newFileToken(c.BearerTokenFile, c.BearerToken)
		if err != nil {
			return nil, err
		}
		return auth(src), nil
	case c.BearerToken != "":
		return auth(staticToken(c.BearerToken)), nil
	case hasBasic:
		return auth(basicAuth{username: c.Username, password: c.Password}), nil
	case urlUser != nil:
		password, _ := urlUser.Password()
		return auth(basicAuth{username: urlUser.Username(), password: password}), nil
	case execAuth != nil:
		rt := auth(execCredentials{execAuth})
		rt.onRotate = transport.CloseIdleConnections
		return rt, nil
	}
	return transport, nil
}

// credentials supply the Authorization header. Each credential has a
// generation so that a 401 can ask for a newer one exactly once.
type credentials interface {
	// authorization returns the header value ("" for none) and the
	// credential's generation.
	authorization(ctx context.Context) (string, uint64, error)
	// refresh is called after the server rejected generation gen; it
	// reports whether a different credential is now available.
	refresh(ctx context.Context, gen uint64) (bool, error)
}

type staticToken string

func (t staticToken) authorization(context.Context) (string, uint64, error) {
	return "Bearer " + string(t), 0, nil
}
func (staticToken) refresh(context.Context, uint64) (bool, error) { return false, nil }

// String keeps the token out of accidental %v output.
func (staticToken) String() string { return redacted }

// GoString makes %#v as safe as %v.
func (t staticToken) GoString() string { return t.String() }

// basicAuth is HTTP basic authentication.
type basicAuth struct{ username, password string }

func (b basicAuth) authorization(context.Context) (string, uint64, error) {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(b.username+":"+b.password)), 0, nil
}
func (basicAuth) refresh(context.Context, uint64) (bool, error) { return false, nil }

// String keeps the password out of accidental %v output.
func (b basicAuth) String() string {
	return fmt.Sprintf("basicAuth{username:%q, password:%s}", b.username, redacted)
}

// GoString makes %#v as safe as %v.
func (b basicAuth) GoString() string { return b.String() }

// fileToken re-reads a token file when its stamp changes (size,
// modification time or identity: a kubelet-projected service-account token
// is replaced by a symlink swap, and tokens are often of one size; see
// fileStamp) and when the server rejects the token.
type fileToken struct {
	path string
	// fallback is Config.BearerToken, sent while the file cannot be read.
	fallback string

	mu    sync.Mutex
	token string
	gen   uint64
	stamp fileStamp
}

func newFileToken(path, fallback string) (*fileToken, error) {
	f := &fileToken{path: path, fallback: fallback}
	if err := f.reloadLocked(true); err != nil && fallback == "" {
		return nil, err
	}
	return f, nil
}

func (f *fileToken) authorization(context.Context) (string, uint64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	// A failed re-read keeps the last good token: a rotation in progress
	// must not fail requests that the old token still authorizes.
	_ = f.reloadLocked(false)
	if f.token == "" {
		return "Bearer " + f.fallback, f.gen, nil
	}
	return "Bearer " + f.token, f.gen, nil
}

func (f *fileToken) refresh(_ context.Context, gen uint64) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.reloadLocked(true); err != nil {
		return false, err
	}
	return f.gen != gen, nil
}

// reloadLocked reads the file if forced or if it changed since the last
// read; gen is bumped only when the token itself changed.
func (f *fileToken) reloadLocked(force bool) error {
	fi, err := os.Stat(f.path)
	if err != nil {
		return fmt.Errorf("rest: reading BearerTokenFile: %w", err)
	}
	if !force && f.stamp.equal(fileStamp{info: fi}) {
		return nil
	}
	b, err := os.ReadFile(f.path)
	if err != nil {
		return fmt.Errorf("rest: reading BearerTokenFile: %w", err)
	}
	token := strings.TrimSpace(string(b))
	if token == "" {
		return fmt.Errorf("rest: BearerTokenFile %q is empty; write the token into it", f.path)
	}
	f.stamp = fileStamp{info: fi}
	if token != f.token {
		f.token = token
		f.gen++
	}
	return nil
}

// execCredentials adapts the exec authenticator: its token (if any) goes
// into the Authorization header, its certificate into the TLS handshake.
type execCredentials struct{ a *execAuthenticator }

func (e execCredentials) authorization(ctx context.Context) (string, uint64, error) {
	cred, gen, err := e.a.current(ctx)
	if err != nil {
		return "", 0, err
	}
	if cred.token == "" {
		return "", gen, nil
	}
	return "Bearer " + cred.token, gen, nil
}

func (e execCredentials) refresh(ctx context.Context, gen uint64) (bool, error) {
	return e.a.refresh(ctx, gen)
}

// authRoundTripper adds a credential unless the caller already set an
// Authorization header, the request is not https, or it follows a redirect
// to another host. On a 401 it asks the credentials for a newer one and, if
// there is one and the body can be sent again, retries once.
type authRoundTripper struct {
	creds credentials
	next  http.RoundTripper
	// onRotate runs after a refresh so that connections authenticated with
	// an old client certificate are not reused.
	onRotate func()
	// logger hears, once, that credentials were withheld from plain http.
	logger    *slog.Logger
	warnPlain sync.Once
}

func (rt *authRoundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("Authorization") != "" {
		return rt.next.RoundTrip(req)
	}
	if req.URL.Scheme != "https" {
		// client-go applies a kubeconfig's credentials to TLS servers only;
		// over plain http anyone on the path could read them.
		rt.warnPlain.Do(func() {
			rt.logger.Warn("credentials are not sent over plain http; use an https server URL", "host", req.URL.Host)
		})
		return rt.next.RoundTrip(req)
	}
	if req.Response != nil && !sameOrigin(req.URL, firstRequest(req).URL) {
		// A redirect to another host. net/http strips the Authorization
		// header it copies across such a redirect, but ours is added below
		// its redirect handling, so the rule is applied here.
		return rt.next.RoundTrip(req)
	}
	resp, gen, err := rt.send(req)
	if err != nil || resp.StatusCode != http.StatusUnauthorized || !replayable(req) {
		return resp, err
	}
	changed, err := rt.creds.refresh(req.Context(), gen)
	if err != nil || !changed {
		// Keep the server's 401: it says more than a failed refresh.
		return resp, nil
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBodyBytes))
	_ = resp.Body.Close()
	if rt.onRotate != nil {
		rt.onRotate()
	}
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		req = req.Clone(req.Context())
		req.Body = body
	}
	resp, _, err = rt.send(req)
	return resp, err
}

func (rt *authRoundTripper) send(req *http.Request) (*http.Response, uint64, error) {
	authz, gen, err := rt.creds.authorization(req.Context())
	if err != nil {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, 0, err
	}
	// A RoundTripper must not modify the caller's request.
	req = req.Clone(req.Context())
	if authz != "" {
		req.Header.Set("Authorization", authz)
	}
	resp, err := rt.next.RoundTrip(req)
	return resp, gen, err
}

// replayable reports whether req can be sent again.
func replayable(req *http.Request) bool {
	return req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
}

// String keeps the credentials out of accidental %v output.
func (rt *authRoundTripper) String() string {
	return "authRoundTripper{credentials:" + redacted + "}"
}

// firstRequest follows a chain of redirects back to the request the caller
// sent.
func firstRequest(req *http.Request) *http.Request {
	for req.Response != nil && req.Response.Request != nil {
		req = req.Response.Request
	}
	return req
}

// sameOrigin reports whether a and b have the same scheme, host and port
// (an absent port is the scheme's default).
func sameOrigin(a, b *url.URL) bool {
	port := func(u *url.URL) string {
		if p := u.Port(); p != "" {
			return p
		}
		if u.Scheme == "https" {
			return "443"
		}
		return "80"
	}
	return a.Scheme == b.Scheme && strings.EqualFold(a.Hostname(), b.Hostname()) && port(a) == port(b)
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
