package rest_test

import (
	"context"
	"strings"
	"testing"

	"github.com/clientgen/clientgen/runtime/rest"
)

// fetchSpec sends one GET with cfg (no retries, no rate limit) and returns
// the Widget's spec, which authEcho fills with the Authorization header.
func fetchSpec(tb testing.TB, cfg *rest.Config) (string, error) {
	tb.Helper()
	cfg = rest.ForGroupVersion(cfg, widgetGV, testCodecs(tb))
	cfg.QPS, cfg.Logger, cfg.RetryPolicy = -1, quietLogger, &rest.RetryPolicy{}
	c, err := rest.RESTClientFor(cfg)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	got := &Widget{}
	if err := c.Get().Resource("widgets").Do(ctx).Into(got); err != nil {
		return "", err
	}
	return got.Spec, nil
}

func getSpec(tb testing.TB, cfg *rest.Config) string {
	tb.Helper()
	s, err := fetchSpec(tb, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// Issue 14 #4: --server must clear the cluster's tls-server-name, as
// kubectl does; kept, it was verified against the other server's
// certificate.
func TestAnExplicitServerClearsTheClustersTLSServerName(t *testing.T) {
	srv := newTLSServer(t, authEcho())
	dir := t.TempDir()
	path := writeFile(t, dir, "config", []byte(`current-context: a
clusters: [{name: c, cluster: {server: "https://old.example:6443", tls-server-name: wrong.example, certificate-authority-data: "`+b64(string(serverCAPEM(t, srv)))+`"}}]
users: [{name: u, user: {token: tok}}]
contexts: [{name: a, context: {cluster: c, user: u}}]
`))
	l, err := rest.LoadConfig(rest.LoadOptions{Kubeconfig: path, Server: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if sn := l.Config.TLSClientConfig.ServerName; sn != "" {
		t.Errorf("ServerName = %q, want it cleared by the explicit server", sn)
	}
	if got, err := fetchSpec(t, l.Config); err != nil || got != "Bearer tok" {
		t.Errorf("GET: %q, %v; want Bearer tok", got, err)
	}
	l, err = rest.LoadConfig(rest.LoadOptions{Kubeconfig: path})
	if err != nil {
		t.Fatal(err)
	}
	if sn := l.Config.TLSClientConfig.ServerName; sn != "wrong.example" {
		t.Errorf("without --server ServerName = %q, want the cluster's", sn)
	}
}

// Issue 14 #5: --cluster and --user work without a context, as in kubectl.
func TestExplicitClusterAndUserWorkWithoutAContext(t *testing.T) {
	srv := newTLSServer(t, authEcho())
	dir := t.TempDir()
	path := writeFile(t, dir, "config", []byte(`clusters: [{name: c, cluster: {server: "`+srv.URL+`", certificate-authority-data: "`+b64(string(serverCAPEM(t, srv)))+`"}}]
users: [{name: u, user: {token: u-token}}]
contexts: [{name: userOnly, context: {user: u, namespace: ns1}}]
`))
	tests := []struct {
		name string
		opts rest.LoadOptions
		// wantAuth is what the server sees; wantErr replaces it for
		// options that must fail to load.
		wantAuth, wantErr string
	}{
		{name: "server, cluster and user without a current-context use the cluster's CA and the user's token", opts: rest.LoadOptions{Server: srv.URL, Cluster: "c", User: "u"}, wantAuth: "Bearer u-token"},
		{name: "cluster and user without a server use the cluster's server", opts: rest.LoadOptions{Cluster: "c", User: "u"}, wantAuth: "Bearer u-token"},
		{name: "a cluster alone is enough", opts: rest.LoadOptions{Cluster: "c"}, wantAuth: ""},
		{name: "an unknown user is an error", opts: rest.LoadOptions{Server: srv.URL, User: "nope"}, wantErr: `user "nope" (--user) not found`},
		{name: "an unknown cluster is an error", opts: rest.LoadOptions{Server: srv.URL, Cluster: "nope"}, wantErr: `cluster "nope" (--cluster) not found`},
		{name: "a user without a cluster or server is an error", opts: rest.LoadOptions{User: "u"}, wantErr: "current-context: not set and no context name given"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Kubeconfig = path
			l, err := rest.LoadConfig(tt.opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got, err := fetchSpec(t, l.Config); err != nil || got != tt.wantAuth {
				t.Errorf("GET: %q, %v; want %q", got, err, tt.wantAuth)
			}
		})
	}

	t.Run("a context without a cluster plus a server works", func(t *testing.T) {
		l, err := rest.LoadConfig(rest.LoadOptions{Kubeconfig: path, Context: "userOnly", Server: "https://elsewhere:6443"})
		if err != nil {
			t.Fatal(err)
		}
		if l.Config.Host != "https://elsewhere:6443" || l.Config.BearerToken != "u-token" || l.Namespace != "ns1" {
			t.Errorf("Host %q, token %q, namespace %q", l.Config.Host, l.Config.BearerToken, l.Namespace)
		}
	})
}

// Issue 14 #8: with neither a path nor a master URL, BuildConfigFromFlags
// is client-go's: the in-cluster configuration, whatever $KUBECONFIG says.
func TestBuildConfigFromFlagsWithNothingGivenUsesTheInClusterConfig(t *testing.T) {
	dir := t.TempDir()
	sa := rest.InClusterOptions{
		TokenFile:     writeFile(t, dir, "sa/token", []byte("sa-token\n")),
		CAFile:        writeFile(t, dir, "sa/ca.crt", []byte("CA")),
		NamespaceFile: writeFile(t, dir, "sa/namespace", []byte("pod-ns\n")),
	}
	t.Setenv("KUBECONFIG", writeFile(t, dir, "kubeconfig", []byte(`current-context: a
clusters: [{name: c, cluster: {server: "https://from-kubeconfig"}}]
contexts: [{name: a, context: {cluster: c}}]
`)))
	t.Setenv("KUBERNETES_SERVICE_HOST", "10.0.0.1")
	t.Setenv("KUBERNETES_SERVICE_PORT", "443")
	cfg, err := rest.BuildConfigFromFlagsWithInCluster("", "", sa)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Host != "https://10.0.0.1:443" || cfg.BearerTokenFile != sa.TokenFile {
		t.Errorf("Host %q, token file %q; want the in-cluster configuration", cfg.Host, cfg.BearerTokenFile)
	}
	cfg, err = rest.BuildConfigFromFlagsWithInCluster("https://master", "", sa)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Host != "https://master" || cfg.BearerTokenFile != "" || cfg.TLSClientConfig.CAFile != "" {
		t.Errorf("a master URL alone gave %v, want no credentials and no CA", cfg)
	}
}
