package rest_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/clientgen/clientgen/runtime/rest"
)

// execPluginScript is a credential plugin: it counts its runs in <dir>/runs,
// saves $KUBERNETES_EXEC_INFO and $GREETING, and prints <dir>/cred-<run>.json
// if present, else <dir>/cred.json.
const execPluginScript = `#!/bin/sh
dir="$1"
n=$(( $(cat "$dir/runs" 2>/dev/null || echo 0) + 1 ))
echo "$n" > "$dir/runs"
printf '%s' "$KUBERNETES_EXEC_INFO" > "$dir/info.json"
printf '%s' "$GREETING" > "$dir/greeting"
if [ -f "$dir/cred-$n.json" ]; then cat "$dir/cred-$n.json"; else cat "$dir/cred.json"; fi
`

// execPlugin is a plugin script in its own directory.
type execPlugin struct {
	dir string
}

func newExecPlugin(tb testing.TB) *execPlugin {
	tb.Helper()
	dir := tb.TempDir()
	p := writeFile(tb, dir, "plugin.sh", []byte(execPluginScript))
	if err := os.Chmod(p, 0o755); err != nil {
		tb.Fatal(err)
	}
	return &execPlugin{dir: dir}
}

// config is the ExecConfig that runs the plugin.
func (p *execPlugin) config() *rest.ExecConfig {
	return &rest.ExecConfig{
		Command:    filepath.Join(p.dir, "plugin.sh"),
		Args:       []string{p.dir},
		Env:        []rest.ExecEnvVar{{Name: "GREETING", Value: "hello from the kubeconfig"}},
		APIVersion: rest.ExecAPIVersionV1,
	}
}

// willReturn makes run n (0 for every run without its own file) print a
// credential with token and expiry (zero: none).
func (p *execPlugin) willReturn(tb testing.TB, run int, token string, expiry time.Time) {
	tb.Helper()
	status := map[string]any{"token": token}
	if !expiry.IsZero() {
		status["expirationTimestamp"] = expiry.UTC().Format(time.RFC3339)
	}
	p.willPrint(tb, run, map[string]any{"apiVersion": rest.ExecAPIVersionV1, "kind": "ExecCredential", "status": status})
}

func (p *execPlugin) willPrint(tb testing.TB, run int, v any) {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	name := "cred.json"
	if run > 0 {
		name = "cred-" + strconv.Itoa(run) + ".json"
	}
	writeFile(tb, p.dir, name, b)
}

func (p *execPlugin) runs(tb testing.TB) int {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(p.dir, "runs"))
	if os.IsNotExist(err) {
		return 0
	}
	if err != nil {
		tb.Fatal(err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// tokenServer accepts the bearer tokens in accepted (others get 401) and
// counts requests.
type tokenServer struct {
	mu       sync.Mutex
	accepted map[string]bool
	hits     atomic.Int32
	seen     []string
}

func (s *tokenServer) accept(tokens ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accepted = map[string]bool{}
	for _, t := range tokens {
		s.accepted[t] = true
	}
}

func (s *tokenServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.hits.Add(1)
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.mu.Lock()
	ok := s.accepted[token]
	s.seen = append(s.seen, token)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if !ok {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Unauthorized","message":"Unauthorized","code":401}`))
		return
	}
	_, _ = w.Write([]byte(`{"kind":"Widget","apiVersion":"example.com/v1","spec":"` + token + `"}`))
}

func (s *tokenServer) tokensSeen() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.seen...)
}

func TestExecPluginCredentials(t *testing.T) {
	future, past := time.Now().Add(time.Hour), time.Now().Add(-time.Minute)
	tests := []struct {
		name string
		// prepare makes the plugin's outputs and says which tokens the
		// server accepts.
		prepare   func(t *testing.T, p *execPlugin, s *tokenServer)
		requests  int
		wantRuns  int
		wantSeen  []string
		wantError func(error) bool
	}{
		{
			name: "a token is cached until its expirationTimestamp",
			prepare: func(t *testing.T, p *execPlugin, s *tokenServer) {
				p.willReturn(t, 0, "tok", future)
				s.accept("tok")
			},
			requests: 3, wantRuns: 1, wantSeen: []string{"tok", "tok", "tok"},
		},
		{
			name: "a token without expirationTimestamp is cached for good",
			prepare: func(t *testing.T, p *execPlugin, s *tokenServer) {
				p.willReturn(t, 0, "tok", time.Time{})
				s.accept("tok")
			},
			requests: 2, wantRuns: 1, wantSeen: []string{"tok", "tok"},
		},
		{
			name: "an expired token is fetched again before the next request",
			prepare: func(t *testing.T, p *execPlugin, s *tokenServer) {
				p.willReturn(t, 1, "tok-1", past)
				p.willReturn(t, 2, "tok-2", future)
				s.accept("tok-1", "tok-2")
			},
			requests: 2, wantRuns: 2, wantSeen: []string{"tok-1", "tok-2"},
		},
		{
			name: "a 401 runs the plugin again and retries once with the new token",
			prepare: func(t *testing.T, p *execPlugin, s *tokenServer) {
				p.willReturn(t, 1, "revoked", future)
				p.willReturn(t, 2, "fresh", future)
				s.accept("fresh")
			},
			requests: 2, wantRuns: 2, wantSeen: []string{"revoked", "fresh", "fresh"},
		},
		{
			name: "a plugin whose new token is rejected too gives Unauthorized after one retry",
			prepare: func(t *testing.T, p *execPlugin, s *tokenServer) {
				p.willReturn(t, 1, "bad-1", future)
				p.willReturn(t, 2, "bad-2", future)
			},
			requests: 1, wantRuns: 2, wantSeen: []string{"bad-1", "bad-2"}, wantError: apierrors.IsUnauthorized,
		},
		{
			name: "a plugin returning the same rejected token is not retried",
			prepare: func(t *testing.T, p *execPlugin, s *tokenServer) {
				p.willReturn(t, 0, "same", future)
			},
			requests: 1, wantRuns: 2, wantSeen: []string{"same"}, wantError: apierrors.IsUnauthorized,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newExecPlugin(t)
			s := &tokenServer{}
			tt.prepare(t, p, s)
			srv := newTLSServer(t, s) // credentials go to https servers only
			c := newTestClient(t, srv.URL, widgetGV, func(c *rest.Config) {
				c.ExecProvider = p.config()
				c.TLSClientConfig.CAData = serverCAPEM(t, srv)
			})
			var err error
			for range tt.requests {
				if err = c.Get().Resource("widgets").Do(t.Context()).Error(); err != nil {
					break
				}
			}
			switch {
			case tt.wantError == nil && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantError != nil && !tt.wantError(err):
				t.Fatalf("error = %v, not the expected kind", err)
			}
			if got := p.runs(t); got != tt.wantRuns {
				t.Errorf("plugin ran %d times, want %d", got, tt.wantRuns)
			}
			if got := s.tokensSeen(); strings.Join(got, ",") != strings.Join(tt.wantSeen, ",") {
				t.Errorf("server saw tokens %q, want %q", got, tt.wantSeen)
			}
		})
	}
}

func TestExecPluginGetsEnvArgsAndClusterInfo(t *testing.T) {
	p := newExecPlugin(t)
	p.willReturn(t, 0, "tok", time.Time{})
	s := &tokenServer{}
	s.accept("tok")
	srv := newTLSServer(t, s)
	ca := serverCAPEM(t, srv)
	c := newTestClient(t, srv.URL, widgetGV, func(c *rest.Config) {
		c.TLSClientConfig.CAData = ca
		c.TLSClientConfig.ServerName = "example.com"
		c.ExecProvider = p.config()
		c.ExecProvider.ProvideClusterInfo = true
		c.ExecProvider.Config = []byte(`{"audience":"widgets"}`)
	})
	if err := c.Get().Resource("widgets").Do(t.Context()).Error(); err != nil {
		t.Fatal(err)
	}
	greeting, _ := os.ReadFile(filepath.Join(p.dir, "greeting"))
	if string(greeting) != "hello from the kubeconfig" {
		t.Errorf("plugin saw GREETING=%q, want the kubeconfig's env entry", greeting)
	}
	var info struct {
		APIVersion, Kind string
		Spec             struct {
			Interactive bool
			Cluster     struct {
				Server                   string          `json:"server"`
				TLSServerName            string          `json:"tls-server-name"`
				CertificateAuthorityData []byte          `json:"certificate-authority-data"`
				Config                   json.RawMessage `json:"config"`
			}
		}
	}
	raw, _ := os.ReadFile(filepath.Join(p.dir, "info.json"))
	if err := json.Unmarshal(raw, &info); err != nil {
		t.Fatalf("KUBERNETES_EXEC_INFO %q: %v", raw, err)
	}
	cl := info.Spec.Cluster
	if info.APIVersion != rest.ExecAPIVersionV1 || info.Kind != "ExecCredential" || info.Spec.Interactive ||
		cl.Server != srv.URL || cl.TLSServerName != "example.com" || !bytes.Equal(cl.CertificateAuthorityData, ca) || string(cl.Config) != `{"audience":"widgets"}` {
		t.Errorf("KUBERNETES_EXEC_INFO = %s\nwant apiVersion v1, non-interactive, and the cluster's server, TLS server name, CA and exec extension", raw)
	}
}

func TestExecPluginClientCertificateIsPresented(t *testing.T) {
	ca := newTestCA(t)
	srv := newMTLSServer(t, ca)
	certPEM, keyPEM := ca.issueClientCert(t, "exec-user")
	p := newExecPlugin(t)
	p.willPrint(t, 0, map[string]any{"apiVersion": rest.ExecAPIVersionV1, "kind": "ExecCredential", "status": map[string]any{
		"clientCertificateData": string(certPEM), "clientKeyData": string(keyPEM),
	}})
	c := newTestClient(t, srv.URL, widgetGV, func(c *rest.Config) {
		c.TLSClientConfig.CAData = serverCAPEM(t, srv)
		c.ExecProvider = p.config()
	})
	got := &Widget{}
	if err := c.Get().Resource("widgets").Do(t.Context()).Into(got); err != nil {
		t.Fatal(err)
	}
	if got.Spec != "exec-user" {
		t.Errorf("server saw client CN %q, want the plugin's certificate", got.Spec)
	}
}

func TestExecPluginErrorsExplainAndNeverShowTheOutput(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, p *execPlugin, cfg *rest.ExecConfig)
		wantErr string
	}{
		{"a missing command shows the install hint", func(t *testing.T, p *execPlugin, cfg *rest.ExecConfig) {
			cfg.Command = "clientgen-no-such-plugin"
			cfg.InstallHint = "brew install clientgen-no-such-plugin"
		}, `exec plugin "clientgen-no-such-plugin" not found: brew install clientgen-no-such-plugin`},
		{"output that is not JSON is reported without its content", func(t *testing.T, p *execPlugin, cfg *rest.ExecConfig) {
			writeFile(t, p.dir, "cred.json", []byte("SECRET-TOKEN-IN-GARBAGE {"))
		}, "output is not a JSON ExecCredential (syntax error at byte 1)"},
		{"output of another API version is rejected", func(t *testing.T, p *execPlugin, cfg *rest.ExecConfig) {
			p.willPrint(t, 0, map[string]any{"apiVersion": rest.ExecAPIVersionV1beta1, "kind": "ExecCredential", "status": map[string]any{"token": "SECRET"}})
		}, `output has apiVersion "client.authentication.k8s.io/v1beta1", want "client.authentication.k8s.io/v1" as configured in the kubeconfig`},
		{"output without a credential is rejected", func(t *testing.T, p *execPlugin, cfg *rest.ExecConfig) {
			p.willPrint(t, 0, map[string]any{"apiVersion": rest.ExecAPIVersionV1, "kind": "ExecCredential", "status": map[string]any{}})
		}, "status has neither a token nor a client certificate"},
		{"a failing plugin names itself", func(t *testing.T, p *execPlugin, cfg *rest.ExecConfig) {
			cfg.Command = "/bin/false"
		}, `exec plugin "/bin/false" failed: exit status 1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newExecPlugin(t)
			cfg := p.config()
			tt.prepare(t, p, cfg)
			srv := newTLSServer(t, &tokenServer{})
			c := newTestClient(t, srv.URL, widgetGV, func(c *rest.Config) {
				c.ExecProvider = cfg
				c.TLSClientConfig.CAData = serverCAPEM(t, srv)
			})
			err := c.Get().Resource("widgets").Do(t.Context()).Error()
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "SECRET") {
				t.Errorf("error %q shows the plugin's output", err)
			}
		})
	}
}

func TestRewrittenTokenFileIsUsedByTheNextRequest(t *testing.T) {
	s := &tokenServer{}
	s.accept("first", "second")
	srv := newTLSServer(t, s)
	tokenFile := writeFile(t, t.TempDir(), "token", []byte("first\n"))
	c := newTestClient(t, srv.URL, widgetGV, func(c *rest.Config) {
		c.BearerTokenFile = tokenFile
		c.TLSClientConfig.CAData = serverCAPEM(t, srv)
	})
	if err := c.Get().Resource("widgets").Do(t.Context()).Error(); err != nil {
		t.Fatal(err)
	}
	// The kubelet replaces a projected token in place; a different size
	// makes the change visible even on filesystems with coarse mtimes.
	writeFile(t, filepath.Dir(tokenFile), "token", []byte("second-token-is-longer\n"))
	s.accept("second-token-is-longer")
	if err := c.Get().Resource("widgets").Do(t.Context()).Error(); err != nil {
		t.Fatalf("request after the token file changed: %v", err)
	}
	if got := s.tokensSeen(); strings.Join(got, ",") != "first,second-token-is-longer" {
		t.Errorf("server saw %q, want the new token without a 401 first", got)
	}
}
