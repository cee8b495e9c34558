package rest_test

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/clientgen/clientgen/runtime/rest"
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// twoContexts is a kubeconfig with a data-based and a file-based context.
func twoContexts() string {
	return `apiVersion: v1
kind: Config
current-context: data
clusters:
- name: data-cluster
  cluster:
    server: https://data.example.test:6443
    certificate-authority-data: ` + b64("CA PEM") + `
    tls-server-name: api.internal
- name: file-cluster
  cluster:
    server: https://file.example.test
    certificate-authority: certs/ca.crt
    insecure-skip-tls-verify: false
users:
- name: data-user
  user:
    token: data-token
    client-certificate-data: ` + b64("CERT PEM") + `
    client-key-data: ` + b64("KEY PEM") + `
- name: file-user
  user:
    tokenFile: secrets/token
    client-certificate: certs/client.crt
    client-key: /abs/client.key
- name: basic-user
  user:
    username: admin
    password: hunter2
contexts:
- name: data
  context:
    cluster: data-cluster
    user: data-user
    namespace: ns1
- name: file
  context:
    cluster: file-cluster
    user: file-user
- name: basic
  context:
    cluster: data-cluster
    user: basic-user
- name: anonymous
  context:
    cluster: file-cluster
preferences: {}
`
}

// configOpts compares Configs field by field; RateLimiter and serializer are
// never set by the loader.
var configOpts = cmp.Options{cmpopts.IgnoreFields(rest.Config{}, "RateLimiter"), cmpopts.EquateEmpty()}

func TestConfigFromKubeconfigResolvesContexts(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "kube/config", []byte(twoContexts()))
	kubeDir := filepath.Join(dir, "kube")
	tests := []struct {
		name    string
		context string
		want    rest.Config
	}{
		{
			name:    "the current context with inline data decodes base64",
			context: "",
			want: rest.Config{
				Host:        "https://data.example.test:6443",
				BearerToken: "data-token",
				TLSClientConfig: rest.TLSClientConfig{
					ServerName: "api.internal",
					CAData:     []byte("CA PEM"),
					CertData:   []byte("CERT PEM"),
					KeyData:    []byte("KEY PEM"),
				},
			},
		},
		{
			name:    "a named context with files resolves relative paths against the kubeconfig's directory",
			context: "file",
			want: rest.Config{
				Host:            "https://file.example.test",
				BearerTokenFile: filepath.Join(kubeDir, "secrets/token"),
				TLSClientConfig: rest.TLSClientConfig{
					CAFile:   filepath.Join(kubeDir, "certs/ca.crt"),
					CertFile: filepath.Join(kubeDir, "certs/client.crt"),
					KeyFile:  "/abs/client.key",
				},
			},
		},
		{
			name:    "basic auth credentials are loaded",
			context: "basic",
			want: rest.Config{
				Host:     "https://data.example.test:6443",
				Username: "admin",
				Password: "hunter2",
				TLSClientConfig: rest.TLSClientConfig{
					ServerName: "api.internal",
					CAData:     []byte("CA PEM"),
				},
			},
		},
		{
			name:    "a context without a user has no credentials",
			context: "anonymous",
			want: rest.Config{
				Host:            "https://file.example.test",
				TLSClientConfig: rest.TLSClientConfig{CAFile: filepath.Join(kubeDir, "certs/ca.crt")},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := rest.ConfigFromKubeconfig(path, tt.context)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(&tt.want, got, configOpts); diff != "" {
				t.Errorf("config mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestKubeconfigErrorsNameFileAndField(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		yaml    string
		context string
		// want is the message after "<path>: ".
		want string
	}{
		{
			name: "a context pointing at a missing cluster",
			yaml: `
current-context: b
clusters: [{name: real, cluster: {server: "https://x"}}]
contexts:
- {name: a, context: {cluster: real}}
- {name: b, context: {cluster: foo}}
`,
			want: `contexts[1].context.cluster: cluster "foo" not found`,
		},
		{
			name: "a context pointing at a missing user",
			yaml: `
current-context: a
clusters: [{name: c, cluster: {server: "https://x"}}]
contexts: [{name: a, context: {cluster: c, user: ghost}}]
`,
			want: `contexts[0].context.user: user "ghost" not found`,
		},
		{
			name: "client certificate data that is not base64",
			yaml: `
current-context: a
clusters: [{name: c, cluster: {server: "https://x"}}]
users: [{name: u, user: {client-certificate-data: "not!base64"}}]
contexts: [{name: a, context: {cluster: c, user: u}}]
`,
			want: `users[0].user.client-certificate-data: illegal base64 data at input byte 3`,
		},
		{
			name: "client key data that is not base64 does not echo the key",
			yaml: `
current-context: a
clusters: [{name: c, cluster: {server: "https://x"}}]
users: [{name: other}, {name: u, user: {client-certificate-data: "` + b64("cert") + `", client-key-data: "SECRETKEY!"}}]
contexts: [{name: a, context: {cluster: c, user: u}}]
`,
			want: `users[1].user.client-key-data: illegal base64 data at input byte 9`,
		},
		{
			name: "CA data that is not base64",
			yaml: `
current-context: a
clusters: [{name: c, cluster: {server: "https://x", certificate-authority-data: "@@@@"}}]
contexts: [{name: a, context: {cluster: c}}]
`,
			want: `clusters[0].cluster.certificate-authority-data: illegal base64 data at input byte 0`,
		},
		{
			name: "a cluster without a server",
			yaml: `
current-context: a
clusters: [{name: c, cluster: {}}]
contexts: [{name: a, context: {cluster: c}}]
`,
			want: `clusters[0].cluster.server: not set`,
		},
		{
			name: "no current context",
			yaml: `
clusters: [{name: c, cluster: {server: "https://x"}}]
contexts: [{name: a, context: {cluster: c}}]
`,
			want: `current-context: not set and no context name given (set current-context or pass --context)`,
		},
		{
			name: "a current context that does not exist",
			yaml: `
current-context: gone
contexts: [{name: a, context: {cluster: c}}]
`,
			want: `current-context: context "gone" not found`,
		},
		{
			name:    "a requested context that does not exist",
			yaml:    `contexts: [{name: a, context: {cluster: c}}]`,
			context: "nope",
			want:    `context "nope" not found`,
		},
		{
			name: "a context without a cluster",
			yaml: `
current-context: a
contexts: [{name: a, context: {user: u}}]
`,
			want: `contexts[0].context.cluster: not set`,
		},
		{
			name: "an auth provider is rejected rather than ignored",
			yaml: `
current-context: a
clusters: [{name: c, cluster: {server: "https://x"}}]
users: [{name: u, user: {auth-provider: {name: gcp}}}]
contexts: [{name: a, context: {cluster: c, user: u}}]
`,
			want: `users[0].user.auth-provider: auth providers are not supported (kubectl removed them in 1.26); use an exec credential plugin instead`,
		},
		{
			name: "impersonated groups without a user to impersonate are rejected, as kubectl rejects them",
			yaml: `
current-context: a
clusters: [{name: c, cluster: {server: "https://x"}}]
users: [{name: u, user: {token: t, as-groups: [admins]}}]
contexts: [{name: a, context: {cluster: c, user: u}}]
`,
			want: `users[0].user.as-groups: set without a user to impersonate; add as (or LoadOptions.Impersonate, kubectl's --as), as kubectl requires`,
		},
		{
			name: "an exec plugin without a command",
			yaml: `
current-context: a
clusters: [{name: c, cluster: {server: "https://x"}}]
users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1}}}]
contexts: [{name: a, context: {cluster: c, user: u}}]
`,
			want: `users[0].user.exec.command: not set`,
		},
		{
			name: "an exec plugin with an unknown API version",
			yaml: `
current-context: a
clusters: [{name: c, cluster: {server: "https://x"}}]
users: [{name: u, user: {exec: {command: get-token, apiVersion: client.authentication.k8s.io/v1alpha1}}}]
contexts: [{name: a, context: {cluster: c, user: u}}]
`,
			want: `users[0].user.exec.apiVersion: "client.authentication.k8s.io/v1alpha1" is not supported (allowed: client.authentication.k8s.io/v1, client.authentication.k8s.io/v1beta1)`,
		},
		{
			name: "an exec plugin that wants to be interactive",
			yaml: `
current-context: a
clusters: [{name: c, cluster: {server: "https://x"}}]
users: [{name: u, user: {exec: {command: login, apiVersion: client.authentication.k8s.io/v1, interactiveMode: Always}}}]
contexts: [{name: a, context: {cluster: c, user: u}}]
`,
			want: `users[0].user.exec.interactiveMode: Always is not supported: clientgen never runs credential plugins interactively; use Never or IfAvailable`,
		},
		{
			name: "an exec plugin environment variable without a name",
			yaml: `
current-context: a
clusters: [{name: c, cluster: {server: "https://x"}}]
users: [{name: u, user: {exec: {command: get-token, apiVersion: client.authentication.k8s.io/v1, env: [{name: A, value: "1"}, {value: "SECRETVALUE"}]}}}]
contexts: [{name: a, context: {cluster: c, user: u}}]
`,
			want: `users[0].user.exec.env[1].name: not set`,
		},
		{
			name: "a token together with username and password",
			yaml: `
current-context: a
clusters: [{name: c, cluster: {server: "https://x"}}]
users: [{name: u, user: {token: SECRETTOKEN, username: a, password: SECRETPASSWORD}}]
contexts: [{name: a, context: {cluster: c, user: u}}]
`,
			want: `users[0].user: a token and username/password are both set; kubectl allows one authentication method, remove one`,
		},
		{
			name: "a proxy URL with an unsupported scheme does not echo its password",
			yaml: `
current-context: a
clusters: [{name: c, cluster: {server: "https://x", proxy-url: "ftp://user:SECRETPASSWORD@proxy:21"}}]
contexts: [{name: a, context: {cluster: c}}]
`,
			want: `clusters[0].cluster.proxy-url: ftp://user:xxxxx@proxy:21: unsupported scheme "ftp" (allowed: http, https, socks5)`,
		},
		{
			name: "insecure-skip-tls-verify together with a CA",
			yaml: `
current-context: a
clusters: [{name: c, cluster: {server: "https://x", insecure-skip-tls-verify: true, certificate-authority: ca.crt}}]
contexts: [{name: a, context: {cluster: c}}]
`,
			want: `clusters[0].cluster: insecure-skip-tls-verify cannot be combined with certificate-authority(-data); remove one`,
		},
		{
			name: "two clusters with the same name",
			yaml: `
clusters: [{name: c, cluster: {server: "https://x"}}, {name: c, cluster: {server: "https://y"}}]
`,
			want: `clusters[1].name: duplicate name "c" (also clusters[0])`,
		},
		{
			name: "a context without a name",
			yaml: `
contexts: [{context: {cluster: c}}]
`,
			want: `contexts[0].name: not set`,
		},
		{
			name: "both a certificate file and certificate data",
			yaml: `
current-context: a
clusters: [{name: c, cluster: {server: "https://x"}}]
users: [{name: u, user: {client-certificate: a.crt, client-certificate-data: "` + b64("x") + `"}}]
contexts: [{name: a, context: {cluster: c, user: u}}]
`,
			want: `users[0].user: client-certificate and client-certificate-data are both set; remove one`,
		},
		{
			name: "a field of the wrong type",
			yaml: `
clusters: [{name: c, cluster: {insecure-skip-tls-verify: "maybe"}}]
`,
			want: `clusters[0].cluster.insecure-skip-tls-verify: cannot unmarshal a string into a boolean field`,
		},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, dir, "config-"+string(rune('a'+i)), []byte(tt.yaml))
			_, err := rest.ConfigFromKubeconfig(path, tt.context)
			if err == nil {
				t.Fatal("expected an error")
			}
			if want := path + ": " + tt.want; err.Error() != want {
				t.Errorf("error = %q\nwant    %q", err, want)
			}
			if strings.Contains(err.Error(), "SECRET") {
				t.Errorf("error %q leaks a secret", err)
			}
		})
	}
}

func TestConfigFromKubeconfigReportsAMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "absent")
	_, err := rest.ConfigFromKubeconfig(path, "")
	if err == nil || !strings.Contains(err.Error(), path) || !os.IsNotExist(unwrapAll(err)) {
		t.Errorf("error = %v, want a not-exist error naming %s", err, path)
	}
}

func unwrapAll(err error) error {
	for {
		u, ok := err.(interface{ Unwrap() error })
		if !ok || u.Unwrap() == nil {
			return err
		}
		err = u.Unwrap()
	}
}

func TestBuildConfigFromFlagsReadsOnlyWhatItIsGiven(t *testing.T) {
	minimal := func(server string) []byte {
		return []byte(`current-context: c
clusters: [{name: k, cluster: {server: "` + server + `"}}]
users: [{name: u, user: {token: from-` + strings.TrimPrefix(server, "https://") + `}}]
contexts: [{name: c, context: {cluster: k, user: u}}]
`)
	}
	tests := []struct {
		name       string
		setup      func(t *testing.T, dir string) (master, path string)
		wantHost   string
		wantToken  string
		wantErrSub string
	}{
		{
			name: "an explicit path is used and $KUBECONFIG is not",
			setup: func(t *testing.T, dir string) (string, string) {
				t.Setenv("KUBECONFIG", writeFile(t, dir, "env", minimal("https://env")))
				return "", writeFile(t, dir, "explicit", minimal("https://explicit"))
			},
			wantHost:  "https://explicit",
			wantToken: "from-explicit",
		},
		{
			name: "the master URL overrides the kubeconfig's server and keeps its user",
			setup: func(t *testing.T, dir string) (string, string) {
				return "https://override:6443", writeFile(t, dir, "cfg", minimal("https://original"))
			},
			wantHost:  "https://override:6443",
			wantToken: "from-original",
		},
		{
			name: "a master URL alone never picks up $KUBECONFIG's credentials",
			setup: func(t *testing.T, dir string) (string, string) {
				t.Setenv("KUBECONFIG", writeFile(t, dir, "env", minimal("https://env")))
				t.Setenv("HOME", dir)
				return "https://master", ""
			},
			wantHost: "https://master",
		},
		{
			name: "a master URL alone never picks up ~/.kube/config's credentials",
			setup: func(t *testing.T, dir string) (string, string) {
				t.Setenv("KUBECONFIG", "")
				t.Setenv("HOME", dir)
				writeFile(t, dir, ".kube/config", minimal("https://home"))
				return "https://master", ""
			},
			wantHost: "https://master",
		},
		{
			name: "neither a path nor a master URL does not read $KUBECONFIG outside a cluster",
			setup: func(t *testing.T, dir string) (string, string) {
				t.Setenv("KUBECONFIG", writeFile(t, dir, "env", minimal("https://env")))
				t.Setenv("HOME", dir)
				return "", ""
			},
			wantErrSub: "not running in a cluster ($KUBERNETES_SERVICE_HOST is unset); pass a kubeconfig path, or use rest.LoadConfig",
		},
		{
			name: "an explicit path that does not exist is an error",
			setup: func(t *testing.T, dir string) (string, string) {
				return "https://master", filepath.Join(dir, "nope")
			},
			wantErrSub: "no such file or directory",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("KUBERNETES_SERVICE_HOST", "") // not in a pod, even if the tests run in one
			master, path := tt.setup(t, t.TempDir())
			cfg, err := rest.BuildConfigFromFlags(master, path)
			if tt.wantErrSub != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErrSub) {
					t.Fatalf("error = %v, want it to contain %q", err, tt.wantErrSub)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Host != tt.wantHost || cfg.BearerToken != tt.wantToken {
				t.Errorf("Host, BearerToken = %q, %q; want %q, %q", cfg.Host, cfg.BearerToken, tt.wantHost, tt.wantToken)
			}
		})
	}
}

func TestAKubeconfigDrivesARealTLSRequest(t *testing.T) {
	srv := newTLSServer(t, authEcho())
	dir := t.TempDir()
	writeFile(t, dir, "pki/ca.crt", serverCAPEM(t, srv))
	writeFile(t, dir, "token", []byte("kubeconfig-token\n"))
	path := writeFile(t, dir, "config", []byte(`current-context: test
clusters:
- name: test
  cluster:
    server: `+srv.URL+`
    certificate-authority: pki/ca.crt
users:
- name: test
  user:
    tokenFile: token
contexts:
- name: test
  context: {cluster: test, user: test}
`))
	cfg, err := rest.BuildConfigFromFlags("", path)
	if err != nil {
		t.Fatal(err)
	}
	cfg.QPS = -1
	c, err := rest.RESTClientFor(rest.ForGroupVersion(cfg, widgetGV, testCodecs(t)))
	if err != nil {
		t.Fatal(err)
	}
	got := &Widget{}
	if err := c.Get().Resource("widgets").Do(t.Context()).Into(got); err != nil {
		t.Fatal(err)
	}
	if got.Spec != "Bearer kubeconfig-token" {
		t.Errorf("Authorization = %q", got.Spec)
	}
}
