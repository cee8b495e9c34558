package rest

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Exec credential plugin API versions clientgen speaks. v1beta1 has the same
// shape as v1 and is still what many cloud CLIs print.
const (
	ExecAPIVersionV1      = "client.authentication.k8s.io/v1"
	ExecAPIVersionV1beta1 = "client.authentication.k8s.io/v1beta1"

	// execInfoEnv is the environment variable through which a plugin gets
	// its ExecCredential input (spec.interactive and, with
	// provideClusterInfo, spec.cluster).
	execInfoEnv = "KUBERNETES_EXEC_INFO"
	// execClusterExtension is the cluster extension whose content is passed
	// to the plugin as spec.cluster.config.
	execClusterExtension = "client.authentication.k8s.io/exec"
)

// Interactive modes of an exec plugin (kubeconfig exec.interactiveMode).
// clientgen never connects the plugin to a terminal, so Always is rejected.
const (
	ExecInteractiveNever       = "Never"
	ExecInteractiveIfAvailable = "IfAvailable"
	ExecInteractiveAlways      = "Always"
)

// Policies of ExecPluginPolicy.Type, client-go's PluginPolicy types.
const (
	// ExecPolicyAllowAll lets the plugin run; so does "".
	ExecPolicyAllowAll = "AllowAll"
	// ExecPolicyDenyAll never lets a plugin run.
	ExecPolicyDenyAll = "DenyAll"
	// ExecPolicyAllowlist lets the plugin run only when
	// ExecPluginPolicy.Allowlist names it.
	ExecPolicyAllowlist = "Allowlist"
)

// ExecPluginPolicy decides whether an exec credential plugin may run at
// all: client-go's ExecConfig.PluginPolicy, which kubectl fills from
// kuberc's credentialPluginPolicy and credentialPluginAllowlist. The zero
// value lets every plugin run. A policy that is not valid (see Type and
// Allowlist) is an error when the client is built; a plugin the policy
// refuses is never started, and each request that needs its credential
// fails with an error naming the plugin and the policy.
type ExecPluginPolicy struct {
	// Type is "" or ExecPolicyAllowAll (the plugin runs),
	// ExecPolicyDenyAll (it never runs) or ExecPolicyAllowlist (it runs
	// only if Allowlist permits it).
	Type string
	// Allowlist is the list of plugins that may run with
	// ExecPolicyAllowlist, which requires at least one entry; with any
	// other Type it must be nil (a list there is a misconfiguration, as in
	// client-go, not something to ignore in a security setting).
	Allowlist []ExecAllowlistEntry
}

// ExecAllowlistEntry permits one plugin.
type ExecAllowlistEntry struct {
	// Command is a plugin's name or path, normalized (filepath.Clean
	// leaves it unchanged). It permits a plugin when it equals the
	// plugin's command (cleaned, or as exec.LookPath resolves it), or when
	// exec.LookPath resolves both to the same path.
	Command string
}

// ExecConfig runs a client.authentication.k8s.io credential plugin, as
// kubectl does for a kubeconfig user with an exec section. The plugin's
// credential (a token and/or a client certificate) is cached until its
// expirationTimestamp and fetched again when the server answers 401.
type ExecConfig struct {
	// Command is the plugin executable: a name looked up in $PATH or a path.
	Command string
	// Args are passed to Command.
	Args []string
	// Env is added to this process's environment for the plugin.
	Env []ExecEnvVar
	// APIVersion is ExecAPIVersionV1 or ExecAPIVersionV1beta1.
	APIVersion string
	// InstallHint is shown when Command cannot be found.
	InstallHint string
	// ProvideClusterInfo passes the cluster (server, CA, TLS server name,
	// proxy and Config) to the plugin in $KUBERNETES_EXEC_INFO.
	ProvideClusterInfo bool
	// Config is the cluster's client.authentication.k8s.io/exec extension,
	// passed as spec.cluster.config when ProvideClusterInfo is set.
	Config json.RawMessage
	// InteractiveMode is Never, IfAvailable or empty; clientgen never gives
	// the plugin a terminal.
	InteractiveMode string
	// Stderr receives the plugin's standard error (its diagnostics); nil
	// means os.Stderr, as with kubectl.
	Stderr io.Writer
	// PluginPolicy decides whether the plugin may run at all; the zero
	// value lets it run.
	PluginPolicy ExecPluginPolicy
}

// ExecEnvVar is one environment variable for an exec plugin.
type ExecEnvVar struct {
	Name, Value string
}

// String describes the plugin without its arguments and environment
// values, which may carry secrets.
func (e *ExecConfig) String() string {
	if e == nil {
		return "<nil>"
	}
	names := make([]string, len(e.Env))
	for i, v := range e.Env {
		names[i] = v.Name
	}
	args := "[]"
	if len(e.Args) > 0 {
		args = fmt.Sprintf("[%d redacted]", len(e.Args))
	}
	return fmt.Sprintf("&rest.ExecConfig{Command:%q, Args:%s, Env:%q (values redacted), APIVersion:%q, InstallHint:%q, ProvideClusterInfo:%t, Config:%s, InteractiveMode:%q, PluginPolicy:%s}",
		e.Command, args, names, e.APIVersion, e.InstallHint, e.ProvideClusterInfo, maskBytes(e.Config, redacted), e.InteractiveMode, e.PluginPolicy)
}

// String shows the policy and the allowlisted commands (no secrets: they
// are names of programs).
func (p ExecPluginPolicy) String() string {
	list := "<nil>"
	if p.Allowlist != nil {
		cmds := make([]string, len(p.Allowlist))
		for i, e := range p.Allowlist {
			cmds[i] = e.Command
		}
		list = fmt.Sprintf("%q", cmds)
	}
	return fmt.Sprintf("{Type:%q, Allowlist:%s}", p.Type, list)
}

// GoString makes %#v as safe as %v.
func (e *ExecConfig) GoString() string { return e.String() }

func (e *ExecConfig) clone() *ExecConfig {
	if e == nil {
		return nil
	}
	out := *e
	out.Args = slices.Clone(e.Args)
	out.Env = slices.Clone(e.Env)
	out.Config = slices.Clone(e.Config)
	// slices.Clone keeps nil nil and an empty list empty: validation tells
	// the two apart, as client-go does.
	out.PluginPolicy.Allowlist = slices.Clone(e.PluginPolicy.Allowlist)
	return &out
}

// validate reports a policy client-go's ValidatePluginPolicy refuses, with
// its reasons.
func (p ExecPluginPolicy) validate() error {
	switch p.Type {
	case "", ExecPolicyAllowAll, ExecPolicyDenyAll:
		if p.Allowlist != nil {
			return fmt.Errorf("policy %q has an allowlist; an allowlist is only for policy %s (misconfigured credential plugin allowlist)", p.Type, ExecPolicyAllowlist)
		}
		return nil
	case ExecPolicyAllowlist:
	default:
		return fmt.Errorf("unknown policy %q (allowed: %s, %s, %s)", p.Type, ExecPolicyAllowAll, ExecPolicyDenyAll, ExecPolicyAllowlist)
	}
	switch {
	case p.Allowlist == nil:
		// Likely a misspelt field in the configuration this came from:
		// with a security setting, fail rather than guess.
		return fmt.Errorf("policy %s, but the allowlist is unspecified", ExecPolicyAllowlist)
	case len(p.Allowlist) == 0:
		return fmt.Errorf("policy %s, but the allowlist is empty; use policy %s instead", ExecPolicyAllowlist, ExecPolicyDenyAll)
	}
	for i, e := range p.Allowlist {
		if e.Command == "" {
			return fmt.Errorf("allowlist entry #%d is empty", i+1)
		}
		if cleaned := filepath.Clean(e.Command); cleaned != e.Command {
			return fmt.Errorf("allowlist entry #%d: non-normalized file path %q (normalized: %q)", i+1, e.Command, cleaned)
		}
	}
	return nil
}

// permit applies the policy to the plugin command before it is started.
// It returns what to run: the command itself, or with an allowlist the
// path that was checked, so that the file that runs is the one the
// allowlist matched (as client-go runs the resolved path it checked).
func (p ExecPluginPolicy) permit(command string) (string, error) {
	switch p.Type {
	case "", ExecPolicyAllowAll:
		return command, nil
	case ExecPolicyDenyAll:
		return "", &execPolicyError{fmt.Sprintf("rest: exec plugin %q not allowed: ExecProvider.PluginPolicy is %s", command, ExecPolicyDenyAll)}
	case ExecPolicyAllowlist:
	default:
		// validate refused it when the client was built.
		return "", &execPolicyError{fmt.Sprintf("rest: exec plugin %q not allowed: unknown ExecProvider.PluginPolicy %q", command, p.Type)}
	}
	// client-go's order: the command as configured (cleaned), then as
	// resolved, against the entries as written; then against the entries
	// as resolved.
	cleaned := filepath.Clean(command)
	listed := func(s string) bool {
		return slices.ContainsFunc(p.Allowlist, func(e ExecAllowlistEntry) bool { return e.Command == s })
	}
	if listed(cleaned) {
		return cleaned, nil
	}
	resolved, err := exec.LookPath(cleaned)
	if err != nil {
		return "", fmt.Errorf("rest: exec plugin %q not allowed: its path cannot be resolved for the ExecProvider.PluginPolicy allowlist check: %w", command, err)
	}
	if listed(resolved) {
		return resolved, nil
	}
	for _, e := range p.Allowlist {
		if filepath.Base(e.Command) != filepath.Base(resolved) {
			continue // cannot resolve to the same path; not looked up, as in client-go
		}
		if r, err := exec.LookPath(e.Command); err == nil && r == resolved {
			return resolved, nil
		}
	}
	return "", &execPolicyError{fmt.Sprintf("rest: exec plugin %q (%s) not allowed: no entry of the ExecProvider.PluginPolicy allowlist permits it", command, resolved)}
}

// execPolicyError is a plugin the policy does not let run. Sending the
// request again cannot change the policy's answer, so the retry policy
// treats it as permanent (permanentError) instead of backing off for
// seconds before reporting it. A command that cannot be resolved is not
// one: like a missing plugin, it may be being installed.
type execPolicyError struct{ msg string }

func (e *execPolicyError) Error() string { return e.msg }

// validate checks what can be checked without running the plugin; field
// names are the kubeconfig's so the loader can prefix them.
func (e *ExecConfig) validate() (field string, err error) {
	switch {
	case e.Command == "":
		return "command", errors.New("not set")
	case e.APIVersion == "":
		return "apiVersion", fmt.Errorf("not set (allowed: %s, %s)", ExecAPIVersionV1, ExecAPIVersionV1beta1)
	case e.APIVersion != ExecAPIVersionV1 && e.APIVersion != ExecAPIVersionV1beta1:
		return "apiVersion", fmt.Errorf("%q is not supported (allowed: %s, %s)", e.APIVersion, ExecAPIVersionV1, ExecAPIVersionV1beta1)
	case e.InteractiveMode == ExecInteractiveAlways:
		return "interactiveMode", errors.New("Always is not supported: clientgen never runs credential plugins interactively; use Never or IfAvailable")
	case e.InteractiveMode != "" && e.InteractiveMode != ExecInteractiveNever && e.InteractiveMode != ExecInteractiveIfAvailable:
		return "interactiveMode", fmt.Errorf("%q is not one of Never, IfAvailable, Always", e.InteractiveMode)
	}
	for i, v := range e.Env {
		if v.Name == "" {
			return fmt.Sprintf("env[%d].name", i), errors.New("not set")
		}
	}
	return "", nil
}

// execCluster is spec.cluster of the ExecCredential input.
type execCluster struct {
	Server                   string          `json:"server"`
	TLSServerName            string          `json:"tls-server-name,omitempty"`
	InsecureSkipTLSVerify    bool            `json:"insecure-skip-tls-verify,omitempty"`
	CertificateAuthorityData []byte          `json:"certificate-authority-data,omitempty"`
	ProxyURL                 string          `json:"proxy-url,omitempty"`
	Config                   json.RawMessage `json:"config,omitempty"`
}

type execCredential struct {
	APIVersion string                `json:"apiVersion"`
	Kind       string                `json:"kind"`
	Spec       execCredentialSpec    `json:"spec"`
	Status     *execCredentialStatus `json:"status,omitempty"`
}

type execCredentialSpec struct {
	Cluster     *execCluster `json:"cluster,omitempty"`
	Interactive bool         `json:"interactive"`
}

type execCredentialStatus struct {
	ExpirationTimestamp   *time.Time `json:"expirationTimestamp,omitempty"`
	Token                 string     `json:"token,omitempty"`
	ClientCertificateData string     `json:"clientCertificateData,omitempty"`
	ClientKeyData         string     `json:"clientKeyData,omitempty"`
}

// execCred is one credential the plugin returned.
type execCred struct {
	token  string
	cert   *tls.Certificate
	expiry time.Time // zero: does not expire
}

// execAuthenticator runs the plugin and caches its credential. It is shared
// by the bearer-token round tripper and the TLS client-certificate callback
// of one HTTP client.
type execAuthenticator struct {
	cfg     *ExecConfig
	cluster *execCluster
	now     func() time.Time
	metrics Metrics

	mu   sync.Mutex
	cred *execCred
	gen  uint64 // bumped whenever cred is replaced
}

func newExecAuthenticator(c *Config) (*execAuthenticator, error) {
	cfg := c.ExecProvider.clone()
	if field, err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("rest: ExecProvider: %s: %w", field, err)
	}
	a := &execAuthenticator{cfg: cfg, now: time.Now, metrics: metricsFor(c)}
	if cfg.ProvideClusterInfo {
		ca := c.TLSClientConfig.CAData
		if len(ca) == 0 && c.TLSClientConfig.CAFile != "" {
			b, err := os.ReadFile(c.TLSClientConfig.CAFile)
			if err != nil {
				return nil, fmt.Errorf("rest: ExecProvider: reading the CA for the plugin's cluster info: %w", err)
			}
			ca = b
		}
		proxyURL, err := execProxyURL(c)
		if err != nil {
			return nil, err
		}
		a.cluster = &execCluster{
			Server:                   c.Host,
			TLSServerName:            c.TLSClientConfig.ServerName,
			InsecureSkipTLSVerify:    c.TLSClientConfig.Insecure,
			CertificateAuthorityData: ca,
			ProxyURL:                 proxyURL,
			Config:                   cfg.Config,
		}
	}
	return a, nil
}

// execProxyURL is the proxy-url of the plugin's cluster info: ProxyURL,
// or Config.Proxy's answer for the server's URL, the question client-go's
// rest.ConfigToExecCluster asks it (a func may choose per request; the
// plugin is told where requests to the server itself go).
func execProxyURL(c *Config) (string, error) {
	if c.Proxy == nil {
		return c.ProxyURL, nil
	}
	server, err := baseURL(c)
	if err != nil {
		return "", err
	}
	// HTTPClientFor has no context; the func is asked about a request
	// that is never sent.
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, server.String(), nil)
	if err != nil {
		return "", fmt.Errorf("rest: ExecProvider: asking Config.Proxy about the server %s for the plugin's cluster info: %w", server.Redacted(), err)
	}
	u, err := c.Proxy(req)
	if err != nil {
		return "", fmt.Errorf("rest: ExecProvider: asking Config.Proxy about the server %s for the plugin's cluster info: %w", server.Redacted(), err)
	}
	if u == nil {
		return "", nil
	}
	return u.String(), nil
}

// current returns the cached credential, running the plugin when there is
// none or it has expired.
func (a *execAuthenticator) current(ctx context.Context) (*execCred, uint64, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.cred != nil && (a.cred.expiry.IsZero() || a.now().Before(a.cred.expiry)) {
		return a.cred, a.gen, nil
	}
	if err := a.runLocked(ctx); err != nil {
		return nil, 0, err
	}
	return a.cred, a.gen, nil
}

// refresh runs the plugin again after the server rejected the credential of
// generation gen, unless another request already did. It reports whether a
// different credential is now cached.
func (a *execAuthenticator) refresh(ctx context.Context, gen uint64) (bool, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.gen != gen {
		return true, nil
	}
	old := a.cred
	if err := a.runLocked(ctx); err != nil {
		return false, err
	}
	return !sameCred(old, a.cred), nil
}

func sameCred(a, b *execCred) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.token != b.token || (a.cert == nil) != (b.cert == nil) {
		return false
	}
	return a.cert == nil || slices.EqualFunc(a.cert.Certificate, b.cert.Certificate, bytes.Equal)
}

// clientCertificate is the tls.Config.GetClientCertificate callback.
func (a *execAuthenticator) clientCertificate(info *tls.CertificateRequestInfo) (*tls.Certificate, error) {
	cred, _, err := a.current(info.Context())
	if err != nil {
		return nil, err
	}
	if cred.cert == nil {
		return &tls.Certificate{}, nil // no client certificate
	}
	return cred.cert, nil
}

// runLocked runs the plugin and replaces the cached credential. Errors
// never include the plugin's output, which is a secret.
func (a *execAuthenticator) runLocked(ctx context.Context) error {
	cfg := a.cfg
	input, err := json.Marshal(execCredential{
		APIVersion: cfg.APIVersion,
		Kind:       "ExecCredential",
		Spec:       execCredentialSpec{Cluster: a.cluster},
	})
	if err != nil {
		return fmt.Errorf("rest: exec plugin %q: encoding %s: %w", cfg.Command, execInfoEnv, err)
	}
	// The policy is applied on every run: the file a name resolves to can
	// change between runs ($PATH, a replaced binary).
	command, err := cfg.PluginPolicy.permit(cfg.Command)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, command, cfg.Args...)
	cmd.Env = os.Environ()
	for _, v := range cfg.Env {
		cmd.Env = append(cmd.Env, v.Name+"="+v.Value)
	}
	cmd.Env = append(cmd.Env, execInfoEnv+"="+string(input))
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = cfg.Stderr
	if cmd.Stderr == nil {
		cmd.Stderr = os.Stderr
	}
	start := time.Now()
	err = cmd.Run()
	code, status := execCallOf(err)
	a.metrics.ExecPluginCall(ctx, ExecPluginCallInfo{Command: cfg.Command, ExitCode: code, CallStatus: status, Duration: time.Since(start)})
	if err != nil {
		if errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
			hint := cfg.InstallHint
			if hint == "" {
				hint = "install it or fix users[].user.exec.command in the kubeconfig"
			}
			return fmt.Errorf("rest: exec plugin %q not found: %s", cfg.Command, strings.TrimSpace(hint))
		}
		if ctx.Err() != nil {
			return fmt.Errorf("rest: exec plugin %q: %w", cfg.Command, ctx.Err())
		}
		return fmt.Errorf("rest: exec plugin %q failed: %w (its standard error, if any, was printed above)", cfg.Command, err)
	}
	cred, err := parseExecCredential(stdout.Bytes(), cfg.APIVersion)
	if err != nil {
		return fmt.Errorf("rest: exec plugin %q: %w", cfg.Command, err)
	}
	a.cred = cred
	a.gen++
	return nil
}

func parseExecCredential(out []byte, apiVersion string) (*execCred, error) {
	var ec execCredential
	if err := json.Unmarshal(out, &ec); err != nil {
		// The JSON error could quote the token: report only where it broke.
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("output is not a JSON ExecCredential (syntax error at byte %d)", se.Offset)
		}
		return nil, errors.New("output is not a JSON ExecCredential")
	}
	switch {
	case ec.Kind != "ExecCredential":
		return nil, fmt.Errorf("output has kind %q, want ExecCredential", ec.Kind)
	case ec.APIVersion != apiVersion:
		return nil, fmt.Errorf("output has apiVersion %q, want %q as configured in the kubeconfig", ec.APIVersion, apiVersion)
	case ec.Status == nil:
		return nil, errors.New("output has no status")
	}
	st := ec.Status
	cred := &execCred{token: st.Token}
	if st.ExpirationTimestamp != nil {
		cred.expiry = *st.ExpirationTimestamp
	}
	hasCert, hasKey := st.ClientCertificateData != "", st.ClientKeyData != ""
	switch {
	case hasCert != hasKey:
		return nil, errors.New("status.clientCertificateData and status.clientKeyData must be given together")
	case hasCert:
		cert, err := tls.X509KeyPair([]byte(st.ClientCertificateData), []byte(st.ClientKeyData))
		if err != nil {
			return nil, fmt.Errorf("status.clientCertificateData/clientKeyData: %w", err)
		}
		cred.cert = &cert
	case st.Token == "":
		return nil, errors.New("status has neither a token nor a client certificate")
	}
	return cred, nil
}
