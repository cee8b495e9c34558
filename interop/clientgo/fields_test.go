package clientgo

import (
	"reflect"
	"slices"
	"testing"

	restclient "k8s.io/client-go/rest"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/clientgen/clientgen/runtime/rest"
)

// TestEveryFieldIsCarriedOrRefused fails when client-go or clientgen gains
// a Config field this package does not know: a new field must be carried,
// refused or explained (doc.go), never silently dropped.
func TestEveryFieldIsCarriedOrRefused(t *testing.T) {
	tests := []struct {
		name  string
		typ   reflect.Type
		known []string
	}{
		{
			name: "client-go's Config",
			typ:  reflect.TypeFor[restclient.Config](),
			known: []string{
				// carried
				"Host", "APIPath", "ContentConfig", "Username", "Password", "BearerToken", "BearerTokenFile",
				"Impersonate", "ExecProvider", "TLSClientConfig", "UserAgent", "WrapTransport", "QPS", "Burst",
				"RateLimiter", "WarningHandler", "WarningHandlerWithContext", "Timeout", "Dial", "Proxy",
				// carried in clientgen's terms
				"DisableCompression",
				// refused
				"AuthProvider", "Transport",
				// used by client-go only with an AuthProvider, which is refused
				"AuthConfigPersister",
			},
		},
		{
			name:  "client-go's ContentConfig",
			typ:   reflect.TypeFor[restclient.ContentConfig](),
			known: []string{"AcceptContentTypes", "ContentType", "GroupVersion", "NegotiatedSerializer"},
		},
		{
			name:  "client-go's TLSClientConfig",
			typ:   reflect.TypeFor[restclient.TLSClientConfig](),
			known: []string{"Insecure", "ServerName", "CertFile", "KeyFile", "CAFile", "CertData", "KeyData", "CAData", "NextProtos"},
		},
		{
			name:  "client-go's ImpersonationConfig",
			typ:   reflect.TypeFor[restclient.ImpersonationConfig](),
			known: []string{"UserName", "UID", "Groups", "Extra"},
		},
		{
			name: "client-go's ExecConfig",
			typ:  reflect.TypeFor[clientcmdapi.ExecConfig](),
			known: []string{"Command", "Args", "Env", "APIVersion", "InstallHint", "ProvideClusterInfo", "Config",
				"InteractiveMode", "StdinUnavailable", "StdinUnavailableMessage", "PluginPolicy"},
		},
		{
			name: "clientgen's Config (for ToClientGo)",
			typ:  reflect.TypeFor[rest.Config](),
			known: []string{
				"Host", "APIPath", "ContentConfig", "Username", "Password", "BearerToken", "BearerTokenFile",
				"ExecProvider", "TLSClientConfig", "Impersonate", "ProxyURL", "Proxy", "Dial", "UserAgent", "QPS", "Burst",
				"RateLimiter", "WarningHandler", "WrapTransport", "Timeout",
				// refused when set
				"RetryPolicy", "Logger", "Metrics", "FieldManager", "HTTP2ReadIdleTimeout", "HTTP2PingTimeout",
			},
		},
		{
			name:  "clientgen's TLSClientConfig (for ToClientGo)",
			typ:   reflect.TypeFor[rest.TLSClientConfig](),
			known: []string{"Insecure", "ServerName", "CertFile", "KeyFile", "CAFile", "CertData", "KeyData", "CAData", "NextProtos"},
		},
		{
			name:  "clientgen's ImpersonationConfig (for ToClientGo)",
			typ:   reflect.TypeFor[rest.ImpersonationConfig](),
			known: []string{"UserName", "UID", "Groups", "Extra"},
		},
		{
			name:  "clientgen's ContentConfig (for ToClientGo)",
			typ:   reflect.TypeFor[rest.ContentConfig](),
			known: []string{"GroupVersion", "NegotiatedSerializer", "ContentType", "AcceptContentTypes", "PreferCBOR"},
		},
		{
			name:  "clientgen's ExecConfig (for ToClientGo)",
			typ:   reflect.TypeFor[rest.ExecConfig](),
			known: []string{"Command", "Args", "Env", "APIVersion", "InstallHint", "ProvideClusterInfo", "Config", "InteractiveMode", "Stderr", "PluginPolicy"},
		},
		{
			name:  "client-go's PluginPolicy",
			typ:   reflect.TypeFor[clientcmdapi.PluginPolicy](),
			known: []string{"PolicyType", "Allowlist"},
		},
		{
			name:  "client-go's AllowlistEntry",
			typ:   reflect.TypeFor[clientcmdapi.AllowlistEntry](),
			known: []string{"Command"},
		},
		{
			name:  "clientgen's ExecPluginPolicy (for ToClientGo)",
			typ:   reflect.TypeFor[rest.ExecPluginPolicy](),
			known: []string{"Type", "Allowlist"},
		},
		{
			name:  "clientgen's ExecAllowlistEntry (for ToClientGo)",
			typ:   reflect.TypeFor[rest.ExecAllowlistEntry](),
			known: []string{"Command"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := range tt.typ.NumField() {
				f := tt.typ.Field(i)
				if !f.IsExported() {
					continue
				}
				if !slices.Contains(tt.known, f.Name) {
					t.Errorf("%s.%s is new: carry it, refuse it with a FieldError, or say in doc.go why it needs neither; then add it here", tt.typ, f.Name)
				}
			}
		})
	}
}
