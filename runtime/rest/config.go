// Package rest is clientgen's HTTP runtime for talking to a Kubernetes API
// server: configuration (kubeconfig loading with kubectl's rules and its
// strict reading of the file, in-cluster configuration, client-go's
// BuildConfigFromFlags), transport (TLS with client certificate and CA
// files re-read when they change, proxy, HTTP/2 health checks, bearer
// token, token file, basic auth, exec credential plugins and
// impersonation), client-side rate limiting, one retry policy, warnings,
// hooks for metrics and tracing (Config.Metrics, Config.WrapTransport), a
// request builder with typed decoding (JSON, or protobuf for built-in
// types) and watch decoding.
// docs/configuration.md describes the configuration in kubectl's terms.
//
// Credentials are sent to https servers only and never across a redirect
// to another host. An error response is an API Status (and so
// apierrors.IsNotFound and friends see its reason) only when its body is
// one: kind Status with status Failure, as client-go decides.
//
// Generated clientsets depend on the exported names in this package; keep
// them stable.
package rest

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	goruntime "runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
)

const (
	// DefaultQPS is used when Config.QPS is 0.
	DefaultQPS float32 = 5
	// DefaultBurst is used when Config.QPS and Config.Burst are both 0.
	DefaultBurst = 10
	// DefaultContentType is used when ContentConfig.ContentType is empty.
	DefaultContentType = "application/json"

	// modulePath identifies this module (the runtime, a module of its own)
	// in the binary's build info, so the user agent can report the clientgen
	// runtime version actually linked in.
	modulePath = "github.com/clientgen/clientgen/runtime"

	redacted  = "--- REDACTED ---"
	truncated = "--- TRUNCATED ---"
)

// Config holds what is needed to build clients for one API server.
//
// A Config is treated as a value: constructors copy it and never mutate the
// caller's instance. Printing a Config (String, %v, %+v, %#v, of the value or
// of a pointer to it) never shows a password, token, private key, exec
// plugin argument or environment value, or credentials embedded in a URL.
type Config struct {
	// Host is "https://host:port", "host:port" or a URL with a path prefix.
	// Without a scheme, https is used when TLS is configured (a CA, a client
	// certificate or Insecure) and http otherwise, as client-go does. A
	// query or fragment is dropped, as client-go does. A user and password
	// in it (https://user:password@host) are sent as basic authentication,
	// like Username and Password.
	Host string
	// APIPath is "/api" for the legacy core group and "/apis" otherwise.
	APIPath string
	ContentConfig

	// Credentials (Username and Password, BearerToken, BearerTokenFile,
	// ExecProvider's token, userinfo in Host) are sent to https servers
	// only, as client-go applies a kubeconfig's user to TLS servers only,
	// and never across a redirect to another host.

	// Username and Password enable HTTP basic authentication.
	Username, Password string
	// BearerToken is sent as "Authorization: Bearer <token>".
	BearerToken string
	// BearerTokenFile is read when the HTTP client is constructed and again
	// whenever the file changes (a projected service-account token is
	// rotated in place) or the server answers 401. When BearerToken is
	// also set, the file still wins, as in client-go: BearerToken is sent
	// only while the file cannot be read.
	BearerTokenFile string
	// ExecProvider runs a client.authentication.k8s.io credential plugin
	// for a token or client certificate (kubeconfig users[].user.exec).
	// It is not run when a bearer token or basic authentication is also
	// configured (kubectl's rule: the token is sent instead).
	ExecProvider *ExecConfig

	TLSClientConfig TLSClientConfig

	// Impersonate makes every request act as another user (kubeconfig
	// users[].user.as and friends; see ImpersonationConfig). The zero value
	// impersonates no one.
	Impersonate ImpersonationConfig

	// ProxyURL is the HTTP(S) or SOCKS5 proxy every request goes through
	// (kubeconfig clusters[].cluster.proxy-url). Empty means Proxy, or
	// without it the standard environment variables HTTPS_PROXY,
	// HTTP_PROXY and NO_PROXY.
	ProxyURL string
	// Proxy, if set, chooses the proxy of every request, as client-go's
	// Config.Proxy and http.Transport.Proxy do: a nil URL sends the
	// request directly, an error fails it. It is also asked about the
	// server's URL for an exec plugin's cluster info (proxy-url), as
	// client-go asks it. Setting both Proxy and ProxyURL is an error: each
	// alone says where every request goes.
	Proxy func(*http.Request) (*url.URL, error)
	// Dial, if set, opens the TCP connections (for tests, tunnels or
	// custom resolvers). It is not used to reach a proxy's target.
	Dial func(ctx context.Context, network, address string) (net.Conn, error)

	// UserAgent defaults to DefaultUserAgent().
	UserAgent string

	// QPS is the sustained request rate. 0 means DefaultQPS; a negative value
	// disables client-side rate limiting.
	QPS float32
	// Burst is the token bucket size. It defaults to DefaultBurst only when
	// QPS is also 0; with QPS > 0 it must be > 0.
	Burst int
	// RateLimiter, if set, overrides QPS/Burst and is shared by every client
	// built from this Config.
	RateLimiter RateLimiter

	// RetryPolicy decides which failed requests are sent again and when.
	// nil means DefaultRetryPolicy().
	RetryPolicy *RetryPolicy

	// WarningHandler receives the Warning headers of every response. nil
	// means a handler that logs each distinct warning once through Logger.
	WarningHandler WarningHandler

	// Logger receives client-side throttling waits longer than a second,
	// retries and warnings. nil means slog.Default(). Secrets are never
	// logged.
	Logger *slog.Logger

	// Metrics receives every client's request, retry, rate-limiter and
	// exec plugin events (see Metrics: client-go's tools/metrics, per
	// Config). nil means NoMetrics.
	Metrics Metrics

	// WrapTransport, if set, wraps the transport that sends requests to
	// the server: the point for tracing (otelhttp.NewTransport) or a
	// recording round tripper in tests. As in client-go it sits below
	// authentication, the user agent and impersonation, so it sees each
	// request as sent (Authorization included: never record headers), once
	// per attempt and per redirect hop. HTTPClientFor calls it once per
	// client; a client built with your own http.Client does not use it.
	WrapTransport func(rt http.RoundTripper) http.RoundTripper

	// FieldManager is the field manager of the server-side applies of
	// typed clients built from this Config that name none
	// (metav1.ApplyOptions.FieldManager ""), such as the name of the
	// controller. Empty means such an apply fails before any request: the
	// API server requires a field manager for apply.
	FieldManager string

	// Timeout bounds ordinary (fully read) requests, retries included. It is
	// applied as a per-request context deadline rather than
	// http.Client.Timeout so that watches and streams are not cut off. 0
	// means no timeout.
	Timeout time.Duration

	// HTTP2ReadIdleTimeout is how long an HTTP/2 connection may receive
	// nothing before a ping checks that it is alive; HTTP2PingTimeout is how
	// long that ping may go unanswered before the connection is closed and
	// its requests and watches fail, instead of hanging on a dead peer.
	// 0 means the defaults (30s and 15s, client-go's); a negative
	// HTTP2ReadIdleTimeout disables the health check.
	HTTP2ReadIdleTimeout time.Duration
	HTTP2PingTimeout     time.Duration
}

// ContentConfig controls how request and response bodies are encoded.
type ContentConfig struct {
	// GroupVersion is the API group version typed clients talk to. It is nil
	// for unversioned clients (discovery, dynamic).
	GroupVersion *schema.GroupVersion
	// NegotiatedSerializer provides encoders and decoders per media type.
	NegotiatedSerializer runtime.NegotiatedSerializer
	// ContentType is the media type of request bodies; default application/json.
	ContentType string
	// AcceptContentTypes is sent as the Accept header; defaults to
	// ContentType (and JSON after it when that is protobuf or CBOR).
	//
	// When neither is set, a typed client whose group version's Go types
	// have protobuf code (k8s.io/api's) uses protobuf, others JSON or,
	// with PreferCBOR, CBOR; a server's 415 or 406 to protobuf or CBOR
	// switches the client to JSON for good (see content.go).
	AcceptContentTypes string
	// PreferCBOR makes CBOR (ContentTypeCBOR) the default content type of
	// clients whose types have no protobuf form (custom resources), when
	// their serializer has CBOR (generated clients' does). It is client-go's
	// ClientsAllowCBOR plus ClientsPreferCBOR feature gates, per Config
	// rather than process-wide. The API server serves CBOR only with its
	// CBORServingAndStorage feature gate on; without it the client falls
	// back to JSON after the first refusal.
	PreferCBOR bool
}

// TLSClientConfig configures TLS. When both a file and inline data are given
// for the same item, the data wins.
type TLSClientConfig struct {
	// Insecure skips server certificate verification. It cannot be combined
	// with a CA.
	Insecure bool
	// ServerName overrides the name used for SNI and certificate verification.
	ServerName string

	CertFile, KeyFile, CAFile string
	CertData, KeyData, CAData []byte

	// NextProtos is the list of application protocols offered in the TLS
	// handshake (ALPN), as client-go's TLSClientConfig.NextProtos; the
	// transport offers exactly these. Empty means "h2" then "http/1.1":
	// HTTP/2 with its health check (HTTP2ReadIdleTimeout). A list without
	// "h2", typically ["http/1.1"] (how client-go users turn HTTP/2 off),
	// makes the client speak HTTP/1.1 only, and the HTTP/2 health check
	// does not apply.
	NextProtos []string
}

// String describes the TLS settings without the private key.
func (c TLSClientConfig) String() string {
	return fmt.Sprintf("rest.TLSClientConfig{Insecure:%t, ServerName:%q, CertFile:%q, KeyFile:%q, CAFile:%q, CertData:%s, KeyData:%s, CAData:%s, NextProtos:%q}",
		c.Insecure, c.ServerName, c.CertFile, c.KeyFile, c.CAFile,
		maskBytes(c.CertData, truncated), maskBytes(c.KeyData, redacted), maskBytes(c.CAData, truncated), c.NextProtos)
}

// GoString makes %#v as safe as %v.
func (c TLSClientConfig) GoString() string { return c.String() }

func (c TLSClientConfig) hasCA() bool   { return len(c.CAData) > 0 || c.CAFile != "" }
func (c TLSClientConfig) hasCert() bool { return len(c.CertData) > 0 || c.CertFile != "" }
func (c TLSClientConfig) hasKey() bool  { return len(c.KeyData) > 0 || c.KeyFile != "" }

// String describes the Config with the password, bearer token, private
// key and exec plugin arguments and environment redacted, so it is safe to
// log. It has a value receiver so that a Config value printed with %v is as
// safe as a pointer.
func (c Config) String() string {
	gv := "<nil>"
	if c.GroupVersion != nil {
		gv = c.GroupVersion.String()
	}
	typeOf := func(v any) string {
		if v == nil {
			return "<nil>"
		}
		return fmt.Sprintf("%T", v)
	}
	var ns, rl, wh any = c.NegotiatedSerializer, c.RateLimiter, c.WarningHandler
	retry := "<nil>"
	if c.RetryPolicy != nil {
		retry = c.RetryPolicy.String()
	}
	dial := "<nil>"
	if c.Dial != nil {
		dial = "<func>"
	}
	proxy := "<nil>"
	if c.Proxy != nil {
		proxy = "<func>"
	}
	logger := "<nil>"
	if c.Logger != nil {
		logger = "<set>"
	}
	wrap := "<nil>"
	if c.WrapTransport != nil {
		wrap = "<func>"
	}
	var metrics any = c.Metrics
	return fmt.Sprintf("rest.Config{Host:%q, APIPath:%q, GroupVersion:%s, NegotiatedSerializer:%s, ContentType:%q, AcceptContentTypes:%q, PreferCBOR:%t, "+
		"Username:%q, Password:%s, BearerToken:%s, BearerTokenFile:%q, ExecProvider:%s, TLSClientConfig:%s, Impersonate:%s, ProxyURL:%q, Proxy:%s, Dial:%s, "+
		"UserAgent:%q, QPS:%g, Burst:%d, RateLimiter:%s, RetryPolicy:%s, WarningHandler:%s, Logger:%s, Metrics:%s, WrapTransport:%s, Timeout:%s, "+
		"HTTP2ReadIdleTimeout:%s, HTTP2PingTimeout:%s}",
		redactHost(c.Host), c.APIPath, gv, typeOf(ns), c.ContentType, c.AcceptContentTypes, c.PreferCBOR,
		c.Username, maskString(c.Password), maskString(c.BearerToken), c.BearerTokenFile, c.ExecProvider.String(), c.TLSClientConfig.String(), c.Impersonate.String(),
		redactHost(c.ProxyURL), proxy, dial,
		c.UserAgent, c.QPS, c.Burst, typeOf(rl), retry, typeOf(wh), logger, typeOf(metrics), wrap, c.Timeout,
		c.HTTP2ReadIdleTimeout, c.HTTP2PingTimeout)
}

// GoString makes %#v as safe as %v.
func (c Config) GoString() string { return c.String() }

func maskString(s string) string {
	if s == "" {
		return `""`
	}
	return redacted
}

func maskBytes(b []byte, mask string) string {
	if len(b) == 0 {
		return "[]"
	}
	return fmt.Sprintf("%s (%d bytes)", mask, len(b))
}

// redactHost hides a password embedded in the host URL, the one place a
// secret could hide in an otherwise harmless field.
func redactHost(host string) string {
	if !strings.Contains(host, "@") {
		return host
	}
	u, err := url.Parse(host)
	if err != nil || u.User == nil {
		return redacted
	}
	return u.Redacted()
}

// copy returns a deep enough copy that the result can be modified without
// affecting c. The RateLimiter is intentionally shared.
func (c *Config) copy() *Config {
	if c == nil {
		return &Config{}
	}
	out := *c
	if c.GroupVersion != nil {
		gv := *c.GroupVersion
		out.GroupVersion = &gv
	}
	out.TLSClientConfig.CertData = slices.Clone(c.TLSClientConfig.CertData)
	out.TLSClientConfig.KeyData = slices.Clone(c.TLSClientConfig.KeyData)
	out.TLSClientConfig.CAData = slices.Clone(c.TLSClientConfig.CAData)
	out.TLSClientConfig.NextProtos = slices.Clone(c.TLSClientConfig.NextProtos)
	out.ExecProvider = c.ExecProvider.clone()
	out.Impersonate = c.Impersonate.clone()
	return &out
}

// ForGroupVersion returns a copy of c configured for a typed client of gv:
// APIPath is "/api" for the core group and "/apis" otherwise, the serializer
// is codecs without conversion (the generated types are the wire types), and
// the user agent is defaulted.
//
// For generated code only: every generated group client's
// NewForConfigAndClient builds its Config with it; user code builds clients
// with the generated NewForConfig. Not covered by compatibility promises.
func ForGroupVersion(c *Config, gv schema.GroupVersion, codecs serializer.CodecFactory) *Config {
	out := c.copy()
	out.GroupVersion = &gv
	if gv.Group == "" {
		out.APIPath = "/api"
	} else {
		out.APIPath = "/apis"
	}
	out.NegotiatedSerializer = codecs.WithoutConversion()
	if out.UserAgent == "" {
		out.UserAgent = DefaultUserAgent()
	}
	return out
}

// DefaultUserAgent returns "clientgen/<version> (<GOOS>/<GOARCH>) <binary>",
// which lets API server audit logs tell clientgen-based programs apart.
func DefaultUserAgent() string {
	binary := "unknown"
	if len(os.Args) > 0 && os.Args[0] != "" {
		binary = filepath.Base(os.Args[0])
	}
	return fmt.Sprintf("clientgen/%s (%s/%s) %s", moduleVersion(), goruntime.GOOS, goruntime.GOARCH, binary)
}

// moduleVersion reports the version of this module linked into the binary.
func moduleVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	version := ""
	if info.Main.Path == modulePath {
		version = info.Main.Version
	} else {
		for _, dep := range info.Deps {
			if dep.Path == modulePath {
				version = dep.Version
				if dep.Replace != nil && dep.Replace.Version != "" {
					version = dep.Replace.Version
				}
				break
			}
		}
	}
	switch version {
	case "":
		return "unknown"
	case "(devel)":
		return "devel"
	}
	return version
}
