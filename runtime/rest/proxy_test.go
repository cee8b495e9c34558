package rest_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clientgen/clientgen/runtime/rest"
)

// proxyAsked records the URLs a Config.Proxy func was asked about.
type proxyAsked struct {
	mu   sync.Mutex
	urls []string
}

func (p *proxyAsked) record(r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.urls = append(p.urls, r.URL.String())
}

func (p *proxyAsked) asked() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.urls...)
}

// widgetHandler answers every request with a Widget whose spec is the
// request line's target, so a test can tell a proxied request (absolute
// URL) from a direct one (path only).
func widgetHandler(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	spec, _ := json.Marshal(r.RequestURI)
	_, _ = fmt.Fprintf(w, `{"kind":"Widget","apiVersion":"example.com/v1","spec":%s}`, spec)
}

func TestConfigProxyIsAskedAboutEveryRequest(t *testing.T) {
	proxy := newServer(t, http.HandlerFunc(widgetHandler))
	proxyURL, err := url.Parse(proxy.URL)
	if err != nil {
		t.Fatal(err)
	}
	direct := newServer(t, http.HandlerFunc(widgetHandler))
	// No server listens on the .invalid host: only a request sent through
	// the proxy can be answered.
	const unreachable = "http://cluster.invalid"
	tests := []struct {
		name     string
		host     string
		answer   func(*http.Request) (*url.URL, error)
		wantSpec []string
		wantErr  string
	}{
		{
			name:     "a URL sends each request through that proxy",
			host:     unreachable,
			answer:   func(*http.Request) (*url.URL, error) { return proxyURL, nil },
			wantSpec: []string{unreachable + "/apis/example.com/v1/widgets/a", unreachable + "/apis/example.com/v1/widgets/b"},
		},
		{
			name:     "a nil URL sends each request directly",
			host:     direct.URL,
			answer:   func(*http.Request) (*url.URL, error) { return nil, nil },
			wantSpec: []string{"/apis/example.com/v1/widgets/a", "/apis/example.com/v1/widgets/b"},
		},
		{
			name:    "an error fails the request with it",
			host:    direct.URL,
			answer:  func(*http.Request) (*url.URL, error) { return nil, errors.New("pac file unreachable") },
			wantErr: "pac file unreachable",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var asked proxyAsked
			c := newTestClient(t, tt.host, widgetGV, func(c *rest.Config) {
				c.RetryPolicy = &rest.RetryPolicy{} // an error is not retried, so each name is asked about once
				c.Proxy = func(r *http.Request) (*url.URL, error) {
					asked.record(r)
					return tt.answer(r)
				}
			})
			var specs []string
			for _, name := range []string{"a", "b"} {
				got := &Widget{}
				err := c.Get().Resource("widgets").Name(name).Do(t.Context()).Into(got)
				if tt.wantErr != "" {
					if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
						t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
					}
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				specs = append(specs, got.Spec)
			}
			if strings.Join(specs, " ") != strings.Join(tt.wantSpec, " ") {
				t.Errorf("the server saw request targets %q, want %q", specs, tt.wantSpec)
			}
			want := []string{tt.host + "/apis/example.com/v1/widgets/a", tt.host + "/apis/example.com/v1/widgets/b"}
			if got := asked.asked(); strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("Proxy was asked about %q, want each request: %q", got, want)
			}
		})
	}
}

func TestConfigProxyAndProxyURLTogetherAreRefused(t *testing.T) {
	cfg := &rest.Config{
		Host:     "https://cluster.example",
		ProxyURL: "http://user:pr0xy-password@proxy.example:3128",
		Proxy:    func(*http.Request) (*url.URL, error) { return nil, nil },
	}
	_, err := rest.HTTPClientFor(cfg)
	const want = "rest: Config.Proxy: set together with ProxyURL (http://user:xxxxx@proxy.example:3128); set only one"
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %q", err, want)
	}
}

func TestConfigStringShowsThatAProxyFuncIsSet(t *testing.T) {
	tests := []struct {
		name  string
		proxy func(*http.Request) (*url.URL, error)
		want  string
	}{
		{"a func prints as <func>", http.ProxyFromEnvironment, "Proxy:<func>,"},
		{"no func prints as <nil>", nil, "Proxy:<nil>,"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := rest.Config{Host: "https://cluster.example", Proxy: tt.proxy}
			for _, s := range []string{cfg.String(), fmt.Sprintf("%v", &cfg), fmt.Sprintf("%#v", cfg)} {
				if !strings.Contains(s, tt.want) {
					t.Errorf("%s\nwant it to contain %q", s, tt.want)
				}
				if strings.Contains(s, "0x") {
					t.Errorf("%s\nshows a pointer value", s)
				}
			}
		})
	}
}

func TestExecPluginClusterInfoHasTheProxyFuncsAnswerForTheServer(t *testing.T) {
	tests := []struct {
		name      string
		answer    *url.URL
		err       error
		wantProxy string
		wantErr   string
	}{
		{name: "a proxy for the server is the plugin's proxy-url", answer: &url.URL{Scheme: "http", Host: "proxy.example:3128"}, wantProxy: "http://proxy.example:3128"},
		{name: "no proxy for the server leaves proxy-url out", wantProxy: ""},
		{name: "an error fails building the client", err: errors.New("pac file unreachable"), wantErr: "rest: ExecProvider: asking Config.Proxy about the server"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newExecPlugin(t)
			p.willReturn(t, 0, "tok", time.Time{})
			s := &tokenServer{}
			s.accept("tok")
			srv := newTLSServer(t, s)
			var asked proxyAsked
			cfg := rest.ForGroupVersion(&rest.Config{Host: srv.URL, QPS: -1, RetryPolicy: fastRetries(), Logger: quietLogger}, widgetGV, testCodecs(t))
			cfg.TLSClientConfig.CAData = serverCAPEM(t, srv)
			cfg.ExecProvider = p.config()
			cfg.ExecProvider.ProvideClusterInfo = true
			cfg.Proxy = func(r *http.Request) (*url.URL, error) {
				asked.record(r)
				if r.URL.Path == "" {
					// The server itself: the plugin's question.
					return tt.answer, tt.err
				}
				return nil, nil // API requests go directly to the test server
			}
			c, err := rest.RESTClientFor(cfg)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "pac file unreachable") {
					t.Fatalf("error = %v, want it to contain %q and the func's error", err, tt.wantErr)
				}
				if p.runs(t) != 0 {
					t.Error("the plugin ran although the client could not be built")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Get().Resource("widgets").Do(t.Context()).Error(); err != nil {
				t.Fatal(err)
			}
			if got := asked.asked(); len(got) == 0 || got[0] != srv.URL {
				t.Errorf("Proxy was asked about %q first, want the server %q", got, srv.URL)
			}
			raw, err := os.ReadFile(filepath.Join(p.dir, "info.json"))
			if err != nil {
				t.Fatal(err)
			}
			var info struct {
				Spec struct {
					Cluster map[string]any `json:"cluster"`
				} `json:"spec"`
			}
			if err := json.Unmarshal(raw, &info); err != nil {
				t.Fatalf("KUBERNETES_EXEC_INFO %q: %v", raw, err)
			}
			got, has := info.Spec.Cluster["proxy-url"]
			if tt.wantProxy == "" && has {
				t.Errorf("cluster info has proxy-url %v, want none", got)
			}
			if tt.wantProxy != "" && got != tt.wantProxy {
				t.Errorf("cluster info proxy-url = %v, want %q", got, tt.wantProxy)
			}
		})
	}
}
