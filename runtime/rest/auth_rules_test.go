package rest_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clientgen/clientgen/runtime/rest"
)

// Issue 14 #6: with token and tokenFile both set, kubectl sends the file's
// (possibly rotated) token; the inline one is only the fallback.
func TestATokenFileWinsOverAnInlineToken(t *testing.T) {
	srv := newTLSServer(t, authEcho())
	dir := t.TempDir()
	tokenFile := writeFile(t, dir, "token", []byte("rotated-from-file\n"))
	cfg := &rest.Config{Host: srv.URL, BearerToken: "inline-stale", BearerTokenFile: tokenFile}
	cfg.TLSClientConfig.CAData = serverCAPEM(t, srv)
	if got := getSpec(t, cfg); got != "Bearer rotated-from-file" {
		t.Errorf("server saw %q, want the token file's", got)
	}
	cfg.BearerTokenFile = dir + "/missing"
	if got := getSpec(t, cfg); got != "Bearer inline-stale" {
		t.Errorf("with an unreadable file the server saw %q, want the inline token", got)
	}
}

// Issue 14 #7: credentials are applied to TLS transports only, as client-go
// applies a kubeconfig's user only to https servers.
func TestCredentialsAreNeverSentOverPlainHTTP(t *testing.T) {
	srv := newServer(t, authEcho())
	p := newExecPlugin(t)
	p.willReturn(t, 0, "from-plugin", time.Time{})
	dir := t.TempDir()
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword("bob", "SECRET-in-url")
	tests := []struct {
		name string
		cfg  rest.Config
	}{
		{"a bearer token", rest.Config{Host: srv.URL, BearerToken: "SECRET-token"}},
		{"a token file", rest.Config{Host: srv.URL, BearerTokenFile: writeFile(t, dir, "token", []byte("SECRET-file"))}},
		{"basic auth", rest.Config{Host: srv.URL, Username: "bob", Password: "SECRET-pw"}},
		{"an exec plugin", rest.Config{Host: srv.URL, ExecProvider: p.config()}},
		{"a user and password in the URL", rest.Config{Host: u.String()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := getSpec(t, &tt.cfg); got != "" {
				t.Errorf("server saw Authorization %q over plain http", got)
			}
		})
	}
	if n := p.runs(t); n != 0 {
		t.Errorf("the exec plugin ran %d times for a plain http server", n)
	}
}

// Issue 14 #10: a user and password in the server URL are sent as basic
// authentication (client-go sends them through net/http), over TLS only.
func TestUserinfoInTheServerURLIsBasicAuth(t *testing.T) {
	srv := newTLSServer(t, authEcho())
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword("u", "p")
	cfg := &rest.Config{Host: u.String()}
	cfg.TLSClientConfig.CAData = serverCAPEM(t, srv)
	if got := getSpec(t, cfg); got != "Basic dTpw" {
		t.Errorf("server saw %q, want Basic u:p", got)
	}
	cfg.BearerToken = "t"
	if _, err := fetchSpec(t, cfg); err == nil || !strings.Contains(err.Error(), "Config.Host carries a user and password") {
		t.Errorf("userinfo beside a token: error = %v, want it rejected", err)
	}
}

// Beyond client-go: no credential follows a redirect to another host. The
// token is added below net/http's redirect handling, which therefore cannot
// strip it.
func TestCredentialsDoNotFollowARedirectToAnotherHost(t *testing.T) {
	other := newTLSServer(t, authEcho())
	var firstURL string // set once the server runs; its handler reads it
	first := newTLSServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("here") == "" {
			if r.URL.Query().Get("same") != "" {
				http.Redirect(w, r, firstURL+r.URL.Path+"?here=1", http.StatusTemporaryRedirect)
				return
			}
			http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
			return
		}
		authEcho().ServeHTTP(w, r)
	}))
	firstURL = first.URL
	p := newExecPlugin(t)
	p.willReturn(t, 0, "SECRET-exec", time.Time{})
	u, err := url.Parse(first.URL)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword("bob", "SECRET-url")
	tests := []struct {
		name         string
		cfg          rest.Config
		wantSameHost string
	}{
		{"a bearer token", rest.Config{Host: first.URL, BearerToken: "SECRET-token"}, "Bearer SECRET-token"},
		{"basic auth", rest.Config{Host: first.URL, Username: "bob", Password: "SECRET-pw"}, "Basic Ym9iOlNFQ1JFVC1wdw=="},
		{"an exec plugin's token", rest.Config{Host: first.URL, ExecProvider: p.config()}, "Bearer SECRET-exec"},
		{"a user and password in the URL", rest.Config{Host: u.String()}, "Basic Ym9iOlNFQ1JFVC11cmw="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			cfg.TLSClientConfig.CAData = serverCAPEM(t, first) // httptest servers share one certificate
			if got := getSpec(t, &cfg); got != "" {
				t.Errorf("the other host saw Authorization %q", got)
			}
			typed := rest.ForGroupVersion(&cfg, widgetGV, testCodecs(t))
			typed.QPS, typed.Logger = -1, quietLogger
			c, err := rest.RESTClientFor(typed)
			if err != nil {
				t.Fatal(err)
			}
			got := &Widget{}
			if err := c.Get().Resource("widgets").Param("same", "1").Do(t.Context()).Into(got); err != nil {
				t.Fatal(err)
			}
			if got.Spec != tt.wantSameHost {
				t.Errorf("a redirect to the same host got Authorization %q, want %q", got.Spec, tt.wantSameHost)
			}
		})
	}
}

// A server URL with a query works: client-go drops the query.
func TestAServerURLWithAQueryWorks(t *testing.T) {
	var got atomic.Value
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.URL.String())
		authEcho().ServeHTTP(w, r)
	}))
	if _, err := fetchSpec(t, &rest.Config{Host: srv.URL + "/prefix?x=1#frag"}); err != nil {
		t.Fatal(err)
	}
	if u := got.Load(); u != "/prefix/apis/example.com/v1/widgets" {
		t.Errorf("request URL = %v, want the prefix without the query", u)
	}
}

// A redirect loop is not a connection error: it is not retried.
func TestARedirectLoopIsNotRetried(t *testing.T) {
	var hits atomic.Int32
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Redirect(w, r, r.URL.Path, http.StatusFound)
	}))
	c := newTestClient(t, srv.URL, widgetGV, func(c *rest.Config) {
		c.RetryPolicy = &rest.RetryPolicy{MaxRetries: 2, InitialBackoff: time.Millisecond}
	})
	err := c.Get().Resource("widgets").Do(t.Context()).Into(&Widget{})
	if err == nil || !strings.Contains(err.Error(), "stopped after 10 redirects") {
		t.Errorf("error = %v, want the redirect limit", err)
	}
	if n := hits.Load(); n > 11 {
		t.Errorf("the server got %d requests, want one chain of redirects (at most 11), not one per retry", n)
	}
}
