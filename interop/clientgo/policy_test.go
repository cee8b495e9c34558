package clientgo

import (
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	clientgoexec "k8s.io/client-go/plugin/pkg/client/auth/exec"
	restclient "k8s.io/client-go/rest"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/clientgen/clientgen/runtime/rest"
)

// markerPlugin is a credential plugin that touches <dir>/ran and prints a
// token, so a test can tell whether it was ever started.
const markerPlugin = `#!/bin/sh
: > "$(dirname "$0")/ran"
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"plugin-token"}}'
`

func newMarkerPlugin(t testing.TB) (command, marker string) {
	t.Helper()
	dir := t.TempDir()
	command = filepath.Join(dir, "plugin.sh")
	if err := os.WriteFile(command, []byte(markerPlugin), 0o755); err != nil {
		t.Fatal(err)
	}
	return command, filepath.Join(dir, "ran")
}

func TestConvertedPluginPolicyDecidesWhetherThePluginRuns(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer plugin-token" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		_, _ = w.Write([]byte("ok"))
	}))
	t.Cleanup(srv.Close)
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	tests := []struct {
		name    string
		policy  func(command string) clientcmdapi.PluginPolicy
		wantRun bool
		wantErr string
	}{
		{
			name: "AllowAll runs the plugin",
			policy: func(string) clientcmdapi.PluginPolicy {
				return clientcmdapi.PluginPolicy{PolicyType: clientcmdapi.PluginPolicyAllowAll}
			},
			wantRun: true,
		},
		{
			name: "DenyAll never starts the plugin",
			policy: func(string) clientcmdapi.PluginPolicy {
				return clientcmdapi.PluginPolicy{PolicyType: clientcmdapi.PluginPolicyDenyAll}
			},
			wantErr: "PluginPolicy is DenyAll",
		},
		{
			name: "an allowlist naming the plugin runs it",
			policy: func(command string) clientcmdapi.PluginPolicy {
				return clientcmdapi.PluginPolicy{PolicyType: clientcmdapi.PluginPolicyAllowlist, Allowlist: []clientcmdapi.AllowlistEntry{{Command: command}}}
			},
			wantRun: true,
		},
		{
			name: "an allowlist naming another plugin never starts it",
			policy: func(string) clientcmdapi.PluginPolicy {
				return clientcmdapi.PluginPolicy{PolicyType: clientcmdapi.PluginPolicyAllowlist, Allowlist: []clientcmdapi.AllowlistEntry{{Command: "/usr/local/bin/other-plugin"}}}
			},
			wantErr: "no entry of the ExecProvider.PluginPolicy allowlist permits it",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			command, marker := newMarkerPlugin(t)
			cfg, err := FromClientGo(&restclient.Config{
				Host:            srv.URL,
				TLSClientConfig: restclient.TLSClientConfig{CAData: ca},
				ExecProvider: &clientcmdapi.ExecConfig{Command: command, APIVersion: "client.authentication.k8s.io/v1",
					InteractiveMode: clientcmdapi.NeverExecInteractiveMode, PluginPolicy: tt.policy(command)},
			})
			if err != nil {
				t.Fatalf("FromClientGo: %v", err)
			}
			c, err := rest.HTTPClientFor(cfg)
			if err != nil {
				t.Fatalf("HTTPClientFor: %v", err)
			}
			t.Cleanup(c.CloseIdleConnections)
			resp, err := c.Get(srv.URL)
			if tt.wantRun {
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Errorf("status %d, want 200 with the plugin's token", resp.StatusCode)
				}
				if _, err := os.Stat(marker); err != nil {
					t.Errorf("the plugin's marker: %v, want the plugin to have run", err)
				}
				return
			}
			if err == nil {
				resp.Body.Close()
				t.Fatalf("the request got %d, want the policy's error", resp.StatusCode)
			}
			if !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), command) {
				t.Errorf("error %q does not name the plugin and say %q", err, tt.wantErr)
			}
			if _, err := os.Stat(marker); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the plugin's marker: %v, want the plugin never started", err)
			}
		})
	}
}

// TestConvertedPluginPolicyIsValidatedAsClientGoValidatesIt: FromClientGo
// carries every policy; the converted Config's client is refused exactly
// where client-go's ValidatePluginPolicy refuses the original.
func TestConvertedPluginPolicyIsValidatedAsClientGoValidatesIt(t *testing.T) {
	entries := func(cmds ...string) []clientcmdapi.AllowlistEntry {
		out := []clientcmdapi.AllowlistEntry{}
		for _, c := range cmds {
			out = append(out, clientcmdapi.AllowlistEntry{Command: c})
		}
		return out
	}
	tests := []struct {
		name   string
		policy clientcmdapi.PluginPolicy
	}{
		{name: "no policy is valid", policy: clientcmdapi.PluginPolicy{}},
		{name: "AllowAll is valid", policy: clientcmdapi.PluginPolicy{PolicyType: clientcmdapi.PluginPolicyAllowAll}},
		{name: "DenyAll is valid", policy: clientcmdapi.PluginPolicy{PolicyType: clientcmdapi.PluginPolicyDenyAll}},
		{name: "an allowlist of normalized paths and names is valid", policy: clientcmdapi.PluginPolicy{PolicyType: clientcmdapi.PluginPolicyAllowlist, Allowlist: entries("/usr/bin/a", "b")}},
		{name: "Allowlist without a list is invalid", policy: clientcmdapi.PluginPolicy{PolicyType: clientcmdapi.PluginPolicyAllowlist}},
		{name: "Allowlist with an empty list is invalid", policy: clientcmdapi.PluginPolicy{PolicyType: clientcmdapi.PluginPolicyAllowlist, Allowlist: entries()}},
		{name: "an empty entry is invalid", policy: clientcmdapi.PluginPolicy{PolicyType: clientcmdapi.PluginPolicyAllowlist, Allowlist: entries("a", "")}},
		{name: "a non-normalized entry is invalid", policy: clientcmdapi.PluginPolicy{PolicyType: clientcmdapi.PluginPolicyAllowlist, Allowlist: entries("./a")}},
		{name: "a list with no policy is invalid", policy: clientcmdapi.PluginPolicy{Allowlist: entries("a")}},
		{name: "a list with AllowAll is invalid", policy: clientcmdapi.PluginPolicy{PolicyType: clientcmdapi.PluginPolicyAllowAll, Allowlist: entries("a")}},
		{name: "an empty list with DenyAll is invalid", policy: clientcmdapi.PluginPolicy{PolicyType: clientcmdapi.PluginPolicyDenyAll, Allowlist: entries()}},
		{name: "an unknown policy is invalid", policy: clientcmdapi.PluginPolicy{PolicyType: "AllowSome"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clientGoErr := clientgoexec.ValidatePluginPolicy(tt.policy)
			cfg, err := FromClientGo(&restclient.Config{Host: "https://cluster.example", ExecProvider: &clientcmdapi.ExecConfig{
				Command: "plugin", APIVersion: "client.authentication.k8s.io/v1", InteractiveMode: clientcmdapi.NeverExecInteractiveMode, PluginPolicy: tt.policy,
			}})
			if err != nil {
				t.Fatalf("FromClientGo refused the policy: %v", err)
			}
			_, err = rest.HTTPClientFor(cfg)
			if (err == nil) != (clientGoErr == nil) {
				t.Fatalf("clientgen's HTTPClientFor: %v; client-go's ValidatePluginPolicy: %v; want both to accept or both to refuse", err, clientGoErr)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "rest: ExecProvider.PluginPolicy: ") {
				t.Errorf("error %q does not name ExecProvider.PluginPolicy", err)
			}
		})
	}
}
