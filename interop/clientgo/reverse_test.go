package clientgo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	restclient "k8s.io/client-go/rest"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"k8s.io/client-go/util/flowcontrol"

	"github.com/clientgen/clientgen/runtime/rest"
)

var ignoreClientGoValues = cmpopts.IgnoreFields(restclient.Config{}, "Dial", "WrapTransport", "RateLimiter", "WarningHandler", "WarningHandlerWithContext", "Proxy")

// fullClientGoConfig sets every client-go field that FromClientGo carries
// and ToClientGo gives back as it was.
func fullClientGoConfig(t testing.TB) *restclient.Config {
	t.Helper()
	gv := schema.GroupVersion{Group: "apps", Version: "v1"}
	return &restclient.Config{
		Host:    "https://cluster.example:6443",
		APIPath: "/apis",
		ContentConfig: restclient.ContentConfig{
			GroupVersion: &gv, ContentType: "application/json", AcceptContentTypes: "application/json",
		},
		Username: "u", Password: "p", BearerToken: "tok", BearerTokenFile: "/token",
		Impersonate: restclient.ImpersonationConfig{UserName: "jane", UID: "1", Groups: []string{"g"}, Extra: map[string][]string{"k": {"v"}}},
		ExecProvider: &clientcmdapi.ExecConfig{
			Command: "plugin", Args: []string{"a"}, Env: []clientcmdapi.ExecEnvVar{{Name: "N", Value: "V"}},
			APIVersion: "client.authentication.k8s.io/v1", InstallHint: "hint", ProvideClusterInfo: true,
			InteractiveMode: clientcmdapi.NeverExecInteractiveMode,
			Config:          &runtime.Unknown{Raw: []byte(`{"audience":"x"}`), ContentType: runtime.ContentTypeJSON},
			PluginPolicy:    clientcmdapi.PluginPolicy{PolicyType: clientcmdapi.PluginPolicyAllowlist, Allowlist: []clientcmdapi.AllowlistEntry{{Command: "plugin"}}},
		},
		TLSClientConfig: restclient.TLSClientConfig{
			ServerName: "kubernetes", CertFile: "/c", KeyFile: "/k", CAFile: "/ca",
			CertData: []byte("cert"), KeyData: []byte("key"), CAData: []byte("ca"), NextProtos: []string{"http/1.1"},
		},
		UserAgent:                 "agent",
		QPS:                       20,
		Burst:                     30,
		RateLimiter:               flowcontrol.NewTokenBucketRateLimiter(20, 30),
		WarningHandlerWithContext: &recordingWarnings{},
		Timeout:                   time.Minute,
		Proxy:                     http.ProxyURL(&url.URL{Scheme: "http", Host: "proxy:3128"}),
		WrapTransport:             func(rt http.RoundTripper) http.RoundTripper { return rt },
		Dial:                      func(context.Context, string, string) (net.Conn, error) { return nil, errors.New("no network") },
	}
}

func TestRoundTripFromClientGoAndBack(t *testing.T) {
	in := fullClientGoConfig(t)
	cg, err := FromClientGo(in)
	if err != nil {
		t.Fatalf("FromClientGo: %v", err)
	}
	back, err := ToClientGo(cg)
	if err != nil {
		t.Fatalf("ToClientGo: %v", err)
	}
	if diff := cmp.Diff(in, back, ignoreClientGoValues); diff != "" {
		t.Errorf("client-go -> clientgen -> client-go (-want +got):\n%s", diff)
	}
	if back.RateLimiter != in.RateLimiter {
		t.Errorf("RateLimiter came back as %T, want the original limiter", back.RateLimiter)
	}
	if back.WarningHandlerWithContext != in.WarningHandlerWithContext || back.WarningHandler != nil {
		t.Errorf("warning handlers came back as %v / %v, want the original contextual one alone", back.WarningHandler, back.WarningHandlerWithContext)
	}
	p, err := back.Proxy(&http.Request{URL: &url.URL{Scheme: "https", Host: "cluster.example:6443"}})
	if err != nil || p == nil || p.String() != "http://proxy:3128" {
		t.Errorf("Proxy came back answering %v, %v; want http://proxy:3128", p, err)
	}
	if back.WrapTransport == nil || back.Dial == nil {
		t.Errorf("WrapTransport or Dial was lost: %v %v", back.WrapTransport != nil, back.Dial != nil)
	}
}

func TestRoundTripFromClientgenAndBack(t *testing.T) {
	gv := schema.GroupVersion{Version: "v1"}
	in := &rest.Config{
		Host: "https://cluster.example", APIPath: "/api",
		ContentConfig: rest.ContentConfig{GroupVersion: &gv, ContentType: "application/vnd.kubernetes.protobuf"},
		Username:      "u", Password: "p", BearerToken: "t", BearerTokenFile: "/t",
		ExecProvider: &rest.ExecConfig{Command: "c", Args: []string{"a"}, Env: []rest.ExecEnvVar{{Name: "N", Value: "V"}},
			APIVersion: rest.ExecAPIVersionV1beta1, InstallHint: "h", ProvideClusterInfo: true, Config: json.RawMessage(`{"a":1}`), InteractiveMode: "IfAvailable",
			PluginPolicy: rest.ExecPluginPolicy{Type: rest.ExecPolicyDenyAll}},
		TLSClientConfig: rest.TLSClientConfig{Insecure: true, ServerName: "s", CertData: []byte("c"), KeyData: []byte("k"), NextProtos: []string{"h2"}},
		Impersonate:     rest.ImpersonationConfig{UserName: "u", Groups: []string{"g"}},
		ProxyURL:        "socks5://proxy:1080",
		UserAgent:       "ua", QPS: 1, Burst: 2, Timeout: time.Second,
	}
	back, err := roundTripClientgen(t, in)
	if err != nil {
		t.Fatal(err)
	}
	// client-go has only the func: ProxyURL comes back as a Proxy func
	// that names the same proxy for every request.
	want := *in
	want.ProxyURL = ""
	if diff := cmp.Diff(&want, back, ignoreValues); diff != "" {
		t.Errorf("clientgen -> client-go -> clientgen (-want +got):\n%s", diff)
	}
	if back.Proxy == nil {
		t.Fatal("ProxyURL came back as no Proxy func")
	}
	if u, err := back.Proxy(&http.Request{URL: &url.URL{Scheme: "https", Host: "cluster.example"}}); err != nil || u == nil || u.String() != "socks5://proxy:1080" {
		t.Errorf("ProxyURL came back as a Proxy func answering %v, %v; want socks5://proxy:1080", u, err)
	}
}

func roundTripClientgen(t testing.TB, in *rest.Config) (*rest.Config, error) {
	t.Helper()
	cg, err := ToClientGo(in)
	if err != nil {
		return nil, err
	}
	return FromClientGo(cg)
}

func TestToClientGoCarriesInClientGosTerms(t *testing.T) {
	t.Run("ProxyURL becomes clientcmd's proxy func", func(t *testing.T) {
		got, err := ToClientGo(&rest.Config{Host: "https://h", ProxyURL: "http://user:pw@proxy:3128"})
		if err != nil {
			t.Fatal(err)
		}
		u, err := got.Proxy(&http.Request{URL: &url.URL{Scheme: "https", Host: "elsewhere"}})
		if err != nil || u.String() != "http://user:pw@proxy:3128" {
			t.Errorf("Proxy answered %v, %v", u, err)
		}
	})
	t.Run("a Proxy func is handed over", func(t *testing.T) {
		var asked string
		got, err := ToClientGo(&rest.Config{Host: "https://h", Proxy: func(r *http.Request) (*url.URL, error) {
			asked = r.URL.String()
			return &url.URL{Scheme: "http", Host: "per-request-proxy:3128"}, nil
		}})
		if err != nil {
			t.Fatal(err)
		}
		u, err := got.Proxy(&http.Request{URL: &url.URL{Scheme: "https", Host: "h", Path: "/api"}})
		if err != nil || u.String() != "http://per-request-proxy:3128" || asked != "https://h/api" {
			t.Errorf("Proxy answered %v, %v after being asked about %q; want the clientgen func's answer for https://h/api", u, err, asked)
		}
	})
	t.Run("the exec extension becomes the runtime.Unknown clientcmd keeps", func(t *testing.T) {
		got, err := ToClientGo(&rest.Config{ExecProvider: &rest.ExecConfig{Command: "c", Config: json.RawMessage(`{"a":1}`)}})
		if err != nil {
			t.Fatal(err)
		}
		want := &runtime.Unknown{Raw: []byte(`{"a":1}`), ContentType: runtime.ContentTypeJSON}
		if diff := cmp.Diff(want, got.ExecProvider.Config); diff != "" {
			t.Errorf("ExecProvider.Config (-want +got):\n%s", diff)
		}
	})
	t.Run("a plain warning handler is handed over", func(t *testing.T) {
		r := &recordingWarnings{}
		got, err := ToClientGo(&rest.Config{WarningHandler: plainWarnings{r}})
		if err != nil {
			t.Fatal(err)
		}
		got.WarningHandler.HandleWarningHeader(299, "-", "w")
		if diff := cmp.Diff([]string{"plain:w"}, r.got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
}

func TestToClientGoRefusesWhatClientGoHasOnlyProcessWide(t *testing.T) {
	tests := []struct {
		name       string
		in         rest.Config
		wantFields []string
		wantText   string
	}{
		{name: "CBOR preference is refused", in: rest.Config{ContentConfig: rest.ContentConfig{PreferCBOR: true}}, wantFields: []string{"PreferCBOR"}, wantText: "feature gates"},
		{name: "a Wait-only rate limiter is refused", in: rest.Config{RateLimiter: rest.NewRateLimiter(1, 1)}, wantFields: []string{"RateLimiter"}, wantText: "TryAccept"},
		{name: "an unparsable proxy URL is refused without its password", in: rest.Config{ProxyURL: "http://user:SECRET@"}, wantFields: []string{"ProxyURL"}, wantText: "is not a proxy URL"},
		{
			name:       "a Proxy func beside a ProxyURL is refused without the proxy's password",
			in:         rest.Config{ProxyURL: "http://user:SECRET@proxy:3128", Proxy: http.ProxyFromEnvironment},
			wantFields: []string{"Proxy"},
			wantText:   "set only one",
		},
		{name: "a retry policy is refused", in: rest.Config{RetryPolicy: rest.DefaultRetryPolicy()}, wantFields: []string{"RetryPolicy"}, wantText: "retry policy"},
		{name: "a logger is refused", in: rest.Config{Logger: slog.Default()}, wantFields: []string{"Logger"}, wantText: "klog"},
		{name: "metrics are refused", in: rest.Config{Metrics: rest.NoMetrics{}}, wantFields: []string{"Metrics"}, wantText: "metrics.Register"},
		{name: "a default field manager is refused", in: rest.Config{FieldManager: "my-controller"}, wantFields: []string{"FieldManager"}, wantText: `"my-controller"`},
		{name: "HTTP/2 health check timeouts are refused", in: rest.Config{HTTP2PingTimeout: time.Second}, wantFields: []string{"HTTP2ReadIdleTimeout"}, wantText: "HTTP2_PING_TIMEOUT_SECONDS"},
		{name: "a plugin stderr writer is refused", in: rest.Config{ExecProvider: &rest.ExecConfig{Command: "c", Stderr: &bytes.Buffer{}}}, wantFields: []string{"ExecProvider.Stderr"}, wantText: "standard error"},
		{
			name:       "every refused field is reported at once",
			in:         rest.Config{FieldManager: "m", Logger: slog.Default(), ContentConfig: rest.ContentConfig{PreferCBOR: true}},
			wantFields: []string{"PreferCBOR", "Logger", "FieldManager"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ToClientGo(&tt.in)
			if err == nil {
				t.Fatalf("ToClientGo succeeded with %v, want an error", got)
			}
			var fields []string
			for _, fe := range FieldErrors(err) {
				fields = append(fields, fe.Field)
			}
			if diff := cmp.Diff(tt.wantFields, fields); diff != "" {
				t.Errorf("refused fields (-want +got):\n%s\nerror: %v", diff, err)
			}
			if !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("error %q does not say %q", err, tt.wantText)
			}
			if strings.Contains(err.Error(), "SECRET") {
				t.Errorf("error shows a secret: %q", err)
			}
		})
	}
}
