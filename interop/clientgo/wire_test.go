package clientgo

import (
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	restclient "k8s.io/client-go/rest"

	"github.com/clientgen/clientgen/runtime/rest"
)

// headerRecorder is a TLS test server that records the headers of each
// request it gets.
type headerRecorder struct {
	srv *httptest.Server

	mu  sync.Mutex
	got []http.Header
}

func newHeaderRecorder(t testing.TB) *headerRecorder {
	t.Helper()
	r := &headerRecorder{}
	r.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.got = append(r.got, req.Header.Clone())
		r.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"major":"1","minor":"37","gitVersion":"v1.37.2"}`))
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *headerRecorder) caPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: r.srv.Certificate().Raw})
}

// get sends one GET through clientgen's HTTP client built from cfg and
// returns the headers the server saw.
func (r *headerRecorder) get(t testing.TB, cfg *rest.Config) http.Header {
	t.Helper()
	c, err := rest.HTTPClientFor(cfg)
	if err != nil {
		t.Fatalf("HTTPClientFor: %v", err)
	}
	t.Cleanup(c.CloseIdleConnections)
	resp, err := c.Get(r.srv.URL + "/version")
	if err != nil {
		t.Fatalf("GET /version: %v", err)
	}
	resp.Body.Close()
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.got[len(r.got)-1]
}

// TestConvertedConfigSendsWhatClientGoWould sends requests through
// clientgen's transport built from converted client-go Configs and checks
// the headers that reach a TLS server verified with the carried CA.
func TestConvertedConfigSendsWhatClientGoWould(t *testing.T) {
	rec := newHeaderRecorder(t)
	base := func() restclient.Config {
		return restclient.Config{Host: rec.srv.URL, TLSClientConfig: restclient.TLSClientConfig{CAData: rec.caPEM()}}
	}
	tests := []struct {
		name   string
		modify func(*restclient.Config)
		want   http.Header
	}{
		{
			name:   "a bearer token and user agent are sent",
			modify: func(c *restclient.Config) { c.BearerToken, c.UserAgent = "tok", "manager/v1" },
			want:   http.Header{"Authorization": {"Bearer tok"}, "User-Agent": {"manager/v1"}, "Accept-Encoding": {"gzip"}},
		},
		{
			name:   "basic auth is sent",
			modify: func(c *restclient.Config) { c.Username, c.Password, c.UserAgent = "admin", "pw", "ua" },
			want:   http.Header{"Authorization": {"Basic YWRtaW46cHc="}, "User-Agent": {"ua"}, "Accept-Encoding": {"gzip"}},
		},
		{
			name: "impersonation headers are sent",
			modify: func(c *restclient.Config) {
				c.UserAgent = "ua"
				c.Impersonate = restclient.ImpersonationConfig{UserName: "jane", UID: "u1", Groups: []string{"a", "b"}, Extra: map[string][]string{"example.com/team": {"blue"}}}
			},
			want: http.Header{"Impersonate-User": {"jane"}, "Impersonate-Uid": {"u1"}, "Impersonate-Group": {"a", "b"},
				"Impersonate-Extra-Example.com%2fteam": {"blue"}, "User-Agent": {"ua"}, "Accept-Encoding": {"gzip"}},
		},
		{
			name:   "DisableCompression asks for an uncompressed response",
			modify: func(c *restclient.Config) { c.DisableCompression, c.UserAgent = true, "ua" },
			want:   http.Header{"Accept-Encoding": {"identity"}, "User-Agent": {"ua"}},
		},
		{
			name: "DisableCompression and the user's WrapTransport both apply",
			modify: func(c *restclient.Config) {
				c.DisableCompression, c.UserAgent = true, "ua"
				c.WrapTransport = func(rt http.RoundTripper) http.RoundTripper {
					return roundTripFunc(func(r *http.Request) (*http.Response, error) {
						r = r.Clone(r.Context())
						r.Header.Set("X-Traced", "yes")
						return rt.RoundTrip(r)
					})
				}
			},
			want: http.Header{"Accept-Encoding": {"identity"}, "User-Agent": {"ua"}, "X-Traced": {"yes"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			tt.modify(&in)
			cfg, err := FromClientGo(&in)
			if err != nil {
				t.Fatalf("FromClientGo: %v", err)
			}
			got := rec.get(t, cfg)
			// Only the headers a Config decides.
			for k := range got {
				if _, ok := tt.want[k]; !ok {
					delete(got, k)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("headers the server saw (-want +got):\n%s", diff)
			}
		})
	}
}

// TestConvertedNextProtosDecideTheHTTPVersion: client-go users turn HTTP/2
// off with NextProtos ["http/1.1"]; the converted Config speaks HTTP/1.1
// to a server that offers HTTP/2, and HTTP/2 without a list.
func TestConvertedNextProtosDecideTheHTTPVersion(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = fmt.Fprint(w, r.ProtoMajor)
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	tests := []struct {
		name       string
		nextProtos []string
		wantMajor  string
	}{
		{name: "no list speaks HTTP/2", wantMajor: "2"},
		{name: "http/1.1 alone speaks HTTP/1.1", nextProtos: []string{"http/1.1"}, wantMajor: "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := FromClientGo(&restclient.Config{Host: srv.URL, TLSClientConfig: restclient.TLSClientConfig{CAData: ca, NextProtos: tt.nextProtos}})
			if err != nil {
				t.Fatalf("FromClientGo: %v", err)
			}
			c, err := rest.HTTPClientFor(cfg)
			if err != nil {
				t.Fatalf("HTTPClientFor: %v", err)
			}
			t.Cleanup(c.CloseIdleConnections)
			resp, err := c.Get(srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.wantMajor {
				t.Errorf("the server saw HTTP/%s, want HTTP/%s", b, tt.wantMajor)
			}
		})
	}
}
