package clientgo

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	restclient "k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/clientgen/clientgen/runtime/rest"
)

// loadWithClientcmd loads a kubeconfig as ctrl.GetConfig does.
func loadWithClientcmd(t testing.TB, kubeconfig string) *restclient.Config {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kubeconfig")
	if err := os.WriteFile(path, []byte(kubeconfig), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
		&clientcmd.ClientConfigLoadingRules{ExplicitPath: path}, &clientcmd.ConfigOverrides{}).ClientConfig()
	if err != nil {
		t.Fatalf("clientcmd: %v", err)
	}
	return cfg
}

func kubeconfigFor(cluster, user string) string {
	return `apiVersion: v1
kind: Config
current-context: c
clusters:
- name: k
  cluster:
    server: https://cluster.example:6443
` + cluster + `
users:
- name: u
  user:
` + user + `
contexts:
- name: c
  context: {cluster: k, user: u}
`
}

// TestConfigsLoadedByClientcmd converts what clientcmd makes of real
// kubeconfigs, the shapes ctrl.GetConfig returns.
func TestConfigsLoadedByClientcmd(t *testing.T) {
	t.Run("a kubeconfig auth-provider is refused by name", func(t *testing.T) {
		in := loadWithClientcmd(t, kubeconfigFor("", `    auth-provider:
      name: oidc
      config: {id-token: SECRET, idp-issuer-url: "https://issuer.example"}`))
		_, err := FromClientGo(in)
		fields := FieldErrors(err)
		if len(fields) != 1 || fields[0].Field != "AuthProvider" || !strings.Contains(err.Error(), `"oidc"`) {
			t.Fatalf("FromClientGo = %v, want one AuthProvider error naming oidc", err)
		}
		if strings.Contains(err.Error(), "SECRET") {
			t.Errorf("error shows the provider's token: %v", err)
		}
	})
	t.Run("a kubeconfig proxy-url is carried as clientcmd's Proxy func", func(t *testing.T) {
		in := loadWithClientcmd(t, kubeconfigFor("    proxy-url: socks5://proxy.example:1080", "    token: t"))
		got, err := FromClientGo(in)
		if err != nil {
			t.Fatal(err)
		}
		if got.ProxyURL != "" || got.Proxy == nil {
			t.Fatalf("ProxyURL = %q, Proxy set: %t; want clientcmd's Proxy func carried", got.ProxyURL, got.Proxy != nil)
		}
		u, err := got.Proxy(&http.Request{URL: &url.URL{Scheme: "https", Host: "cluster.example"}})
		if err != nil || u == nil || u.String() != "socks5://proxy.example:1080" {
			t.Errorf("the carried Proxy func answered %v, %v; want socks5://proxy.example:1080", u, err)
		}
	})
	t.Run("a kubeconfig exec plugin with the cluster's exec extension is carried", func(t *testing.T) {
		in := loadWithClientcmd(t, kubeconfigFor(`    extensions:
    - name: client.authentication.k8s.io/exec
      extension: {audience: "06e3fbd18de8", nested: {a: 1}}`, `    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: kubelogin
      args: [get-token, --server-id, x]
      env: [{name: A, value: "1"}]
      interactiveMode: IfAvailable
      provideClusterInfo: true
      installHint: brew install kubelogin`))
		got, err := FromClientGo(in)
		if err != nil {
			t.Fatal(err)
		}
		want := &rest.ExecConfig{
			Command: "kubelogin", Args: []string{"get-token", "--server-id", "x"}, Env: []rest.ExecEnvVar{{Name: "A", Value: "1"}},
			APIVersion: rest.ExecAPIVersionV1, InstallHint: "brew install kubelogin", ProvideClusterInfo: true, InteractiveMode: "IfAvailable",
		}
		var ext any
		if err := json.Unmarshal(got.ExecProvider.Config, &ext); err != nil {
			t.Fatalf("ExecProvider.Config %s is not JSON: %v", got.ExecProvider.Config, err)
		}
		if diff := cmp.Diff(map[string]any{"audience": "06e3fbd18de8", "nested": map[string]any{"a": float64(1)}}, ext); diff != "" {
			t.Errorf("exec extension (-want +got):\n%s", diff)
		}
		got.ExecProvider.Config = nil
		if diff := cmp.Diff(want, got.ExecProvider); diff != "" {
			t.Errorf("ExecProvider (-want +got):\n%s", diff)
		}
	})
	t.Run("a kubeconfig's impersonation and TLS settings are carried", func(t *testing.T) {
		// clientcmd checks that the files exist; their content is read later.
		dir := t.TempDir()
		crt, key := filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key")
		for _, f := range []string{crt, key} {
			if err := os.WriteFile(f, []byte("pem"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		in := loadWithClientcmd(t, kubeconfigFor(`    tls-server-name: kubernetes
    insecure-skip-tls-verify: true`, `    client-certificate: `+crt+`
    client-key: `+key+`
    as: jane
    as-uid: "1"
    as-groups: [devs]
    as-user-extra: {scopes: [view]}`))
		got, err := FromClientGo(in)
		if err != nil {
			t.Fatal(err)
		}
		want := &rest.Config{
			Host:            "https://cluster.example:6443",
			TLSClientConfig: rest.TLSClientConfig{Insecure: true, ServerName: "kubernetes", CertFile: crt, KeyFile: key},
			Impersonate:     rest.ImpersonationConfig{UserName: "jane", UID: "1", Groups: []string{"devs"}, Extra: map[string][]string{"scopes": {"view"}}},
		}
		if diff := cmp.Diff(want, got, ignoreValues); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
}
