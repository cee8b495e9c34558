//go:build e2e

package testserver

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/yaml"
)

// kubeconfig is the subset of a kubeconfig file the test needs.
type kubeconfig struct {
	Clusters []struct {
		Name    string `json:"name"`
		Cluster struct {
			Server string `json:"server"`
			CAData []byte `json:"certificate-authority-data"`
		} `json:"cluster"`
	} `json:"clusters"`
	Users []struct {
		Name string `json:"name"`
		User struct {
			CertData []byte `json:"client-certificate-data"`
			KeyData  []byte `json:"client-key-data"`
			Token    string `json:"token"`
		} `json:"user"`
	} `json:"users"`
	Contexts []struct {
		Name    string `json:"name"`
		Context struct {
			Cluster string `json:"cluster"`
			User    string `json:"user"`
		} `json:"context"`
	} `json:"contexts"`
	CurrentContext string `json:"current-context"`
}

// endpoint is what a context resolves to: a server URL and an HTTP client
// that authenticates as the context's user.
type endpoint struct {
	server string
	client *http.Client
	token  string
}

func (kc *kubeconfig) endpoint(t *testing.T, contextName string) endpoint {
	t.Helper()
	var clusterName, userName string
	found := false
	for _, c := range kc.Contexts {
		if c.Name == contextName {
			clusterName, userName, found = c.Context.Cluster, c.Context.User, true
		}
	}
	if !found {
		t.Fatalf("kubeconfig has no context %q", contextName)
	}
	var ep endpoint
	pool := x509.NewCertPool()
	for _, c := range kc.Clusters {
		if c.Name == clusterName {
			ep.server = c.Cluster.Server
			if !pool.AppendCertsFromPEM(c.Cluster.CAData) {
				t.Fatalf("cluster %q: no CA certificate in certificate-authority-data", clusterName)
			}
		}
	}
	if ep.server == "" {
		t.Fatalf("kubeconfig has no cluster %q with a server", clusterName)
	}
	tlsConfig := &tls.Config{RootCAs: pool}
	found = false
	for _, u := range kc.Users {
		if u.Name != userName {
			continue
		}
		found = true
		if len(u.User.CertData) > 0 {
			cert, err := tls.X509KeyPair(u.User.CertData, u.User.KeyData)
			if err != nil {
				t.Fatalf("user %q: %v", userName, err)
			}
			tlsConfig.Certificates = []tls.Certificate{cert}
		}
		ep.token = u.User.Token
	}
	if !found {
		t.Fatalf("kubeconfig has no user %q", userName)
	}
	ep.client = &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: tlsConfig}}
	t.Cleanup(ep.client.CloseIdleConnections)
	return ep
}

func (ep endpoint) get(t *testing.T, path string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, ep.server+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ep.token != "" {
		req.Header.Set("Authorization", "Bearer "+ep.token)
	}
	resp, err := ep.client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: reading body: %v", path, err)
	}
	return resp.StatusCode, body
}

func TestStartStop(t *testing.T) {
	if _, err := BinaryPath(); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	start := time.Now()
	srv, err := Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Stop() })
	t.Logf("kube-apiserver ready after %v", time.Since(start).Round(time.Millisecond))

	data, err := os.ReadFile(srv.Kubeconfig)
	if err != nil {
		t.Fatalf("reading kubeconfig: %v", err)
	}
	var kc kubeconfig
	if err := yaml.Unmarshal(data, &kc); err != nil {
		t.Fatalf("parsing kubeconfig: %v", err)
	}
	if kc.CurrentContext != CertContext {
		t.Errorf("current-context = %q, want %q", kc.CurrentContext, CertContext)
	}

	for _, contextName := range []string{CertContext, TokenContext} {
		t.Run(contextName, func(t *testing.T) {
			ep := kc.endpoint(t, contextName)

			code, body := ep.get(t, "/version")
			if code != http.StatusOK {
				t.Fatalf("GET /version: status %d: %s", code, body)
			}
			var info struct {
				GitVersion string `json:"gitVersion"`
			}
			if err := json.Unmarshal(body, &info); err != nil {
				t.Fatalf("GET /version: %v: %s", err, body)
			}
			if info.GitVersion != KubeVersion {
				t.Errorf("gitVersion = %q, want %q", info.GitVersion, KubeVersion)
			}

			// /version is public; listing namespaces proves that the
			// context's credentials authenticate as a cluster admin.
			if code, body := ep.get(t, "/api/v1/namespaces"); code != http.StatusOK {
				t.Errorf("GET /api/v1/namespaces: status %d: %s", code, body)
			}
		})
	}

	// Without credentials the same request is refused, so the checks above
	// did exercise authentication.
	anon := kc.endpoint(t, CertContext)
	anon.client.Transport.(*http.Transport).TLSClientConfig.Certificates = nil
	if code, body := anon.get(t, "/api/v1/namespaces"); code != http.StatusForbidden && code != http.StatusUnauthorized {
		t.Errorf("anonymous GET /api/v1/namespaces: status %d, want 401 or 403: %s", code, body)
	}
	anon.client.CloseIdleConnections()

	dir := filepath.Dir(srv.Kubeconfig)
	if err := srv.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temp dir %s still exists after Stop (stat: %v)", dir, err)
	}
	if err := srv.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}
}

func TestBinaryPathMissing(t *testing.T) {
	t.Setenv(BinaryEnv, filepath.Join(t.TempDir(), "no-such-kube-apiserver"))
	_, err := BinaryPath()
	if err == nil {
		t.Fatal("BinaryPath succeeded for a missing binary")
	}
	if !strings.Contains(err.Error(), "hack/build-apiserver.sh") {
		t.Errorf("error does not name the fix: %v", err)
	}
}

func TestBinaryPathDefault(t *testing.T) {
	cache := t.TempDir()
	t.Setenv(BinaryEnv, "")
	t.Setenv("CLIENTGEN_CACHE_DIR", cache)
	want := filepath.Join(cache, "bin", "kube-apiserver-"+KubeVersion)
	if err := os.MkdirAll(filepath.Dir(want), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(want, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := BinaryPath()
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("BinaryPath() = %q, want %q", got, want)
	}
}

func TestStartFailureReportsStderr(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "fake-apiserver")
	script := "#!/bin/sh\necho 'something went badly wrong' >&2\nexit 3\n"
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv(BinaryEnv, bin)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv, err := Start(ctx)
	if err == nil {
		srv.Stop()
		t.Fatal("Start succeeded with a failing binary")
	}
	if !strings.Contains(err.Error(), "something went badly wrong") {
		t.Errorf("error lacks the stderr tail: %v", err)
	}
}
