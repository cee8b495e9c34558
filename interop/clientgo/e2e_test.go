//go:build e2e

// The end-to-end tests build client-go Configs the ways controller-runtime
// and client-go programs do (clientcmd, ctrl.GetConfig, by hand), convert
// them, and make real requests with clientgen's clients against the real
// kube-apiserver that internal/testserver starts (make e2e builds it). They
// never skip: if the server cannot start, every test fails with the reason.
package clientgo_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	authenticationv1 "k8s.io/api/authentication/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	cgdiscovery "k8s.io/client-go/discovery"
	restclient "k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	crconfig "sigs.k8s.io/controller-runtime/pkg/client/config"

	"github.com/clientgen/clientgen/internal/testserver"
	"github.com/clientgen/clientgen/interop/clientgo"
	"github.com/clientgen/clientgen/runtime/dynamic"
	"github.com/clientgen/clientgen/runtime/rest"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset"
)

// server is the one apiserver of this test binary; set by TestMain.
var server *testserver.Server

func TestMain(m *testing.M) {
	os.Exit(testserver.RunTests(m, "interop/clientgo e2e", func(s *testserver.Server) { server = s }))
}

func testContext(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// clientcmdConfig loads the server's kubeconfig in kubeContext the way
// ctrl.GetConfig does (clientcmd's non-interactive deferred loading).
func clientcmdConfig(t testing.TB, path, kubeContext string) *restclient.Config {
	t.Helper()
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
		&clientcmd.ClientConfigLoadingRules{ExplicitPath: path},
		&clientcmd.ConfigOverrides{CurrentContext: kubeContext},
	).ClientConfig()
	if err != nil {
		t.Fatalf("clientcmd loading %s context %q: %v", path, kubeContext, err)
	}
	return cfg
}

func writeFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// whoAmI asks the server, with a SelfSubjectReview sent by clientgen's
// request builder, who cfg authenticates as.
func whoAmI(ctx context.Context, t testing.TB, cfg *rest.Config) (authenticationv1.UserInfo, error) {
	t.Helper()
	gv := authenticationv1.SchemeGroupVersion
	scheme := runtime.NewScheme()
	if err := authenticationv1.AddToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	c, err := rest.RESTClientFor(rest.ForGroupVersion(cfg, gv, serializer.NewCodecFactory(scheme)))
	if err != nil {
		t.Fatalf("RESTClientFor: %v", err)
	}
	t.Cleanup(c.HTTPClient().CloseIdleConnections)
	out := &authenticationv1.SelfSubjectReview{}
	err = c.Post().Resource("selfsubjectreviews").Body(&authenticationv1.SelfSubjectReview{}).Do(ctx).Into(out)
	got := out.Status.UserInfo
	// The server adds the credential's ID (a certificate's or token's
	// hash) when nobody is impersonated.
	delete(got.Extra, "authentication.kubernetes.io/credential-id")
	if len(got.Extra) == 0 {
		got.Extra = nil
	}
	slices.Sort(got.Groups)
	return got, err
}

// useConverted makes the requests a program would with cfg converted:
// the server version through a generated clientset's discovery client,
// the namespaces through clientgen's dynamic client, and who the server
// says the caller is.
func useConverted(ctx context.Context, t *testing.T, in *restclient.Config, wantUser authenticationv1.UserInfo) {
	t.Helper()
	cfg, err := clientgo.FromClientGo(in)
	if err != nil {
		t.Fatalf("FromClientGo: %v", err)
	}

	cs, err := clientset.NewForConfig(cfg)
	if err != nil {
		t.Fatalf("clientset.NewForConfig: %v", err)
	}
	info, err := cs.Discovery().ServerVersionWithContext(ctx)
	if err != nil {
		t.Fatalf("ServerVersion: %v", err)
	}
	if info.GitVersion != testserver.KubeVersion {
		t.Errorf("ServerVersion = %q, want %q", info.GitVersion, testserver.KubeVersion)
	}

	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatalf("dynamic.NewForConfig: %v", err)
	}
	list, err := dyn.Resource(schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}).List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatalf("listing namespaces: %v", err)
	}
	var names []string
	for _, ns := range list.Items {
		names = append(names, ns.GetName())
	}
	for _, want := range []string{"default", "kube-system"} {
		if !slices.Contains(names, want) {
			t.Errorf("namespaces %q lack %q", names, want)
		}
	}

	got, err := whoAmI(ctx, t, cfg)
	if err != nil {
		t.Fatalf("SelfSubjectReview: %v", err)
	}
	slices.Sort(wantUser.Groups)
	if diff := cmp.Diff(wantUser, got); diff != "" {
		t.Errorf("the server saw (-want +got):\n%s", diff)
	}
}

var (
	admin          = authenticationv1.UserInfo{Username: "admin", Groups: []string{"system:authenticated", "system:masters"}}
	adminWithToken = authenticationv1.UserInfo{Username: "admin", UID: "admin-token", Groups: []string{"system:authenticated", "system:masters"}}
)

// TestClientGoConfigsWorkConverted builds client-go Configs the ways
// controller-runtime and client-go programs get them and uses each,
// converted, against the real server.
func TestClientGoConfigsWorkConverted(t *testing.T) {
	ctx := testContext(t)
	adminCert := clientcmdConfig(t, server.Kubeconfig, testserver.CertContext)
	token := clientcmdConfig(t, server.Kubeconfig, testserver.TokenContext).BearerToken
	if token == "" {
		t.Fatal("the token context of the server's kubeconfig has no token")
	}
	certPEM, keyPEM, err := server.IssueClientCert("interop-cert-user", "system:masters")
	if err != nil {
		t.Fatal(err)
	}
	certUser := authenticationv1.UserInfo{Username: "interop-cert-user", Groups: []string{"system:authenticated", "system:masters"}}

	tests := []struct {
		name   string
		config func(t *testing.T) *restclient.Config
		want   authenticationv1.UserInfo
	}{
		{
			name: "clientcmd.BuildConfigFromFlags with the kubeconfig (its current context: the admin certificate)",
			config: func(t *testing.T) *restclient.Config {
				cfg, err := clientcmd.BuildConfigFromFlags("", server.Kubeconfig)
				if err != nil {
					t.Fatal(err)
				}
				return cfg
			},
			want: admin,
		},
		{
			name: "ctrl.GetConfig from $KUBECONFIG in the token context (QPS -1: no client-side limit)",
			config: func(t *testing.T) *restclient.Config {
				t.Setenv(clientcmd.RecommendedConfigPathEnvVar, server.Kubeconfig)
				cfg, err := crconfig.GetConfigWithContext(testserver.TokenContext)
				if err != nil {
					t.Fatal(err)
				}
				if cfg.QPS != -1 || cfg.BearerToken == "" {
					t.Fatalf("ctrl.GetConfig gave QPS %g and a token %t, want -1 and true", cfg.QPS, cfg.BearerToken != "")
				}
				return cfg
			},
			want: adminWithToken,
		},
		{
			name: "a bearer token and CA data set by hand",
			config: func(t *testing.T) *restclient.Config {
				return &restclient.Config{Host: adminCert.Host, BearerToken: token,
					TLSClientConfig: restclient.TLSClientConfig{CAData: adminCert.CAData}}
			},
			want: adminWithToken,
		},
		{
			name: "HTTP/2 turned off with NextProtos [http/1.1], as client-go users turn it off",
			config: func(t *testing.T) *restclient.Config {
				cfg := &restclient.Config{Host: adminCert.Host, BearerToken: token,
					TLSClientConfig: restclient.TLSClientConfig{CAData: adminCert.CAData, NextProtos: []string{"http/1.1"}}}
				// Every response must come over HTTP/1.1 from the server,
				// which serves HTTP/2 to anyone who offers it.
				cfg.WrapTransport = func(rt http.RoundTripper) http.RoundTripper {
					return roundTripperFunc(func(r *http.Request) (*http.Response, error) {
						resp, err := rt.RoundTrip(r)
						if err == nil && resp.ProtoMajor != 1 {
							t.Errorf("%s %s came back over %s, want HTTP/1.1", r.Method, r.URL.Path, resp.Proto)
						}
						return resp, err
					})
				}
				return cfg
			},
			want: adminWithToken,
		},
		{
			name: "a bearer token file and CA file",
			config: func(t *testing.T) *restclient.Config {
				return &restclient.Config{Host: adminCert.Host, BearerTokenFile: writeFile(t, "token", []byte(token)),
					TLSClientConfig: restclient.TLSClientConfig{CAFile: writeFile(t, "ca.crt", adminCert.CAData)}}
			},
			want: adminWithToken,
		},
		{
			name: "a client certificate and key as files",
			config: func(t *testing.T) *restclient.Config {
				return &restclient.Config{Host: adminCert.Host, TLSClientConfig: restclient.TLSClientConfig{
					CertFile: writeFile(t, "tls.crt", certPEM), KeyFile: writeFile(t, "tls.key", keyPEM), CAFile: writeFile(t, "ca.crt", adminCert.CAData)}}
			},
			want: certUser,
		},
		{
			name: "a client certificate and key as data",
			config: func(t *testing.T) *restclient.Config {
				return &restclient.Config{Host: adminCert.Host, TLSClientConfig: restclient.TLSClientConfig{
					CertData: certPEM, KeyData: keyPEM, CAData: adminCert.CAData}}
			},
			want: certUser,
		},
		{
			name: "Config.Impersonate set on a clientcmd config",
			config: func(t *testing.T) *restclient.Config {
				cfg := clientcmdConfig(t, server.Kubeconfig, testserver.CertContext)
				// system:masters so that jane may list namespaces: what she
				// may do is what the server decides for the impersonated user.
				cfg.Impersonate = restclient.ImpersonationConfig{UserName: "jane", UID: "jane-1", Groups: []string{"devs", "system:masters"},
					Extra: map[string][]string{"example.com/team": {"blue", "green"}}}
				return cfg
			},
			want: authenticationv1.UserInfo{Username: "jane", UID: "jane-1", Groups: []string{"devs", "system:authenticated", "system:masters"},
				Extra: map[string]authenticationv1.ExtraValue{"example.com/team": {"blue", "green"}}},
		},
		{
			name: "a kubeconfig's as, as-uid, as-groups and as-user-extra, loaded by clientcmd",
			config: func(t *testing.T) *restclient.Config {
				path := kubeconfigWithUser(t, adminCert, fmt.Sprintf(`client-certificate-data: %s
client-key-data: %s
as: bob
as-uid: bob-uid
as-groups: [ops, system:masters]
as-user-extra:
  scopes: [view]`, b64(adminCert.CertData), b64(adminCert.KeyData)), "")
				return clientcmdConfig(t, path, "")
			},
			want: authenticationv1.UserInfo{Username: "bob", UID: "bob-uid", Groups: []string{"ops", "system:authenticated", "system:masters"},
				Extra: map[string]authenticationv1.ExtraValue{"scopes": {"view"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			useConverted(ctx, t, tt.config(t), tt.want)
		})
	}
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// kubeconfigWithUser writes a kubeconfig for the test server with the given
// user (YAML lines under user:) and cluster extensions (YAML lines under
// cluster:).
func kubeconfigWithUser(t testing.TB, admin *restclient.Config, user, clusterExtra string) string {
	t.Helper()
	return writeFile(t, "kubeconfig", []byte(fmt.Sprintf(`apiVersion: v1
kind: Config
current-context: interop
clusters:
- name: e2e
  cluster:
    server: %q
    certificate-authority-data: %s
%s
users:
- name: interop
  user:
%s
contexts:
- name: interop
  context: {cluster: e2e, user: interop}
`, admin.Host, b64(admin.CAData), indent(clusterExtra, "    "), indent(user, "    "))))
}

func indent(s, prefix string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i := range lines {
		lines[i] = prefix + lines[i]
	}
	return strings.Join(lines, "\n")
}

// TestExecPluginFromAKubeconfigWorksConverted runs a credential plugin
// configured in a kubeconfig (loaded by clientcmd) through the converted
// Config: the plugin's token authenticates, and with provideClusterInfo the
// plugin gets the server, its CA and the cluster's exec extension.
func TestExecPluginFromAKubeconfigWorksConverted(t *testing.T) {
	ctx := testContext(t)
	adminCert := clientcmdConfig(t, server.Kubeconfig, testserver.CertContext)
	token := clientcmdConfig(t, server.Kubeconfig, testserver.TokenContext).BearerToken
	dir := t.TempDir()
	infoFile := filepath.Join(dir, "exec-info.json")
	plugin := filepath.Join(dir, "plugin.sh")
	script := `#!/bin/sh
printf '%s' "$KUBERNETES_EXEC_INFO" > "$INFO_FILE"
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$PLUGIN_TOKEN"
`
	if err := os.WriteFile(plugin, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	path := kubeconfigWithUser(t, adminCert, fmt.Sprintf(`exec:
  apiVersion: client.authentication.k8s.io/v1
  command: %s
  env:
  - {name: INFO_FILE, value: %q}
  - {name: PLUGIN_TOKEN, value: %q}
  interactiveMode: Never
  provideClusterInfo: true
  installHint: the test writes it`, plugin, infoFile, token), `extensions:
- name: client.authentication.k8s.io/exec
  extension:
    audience: interop-e2e`)
	in := clientcmdConfig(t, path, "")

	useConverted(ctx, t, in, adminWithToken)

	raw, err := os.ReadFile(infoFile)
	if err != nil {
		t.Fatalf("the plugin did not run: %v", err)
	}
	var info struct {
		Spec struct {
			Interactive bool `json:"interactive"`
			Cluster     struct {
				Server                   string          `json:"server"`
				CertificateAuthorityData []byte          `json:"certificate-authority-data"`
				Config                   json.RawMessage `json:"config"`
			} `json:"cluster"`
		} `json:"spec"`
	}
	if err := json.Unmarshal(raw, &info); err != nil {
		t.Fatalf("KUBERNETES_EXEC_INFO %s: %v", raw, err)
	}
	if info.Spec.Interactive {
		t.Error("the plugin was told it is interactive")
	}
	if info.Spec.Cluster.Server != adminCert.Host {
		t.Errorf("the plugin was told the server is %q, want %q", info.Spec.Cluster.Server, adminCert.Host)
	}
	if string(info.Spec.Cluster.CertificateAuthorityData) != string(adminCert.CAData) {
		t.Error("the plugin was not given the cluster's CA")
	}
	if string(info.Spec.Cluster.Config) != `{"audience":"interop-e2e"}` {
		t.Errorf("the plugin got the exec extension %s, want {\"audience\":\"interop-e2e\"}", info.Spec.Cluster.Config)
	}
}

// TestExecPluginPolicyIsEnforcedConverted: the plugin policy kubectl sets
// on a client-go Config (from kuberc) is enforced through the converted
// Config against the real server, where client-go enforces it too.
func TestExecPluginPolicyIsEnforcedConverted(t *testing.T) {
	ctx := testContext(t)
	adminCert := clientcmdConfig(t, server.Kubeconfig, testserver.CertContext)
	token := clientcmdConfig(t, server.Kubeconfig, testserver.TokenContext).BearerToken
	tests := []struct {
		name    string
		policy  func(plugin string) clientcmdapi.PluginPolicy
		wantRun bool
	}{
		{
			name: "an allowlist naming the plugin lets its token authenticate",
			policy: func(plugin string) clientcmdapi.PluginPolicy {
				return clientcmdapi.PluginPolicy{PolicyType: clientcmdapi.PluginPolicyAllowlist, Allowlist: []clientcmdapi.AllowlistEntry{{Command: plugin}}}
			},
			wantRun: true,
		},
		{
			name: "DenyAll fails requests without starting the plugin, as in client-go",
			policy: func(string) clientcmdapi.PluginPolicy {
				return clientcmdapi.PluginPolicy{PolicyType: clientcmdapi.PluginPolicyDenyAll}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			marker := filepath.Join(dir, "ran")
			plugin := filepath.Join(dir, "plugin.sh")
			script := `#!/bin/sh
: > "$MARKER"
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$PLUGIN_TOKEN"
`
			if err := os.WriteFile(plugin, []byte(script), 0o700); err != nil {
				t.Fatal(err)
			}
			path := kubeconfigWithUser(t, adminCert, fmt.Sprintf(`exec:
  apiVersion: client.authentication.k8s.io/v1
  command: %s
  env:
  - {name: MARKER, value: %q}
  - {name: PLUGIN_TOKEN, value: %q}
  interactiveMode: Never`, plugin, marker, token), "")
			in := clientcmdConfig(t, path, "")
			in.ExecProvider.PluginPolicy = tt.policy(plugin)

			if tt.wantRun {
				useConverted(ctx, t, in, adminWithToken)
				if _, err := os.Stat(marker); err != nil {
					t.Errorf("the plugin's marker: %v, want the plugin to have run", err)
				}
				return
			}
			cfg, err := clientgo.FromClientGo(in)
			if err != nil {
				t.Fatalf("FromClientGo: %v", err)
			}
			cs, err := clientset.NewForConfig(cfg)
			if err != nil {
				t.Fatalf("clientset.NewForConfig: %v", err)
			}
			if _, err := cs.Discovery().ServerVersionWithContext(ctx); err == nil || !strings.Contains(err.Error(), "DenyAll") {
				t.Errorf("clientgen's ServerVersion: %v, want the policy's error", err)
			}
			dc, err := cgdiscovery.NewDiscoveryClientForConfig(in)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := dc.ServerVersion(); err == nil {
				t.Error("client-go's ServerVersion succeeded; the test's premise, that client-go refuses, does not hold")
			}
			if _, err := os.Stat(marker); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the plugin's marker: %v, want the plugin never started", err)
			}
		})
	}
}

// TestImpersonationWithoutPermissionIsForbidden: a user the server does not
// let impersonate gets Forbidden through the converted Config, as through
// client-go.
func TestImpersonationWithoutPermissionIsForbidden(t *testing.T) {
	ctx := testContext(t)
	adminCert := clientcmdConfig(t, server.Kubeconfig, testserver.CertContext)
	certPEM, keyPEM, err := server.IssueClientCert("interop-nobody")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := clientgo.FromClientGo(&restclient.Config{
		Host:            adminCert.Host,
		TLSClientConfig: restclient.TLSClientConfig{CertData: certPEM, KeyData: keyPEM, CAData: adminCert.CAData},
		Impersonate:     restclient.ImpersonationConfig{UserName: "admin"},
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = whoAmI(ctx, t, cfg)
	if !apierrors.IsForbidden(err) {
		t.Fatalf("SelfSubjectReview impersonating without the right: %v, want Forbidden", err)
	}
	if !strings.Contains(err.Error(), "interop-nobody") || !strings.Contains(err.Error(), "impersonate") {
		t.Errorf("the Forbidden error does not name the user and the verb: %v", err)
	}
}

// connectProxy is an HTTP proxy that tunnels CONNECT requests and counts
// them, standing in for a kubeconfig's proxy-url.
type connectProxy struct {
	srv     *httptest.Server
	tunnels atomic.Int32
}

func newConnectProxy(t testing.TB) *connectProxy {
	t.Helper()
	p := &connectProxy{}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			http.Error(w, "CONNECT only", http.StatusMethodNotAllowed)
			return
		}
		upstream, err := net.Dial("tcp", r.Host)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		p.tunnels.Add(1)
		w.WriteHeader(http.StatusOK)
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			upstream.Close()
			return
		}
		go func() {
			defer upstream.Close()
			defer conn.Close()
			go func() { _, _ = io.Copy(conn, upstream) }()
			_, _ = io.Copy(upstream, buf)
		}()
	}))
	t.Cleanup(p.srv.Close)
	return p
}

// TestKubeconfigProxyURLIsUsedConverted: clientcmd turns a kubeconfig's
// proxy-url into a Proxy func; the converted Config sends its requests
// through that proxy.
func TestKubeconfigProxyURLIsUsedConverted(t *testing.T) {
	ctx := testContext(t)
	adminCert := clientcmdConfig(t, server.Kubeconfig, testserver.CertContext)
	proxy := newConnectProxy(t)
	path := kubeconfigWithUser(t, adminCert, fmt.Sprintf("client-certificate-data: %s\nclient-key-data: %s", b64(adminCert.CertData), b64(adminCert.KeyData)),
		"proxy-url: "+proxy.srv.URL)
	in := clientcmdConfig(t, path, "")
	if in.Proxy == nil {
		t.Fatal("clientcmd set no Proxy func for the kubeconfig's proxy-url")
	}
	cfg, err := clientgo.FromClientGo(in)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Proxy == nil || cfg.ProxyURL != "" {
		t.Errorf("ProxyURL = %q, Proxy set: %t; want clientcmd's Proxy func carried", cfg.ProxyURL, cfg.Proxy != nil)
	}
	useConverted(ctx, t, in, admin)
	if n := proxy.tunnels.Load(); n == 0 {
		t.Error("no request went through the kubeconfig's proxy")
	}
}

// TestClientgenConfigWorksInClientGo converts clientgen's Config, loaded by
// its own kubeconfig loader, for client-go and makes requests with
// client-go's clients: the server version, and who the server says an
// impersonating caller is.
func TestClientgenConfigWorksInClientGo(t *testing.T) {
	ctx := testContext(t)
	cfg, err := rest.ConfigFromKubeconfig(server.Kubeconfig, testserver.CertContext)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Impersonate = rest.ImpersonationConfig{UserName: "carol", Groups: []string{"auditors"}}
	in, err := clientgo.ToClientGo(cfg)
	if err != nil {
		t.Fatalf("ToClientGo: %v", err)
	}

	dc, err := cgdiscovery.NewDiscoveryClientForConfig(in)
	if err != nil {
		t.Fatal(err)
	}
	info, err := dc.ServerVersion()
	if err != nil {
		t.Fatalf("client-go ServerVersion: %v", err)
	}
	if info.GitVersion != testserver.KubeVersion {
		t.Errorf("ServerVersion = %q, want %q", info.GitVersion, testserver.KubeVersion)
	}

	scheme := runtime.NewScheme()
	if err := authenticationv1.AddToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	rc := restclient.CopyConfig(in)
	rc.GroupVersion = &authenticationv1.SchemeGroupVersion
	rc.APIPath = "/apis"
	rc.NegotiatedSerializer = serializer.NewCodecFactory(scheme).WithoutConversion()
	c, err := restclient.RESTClientFor(rc)
	if err != nil {
		t.Fatal(err)
	}
	out := &authenticationv1.SelfSubjectReview{}
	if err := c.Post().Resource("selfsubjectreviews").Body(&authenticationv1.SelfSubjectReview{}).Do(ctx).Into(out); err != nil {
		t.Fatalf("client-go SelfSubjectReview: %v", err)
	}
	got := out.Status.UserInfo
	slices.Sort(got.Groups)
	want := authenticationv1.UserInfo{Username: "carol", Groups: []string{"auditors", "system:authenticated"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the server saw (-want +got):\n%s", diff)
	}
}

// roundTripperFunc lets a test wrap a transport with a func.
type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
