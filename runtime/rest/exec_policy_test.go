package rest_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clientgen/clientgen/runtime/rest"
)

// ranMarker is the file execPluginScript writes on every run.
func (p *execPlugin) ranMarker() string { return filepath.Join(p.dir, "runs") }

// assertNeverRan fails unless the plugin's marker file does not exist.
func (p *execPlugin) assertNeverRan(tb testing.TB) {
	tb.Helper()
	if _, err := os.Stat(p.ranMarker()); !errors.Is(err, os.ErrNotExist) {
		tb.Errorf("the plugin ran (its marker %s: %v), want it never started", p.ranMarker(), err)
	}
}

// policyGet builds a client against a server that accepts "tok" with
// the plugin and policy, and sends one GET.
func policyGet(t *testing.T, p *execPlugin, command string, policy rest.ExecPluginPolicy) error {
	t.Helper()
	s := &tokenServer{}
	s.accept("tok")
	srv := newTLSServer(t, s)
	c := newTestClient(t, srv.URL, widgetGV, func(c *rest.Config) {
		c.TLSClientConfig.CAData = serverCAPEM(t, srv)
		c.ExecProvider = p.config()
		c.ExecProvider.Command = command
		c.ExecProvider.PluginPolicy = policy
	})
	return c.Get().Resource("widgets").Do(t.Context()).Error()
}

func TestExecPluginPolicyDecidesWhetherThePluginRuns(t *testing.T) {
	other := newExecPlugin(t) // a plugin of the same name in another directory
	tests := []struct {
		name string
		// command and policy get the plugin's directory.
		command string
		policy  func(dir string) rest.ExecPluginPolicy
		path    func(dir string) string // put in front of $PATH, if set
		wantErr []string                // empty: the plugin runs
	}{
		{
			name:    "no policy runs the plugin",
			command: "{dir}/plugin.sh",
			policy:  func(string) rest.ExecPluginPolicy { return rest.ExecPluginPolicy{} },
		},
		{
			name:    "AllowAll runs the plugin",
			command: "{dir}/plugin.sh",
			policy:  func(string) rest.ExecPluginPolicy { return rest.ExecPluginPolicy{Type: rest.ExecPolicyAllowAll} },
		},
		{
			name:    "DenyAll never runs the plugin and names it and the policy",
			command: "{dir}/plugin.sh",
			policy:  func(string) rest.ExecPluginPolicy { return rest.ExecPluginPolicy{Type: rest.ExecPolicyDenyAll} },
			wantErr: []string{`exec plugin "{dir}/plugin.sh" not allowed`, "PluginPolicy is DenyAll"},
		},
		{
			name:    "an allowlist entry with the plugin's path runs it",
			command: "{dir}/plugin.sh",
			policy:  allowlist("{dir}/plugin.sh"),
		},
		{
			name:    "a command that is not normalized is cleaned before it is compared",
			command: "{dir}/./sub/../plugin.sh",
			policy:  allowlist("{dir}/plugin.sh"),
		},
		{
			name:    "a command found in $PATH is compared as resolved",
			command: "plugin.sh",
			path:    func(dir string) string { return dir },
			policy:  allowlist("{dir}/plugin.sh"),
		},
		{
			name:    "an entry found in $PATH is compared as resolved",
			command: "{dir}/plugin.sh",
			path:    func(dir string) string { return dir },
			policy:  allowlist("plugin.sh"),
		},
		{
			name:    "an allowlist of another plugin never runs it",
			command: "{dir}/plugin.sh",
			policy:  allowlist(filepath.Join(other.dir, "other.sh")),
			wantErr: []string{`exec plugin "{dir}/plugin.sh" ({dir}/plugin.sh) not allowed`, "allowlist"},
		},
		{
			name:    "an entry of the same name in another directory never runs it",
			command: "{dir}/plugin.sh",
			policy:  allowlist(filepath.Join(other.dir, "plugin.sh")),
			wantErr: []string{"not allowed", "allowlist"},
		},
		{
			name:    "an entry found in $PATH elsewhere never runs a plugin of the same name",
			command: "{dir}/plugin.sh",
			path:    func(string) string { return other.dir },
			policy:  allowlist("plugin.sh"),
			wantErr: []string{"not allowed", "allowlist"},
		},
		{
			name:    "a command that cannot be resolved is refused",
			command: "no-such-plugin-on-path",
			path:    func(dir string) string { return dir },
			policy:  allowlist("{dir}/plugin.sh"),
			wantErr: []string{`exec plugin "no-such-plugin-on-path" not allowed`, "cannot be resolved"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newExecPlugin(t)
			p.willReturn(t, 0, "tok", time.Time{})
			fill := func(s string) string { return strings.ReplaceAll(s, "{dir}", p.dir) }
			if tt.path != nil {
				// In front of the system's $PATH, which the script needs.
				t.Setenv("PATH", tt.path(p.dir)+string(os.PathListSeparator)+os.Getenv("PATH"))
			}
			err := policyGet(t, p, fill(tt.command), tt.policy(p.dir))
			if len(tt.wantErr) == 0 {
				if err != nil {
					t.Fatalf("request: %v", err)
				}
				if n := p.runs(t); n != 1 {
					t.Errorf("the plugin ran %d times, want once", n)
				}
				return
			}
			if err == nil {
				t.Fatal("the request succeeded, want the policy's error")
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(err.Error(), fill(want)) {
					t.Errorf("error %q does not say %q", err, fill(want))
				}
			}
			p.assertNeverRan(t)
		})
	}
}

// allowlist is a policy of ExecPolicyAllowlist whose entries get the
// plugin's directory for {dir}.
func allowlist(commands ...string) func(dir string) rest.ExecPluginPolicy {
	return func(dir string) rest.ExecPluginPolicy {
		p := rest.ExecPluginPolicy{Type: rest.ExecPolicyAllowlist, Allowlist: []rest.ExecAllowlistEntry{}}
		for _, c := range commands {
			p.Allowlist = append(p.Allowlist, rest.ExecAllowlistEntry{Command: strings.ReplaceAll(c, "{dir}", dir)})
		}
		return p
	}
}

func TestAnInvalidExecPluginPolicyIsAnErrorWhenTheClientIsBuilt(t *testing.T) {
	entries := func(cmds ...string) []rest.ExecAllowlistEntry {
		out := []rest.ExecAllowlistEntry{}
		for _, c := range cmds {
			out = append(out, rest.ExecAllowlistEntry{Command: c})
		}
		return out
	}
	tests := []struct {
		name    string
		policy  rest.ExecPluginPolicy
		token   string
		wantErr string
	}{
		{
			name:    "Allowlist without an allowlist is refused",
			policy:  rest.ExecPluginPolicy{Type: rest.ExecPolicyAllowlist},
			wantErr: "rest: ExecProvider.PluginPolicy: policy Allowlist, but the allowlist is unspecified",
		},
		{
			name:    "Allowlist with an empty allowlist is refused in favour of DenyAll",
			policy:  rest.ExecPluginPolicy{Type: rest.ExecPolicyAllowlist, Allowlist: entries()},
			wantErr: "rest: ExecProvider.PluginPolicy: policy Allowlist, but the allowlist is empty; use policy DenyAll instead",
		},
		{
			name:    "an empty allowlist entry is refused by number",
			policy:  rest.ExecPluginPolicy{Type: rest.ExecPolicyAllowlist, Allowlist: entries("/bin/a", "")},
			wantErr: "rest: ExecProvider.PluginPolicy: allowlist entry #2 is empty",
		},
		{
			name:    "an entry that is not a normalized path is refused",
			policy:  rest.ExecPluginPolicy{Type: rest.ExecPolicyAllowlist, Allowlist: entries("/usr/bin/../bin/a")},
			wantErr: `rest: ExecProvider.PluginPolicy: allowlist entry #1: non-normalized file path "/usr/bin/../bin/a" (normalized: "/usr/bin/a")`,
		},
		{
			name:    "an allowlist with policy AllowAll is refused",
			policy:  rest.ExecPluginPolicy{Type: rest.ExecPolicyAllowAll, Allowlist: entries("/bin/a")},
			wantErr: `rest: ExecProvider.PluginPolicy: policy "AllowAll" has an allowlist`,
		},
		{
			name:    "an allowlist with policy DenyAll is refused",
			policy:  rest.ExecPluginPolicy{Type: rest.ExecPolicyDenyAll, Allowlist: entries()},
			wantErr: `rest: ExecProvider.PluginPolicy: policy "DenyAll" has an allowlist`,
		},
		{
			name:    "an allowlist with no policy is refused",
			policy:  rest.ExecPluginPolicy{Allowlist: entries("/bin/a")},
			wantErr: `rest: ExecProvider.PluginPolicy: policy "" has an allowlist`,
		},
		{
			name:    "an unknown policy is refused",
			policy:  rest.ExecPluginPolicy{Type: "AllowSome"},
			wantErr: `rest: ExecProvider.PluginPolicy: unknown policy "AllowSome" (allowed: AllowAll, DenyAll, Allowlist)`,
		},
		{
			name:    "an invalid policy is refused even when a token means the plugin would not run",
			policy:  rest.ExecPluginPolicy{Type: "AllowSome"},
			token:   "tok",
			wantErr: `rest: ExecProvider.PluginPolicy: unknown policy "AllowSome"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newExecPlugin(t)
			p.willReturn(t, 0, "tok", time.Time{})
			exec := p.config()
			exec.PluginPolicy = tt.policy
			_, err := rest.HTTPClientFor(&rest.Config{Host: "https://example.test", BearerToken: tt.token, ExecProvider: exec})
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Fatalf("HTTPClientFor error = %v, want %q", err, tt.wantErr)
			}
			p.assertNeverRan(t)
		})
	}
}

func TestExecPluginPolicyIsPrintedAndCopied(t *testing.T) {
	exec := &rest.ExecConfig{Command: "p", PluginPolicy: rest.ExecPluginPolicy{
		Type: rest.ExecPolicyAllowlist, Allowlist: []rest.ExecAllowlistEntry{{Command: "/usr/bin/p"}},
	}}
	in := &rest.Config{Host: "https://example.test", ExecProvider: exec}
	const want = `PluginPolicy:{Type:"Allowlist", Allowlist:["/usr/bin/p"]}`
	if s := in.String(); !strings.Contains(s, want) {
		t.Errorf("String() = %s\nwant it to contain %s", s, want)
	}
	out := rest.ForGroupVersion(in, widgetGV, testCodecs(t))
	exec.PluginPolicy.Allowlist[0].Command = "/changed"
	if got := out.ExecProvider.PluginPolicy.Allowlist[0].Command; got != "/usr/bin/p" {
		t.Errorf("the copy's allowlist entry = %q after the original changed, want /usr/bin/p", got)
	}
	empty := rest.ForGroupVersion(&rest.Config{ExecProvider: &rest.ExecConfig{PluginPolicy: rest.ExecPluginPolicy{Allowlist: []rest.ExecAllowlistEntry{}}}}, widgetGV, testCodecs(t))
	if got := empty.ExecProvider.PluginPolicy.Allowlist; got == nil {
		t.Error("an empty allowlist was copied as nil; validation tells the two apart")
	}
}

// retryCounter counts the retry policy's decisions to send a request again.
type retryCounter struct {
	rest.NoMetrics
	retries atomic.Int32
}

func (m *retryCounter) Retry(context.Context, rest.RetryInfo) { m.retries.Add(1) }

func TestAPluginThePolicyRefusesIsNotRetried(t *testing.T) {
	tests := []struct {
		name   string
		policy func(dir string) rest.ExecPluginPolicy
	}{
		{name: "DenyAll fails the request at once", policy: func(string) rest.ExecPluginPolicy { return rest.ExecPluginPolicy{Type: rest.ExecPolicyDenyAll} }},
		{name: "an allowlist without the plugin fails the request at once", policy: allowlist("/usr/local/bin/other-plugin")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newExecPlugin(t)
			p.willReturn(t, 0, "tok", time.Time{})
			srv := newTLSServer(t, &tokenServer{})
			m := &retryCounter{}
			c := newTestClient(t, srv.URL, widgetGV, func(c *rest.Config) {
				c.TLSClientConfig.CAData = serverCAPEM(t, srv)
				c.ExecProvider = p.config()
				c.ExecProvider.PluginPolicy = tt.policy(p.dir)
				c.Metrics = m
			})
			if err := c.Get().Resource("widgets").Do(t.Context()).Error(); err == nil || !strings.Contains(err.Error(), "not allowed") {
				t.Fatalf("error = %v, want the policy's", err)
			}
			if n := m.retries.Load(); n != 0 {
				t.Errorf("the request was retried %d times, want none: the policy's answer cannot change", n)
			}
			p.assertNeverRan(t)
		})
	}
}
