package clientgo

import (
	"errors"
	"net/http"
	"net/url"
	"slices"

	"k8s.io/apimachinery/pkg/runtime"
	restclient "k8s.io/client-go/rest"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"k8s.io/client-go/util/flowcontrol"

	"github.com/clientgen/clientgen/runtime/rest"
)

// ToClientGo returns the client-go Config that makes the same requests as
// c, for handing a clientgen Config to client-go or controller-runtime
// code (ctrl.NewManager, client.New). c is not modified and the result
// shares no slice or map with it.
//
// clientgen settings that client-go has only process-wide, or not at all,
// are errors when they are set (see the package doc), all of them at once;
// the result is nil then. A Config that FromClientGo made converts back to
// the one it came from, except that DisableCompression comes back as part
// of WrapTransport.
func ToClientGo(c *rest.Config) (*restclient.Config, error) {
	if c == nil {
		return nil, errors.New("clientgo: ToClientGo: nil Config")
	}
	var p problems
	out := &restclient.Config{
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
		Impersonate: restclient.ImpersonationConfig{
			UserName: c.Impersonate.UserName,
			UID:      c.Impersonate.UID,
			Groups:   slices.Clone(c.Impersonate.Groups),
			Extra:    cloneExtra(c.Impersonate.Extra),
		},
		TLSClientConfig: restclient.TLSClientConfig{
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
	if c.PreferCBOR {
		p.add("PreferCBOR", "client-go chooses CBOR with process-wide feature gates (KUBE_FEATURE_ClientsAllowCBOR, KUBE_FEATURE_ClientsPreferCBOR), not per Config; set ContentType instead")
	}
	if c.WrapTransport != nil {
		out.WrapTransport = c.WrapTransport
	}
	if cw, ok := c.WarningHandler.(contextWarningHandler); ok {
		// FromClientGo's adapter: give client-go its handler back.
		out.WarningHandlerWithContext = cw.h
	} else if c.WarningHandler != nil {
		// Same method set as client-go's WarningHandler.
		out.WarningHandler = c.WarningHandler
	}
	if c.RateLimiter != nil {
		if rl, ok := c.RateLimiter.(flowcontrol.RateLimiter); ok {
			out.RateLimiter = rl
		} else {
			p.add("RateLimiter", "%T has only Wait; client-go's flowcontrol.RateLimiter also needs TryAccept, Accept, QPS and Stop (flowcontrol.NewTokenBucketRateLimiter has them, and FromClientGo carries it as it is)", c.RateLimiter)
		}
	}
	switch {
	case c.Proxy != nil && c.ProxyURL != "":
		p.add("Proxy", "set together with ProxyURL (%s), which clientgen refuses as ambiguous; client-go has the func alone, so set only one", redactHost(c.ProxyURL))
	case c.Proxy != nil:
		out.Proxy = c.Proxy
	case c.ProxyURL != "":
		// As clientcmd turns a kubeconfig's proxy-url into client-go's func.
		u, err := url.Parse(c.ProxyURL)
		if err != nil || u.Host == "" {
			p.add("ProxyURL", "%s is not a proxy URL", redactHost(c.ProxyURL))
		} else {
			out.Proxy = http.ProxyURL(u)
		}
	}
	if c.ExecProvider != nil {
		out.ExecProvider = execToClientGo(c.ExecProvider, &p)
	}
	if c.RetryPolicy != nil {
		p.add("RetryPolicy", "client-go's retries are fixed (Retry-After only, up to 10 times); it has no retry policy to carry %s to", c.RetryPolicy)
	}
	if c.Logger != nil {
		p.add("Logger", "client-go logs through klog, process-wide; it has no per-Config logger")
	}
	if c.Metrics != nil {
		p.add("Metrics", "client-go's metrics are registered process-wide (k8s.io/client-go/tools/metrics.Register), not per Config")
	}
	if c.FieldManager != "" {
		p.add("FieldManager", "client-go has no default field manager per Config; pass %q in each ApplyOptions, or client.FieldOwner in controller-runtime", c.FieldManager)
	}
	if c.HTTP2ReadIdleTimeout != 0 || c.HTTP2PingTimeout != 0 {
		p.add("HTTP2ReadIdleTimeout", "client-go reads the HTTP/2 health check timeouts (%s, %s) from the process environment (HTTP2_READ_IDLE_TIMEOUT_SECONDS, HTTP2_PING_TIMEOUT_SECONDS), not per Config", c.HTTP2ReadIdleTimeout, c.HTTP2PingTimeout)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return out, nil
}

func execToClientGo(e *rest.ExecConfig, p *problems) *clientcmdapi.ExecConfig {
	out := &clientcmdapi.ExecConfig{
		Command:            e.Command,
		Args:               slices.Clone(e.Args),
		APIVersion:         e.APIVersion,
		InstallHint:        e.InstallHint,
		ProvideClusterInfo: e.ProvideClusterInfo,
		InteractiveMode:    clientcmdapi.ExecInteractiveMode(e.InteractiveMode),
	}
	for _, v := range e.Env {
		out.Env = append(out.Env, clientcmdapi.ExecEnvVar{Name: v.Name, Value: v.Value})
	}
	out.PluginPolicy = clientcmdapi.PluginPolicy{PolicyType: clientcmdapi.PolicyType(e.PluginPolicy.Type)}
	if e.PluginPolicy.Allowlist != nil {
		// Non-nil even when empty, as FromClientGo keeps it.
		out.PluginPolicy.Allowlist = make([]clientcmdapi.AllowlistEntry, 0, len(e.PluginPolicy.Allowlist))
		for _, a := range e.PluginPolicy.Allowlist {
			out.PluginPolicy.Allowlist = append(out.PluginPolicy.Allowlist, clientcmdapi.AllowlistEntry{Command: a.Command})
		}
	}
	if len(e.Config) > 0 {
		// As clientcmd keeps a kubeconfig's exec extension.
		out.Config = &runtime.Unknown{Raw: slices.Clone([]byte(e.Config)), ContentType: runtime.ContentTypeJSON}
	}
	if e.Stderr != nil {
		p.add("ExecProvider.Stderr", "client-go always gives a credential plugin the process's standard error")
	}
	return out
}
