package rest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/yaml"

	"github.com/clientgen/clientgen/runtime/rest"
)

// mergeFixture writes two kubeconfigs in different directories that define
// some of the same names, and points $KUBECONFIG at a missing file and
// then both.
func mergeFixture(t *testing.T) (first, second string) {
	t.Helper()
	dir := t.TempDir()
	first = writeFile(t, dir, "a/config", []byte(`
current-context: from-first
clusters:
- {name: shared, cluster: {server: "https://first.example"}}
users:
- {name: shared-user, user: {token: FIRST-SECRET-TOKEN}}
contexts:
- {name: from-first, context: {cluster: shared, user: shared-user, namespace: team-a}}
`))
	second = writeFile(t, dir, "b/config", []byte(`
current-context: from-second
clusters:
- {name: shared, cluster: {server: "https://second.example"}}
- {name: second-cluster, cluster: {server: "https://only-second.example", certificate-authority: pki/ca.crt, proxy-url: "http://proxy.example:3128"}}
users:
- {name: shared-user, user: {token: SECOND-SECRET-TOKEN}}
- {name: file-user, user: {tokenFile: secrets/token}}
contexts:
- {name: from-first, context: {cluster: second-cluster, user: file-user}}
- {name: from-second, context: {cluster: second-cluster, user: file-user}}
`))
	missing := filepath.Join(dir, "missing")
	t.Setenv("KUBECONFIG", strings.Join([]string{missing, first, second, first}, string(os.PathListSeparator)))
	t.Setenv("KUBERNETES_SERVICE_HOST", "")
	return first, second
}

func TestLoadConfigMergesKubeconfigListLikeKubectl(t *testing.T) {
	first, second := mergeFixture(t)
	secondDir := filepath.Dir(second)
	tests := []struct {
		name          string
		opts          rest.LoadOptions
		wantHost      string
		wantToken     string
		wantTokenFile string
		wantCAFile    string
		wantProxy     string
		wantNamespace string
		wantContext   string
		wantSources   map[string]string
	}{
		{
			name:          "the first file's current-context and its entries win; the context's namespace is reported",
			wantHost:      "https://first.example",
			wantToken:     "FIRST-SECRET-TOKEN",
			wantNamespace: "team-a",
			wantContext:   "from-first",
			wantSources: map[string]string{
				"context":   first + ": current-context",
				"server":    first + ": clusters[0].cluster.server",
				"token":     first + ": users[0].user.token",
				"namespace": first + ": contexts[0].context.namespace",
			},
		},
		{
			name:          "a context only the second file defines resolves paths against the second file's directory",
			opts:          rest.LoadOptions{Context: "from-second"},
			wantHost:      "https://only-second.example",
			wantTokenFile: filepath.Join(secondDir, "secrets/token"),
			wantCAFile:    filepath.Join(secondDir, "pki/ca.crt"),
			wantProxy:     "http://proxy.example:3128",
			wantNamespace: "default",
			wantContext:   "from-second",
			wantSources: map[string]string{
				"context":   "LoadOptions.Context (--context)",
				"server":    second + ": clusters[1].cluster.server",
				"tokenFile": second + ": users[1].user.tokenFile",
				"proxy-url": second + ": clusters[1].cluster.proxy-url",
				"namespace": "default",
			},
		},
		{
			name:          "flags replace the cluster, user, namespace and server of the context",
			opts:          rest.LoadOptions{Cluster: "second-cluster", User: "file-user", Namespace: "flag-ns", Server: "https://flag.example"},
			wantHost:      "https://flag.example",
			wantTokenFile: filepath.Join(secondDir, "secrets/token"),
			wantCAFile:    filepath.Join(secondDir, "pki/ca.crt"),
			wantProxy:     "http://proxy.example:3128",
			wantNamespace: "flag-ns",
			wantContext:   "from-first",
			wantSources: map[string]string{
				"cluster":   "LoadOptions.Cluster (--cluster)",
				"user":      "LoadOptions.User (--user)",
				"server":    "LoadOptions.Server (--server)",
				"namespace": "LoadOptions.Namespace (--namespace)",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := rest.LoadConfig(tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			c := l.Config
			got := []string{c.Host, c.BearerToken, c.BearerTokenFile, c.TLSClientConfig.CAFile, c.ProxyURL, l.Namespace, l.Context}
			want := []string{tt.wantHost, tt.wantToken, tt.wantTokenFile, tt.wantCAFile, tt.wantProxy, tt.wantNamespace, tt.wantContext}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Host, BearerToken, BearerTokenFile, CAFile, ProxyURL, Namespace, Context (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{first, second}, l.Files); diff != "" {
				t.Errorf("Files: missing files are skipped and duplicates read once (-want +got):\n%s", diff)
			}
			for field, want := range tt.wantSources {
				if got := l.Source(field); got != want {
					t.Errorf("Source(%q) = %q, want %q", field, got, want)
				}
			}
		})
	}
}

func TestExplainShowsFilesAndOriginsButNoSecret(t *testing.T) {
	first, _ := mergeFixture(t)
	l, err := rest.LoadConfig(rest.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out := l.Explain()
	for _, want := range []string{
		"missing ($KUBECONFIG; does not exist, skipped)",
		first + " ($KUBECONFIG)",
		"token", "--- REDACTED ---", first + ": users[0].user.token",
		"server", "https://first.example",
		"namespace", "team-a",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Explain() lacks %q:\n%s", want, out)
		}
	}
	for _, secret := range []string{"FIRST-SECRET-TOKEN", "SECOND-SECRET-TOKEN"} {
		if strings.Contains(out, secret) || strings.Contains(l.Config.String(), secret) {
			t.Errorf("Explain() or Config.String() leaks %q:\n%s", secret, out)
		}
	}
}

func TestLoadConfigUsesInClusterConfigWhenNoKubeconfigExists(t *testing.T) {
	dir := t.TempDir()
	sa := rest.InClusterOptions{
		TokenFile:     writeFile(t, dir, "sa/token", []byte("sa-token\n")),
		CAFile:        writeFile(t, dir, "sa/ca.crt", []byte("CA")),
		NamespaceFile: writeFile(t, dir, "sa/namespace", []byte("pod-ns\n")),
	}
	tests := []struct {
		name          string
		host, port    string
		podNamespace  string
		opts          rest.LoadOptions
		wantHost      string
		wantNamespace string
		wantErr       string
	}{
		{name: "the service host and port, token file, CA and namespace file are used", host: "10.0.0.1", port: "443", wantHost: "https://10.0.0.1:443", wantNamespace: "pod-ns"},
		{name: "an IPv6 service host is bracketed", host: "fd00::1", port: "6443", wantHost: "https://[fd00::1]:6443", wantNamespace: "pod-ns"},
		{name: "$POD_NAMESPACE wins over the namespace file", host: "10.0.0.1", port: "443", podNamespace: "env-ns", wantHost: "https://10.0.0.1:443", wantNamespace: "env-ns"},
		{name: "--server and --namespace still apply", host: "10.0.0.1", port: "443", opts: rest.LoadOptions{Server: "https://override", Namespace: "flag-ns"}, wantHost: "https://override", wantNamespace: "flag-ns"},
		{name: "a missing token file is an error naming it", host: "10.0.0.1", port: "443", opts: rest.LoadOptions{InCluster: rest.InClusterOptions{TokenFile: filepath.Join(dir, "nope")}}, wantErr: "reading the service-account token: open " + filepath.Join(dir, "nope")},
		{name: "outside a pod with only --server, the server alone is used", opts: rest.LoadOptions{Server: "https://only"}, wantHost: "https://only", wantNamespace: "default"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("KUBECONFIG", filepath.Join(dir, "no-such-kubeconfig"))
			t.Setenv("KUBERNETES_SERVICE_HOST", tt.host)
			t.Setenv("KUBERNETES_SERVICE_PORT", tt.port)
			t.Setenv("POD_NAMESPACE", tt.podNamespace)
			opts := tt.opts
			if opts.InCluster.TokenFile == "" {
				opts.InCluster.TokenFile = sa.TokenFile
			}
			opts.InCluster.CAFile, opts.InCluster.NamespaceFile = sa.CAFile, sa.NamespaceFile
			l, err := rest.LoadConfig(opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if l.Config.Host != tt.wantHost || l.Namespace != tt.wantNamespace {
				t.Errorf("Host %q Namespace %q, want %q %q", l.Config.Host, l.Namespace, tt.wantHost, tt.wantNamespace)
			}
			if tt.host != "" && (!l.InCluster || l.Config.BearerTokenFile != sa.TokenFile || l.Config.TLSClientConfig.CAFile != sa.CAFile) {
				t.Errorf("in-cluster config = %v (InCluster %t), want the service account's token file and CA", l.Config, l.InCluster)
			}
		})
	}
}

func TestInClusterConfigNeedsTheServiceEnvironment(t *testing.T) {
	t.Setenv("KUBERNETES_SERVICE_HOST", "")
	_, err := rest.InClusterConfig()
	if err == nil || !strings.Contains(err.Error(), "$KUBERNETES_SERVICE_HOST and $KUBERNETES_SERVICE_PORT must be set") {
		t.Errorf("error = %v", err)
	}
}

func TestLoadConfigParsesExecUsers(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "config", []byte(`
current-context: c
clusters:
- name: k
  cluster:
    server: https://k.example
    extensions:
    - {name: client.authentication.k8s.io/exec, extension: {audience: k8s}}
users:
- name: u
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./bin/get-token
      args: [--cluster, SECRET-ARG]
      env: [{name: MODE, value: SECRET-ENV}]
      installHint: install get-token from example.com
      provideClusterInfo: true
      interactiveMode: Never
contexts:
- {name: c, context: {cluster: k, user: u}}
`))
	cfg, err := rest.ConfigFromKubeconfig(path, "")
	if err != nil {
		t.Fatal(err)
	}
	want := &rest.ExecConfig{
		Command:            filepath.Join(dir, "bin/get-token"),
		Args:               []string{"--cluster", "SECRET-ARG"},
		Env:                []rest.ExecEnvVar{{Name: "MODE", Value: "SECRET-ENV"}},
		APIVersion:         rest.ExecAPIVersionV1,
		InstallHint:        "install get-token from example.com",
		ProvideClusterInfo: true,
		Config:             []byte(`{"audience":"k8s"}`),
		InteractiveMode:    "Never",
	}
	if diff := cmp.Diff(want, cfg.ExecProvider); diff != "" {
		t.Errorf("ExecProvider (-want +got):\n%s", diff)
	}
	if s := cfg.String(); strings.Contains(s, "SECRET") || !strings.Contains(s, "get-token") {
		t.Errorf("String() must name the plugin but not its arguments or environment values: %s", s)
	}
}

// FuzzLoadConfig feeds arbitrary bytes to the loader: it must never panic,
// every error must name the file, and no value the input holds in a secret
// field (token, password, client key, exec env values and args) may appear
// in an error, in Explain or in String. The oracle looks at where a value
// sits, not at what it says: a context named "SECRET" is not a secret.
func FuzzLoadConfig(f *testing.F) {
	f.Add([]byte(twoContexts()))
	f.Add([]byte(`current-context: a
clusters: [{name: c, cluster: {server: "https://x", proxy-url: "socks5://p:1080", certificate-authority-data: "QUJD"}}]
users: [{name: u, user: {exec: {command: x, apiVersion: client.authentication.k8s.io/v1, env: [{name: A, value: SECRETVALUE}]}}}]
contexts: [{name: a, context: {cluster: c, user: u, namespace: n}}]
`))
	f.Add([]byte(`{"clusters":[{"name":"c","cluster":{"server":"https://x"}}],"contexts":[{"name":"a","context":{"cluster":"c","user":"missing"}}],"current-context":"a"}`))
	f.Add([]byte("users: [{name: u, user: {client-key-data: 'SECRETKEY!!'}}]\ncontexts: [{name: a, context: {cluster: c, user: u}}]\ncurrent-context: a\nclusters: [{name: c, cluster: {server: s}}]"))
	f.Add([]byte("\x00\xff: ["))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "config")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		l, err := rest.LoadConfig(rest.LoadOptions{Kubeconfig: path})
		if err != nil {
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the file", err)
			}
			for _, v := range secretValues(data) {
				if strings.Contains(err.Error(), v) {
					t.Errorf("error %q leaks the secret %q", err, v)
				}
			}
			return
		}
		if l.Config == nil || l.Namespace == "" {
			t.Errorf("LoadConfig succeeded without a Config or namespace: %+v", l)
		}
		for _, v := range secretValues(data) {
			if strings.Contains(l.Explain(), v) || strings.Contains(l.Config.String(), v) {
				t.Errorf("Explain or String leaks the secret %q", v)
			}
		}
	})
}

// secretValues returns the values that data, read as a kubeconfig, holds in
// secret fields of its users. Values shorter than 6 bytes are left out: they
// occur by chance in any message (a file path, a field name).
func secretValues(data []byte) []string {
	var doc struct {
		Users []struct {
			User map[string]any `json:"user"`
		} `json:"users"`
	}
	if yaml.Unmarshal(data, &doc) != nil {
		return nil
	}
	var out []string
	add := func(v any) {
		if s, ok := v.(string); ok && len(s) >= 6 {
			out = append(out, s)
		}
	}
	for _, u := range doc.Users {
		for _, k := range []string{"token", "password", "client-key-data"} {
			add(u.User[k])
		}
		exec, _ := u.User["exec"].(map[string]any)
		args, _ := exec["args"].([]any)
		for _, a := range args {
			add(a)
		}
		env, _ := exec["env"].([]any)
		for _, e := range env {
			if m, ok := e.(map[string]any); ok {
				add(m["value"])
			}
		}
	}
	return out
}
