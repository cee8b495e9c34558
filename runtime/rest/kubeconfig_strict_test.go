package rest_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clientgen/clientgen/runtime/rest"
)

// withUser is a kubeconfig whose only context uses a user with the given
// fields (YAML flow mapping content) and whose namespace is ns.
func withUser(user, ns string) string {
	return `current-context: a
clusters: [{name: c, cluster: {server: "https://x"}}]
users: [{name: u, user: {` + user + `}}]
contexts: [{name: a, context: {cluster: c, user: u, namespace: ` + ns + `}}]
`
}

// Issue 14 #1: YAML 1.1 reads these bare scalars as numbers or booleans, and
// decoding them into string fields used to rewrite them (012345 became
// "5349"). kubectl rejects such a file; so must we, naming the field.
func TestKubeconfigScalarsThatYAMLReadsAsNumbersOrBooleansAreRejected(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, yaml, context string
		// field is the path the error must name after "<file>: ".
		field string
	}{
		{name: "a password that reads as an octal number", yaml: withUser("username: bob, password: 012345", "ns"), field: "users[0].user.password"},
		{name: "a long numeric token", yaml: withUser("token: 123456789012345678901234567890", "ns"), field: "users[0].user.token"},
		{name: "a namespace that reads as an octal number", yaml: withUser("token: t", "0755"), field: "contexts[0].context.namespace"},
		{name: "a namespace that reads as a boolean", yaml: withUser("token: t", "on"), field: "contexts[0].context.namespace"},
		{
			name: "a context named y",
			yaml: `clusters: [{name: c, cluster: {server: "https://x"}}]
contexts: [{name: y, context: {cluster: c}}]
`,
			context: "y",
			field:   "contexts[0].name",
		},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, dir, "config-"+string(rune('a'+i)), []byte(tt.yaml))
			l, err := rest.LoadConfig(rest.LoadOptions{Kubeconfig: path, Context: tt.context})
			if err == nil {
				t.Fatalf("loaded %v, want an error naming %s", l.Config, tt.field)
			}
			if want := path + ": " + tt.field + ": cannot unmarshal a "; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error = %q\nwant it to start with %q", err, want)
			}
			for _, secret := range []string{"012345", "5349", "1234567890"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error %q shows the value %q", err, secret)
				}
			}
		})
	}
}

func TestQuotedKubeconfigScalarsAreKeptExactlyAsWritten(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "config", []byte(`current-context: "y"
clusters: [{name: c, cluster: {server: "https://x"}}]
users:
- {name: basic, user: {username: bob, password: "012345"}}
- {name: tok, user: {token: '123456789012345678901234567890'}}
contexts:
- {name: "y", context: {cluster: c, user: basic, namespace: "0755"}}
- {name: "n", context: {cluster: c, user: tok, namespace: "on"}}
`))
	l, err := rest.LoadConfig(rest.LoadOptions{Kubeconfig: path})
	if err != nil {
		t.Fatal(err)
	}
	if l.Context != "y" || l.Config.Password != "012345" || l.Namespace != "0755" {
		t.Errorf("context %q, password %q, namespace %q; want y, 012345, 0755", l.Context, l.Config.Password, l.Namespace)
	}
	l, err = rest.LoadConfig(rest.LoadOptions{Kubeconfig: path, Context: "n"})
	if err != nil {
		t.Fatal(err)
	}
	if l.Config.BearerToken != "123456789012345678901234567890" || l.Namespace != "on" {
		t.Errorf("token %q, namespace %q; want the digits as written and on", l.Config.BearerToken, l.Namespace)
	}
}

// Issue 14 #9: encoding/json matched keys case-insensitively, so Token and
// tokenfile were used; kubectl ignores them.
func TestKubeconfigKeysMatchExactly(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "token-file", []byte("from-file\n"))
	path := writeFile(t, dir, "config", []byte(`current-context: a
clusters: [{name: c, cluster: {server: "https://x", Certificate-Authority-Data: "`+b64("CA")+`", TLS-Server-Name: other}}]
users: [{name: u, user: {Token: SECRET-upper, tokenfile: token-file, Username: admin, PASSWORD: pw}}]
contexts: [{name: a, context: {cluster: c, user: u, Namespace: wrong}}]
`))
	l, err := rest.LoadConfig(rest.LoadOptions{Kubeconfig: path})
	if err != nil {
		t.Fatal(err)
	}
	c := l.Config
	if c.BearerToken != "" || c.BearerTokenFile != "" || c.Username != "" || c.Password != "" ||
		len(c.TLSClientConfig.CAData) != 0 || c.TLSClientConfig.ServerName != "" || l.Namespace != "default" {
		t.Errorf("keys in the wrong case were used: %v, namespace %q", c, l.Namespace)
	}
}

func TestKubeconfigKindAndAPIVersionAreChecked(t *testing.T) {
	dir := t.TempDir()
	body := `current-context: a
clusters: [{name: c, cluster: {server: "https://x"}}]
contexts: [{name: a, context: {cluster: c}}]
`
	tests := []struct {
		name, header, wantErr string
	}{
		{name: "kind Config and apiVersion v1 load", header: "kind: Config\napiVersion: v1\n"},
		{name: "no kind or apiVersion loads, as in client-go", header: ""},
		{name: "another kind is rejected", header: "kind: Pod\napiVersion: v1\n", wantErr: `kind: "Pod" is not a kubeconfig (want Config)`},
		{name: "another apiVersion is rejected", header: "kind: Config\napiVersion: v2\n", wantErr: `apiVersion: "v2" is not supported (want v1)`},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, dir, "config-"+string(rune('a'+i)), []byte(tt.header+body))
			_, err := rest.LoadConfig(rest.LoadOptions{Kubeconfig: path})
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatal(err)
			case tt.wantErr != "" && (err == nil || err.Error() != path+": "+tt.wantErr):
				t.Fatalf("error = %v, want %q", err, path+": "+tt.wantErr)
			}
		})
	}
}

func TestExecV1WithoutInteractiveModeIsRejectedAsKubectlDoes(t *testing.T) {
	dir := t.TempDir()
	load := func(exec string) error {
		path := writeFile(t, dir, "config", []byte(withUser("exec: {"+exec+"}", "ns")))
		_, err := rest.LoadConfig(rest.LoadOptions{Kubeconfig: path})
		return err
	}
	err := load("command: get-token, apiVersion: client.authentication.k8s.io/v1")
	if want := filepath.Join(dir, "config") + ": users[0].user.exec.interactiveMode: required with apiVersion client.authentication.k8s.io/v1, as kubectl requires (set Never or IfAvailable)"; err == nil || err.Error() != want {
		t.Errorf("error = %v\nwant %s", err, want)
	}
	if err := load("command: get-token, apiVersion: client.authentication.k8s.io/v1beta1"); err != nil {
		t.Errorf("v1beta1 without interactiveMode (kubectl defaults it to IfAvailable): %v", err)
	}
	if err := load("command: get-token, apiVersion: client.authentication.k8s.io/v1, interactiveMode: Never"); err != nil {
		t.Errorf("v1 with interactiveMode Never: %v", err)
	}
}

// exec beside a token is accepted by kubectl, which then sends the token
// and never runs the plugin.
func TestExecBesideATokenLoadsAndTheTokenIsSent(t *testing.T) {
	srv := newTLSServer(t, authEcho())
	p := newExecPlugin(t)
	p.willReturn(t, 0, "from-plugin", time.Time{})
	dir := t.TempDir()
	path := writeFile(t, dir, "config", []byte(`current-context: a
clusters: [{name: c, cluster: {server: "`+srv.URL+`", certificate-authority-data: "`+b64(string(serverCAPEM(t, srv)))+`"}}]
users: [{name: u, user: {token: inline-token, exec: {command: "`+p.config().Command+`", args: ["`+p.dir+`"], apiVersion: client.authentication.k8s.io/v1, interactiveMode: Never}}}]
contexts: [{name: a, context: {cluster: c, user: u}}]
`))
	l, err := rest.LoadConfig(rest.LoadOptions{Kubeconfig: path})
	if err != nil {
		t.Fatal(err)
	}
	if got := getSpec(t, l.Config); got != "Bearer inline-token" {
		t.Errorf("server saw Authorization %q, want the kubeconfig's token", got)
	}
	if n := p.runs(t); n != 0 {
		t.Errorf("the plugin ran %d times, want never", n)
	}
}
