package clientgo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	restclient "k8s.io/client-go/rest"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/clientgen/clientgen/runtime/rest"
)

// FieldError names a field of the source Config that the destination
// cannot carry, and why. FromClientGo and ToClientGo return every
// FieldError of one Config at once, joined (errors.Join); use FieldErrors to
// get them back.
type FieldError struct {
	// Field is the source Config's field, as a Go selector
	// ("AuthProvider", "TLSClientConfig.NextProtos").
	Field string
	// Reason says why the field cannot be carried and what to do instead.
	Reason string
}

func (e *FieldError) Error() string {
	return "clientgo: Config." + e.Field + ": " + e.Reason
}

// FieldErrors returns the FieldErrors in err (as returned by FromClientGo or
// ToClientGo), in the order of the Config's fields.
func FieldErrors(err error) []*FieldError {
	var out []*FieldError
	var walk func(error)
	walk = func(err error) {
		if fe, ok := err.(*FieldError); ok {
			out = append(out, fe)
			return
		}
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				walk(e)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	if err != nil {
		walk(err)
	}
	return out
}

// problems collects FieldErrors so a caller sees every one at once.
type problems []error

func (p *problems) add(field, format string, args ...any) {
	*p = append(*p, &FieldError{Field: field, Reason: fmt.Sprintf(format, args...)})
}

func (p problems) err() error { return errors.Join(p...) }

// FromClientGo returns the clientgen Config that makes the same requests
// as c: a client-go (and controller-runtime: ctrl.GetConfig) Config. c is
// not modified and the result shares no slice or map with it; the
// RateLimiter, WarningHandler, NegotiatedSerializer, Dial, Proxy and
// WrapTransport values are shared, as copying a client-go Config shares
// them.
//
// Fields clientgen cannot honour are errors (see the package doc), all of
// them at once; the result is nil then.
func FromClientGo(c *restclient.Config) (*rest.Config, error) {
	if c == nil {
		return nil, errors.New("clientgo: FromClientGo: nil Config")
	}
	var p problems
	out := &rest.Config{
		Host:            c.Host,
		APIPath:         c.APIPath,
		Username:        c.Username,
		Password:        c.Password,
		BearerToken:     c.BearerToken,
		BearerTokenFile: c.BearerTokenFile,
		UserAgent:       c.UserAgent,
		QPS:             c.QPS,
		Burst:           c.Burst,
		Timeout:         c.Timeout,
		Dial:            c.Dial,
		Impersonate: rest.ImpersonationConfig{
			UserName: c.Impersonate.UserName,
			UID:      c.Impersonate.UID,
			Groups:   slices.Clone(c.Impersonate.Groups),
			Extra:    cloneExtra(c.Impersonate.Extra),
		},
		TLSClientConfig: rest.TLSClientConfig{
			Insecure:   c.TLSClientConfig.Insecure,
			ServerName: c.TLSClientConfig.ServerName,
			CertFile:   c.TLSClientConfig.CertFile,
			KeyFile:    c.TLSClientConfig.KeyFile,
			CAFile:     c.TLSClientConfig.CAFile,
			CertData:   slices.Clone(c.TLSClientConfig.CertData),
			KeyData:    slices.Clone(c.TLSClientConfig.KeyData),
			CAData:     slices.Clone(c.TLSClientConfig.CAData),
			NextProtos: slices.Clone(c.TLSClientConfig.NextProtos),
		},
	}
	out.ContentType = c.ContentType
	out.AcceptContentTypes = c.AcceptContentTypes
	out.NegotiatedSerializer = c.NegotiatedSerializer
	if c.GroupVersion != nil {
		gv := *c.GroupVersion
		out.GroupVersion = &gv
	}

	// client-go defaults a zero Burst to DefaultBurst whatever the QPS
	// (RESTClientFor); clientgen does so only with a zero QPS and refuses
	// QPS > 0 with Burst 0, so the default is applied here.
	if c.QPS > 0 && c.Burst == 0 {
		out.Burst = restclient.DefaultBurst
	}
	// flowcontrol.RateLimiter has Wait(ctx) error, which is all of
	// clientgen's RateLimiter: the limiter itself is used, so a limiter
	// shared with client-go clients keeps one budget across both.
	if c.RateLimiter != nil {
		out.RateLimiter = c.RateLimiter
	}

	switch {
	case c.WarningHandlerWithContext != nil:
		// client-go prefers the contextual handler when both are set.
		out.WarningHandler = contextWarningHandler{c.WarningHandlerWithContext}
	case c.WarningHandler != nil:
		// Same method set as clientgen's WarningHandler.
		out.WarningHandler = c.WarningHandler
	}

	if c.AuthProvider != nil {
		p.add("AuthProvider", "auth provider %q is not supported: clientgen refuses auth providers as its kubeconfig loader does (kubectl removed them in 1.26); use an exec credential plugin instead (gke-gcloud-auth-plugin, kubelogin)", c.AuthProvider.Name)
	}
	if c.ExecProvider != nil {
		out.ExecProvider = execFromClientGo(c.ExecProvider, &p)
	}
	if c.Transport != nil {
		p.add("Transport", "a custom http.RoundTripper (%T) cannot be carried: clientgen builds its own transport from the TLS settings; wrap it with WrapTransport, or pass your http.Client to the generated NewForConfigAndClient", c.Transport)
	}
	// The func itself: clientgen asks it about every request, and about
	// the server for an exec plugin's cluster info, as client-go does.
	out.Proxy = c.Proxy

	wrap := c.WrapTransport
	if c.DisableCompression {
		wrap = withIdentityEncoding(wrap)
	}
	if wrap != nil {
		out.WrapTransport = wrap
	}

	if err := p.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// execFromClientGo carries a kubeconfig exec plugin. clientgen derives the
// plugin's cluster info (server, CA, TLS server name, proxy) from its own
// Config, as client-go's ConfigToExecCluster does from client-go's, so
// only the cluster's exec extension (Config) travels here.
func execFromClientGo(e *clientcmdapi.ExecConfig, p *problems) *rest.ExecConfig {
	out := &rest.ExecConfig{
		Command:            e.Command,
		Args:               slices.Clone(e.Args),
		APIVersion:         e.APIVersion,
		InstallHint:        e.InstallHint,
		ProvideClusterInfo: e.ProvideClusterInfo,
		InteractiveMode:    string(e.InteractiveMode),
	}
	for _, v := range e.Env {
		out.Env = append(out.Env, rest.ExecEnvVar{Name: v.Name, Value: v.Value})
	}
	if e.InteractiveMode == clientcmdapi.AlwaysExecInteractiveMode {
		p.add("ExecProvider.InteractiveMode", "Always is not supported: clientgen never connects a credential plugin to a terminal; use Never or IfAvailable")
	}
	// StdinUnavailable and StdinUnavailableMessage need no carrying:
	// clientgen never gives a plugin its standard input, and the message is
	// only shown to a plugin that requires it (InteractiveMode Always,
	// refused above).
	// Carried as it is, a misconfiguration included: clientgen refuses
	// one when the client is built, as client-go does.
	out.PluginPolicy = rest.ExecPluginPolicy{Type: string(e.PluginPolicy.PolicyType)}
	if e.PluginPolicy.Allowlist != nil {
		// Non-nil even when empty: nil and empty are different mistakes.
		out.PluginPolicy.Allowlist = make([]rest.ExecAllowlistEntry, 0, len(e.PluginPolicy.Allowlist))
		for _, a := range e.PluginPolicy.Allowlist {
			out.PluginPolicy.Allowlist = append(out.PluginPolicy.Allowlist, rest.ExecAllowlistEntry{Command: a.Command})
		}
	}
	if e.Config != nil {
		raw, err := execExtensionJSON(e.Config)
		if err != nil {
			p.add("ExecProvider.Config", "encoding the cluster's exec extension as JSON: %v", err)
		}
		out.Config = raw
	}
	return out
}

// execExtensionJSON is the JSON the plugin gets as spec.cluster.config.
// clientcmd keeps the extension as the *runtime.Unknown it read from the
// kubeconfig; client-go sends its Raw bytes as they are and marshals any
// other object (runtime.Convert_runtime_Object_To_runtime_RawExtension).
func execExtensionJSON(obj runtime.Object) (json.RawMessage, error) {
	if u, ok := obj.(*runtime.Unknown); ok && u.Raw != nil {
		if !json.Valid(u.Raw) {
			return nil, fmt.Errorf("the extension's bytes (content type %q) are not JSON", u.ContentType)
		}
		return slices.Clone(json.RawMessage(u.Raw)), nil
	}
	return json.Marshal(obj)
}

func redactHost(host string) string {
	if u, err := url.Parse(host); err == nil && u.User != nil {
		return u.Redacted()
	}
	if strings.Contains(host, "@") {
		return "--- REDACTED ---"
	}
	return host
}

// withIdentityEncoding honours client-go's DisableCompression: its
// transport then sends no "Accept-Encoding: gzip". clientgen's transport
// asks for gzip; a request that names an encoding itself is neither
// given gzip's header nor transparently decompressed by net/http, so
// asking for identity gets an uncompressed response. It is applied under
// the user's WrapTransport, closest to the connection.
func withIdentityEncoding(next func(http.RoundTripper) http.RoundTripper) func(http.RoundTripper) http.RoundTripper {
	return func(rt http.RoundTripper) http.RoundTripper {
		var out http.RoundTripper = identityEncoding{rt}
		if next != nil {
			if wrapped := next(out); wrapped != nil {
				out = wrapped
			}
		}
		return out
	}
}

type identityEncoding struct{ next http.RoundTripper }

func (t identityEncoding) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("Accept-Encoding") != "" {
		return t.next.RoundTrip(req)
	}
	// A RoundTripper must not modify the caller's request.
	req = req.Clone(req.Context())
	req.Header.Set("Accept-Encoding", "identity")
	return t.next.RoundTrip(req)
}

// CloseIdleConnections reaches the transport underneath, which clientgen
// also calls directly; forwarding keeps a user's wrapper above this one
// able to close idle connections through it.
func (t identityEncoding) CloseIdleConnections() {
	if c, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// contextWarningHandler gives a client-go WarningHandlerWithContext the
// shape of clientgen's WarningHandler. clientgen's handler gets no
// context, so the handler sees context.Background(): a handler that logs
// through klog.FromContext logs through klog's global logger.
type contextWarningHandler struct {
	h restclient.WarningHandlerWithContext
}

func (w contextWarningHandler) HandleWarningHeader(code int, agent, text string) {
	w.h.HandleWarningHeaderWithContext(context.Background(), code, agent, text)
}

func cloneExtra(in map[string][]string) map[string][]string {
	if in == nil {
		return nil
	}
	out := make(map[string][]string, len(in))
	for k, v := range in {
		out[k] = slices.Clone(v)
	}
	return out
}
