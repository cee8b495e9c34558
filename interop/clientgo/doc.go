// Package clientgo converts between client-go's *rest.Config (what
// controller-runtime's ctrl.GetConfig and client-go's clientcmd return)
// and clientgen's *rest.Config, so clientgen's generated clientsets run
// beside client-go and controller-runtime code on the same credentials.
//
// It is a module of its own (github.com/clientgen/clientgen/interop/clientgo)
// because it imports k8s.io/client-go, which clientgen's runtime never
// does: a program that uses only generated clients does not link client-go.
//
// # What FromClientGo carries
//
// Host and APIPath; ContentConfig (GroupVersion, NegotiatedSerializer,
// ContentType, AcceptContentTypes); basic auth, BearerToken and
// BearerTokenFile; TLSClientConfig (Insecure, ServerName, the CA, client
// certificate and key as files and as data, NextProtos: the ALPN list
// offered as it is, and without "h2" HTTP/1.1 only); the exec credential
// plugin (Command, Args, Env, APIVersion, InstallHint, ProvideClusterInfo,
// InteractiveMode, the cluster's client.authentication.k8s.io/exec
// extension, and PluginPolicy with its allowlist: enforced before the
// plugin is started, and validated when the client is built, as client-go
// does; clientgen builds the rest of the plugin's cluster info from its
// own Config, as client-go does); Impersonate (UserName, UID, Groups,
// Extra); UserAgent; QPS and Burst; RateLimiter (a
// flowcontrol.RateLimiter is used as it is: it has clientgen's Wait);
// WarningHandler and WarningHandlerWithContext (the latter called with
// context.Background()); Timeout; Dial; WrapTransport; Proxy (the func
// itself, asked about every request and, for an exec plugin's cluster
// info, about the server, as client-go asks it).
//
// Some fields are carried in clientgen's terms:
//   - DisableCompression: a wrapper under WrapTransport asks for
//     "Accept-Encoding: identity", so the server does not compress (client-go
//     omits the gzip request instead; clientgen's Config has no such setting).
//   - Burst: client-go defaults a zero Burst to 10 even when QPS is set;
//     clientgen would refuse QPS > 0 with Burst 0, so the 10 is written out.
//   - ExecProvider.StdinUnavailable and StdinUnavailableMessage: clientgen
//     never gives a plugin standard input, so there is nothing to carry.
//   - AuthConfigPersister: client-go calls it only for an AuthProvider,
//     which is refused.
//
// # What FromClientGo refuses
//
// Each is a *FieldError naming the field, all of one Config at once:
//   - AuthProvider: clientgen refuses auth providers, as its kubeconfig loader
//     does (kubectl removed them in 1.26); use an exec credential plugin.
//   - Transport: clientgen builds its own transport (TLS rotation, HTTP/2
//     health checks); use WrapTransport, or pass an http.Client to a
//     generated NewForConfigAndClient.
//   - ExecProvider.InteractiveMode Always: clientgen never runs plugins
//     interactively.
//
// clientgen settings client-go does not have (RetryPolicy, Logger, Metrics,
// FieldManager, PreferCBOR, HTTP2ReadIdleTimeout, HTTP2PingTimeout) are
// left at clientgen's defaults; set them on the result.
//
// # Where the converted Config behaves differently
//
// The result is a clientgen Config, so clientgen's rules apply to it:
//   - Timeout bounds each ordinary request, retries included, as a context
//     deadline; client-go sets it as http.Client.Timeout, which also ends
//     watches after Timeout. Watches through the converted Config are not cut.
//   - nil warning handlers mean clientgen's default (each distinct warning
//     logged once through slog), not a process-wide default set with
//     client-go's rest.SetDefaultWarningHandler.
//   - An empty UserAgent means clientgen's default user agent.
//   - TLSClientConfig.NextProtos is offered exactly as given; client-go
//     (golang.org/x/net/http2) adds "http/1.1" to a list that has "h2"
//     without it. With no "h2" in the list both speak HTTP/1.1 only.
//   - An exec plugin's cluster info has no disable-compression field.
//   - An exec plugin allowlist is checked on every run of the plugin, its
//     entries resolved with exec.LookPath each time (client-go keeps the
//     entries it resolved once); client-go's policy metric
//     (ExecPluginPolicyCalls) has no counterpart in clientgen's Metrics.
//     client-go cleans the plugin's Command (filepath.Clean) under every
//     policy; clientgen runs it as written except under Allowlist, where,
//     as in client-go, the cleaned or resolved path that was checked runs.
//   - Credentials go to https servers only, and not across a redirect to
//     another host (see clientgen's rest package).
//
// # ToClientGo
//
// ToClientGo is the reverse. It refuses the clientgen settings client-go
// has only process-wide or not at all when they are set (PreferCBOR,
// RetryPolicy, Logger, Metrics, FieldManager, the HTTP/2 timeouts,
// ExecProvider.Stderr), a RateLimiter without client-go's full
// flowcontrol.RateLimiter method set, and a Proxy func beside a ProxyURL
// (clientgen refuses the pair). ExecProvider.PluginPolicy and NextProtos
// are carried as they are. Proxy is handed over as it is; ProxyURL
// becomes http.ProxyURL, as clientcmd makes a kubeconfig's proxy-url, so
// a clientgen Config converted there and back has the func in its place.
package clientgo
