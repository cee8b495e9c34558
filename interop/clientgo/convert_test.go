package clientgo

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	restclient "k8s.io/client-go/rest"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"k8s.io/client-go/util/flowcontrol"

	"github.com/clientgen/clientgen/runtime/rest"
)

// ignoreValues leaves out of a diff the fields holding funcs and
// interfaces; tests check those by identity or by calling them.
var ignoreValues = cmpopts.IgnoreFields(rest.Config{}, "Dial", "Proxy", "WrapTransport", "RateLimiter", "WarningHandler", "ContentConfig.NegotiatedSerializer")

func mustURL(t testing.TB, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestFromClientGoCarriesEachField(t *testing.T) {
	gv := schema.GroupVersion{Group: "apps", Version: "v1"}
	tests := []struct {
		name string
		in   restclient.Config
		want rest.Config
	}{
		{
			name: "host and API path are copied",
			in:   restclient.Config{Host: "https://cluster.example:6443/prefix", APIPath: "/apis"},
			want: rest.Config{Host: "https://cluster.example:6443/prefix", APIPath: "/apis"},
		},
		{
			name: "the content config's group version and media types are copied",
			in: restclient.Config{ContentConfig: restclient.ContentConfig{
				GroupVersion: &gv, ContentType: "application/vnd.kubernetes.protobuf", AcceptContentTypes: "application/vnd.kubernetes.protobuf,application/json",
			}},
			want: rest.Config{ContentConfig: rest.ContentConfig{
				GroupVersion: &gv, ContentType: "application/vnd.kubernetes.protobuf", AcceptContentTypes: "application/vnd.kubernetes.protobuf,application/json",
			}},
		},
		{
			name: "basic auth is copied",
			in:   restclient.Config{Username: "admin", Password: "secret"},
			want: rest.Config{Username: "admin", Password: "secret"},
		},
		{
			name: "a bearer token and a token file are both copied",
			in:   restclient.Config{BearerToken: "tok", BearerTokenFile: "/var/run/secrets/token"},
			want: rest.Config{BearerToken: "tok", BearerTokenFile: "/var/run/secrets/token"},
		},
		{
			name: "TLS files, server name and insecure are copied",
			in: restclient.Config{TLSClientConfig: restclient.TLSClientConfig{
				Insecure: true, ServerName: "kubernetes.default", CertFile: "/c.crt", KeyFile: "/c.key", CAFile: "/ca.crt",
			}},
			want: rest.Config{TLSClientConfig: rest.TLSClientConfig{
				Insecure: true, ServerName: "kubernetes.default", CertFile: "/c.crt", KeyFile: "/c.key", CAFile: "/ca.crt",
			}},
		},
		{
			name: "inline TLS data is copied",
			in: restclient.Config{TLSClientConfig: restclient.TLSClientConfig{
				CertData: []byte("cert"), KeyData: []byte("key"), CAData: []byte("ca"),
			}},
			want: rest.Config{TLSClientConfig: rest.TLSClientConfig{
				CertData: []byte("cert"), KeyData: []byte("key"), CAData: []byte("ca"),
			}},
		},
		{
			name: "the ALPN list is copied",
			in:   restclient.Config{TLSClientConfig: restclient.TLSClientConfig{NextProtos: []string{"http/1.1"}}},
			want: rest.Config{TLSClientConfig: rest.TLSClientConfig{NextProtos: []string{"http/1.1"}}},
		},
		{
			name: "an exec plugin is copied with the cluster's exec extension as JSON",
			in: restclient.Config{ExecProvider: &clientcmdapi.ExecConfig{
				Command: "gke-gcloud-auth-plugin", Args: []string{"--flag"},
				Env:        []clientcmdapi.ExecEnvVar{{Name: "A", Value: "1"}, {Name: "B", Value: "2"}},
				APIVersion: "client.authentication.k8s.io/v1", InstallHint: "install it", ProvideClusterInfo: true,
				InteractiveMode:  clientcmdapi.IfAvailableExecInteractiveMode,
				StdinUnavailable: true, StdinUnavailableMessage: "stdin is busy",
				PluginPolicy: clientcmdapi.PluginPolicy{PolicyType: clientcmdapi.PluginPolicyAllowAll},
				Config:       &runtime.Unknown{Raw: []byte(`{"audience":"06e3fbd18de8"}`)},
			}},
			want: rest.Config{ExecProvider: &rest.ExecConfig{
				Command: "gke-gcloud-auth-plugin", Args: []string{"--flag"},
				Env:        []rest.ExecEnvVar{{Name: "A", Value: "1"}, {Name: "B", Value: "2"}},
				APIVersion: "client.authentication.k8s.io/v1", InstallHint: "install it", ProvideClusterInfo: true,
				InteractiveMode: "IfAvailable",
				Config:          json.RawMessage(`{"audience":"06e3fbd18de8"}`),
				PluginPolicy:    rest.ExecPluginPolicy{Type: rest.ExecPolicyAllowAll},
			}},
		},
		{
			name: "a plugin allowlist is copied",
			in: restclient.Config{ExecProvider: &clientcmdapi.ExecConfig{Command: "p", APIVersion: "client.authentication.k8s.io/v1",
				PluginPolicy: clientcmdapi.PluginPolicy{PolicyType: clientcmdapi.PluginPolicyAllowlist, Allowlist: []clientcmdapi.AllowlistEntry{{Command: "p"}, {Command: "/usr/bin/q"}}}}},
			want: rest.Config{ExecProvider: &rest.ExecConfig{Command: "p", APIVersion: "client.authentication.k8s.io/v1",
				PluginPolicy: rest.ExecPluginPolicy{Type: rest.ExecPolicyAllowlist, Allowlist: []rest.ExecAllowlistEntry{{Command: "p"}, {Command: "/usr/bin/q"}}}}},
		},
		{
			name: "a policy denying every plugin is copied",
			in: restclient.Config{ExecProvider: &clientcmdapi.ExecConfig{Command: "p", APIVersion: "client.authentication.k8s.io/v1",
				PluginPolicy: clientcmdapi.PluginPolicy{PolicyType: clientcmdapi.PluginPolicyDenyAll}}},
			want: rest.Config{ExecProvider: &rest.ExecConfig{Command: "p", APIVersion: "client.authentication.k8s.io/v1",
				PluginPolicy: rest.ExecPluginPolicy{Type: rest.ExecPolicyDenyAll}}},
		},
		{
			name: "an empty allowlist stays empty, not nil, for validation to name",
			in: restclient.Config{ExecProvider: &clientcmdapi.ExecConfig{Command: "p", APIVersion: "client.authentication.k8s.io/v1",
				PluginPolicy: clientcmdapi.PluginPolicy{PolicyType: clientcmdapi.PluginPolicyAllowlist, Allowlist: []clientcmdapi.AllowlistEntry{}}}},
			want: rest.Config{ExecProvider: &rest.ExecConfig{Command: "p", APIVersion: "client.authentication.k8s.io/v1",
				PluginPolicy: rest.ExecPluginPolicy{Type: rest.ExecPolicyAllowlist, Allowlist: []rest.ExecAllowlistEntry{}}}},
		},
		{
			name: "an exec extension given as a typed object is marshalled to JSON",
			in: restclient.Config{ExecProvider: &clientcmdapi.ExecConfig{
				Command: "plugin", APIVersion: "client.authentication.k8s.io/v1beta1", InteractiveMode: clientcmdapi.NeverExecInteractiveMode,
				Config: &unstructured.Unstructured{Object: map[string]any{"audience": "a"}},
			}},
			want: rest.Config{ExecProvider: &rest.ExecConfig{
				Command: "plugin", APIVersion: "client.authentication.k8s.io/v1beta1", InteractiveMode: "Never",
				Config: json.RawMessage(`{"audience":"a"}`),
			}},
		},
		{
			name: "impersonation of user, uid, groups and extra is copied",
			in: restclient.Config{Impersonate: restclient.ImpersonationConfig{
				UserName: "jane", UID: "u-1", Groups: []string{"devs", "qa"}, Extra: map[string][]string{"example.com/team": {"blue"}},
			}},
			want: rest.Config{Impersonate: rest.ImpersonationConfig{
				UserName: "jane", UID: "u-1", Groups: []string{"devs", "qa"}, Extra: map[string][]string{"example.com/team": {"blue"}},
			}},
		},
		{
			name: "QPS and Burst are copied",
			in:   restclient.Config{QPS: 50, Burst: 100},
			want: rest.Config{QPS: 50, Burst: 100},
		},
		{
			name: "a QPS without a Burst gets client-go's default burst of 10",
			in:   restclient.Config{QPS: 20},
			want: rest.Config{QPS: 20, Burst: 10},
		},
		{
			name: "ctrl.GetConfig's negative QPS (no client-side limit) is copied",
			in:   restclient.Config{QPS: -1},
			want: rest.Config{QPS: -1},
		},
		{
			name: "timeout and user agent are copied",
			in:   restclient.Config{Timeout: 42 * time.Second, UserAgent: "manager/v1.2.3"},
			want: rest.Config{Timeout: 42 * time.Second, UserAgent: "manager/v1.2.3"},
		},
		{
			name: "an auth provider persister without an auth provider has nothing to persist",
			in:   restclient.Config{Host: "https://cluster.example", AuthConfigPersister: nopPersister{}},
			want: rest.Config{Host: "https://cluster.example"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FromClientGo(&tt.in)
			if err != nil {
				t.Fatalf("FromClientGo: %v", err)
			}
			if diff := cmp.Diff(&tt.want, got, ignoreValues); diff != "" {
				t.Errorf("FromClientGo (-want +got):\n%s", diff)
			}
		})
	}
}

type namedSerializer struct{ runtime.NegotiatedSerializer }

type nopPersister struct{}

func (nopPersister) Persist(map[string]string) error { return nil }

func TestFromClientGoSharesNothingMutable(t *testing.T) {
	gv := schema.GroupVersion{Version: "v1"}
	in := &restclient.Config{
		ContentConfig:   restclient.ContentConfig{GroupVersion: &gv},
		TLSClientConfig: restclient.TLSClientConfig{CAData: []byte("ca"), CertData: []byte("cert"), KeyData: []byte("key"), NextProtos: []string{"http/1.1"}},
		Impersonate:     restclient.ImpersonationConfig{UserName: "u", Groups: []string{"g"}, Extra: map[string][]string{"k": {"v"}}},
		ExecProvider: &clientcmdapi.ExecConfig{Command: "p", APIVersion: "client.authentication.k8s.io/v1", Args: []string{"a"},
			Env: []clientcmdapi.ExecEnvVar{{Name: "N", Value: "V"}}, Config: &runtime.Unknown{Raw: []byte(`{"a":1}`)},
			PluginPolicy: clientcmdapi.PluginPolicy{PolicyType: clientcmdapi.PluginPolicyAllowlist, Allowlist: []clientcmdapi.AllowlistEntry{{Command: "p"}}}},
	}
	got, err := FromClientGo(in)
	if err != nil {
		t.Fatal(err)
	}
	gv.Version = "changed"
	in.TLSClientConfig.CAData[0], in.TLSClientConfig.CertData[0], in.TLSClientConfig.KeyData[0] = 'X', 'X', 'X'
	in.TLSClientConfig.NextProtos[0] = "X"
	in.Impersonate.Groups[0] = "X"
	in.Impersonate.Extra["k"][0] = "X"
	in.ExecProvider.Args[0] = "X"
	in.ExecProvider.Env[0].Value = "X"
	in.ExecProvider.Config.(*runtime.Unknown).Raw[2] = 'X'
	in.ExecProvider.PluginPolicy.Allowlist[0].Command = "X"
	want := &rest.Config{
		ContentConfig:   rest.ContentConfig{GroupVersion: &schema.GroupVersion{Version: "v1"}},
		TLSClientConfig: rest.TLSClientConfig{CAData: []byte("ca"), CertData: []byte("cert"), KeyData: []byte("key"), NextProtos: []string{"http/1.1"}},
		Impersonate:     rest.ImpersonationConfig{UserName: "u", Groups: []string{"g"}, Extra: map[string][]string{"k": {"v"}}},
		ExecProvider: &rest.ExecConfig{Command: "p", APIVersion: "client.authentication.k8s.io/v1", Args: []string{"a"},
			Env: []rest.ExecEnvVar{{Name: "N", Value: "V"}}, Config: json.RawMessage(`{"a":1}`),
			PluginPolicy: rest.ExecPluginPolicy{Type: rest.ExecPolicyAllowlist, Allowlist: []rest.ExecAllowlistEntry{{Command: "p"}}}},
	}
	if diff := cmp.Diff(want, got, ignoreValues); diff != "" {
		t.Errorf("changing the client-go Config changed the converted one (-want +got):\n%s", diff)
	}
}

// recordingWarnings records what a warning handler was given.
type recordingWarnings struct{ got []string }

func (r *recordingWarnings) HandleWarningHeader(code int, agent, text string) {
	r.got = append(r.got, "plain:"+text)
}

func (r *recordingWarnings) HandleWarningHeaderWithContext(ctx context.Context, code int, agent, text string) {
	if ctx == nil {
		r.got = append(r.got, "nil context")
	}
	r.got = append(r.got, "context:"+text)
}

// plainWarnings has only client-go's plain WarningHandler method.
type plainWarnings struct{ r *recordingWarnings }

func (p plainWarnings) HandleWarningHeader(code int, agent, text string) {
	p.r.HandleWarningHeader(code, agent, text)
}

func TestFromClientGoCarriesFuncsAndInterfaces(t *testing.T) {
	t.Run("the rate limiter is the client-go limiter itself", func(t *testing.T) {
		rl := flowcontrol.NewTokenBucketRateLimiter(7, 3)
		got, err := FromClientGo(&restclient.Config{RateLimiter: rl})
		if err != nil {
			t.Fatal(err)
		}
		if got.RateLimiter != rest.RateLimiter(rl) {
			t.Errorf("RateLimiter = %T %p, want the client-go limiter %p", got.RateLimiter, got.RateLimiter, rl)
		}
	})
	t.Run("the negotiated serializer is shared", func(t *testing.T) {
		// A pointer, so identity can be compared.
		ns := &namedSerializer{serializer.NewCodecFactory(runtime.NewScheme()).WithoutConversion()}
		got, err := FromClientGo(&restclient.Config{ContentConfig: restclient.ContentConfig{NegotiatedSerializer: ns}})
		if err != nil {
			t.Fatal(err)
		}
		if got.NegotiatedSerializer != runtime.NegotiatedSerializer(ns) {
			t.Errorf("NegotiatedSerializer = %v, want the client-go one", got.NegotiatedSerializer)
		}
	})
	t.Run("a plain warning handler receives the warnings", func(t *testing.T) {
		r := &recordingWarnings{}
		got, err := FromClientGo(&restclient.Config{WarningHandler: plainWarnings{r}})
		if err != nil {
			t.Fatal(err)
		}
		got.WarningHandler.HandleWarningHeader(299, "-", "deprecated")
		if diff := cmp.Diff([]string{"plain:deprecated"}, r.got); diff != "" {
			t.Errorf("handler calls (-want +got):\n%s", diff)
		}
	})
	t.Run("a contextual warning handler wins over a plain one and gets a context", func(t *testing.T) {
		r, plain := &recordingWarnings{}, &recordingWarnings{}
		got, err := FromClientGo(&restclient.Config{WarningHandler: plainWarnings{plain}, WarningHandlerWithContext: r})
		if err != nil {
			t.Fatal(err)
		}
		got.WarningHandler.HandleWarningHeader(299, "-", "deprecated")
		if diff := cmp.Diff([]string{"context:deprecated"}, r.got); diff != "" {
			t.Errorf("contextual handler calls (-want +got):\n%s", diff)
		}
		if len(plain.got) != 0 {
			t.Errorf("the plain handler was called too: %q", plain.got)
		}
	})
	t.Run("Dial is the client-go dialer", func(t *testing.T) {
		dialed := ""
		dial := func(ctx context.Context, network, address string) (net.Conn, error) {
			dialed = network + " " + address
			return nil, errors.New("no network in this test")
		}
		got, err := FromClientGo(&restclient.Config{Dial: dial})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := got.Dial(context.Background(), "tcp", "cluster.example:6443"); err == nil {
			t.Fatal("Dial succeeded, want the test dialer's error")
		}
		if dialed != "tcp cluster.example:6443" {
			t.Errorf("the client-go dialer saw %q", dialed)
		}
	})
	t.Run("the proxy func is the client-go func, asked about every request", func(t *testing.T) {
		// A forward proxy for plain http answers itself with the request
		// target it was given (an absolute URL when proxied).
		proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, r.RequestURI)
		}))
		t.Cleanup(proxy.Close)
		var asked []string
		in := &restclient.Config{Host: "http://cluster.invalid", Proxy: func(r *http.Request) (*url.URL, error) {
			asked = append(asked, r.URL.String())
			return mustURL(t, proxy.URL), nil
		}}
		got, err := FromClientGo(in)
		if err != nil {
			t.Fatal(err)
		}
		if got.ProxyURL != "" {
			t.Errorf("ProxyURL = %q, want it empty beside the func", got.ProxyURL)
		}
		hc, err := rest.HTTPClientFor(got)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(hc.CloseIdleConnections)
		var targets []string
		for _, path := range []string{"/version", "/api"} {
			resp, err := hc.Get("http://cluster.invalid" + path)
			if err != nil {
				t.Fatalf("GET %s: %v", path, err)
			}
			b, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			targets = append(targets, string(b))
		}
		want := []string{"http://cluster.invalid/version", "http://cluster.invalid/api"}
		if diff := cmp.Diff(want, targets); diff != "" {
			t.Errorf("request targets the proxy saw (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(want, asked); diff != "" {
			t.Errorf("URLs the client-go func was asked about (-want +got):\n%s", diff)
		}
	})
	t.Run("WrapTransport is the client-go wrapper", func(t *testing.T) {
		marker := roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, errors.New("marker") })
		got, err := FromClientGo(&restclient.Config{WrapTransport: func(http.RoundTripper) http.RoundTripper { return marker }})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := got.WrapTransport(http.DefaultTransport).RoundTrip(&http.Request{}); err == nil || err.Error() != "marker" {
			t.Errorf("the wrapped transport answered %v, want the client-go wrapper's marker", err)
		}
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestFromClientGoRefusesWhatClientgenCannotHonour(t *testing.T) {
	tests := []struct {
		name       string
		in         restclient.Config
		wantFields []string
		wantText   []string
	}{
		{
			name:       "an auth provider is refused by name",
			in:         restclient.Config{AuthProvider: &clientcmdapi.AuthProviderConfig{Name: "oidc", Config: map[string]string{"id-token": "secret"}}},
			wantFields: []string{"AuthProvider"},
			wantText:   []string{`auth provider "oidc" is not supported`, "exec credential plugin"},
		},
		{
			name:       "a custom transport is refused",
			in:         restclient.Config{Transport: http.DefaultTransport},
			wantFields: []string{"Transport"},
			wantText:   []string{"*http.Transport", "WrapTransport", "NewForConfigAndClient"},
		},
		{
			name:       "an exec plugin that must be interactive is refused",
			in:         restclient.Config{ExecProvider: &clientcmdapi.ExecConfig{Command: "p", APIVersion: "client.authentication.k8s.io/v1", InteractiveMode: clientcmdapi.AlwaysExecInteractiveMode}},
			wantFields: []string{"ExecProvider.InteractiveMode"},
			wantText:   []string{"Always is not supported"},
		},
		{
			name:       "an exec extension that is not JSON is refused",
			in:         restclient.Config{ExecProvider: &clientcmdapi.ExecConfig{Command: "p", APIVersion: "client.authentication.k8s.io/v1", Config: &runtime.Unknown{Raw: []byte("a: b"), ContentType: "application/yaml"}}},
			wantFields: []string{"ExecProvider.Config"},
			wantText:   []string{"not JSON"},
		},
		{
			name: "every refused field is reported at once, without secrets",
			in: restclient.Config{
				AuthProvider:    &clientcmdapi.AuthProviderConfig{Name: "gcp", Config: map[string]string{"access-token": "SECRET"}},
				Transport:       http.DefaultTransport,
				ExecProvider:    &clientcmdapi.ExecConfig{Command: "p", Args: []string{"SECRET"}, InteractiveMode: clientcmdapi.AlwaysExecInteractiveMode},
				TLSClientConfig: restclient.TLSClientConfig{KeyData: []byte("SECRET")},
				BearerToken:     "SECRET",
			},
			wantFields: []string{"AuthProvider", "ExecProvider.InteractiveMode", "Transport"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FromClientGo(&tt.in)
			if err == nil {
				t.Fatalf("FromClientGo succeeded with %v, want an error", got)
			}
			if got != nil {
				t.Errorf("FromClientGo returned a Config with its error: %v", got)
			}
			var fields []string
			for _, fe := range FieldErrors(err) {
				fields = append(fields, fe.Field)
			}
			if diff := cmp.Diff(tt.wantFields, fields); diff != "" {
				t.Errorf("refused fields (-want +got):\n%s\nerror: %v", diff, err)
			}
			msg := err.Error()
			for _, want := range tt.wantText {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q does not say %q", msg, want)
				}
			}
			if strings.Contains(msg, "SECRET") {
				t.Errorf("error shows a secret: %q", msg)
			}
			if !strings.HasPrefix(msg, "clientgo: Config.") {
				t.Errorf("error %q does not name the Config field first", msg)
			}
		})
	}
}

func TestFromClientGoRefusesANilConfig(t *testing.T) {
	if _, err := FromClientGo(nil); err == nil || !strings.Contains(err.Error(), "nil Config") {
		t.Errorf("FromClientGo(nil) = %v, want a nil Config error", err)
	}
	if _, err := ToClientGo(nil); err == nil || !strings.Contains(err.Error(), "nil Config") {
		t.Errorf("ToClientGo(nil) = %v, want a nil Config error", err)
	}
}
