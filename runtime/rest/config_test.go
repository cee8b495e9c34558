package rest_test

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/clientgen/clientgen/runtime/rest"
)

func TestConfigStringNeverRevealsSecrets(t *testing.T) {
	cfg := &rest.Config{
		Host:        "https://user:host-password@example.test",
		Username:    "admin",
		Password:    "p4ssw0rd",
		BearerToken: "b34rer-t0ken",
		ExecProvider: &rest.ExecConfig{
			Command:    "get-token",
			Args:       []string{"--secret=ex3c-arg"},
			Env:        []rest.ExecEnvVar{{Name: "API_KEY", Value: "ex3c-env"}},
			APIVersion: rest.ExecAPIVersionV1,
			Config:     []byte(`{"key":"ex3c-config"}`),
		},
		ProxyURL:    "http://proxyuser:pr0xy-password@proxy.example:3128",
		RetryPolicy: rest.DefaultRetryPolicy(),
		TLSClientConfig: rest.TLSClientConfig{
			CertData: []byte("CERT-DATA"),
			KeyData:  []byte("K3Y-DATA"),
			CAData:   []byte("CA-DATA"),
		},
	}
	secrets := []string{"host-password", "p4ssw0rd", "b34rer-t0ken", "K3Y-DATA", "ex3c-arg", "ex3c-env", "ex3c-config", "pr0xy-password"}
	// A struct that embeds a Config value, as users' option structs do.
	type options struct {
		Name   string
		Config rest.Config
	}
	renderings := map[string]string{
		"String()":                   cfg.String(),
		"pointer %v":                 fmt.Sprintf("%v", cfg),
		"pointer %+v":                fmt.Sprintf("%+v", cfg),
		"pointer %#v":                fmt.Sprintf("%#v", cfg),
		"pointer %s":                 fmt.Sprintf("%s", cfg),
		"value %v":                   fmt.Sprintf("%v", *cfg),
		"value %+v":                  fmt.Sprintf("%+v", *cfg),
		"value %#v":                  fmt.Sprintf("%#v", *cfg),
		"value in a struct %+v":      fmt.Sprintf("%+v", options{"x", *cfg}),
		"value in a slice %v":        fmt.Sprintf("%v", []rest.Config{*cfg}),
		"TLSClientConfig %v":         fmt.Sprintf("%v", cfg.TLSClientConfig),
		"TLSClientConfig %+v":        fmt.Sprintf("%+v", cfg.TLSClientConfig),
		"TLSClientConfig %#v":        fmt.Sprintf("%#v", cfg.TLSClientConfig),
		"ExecProvider %+v":           fmt.Sprintf("%+v", cfg.ExecProvider),
		"ExecProvider %#v":           fmt.Sprintf("%#v", cfg.ExecProvider),
		"ForGroupVersion copy":       rest.ForGroupVersion(cfg, widgetGV, testCodecs(t)).String(),
		"WithSharedRateLimiter copy": fmt.Sprintf("%v", mustShare(t, cfg)),
	}
	for name, s := range renderings {
		for _, secret := range secrets {
			if strings.Contains(s, secret) {
				t.Errorf("%s leaks %q: %s", name, secret, s)
			}
		}
	}
	s := cfg.String()
	for _, want := range []string{`Username:"admin"`, "Password:--- REDACTED ---", "BearerToken:--- REDACTED ---", "KeyData:--- REDACTED ---", "example.test", `Command:"get-token"`, `"API_KEY"`, "proxy.example:3128"} {
		if !strings.Contains(s, want) {
			t.Errorf("String() = %s\nwant it to contain %q", s, want)
		}
	}
	var nilConfig *rest.Config
	if got := fmt.Sprintf("%v", nilConfig); got != "<nil>" {
		t.Errorf("a nil *Config prints as %q", got)
	}
}

func mustShare(tb testing.TB, c *rest.Config) *rest.Config {
	tb.Helper()
	out, err := rest.WithSharedRateLimiter(c)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func TestErrorsNeverRevealSecrets(t *testing.T) {
	srv := newTLSServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A misbehaving proxy that echoes request headers in an error body.
		w.WriteHeader(http.StatusUnauthorized)
	}))
	c := newTestClient(t, srv.URL, coreV1, func(c *rest.Config) {
		c.BearerToken = "b34rer-t0ken"
		c.TLSClientConfig.CAData = serverCAPEM(t, srv)
	})
	err := c.Get().Resource("pods").Do(t.Context()).Error()
	if err == nil || strings.Contains(err.Error(), "b34rer-t0ken") {
		t.Errorf("error = %v; want an error without the token", err)
	}

	for _, mutate := range []func(*rest.Config){
		func(c *rest.Config) { c.Host = "https://user:host-password@127.0.0.1:1" },
		func(c *rest.Config) { c.Password = "p4ssw0rd"; c.Username = "u" },
	} {
		basic := newTestClient(t, "https://127.0.0.1:1", coreV1, mutate)
		err = basic.Get().Resource("pods").Do(t.Context()).Error()
		if err == nil {
			t.Fatal("expected a connection error")
		}
		for _, secret := range []string{"host-password", "p4ssw0rd"} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error %q leaks %q", err, secret)
			}
		}
	}
}

func TestForGroupVersionConfiguresATypedClientWithoutMutatingTheInput(t *testing.T) {
	in := &rest.Config{Host: "https://example.test", UserAgent: "", TLSClientConfig: rest.TLSClientConfig{CAData: []byte("ca")}}
	codecs := testCodecs(t)
	tests := []struct {
		name        string
		gv          schema.GroupVersion
		wantAPIPath string
	}{
		{"the core group uses /api", schema.GroupVersion{Version: "v1"}, "/api"},
		{"a named group uses /apis", widgetGV, "/apis"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := rest.ForGroupVersion(in, tt.gv, codecs)
			if out == in {
				t.Fatal("ForGroupVersion returned its input")
			}
			if out.GroupVersion == nil || *out.GroupVersion != tt.gv || out.APIPath != tt.wantAPIPath || out.NegotiatedSerializer == nil {
				t.Errorf("got GroupVersion %v APIPath %q serializer %v", out.GroupVersion, out.APIPath, out.NegotiatedSerializer)
			}
			if !strings.HasPrefix(out.UserAgent, "clientgen/") {
				t.Errorf("UserAgent = %q, want the default", out.UserAgent)
			}
			out.TLSClientConfig.CAData[0] = 'X'
			if in.GroupVersion != nil || in.APIPath != "" || in.UserAgent != "" || string(in.TLSClientConfig.CAData) != "ca" {
				t.Errorf("input was mutated: %v", in)
			}
		})
	}
	if ua := rest.ForGroupVersion(&rest.Config{UserAgent: "mine"}, widgetGV, codecs).UserAgent; ua != "mine" {
		t.Errorf("an explicit UserAgent was replaced with %q", ua)
	}
}

func TestDefaultUserAgentNamesModulePlatformAndBinary(t *testing.T) {
	ua := rest.DefaultUserAgent()
	want := fmt.Sprintf(" (%s/%s) ", runtime.GOOS, runtime.GOARCH)
	if !strings.HasPrefix(ua, "clientgen/") || !strings.Contains(ua, want) || strings.HasSuffix(ua, " ") {
		t.Errorf("DefaultUserAgent() = %q, want clientgen/<version>%s<binary>", ua, want)
	}
}

func TestUserAgentIsSentByDefault(t *testing.T) {
	agents := make(chan string, 1)
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { agents <- r.UserAgent() }))
	c := newTestClient(t, srv.URL, coreV1)
	if err := c.Get().AbsPath("/").Do(t.Context()).Error(); err != nil {
		t.Fatal(err)
	}
	if got := <-agents; got != rest.DefaultUserAgent() {
		t.Errorf("User-Agent = %q, want %q", got, rest.DefaultUserAgent())
	}
}

func TestWithSharedRateLimiterSharesOneBudgetAcrossClients(t *testing.T) {
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	// One token, refilled every ~17 minutes: after one request the bucket is
	// empty for the rest of the test, so no timing is involved.
	base := &rest.Config{Host: srv.URL, QPS: 0.001, Burst: 1}
	shared, err := rest.WithSharedRateLimiter(base)
	if err != nil {
		t.Fatal(err)
	}
	if base.RateLimiter != nil {
		t.Fatal("WithSharedRateLimiter mutated its input")
	}
	if shared.RateLimiter == nil {
		t.Fatal("WithSharedRateLimiter did not set a RateLimiter")
	}
	newPair := func(cfg *rest.Config) (*rest.RESTClient, *rest.RESTClient) {
		a, err := rest.RESTClientFor(rest.ForGroupVersion(cfg, coreV1, testCodecs(t)))
		if err != nil {
			t.Fatal(err)
		}
		b, err := rest.RESTClientFor(rest.ForGroupVersion(cfg, widgetGV, testCodecs(t)))
		if err != nil {
			t.Fatal(err)
		}
		return a, b
	}
	// A short deadline makes the limiter fail fast instead of waiting.
	quick := func() (context.Context, context.CancelFunc) {
		return context.WithTimeout(t.Context(), 200*time.Millisecond)
	}

	t.Run("clients from the shared config draw from one bucket", func(t *testing.T) {
		a, b := newPair(shared)
		ctx, cancel := quick()
		defer cancel()
		if err := a.Get().AbsPath("/").Do(ctx).Error(); err != nil {
			t.Fatalf("first request: %v", err)
		}
		err := b.Get().AbsPath("/").Do(ctx).Error()
		if err == nil || !strings.Contains(err.Error(), "client rate limiter") {
			t.Fatalf("second client's request = %v, want it throttled by the shared limiter", err)
		}
	})
	t.Run("clients from an unshared config each have their own bucket", func(t *testing.T) {
		a, b := newPair(base)
		ctx, cancel := quick()
		defer cancel()
		if err := a.Get().AbsPath("/").Do(ctx).Error(); err != nil {
			t.Fatalf("first client: %v", err)
		}
		if err := b.Get().AbsPath("/").Do(ctx).Error(); err != nil {
			t.Fatalf("second client: %v", err)
		}
	})
	t.Run("watches are not rate limited", func(t *testing.T) {
		a, _ := newPair(shared)
		ctx, cancel := quick()
		defer cancel()
		if err := a.Get().AbsPath("/").Do(ctx).Error(); err == nil {
			t.Fatal("the bucket should be empty by now")
		}
		w, err := a.Get().AbsPath("/").Watch(ctx)
		if err != nil {
			t.Fatalf("Watch: %v", err)
		}
		w.Stop()
	})
}

func TestWithSharedRateLimiterValidatesAndKeepsAnExistingLimiter(t *testing.T) {
	custom := rest.NewRateLimiter(1, 1)
	tests := []struct {
		name    string
		cfg     *rest.Config
		wantErr string
	}{
		{"defaults apply when QPS and Burst are zero", &rest.Config{}, ""},
		{"a negative QPS disables limiting", &rest.Config{QPS: -1}, ""},
		{"a positive QPS needs a positive Burst", &rest.Config{QPS: 10}, "Burst must be greater than 0"},
		{"a negative Burst is rejected", &rest.Config{Burst: -1}, "Burst must be greater than 0"},
		{"an existing RateLimiter is kept", &rest.Config{RateLimiter: custom, QPS: 10}, ""},
		{"a nil config is rejected", nil, "nil Config"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := rest.WithSharedRateLimiter(tt.cfg)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if out.RateLimiter == nil {
				t.Fatal("RateLimiter not set")
			}
			if tt.cfg.RateLimiter != nil && out.RateLimiter != tt.cfg.RateLimiter {
				t.Error("an existing RateLimiter was replaced")
			}
		})
	}
}

func TestRateLimiterWaitHonoursTheContext(t *testing.T) {
	rl := rest.NewRateLimiter(0.001, 1)
	if err := rl.Wait(t.Context()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := rl.Wait(ctx); err == nil {
		t.Error("Wait on an empty bucket with a cancelled context succeeded")
	}
}
